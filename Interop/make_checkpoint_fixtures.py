"""Writes Fixtures/keras/checkpoint.json: what real Keras 3's ModelCheckpoint decides on scripted
sequences of logs (which epochs or batches it saves at, the file names it formats, the messages
it prints with verbose=1, its final `best`), plus Python's own `format()` on a table of format
specs (the filepath templates use them). The Swift tests drive SwiftLearn's ModelCheckpoint with
the same logs and compare.

The model's `save`/`save_weights` are replaced by recorders, so no file is written: the fixture is
about the decisions and names. Keras 3.15.1 only sets the monitor direction at the first epoch
end, so with save_best_only and an integer save_freq its second batch-level save raises a
TypeError ('NoneType' object is not callable); the batch cases here set the direction up front
(`_set_monitor_op()`), which is what SwiftLearn does at train begin.

Run: KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_checkpoint_fixtures.py
     (keras==3.15.1 and jax as pinned in Interop/requirements.txt)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.src.utils import io_utils  # noqa: E402

io_utils.enable_interactive_logging()
f32 = lambda v: float(np.float32(v))  # logs hold float32 values, as in a real fit

VAL_LOSS = [0.9, 0.7, 0.75, 0.6, 0.6, 0.65, 0.55, 0.8]
EPOCH_LOGS = [{"loss": f32(v + 0.05), "accuracy": f32(0.5 + i / 20), "val_loss": f32(v),
               "val_accuracy": f32(1 - v), "mae": f32(v / 3)}
              for i, v in enumerate(VAL_LOSS)]
# 3 epochs of 5 batches: running means of the epoch so far.
BATCH_LOSS = [[1.0, 0.9, 0.95, 0.8, 0.85], [0.7, 0.75, 0.6, 0.65, 0.62], [0.61, 0.5, 0.55, 0.58, 0.45]]
BATCH_LOGS = [[{"loss": f32(v), "accuracy": f32(1 - v / 2)} for v in epoch] for epoch in BATCH_LOSS]


def compiled_model():
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    m.compile(optimizer="sgd", loss="mse", metrics=["accuracy"])
    m.evaluate(np.zeros((2, 2)), np.zeros((2, 1)), verbose=0)  # builds the compiled metrics (for mode "auto")
    return m


def run(args, batches=False):
    model = compiled_model()
    saves, messages = [], []
    model.save = lambda filepath, overwrite=True, **kw: saves.append({"path": filepath, "kind": "model"})
    model.save_weights = lambda filepath, overwrite=True, **kw: saves.append({"path": filepath, "kind": "weights"})
    original = io_utils.print_msg
    io_utils.print_msg = lambda message, line_break=True: messages.append(str(message))
    try:
        cb = keras.callbacks.ModelCheckpoint(verbose=1, **args)
        cb.set_model(model)
        if batches:
            cb._set_monitor_op()
        cb.on_train_begin()
        events = []
        if batches:
            for epoch, logs in enumerate(BATCH_LOGS):
                cb.on_epoch_begin(epoch)
                for batch, blogs in enumerate(logs):
                    before = len(saves)
                    cb.on_train_batch_end(batch, dict(blogs))
                    if len(saves) > before:
                        events.append({"epoch": epoch, "batch": batch, **saves[-1]})
                cb.on_epoch_end(epoch, dict(logs[-1]))
        else:
            for epoch, logs in enumerate(EPOCH_LOGS):
                cb.on_epoch_begin(epoch)
                before = len(saves)
                cb.on_epoch_end(epoch, dict(logs))
                if len(saves) > before:
                    events.append({"epoch": epoch, "batch": None, **saves[-1]})
        cb.on_train_end()
    finally:
        io_utils.print_msg = original
    return {"saves": events, "messages": messages, "best": None if cb.best is None else float(cb.best)}


EPOCH_CASES = [
    dict(filepath="model.keras", monitor="val_loss"),
    dict(filepath="best.keras", monitor="val_loss", save_best_only=True),
    dict(filepath="ep{epoch:02d}-{val_loss:.2f}.keras", save_best_only=True),
    dict(filepath="w{epoch:03d}-{val_accuracy:.4f}.weights.h5", monitor="val_accuracy", save_best_only=True,
         save_weights_only=True),
    dict(filepath="loss-max.h5", monitor="loss", mode="max", save_best_only=True),
    dict(filepath="min-acc.keras", monitor="val_accuracy", mode="min", save_best_only=True),
    dict(filepath="restart.keras", save_best_only=True, initial_value_threshold=0.62),
    dict(filepath="restart-none.keras", save_best_only=True, initial_value_threshold=0.5),
    dict(filepath="missing.keras", monitor="val_mae", mode="min", save_best_only=True),
    dict(filepath="{epoch}-{loss}-{mae}.keras"),
    dict(filepath="e{epoch:>4}_{loss:e}_{val_loss:g}_{accuracy:+.3f}_{val_accuracy:08.3%}.keras"),
    dict(filepath="{{literal}}_{epoch:<3d}|{mae:.3}|{val_loss:10.4E}|{loss:_^9.2f}.keras"),
    dict(filepath="plain.weights.h5", save_weights_only=True, save_best_only=True, monitor="accuracy"),
]
BATCH_CASES = [
    dict(filepath="b{epoch:02d}-{batch:03d}-{loss:.3f}.keras", save_freq=2, monitor="loss"),
    dict(filepath="bb{epoch}-{batch}.keras", save_freq=3, monitor="loss", save_best_only=True),
    dict(filepath="every.weights.h5", save_freq=1, monitor="accuracy", save_best_only=True, save_weights_only=True),
    dict(filepath="seven.keras", save_freq=7, monitor="loss"),
]

cases = [{"args": a, "batches": False, "expected": run(a)} for a in EPOCH_CASES]
cases += [{"args": a, "batches": True, "expected": run(a, batches=True)} for a in BATCH_CASES]

errors = []
for bad in [dict(filepath="model.json"), dict(filepath="w.h5", save_weights_only=True),
            dict(filepath="m.keras", save_freq="batch")]:
    try:
        keras.callbacks.ModelCheckpoint(**bad)
        errors.append({"args": bad, "error": None})
    except ValueError as e:
        errors.append({"args": bad, "error": str(e)})

# Python's format() on specs a template may use: (value, spec) -> text, or the error it raises.
FLOATS = [0.0, -0.0, 0.5, f32(0.3), 1.0 / 3, 2.675, -12.345678, 100.0, 123456.0, 1e-5, 1.5e-5, 0.0001, 1e16,
          9.5e15, 1234567.5, f32(0.1), float("inf"), float("nan")]
FLOAT_SPECS = ["", ".2f", ".0f", "#.0f", "f", "e", ".3e", "E", "g", ".3g", "G", "#g", ".3", ".1", "%", ".1%",
               "08.3f", "+.2f", " .2f", "<8.2f", ">8.2f", "^9.2f", "*^9.2f", "=+9.2f", ",.2f", "_.1f", "10", "d", "x"]
INTS = [0, 1, 7, 42, 1234567, -5]
INT_SPECS = ["", "d", "02d", "03d", "3d", "<4d", ">4", "^5d", "+d", ",d", "x", "X", "o", "b", "#x", ".2f", "e", "%",
             "08.2f", "s"]


def fmt(value, spec):
    try:
        return format(value, spec)
    except ValueError as e:
        return {"error": str(e)}


formats = [{"value": v, "type": "float", "spec": s, "result": fmt(v, s)} for v in FLOATS for s in FLOAT_SPECS]
formats += [{"value": v, "type": "int", "spec": s, "result": fmt(v, s)} for v in INTS for s in INT_SPECS]
for item in formats:  # as text: JSON has no nan/inf, and some JSON readers round doubles
    if isinstance(item["value"], float):
        item["value"] = repr(item["value"])

out = {"keras_version": keras.__version__, "backend": keras.backend.backend(), "epoch_logs": EPOCH_LOGS,
       "batch_logs": BATCH_LOGS, "cases": cases, "errors": errors, "formats": formats}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "checkpoint.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path} ({len(cases)} checkpoint cases, {len(formats)} format cases)")
