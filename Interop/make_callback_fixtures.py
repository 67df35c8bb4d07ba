"""Writes Fixtures/keras/callbacks.json: what real Keras 3 callbacks decide on scripted
sequences of epoch logs (EarlyStopping: the epoch it stops at and the best epoch;
ReduceLROnPlateau: the learning rate after every epoch; TerminateOnNaN: the batch it stops at).
The Swift tests feed the same sequences to SwiftLearn's callbacks and compare.

Run: KERAS_BACKEND=jax python Interop/make_callback_fixtures.py   (needs keras==3.15.1, jax)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

SEQUENCES = {
    "falling": [1.0, 0.8, 0.7, 0.65, 0.64, 0.66, 0.63, 0.7, 0.71, 0.72, 0.73, 0.74],
    "plateau": [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
    "noisy": [0.9, 0.95, 0.85, 0.86, 0.849, 0.9, 0.84, 0.95, 0.96, 0.97, 0.98, 0.99],
    "rising": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    "tiny_steps": [1.0, 0.99995, 0.9999, 0.99985, 0.9998, 0.99, 0.98999, 0.98998],
}


def model_with_optimizer(lr):
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss="mse", metrics=["accuracy"])
    m.optimizer.build(m.trainable_variables)
    m.evaluate(np.zeros((2, 2)), np.zeros((2, 1)), verbose=0)  # builds the compiled metrics (for mode "auto")
    return m


def early_stopping(seq, monitor, **kw):
    model = model_with_optimizer(0.01)
    cb = keras.callbacks.EarlyStopping(monitor=monitor, **kw)
    cb.set_model(model)
    model.stop_training = False
    cb.on_train_begin()
    stopped = None
    for epoch, v in enumerate(seq):
        cb.on_epoch_end(epoch, {monitor: v})
        if model.stop_training:
            stopped = epoch
            break
    return {"stopped_epoch": stopped, "best_epoch": int(cb.best_epoch),
            "best": None if cb.best is None else float(cb.best), "wait": int(cb.wait)}


def reduce_lr(seq, monitor, **kw):
    model = model_with_optimizer(0.1)
    cb = keras.callbacks.ReduceLROnPlateau(monitor=monitor, **kw)
    cb.set_model(model)
    cb.on_train_begin()
    rates = []
    for epoch, v in enumerate(seq):
        cb.on_epoch_end(epoch, {monitor: v})
        rates.append(float(np.asarray(model.optimizer.learning_rate)))
    return {"learning_rates": rates}


cases = []
f32s = lambda vs: [float(np.float32(v)) for v in vs]  # epoch logs hold float32 values, as in a real fit
for name, seq in SEQUENCES.items():
    seq = f32s(seq)
    for kw in [dict(patience=0), dict(patience=2), dict(patience=3, min_delta=0.01),
               dict(patience=2, baseline=0.6), dict(patience=2, start_from_epoch=3),
               dict(patience=1, restore_best_weights=True)]:
        for monitor, mode, values in [("val_loss", "auto", seq), ("val_accuracy", "auto", f32s([1 - v for v in seq])),
                                      ("loss", "max", seq)]:
            args = dict(kw, mode=mode)
            if monitor == "val_accuracy" and "baseline" in args:
                args["baseline"] = 1 - args["baseline"]
            cases.append({"callback": "EarlyStopping", "sequence": name, "monitor": monitor, "values": values,
                          "args": args, "expected": early_stopping(values, monitor, **args)})
    for kw in [dict(patience=0), dict(patience=2), dict(patience=1, factor=0.5, cooldown=2),
               dict(patience=1, factor=0.2, min_lr=0.005), dict(patience=2, min_delta=0.1)]:
        for monitor, mode, values in [("val_loss", "auto", seq), ("val_accuracy", "max", f32s([1 - v for v in seq]))]:
            args = dict(kw, mode=mode)
            cases.append({"callback": "ReduceLROnPlateau", "sequence": name, "monitor": monitor, "values": values,
                          "args": args, "expected": reduce_lr(values, monitor, **args)})


def csv_logger(epoch_logs, **kw):
    import tempfile
    path = os.path.join(tempfile.mkdtemp(), "log.csv")
    texts = []
    for run in epoch_logs:  # one list of epoch logs per fit; append mode continues the file
        cb = keras.callbacks.CSVLogger(path, **kw)
        cb.set_model(model_with_optimizer(0.01))
        cb.on_train_begin()
        for epoch, logs in enumerate(run):
            cb.on_epoch_end(epoch, dict(logs))
        cb.on_train_end()
        texts.append(open(path, newline="").read())
    return texts


f32 = lambda v: float(np.float32(v))  # logs hold float32 values, as in a real fit
csv_runs = [
    {"args": {}, "runs": [[{"loss": f32(0.5), "accuracy": f32(0.25)}, {"loss": f32(0.1), "accuracy": f32(1e-5)}]]},
    {"args": {"separator": ";"}, "runs": [[{"loss": f32(2.0), "val_loss": f32(3.5), "mae": f32(0.3)}]]},
    {"args": {"append": True}, "runs": [[{"loss": f32(0.7)}], [{"loss": f32(0.6)}, {"loss": f32(0.55)}]]},
]
for c in csv_runs:
    c["expected"] = csv_logger(c["runs"], **c["args"])
cases.append({"callback": "CSVLogger", "csv": csv_runs})

out = {"keras_version": keras.__version__, "backend": keras.backend.backend(), "cases": cases}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "callbacks.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path} ({len(cases)} cases)")
