"""Writes Fixtures/keras/multiio.json: the chapter's wide-and-deep model with two inputs (wide 5
features, deep 6) and two outputs (main_output, aux_output), trained by real Keras 3 with loss
weights 0.9/0.1, MSE and ["mae"] per output, shuffle=False, validation_split=0.25, 3 epochs, from
fixed initial weights. The Swift tests replay each case from the same weights and compare every
history value and final weight.

Run: KERAS_BACKEND=jax python Interop/make_multiio_fixtures.py   (needs keras==3.15.1, jax)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

keras.utils.set_random_seed(11)
rng = np.random.default_rng(17)
floats = lambda a: [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]
L = keras.layers


def make_model():
    wide = keras.Input(shape=(5,), name="wide_input")
    deep = keras.Input(shape=(6,), name="deep_input")
    h1 = L.Dense(8, activation="relu", name="hidden1")(deep)
    h2 = L.Dense(8, activation="relu", name="hidden2")(h1)
    concat = L.Concatenate(name="concat")([wide, h2])
    main = L.Dense(1, name="main_output")(concat)
    aux = L.Dense(1, name="aux_output")(h2)
    return keras.Model(inputs=[wide, deep], outputs=[main, aux], name="wide_deep_two_outputs")


n = 40
x_wide = rng.normal(size=(n, 5)).astype(np.float32)
x_deep = rng.normal(size=(n, 6)).astype(np.float32)
y_main = (x_wide[:, :1] + 0.5 * x_deep[:, 1:2] + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)
y_aux = (np.tanh(x_deep[:, :1]) + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)
sample_weight = rng.uniform(0.2, 2.0, size=(n,)).astype(np.float32)

cases = {}
for name, opt, weighted in [("sgd", {"name": "sgd", "learning_rate": 0.05}, False),
                            ("adam_sample_weight", {"name": "adam", "learning_rate": 0.01}, True)]:
    model = make_model()
    initial = model.get_weights()
    optimizer = (keras.optimizers.SGD(learning_rate=opt["learning_rate"]) if opt["name"] == "sgd"
                 else keras.optimizers.Adam(learning_rate=opt["learning_rate"]))
    model.compile(optimizer=optimizer, loss=["mse", "mse"], loss_weights=[0.9, 0.1],
                  metrics=[["mae"], ["mae"]])
    history = model.fit([x_wide, x_deep], [y_main, y_aux], batch_size=8, epochs=3, shuffle=False,
                        validation_split=0.25, verbose=0,
                        sample_weight=sample_weight if weighted else None)
    cases[name] = {
        "optimizer": opt, "batch_size": 8, "epochs": 3, "validation_split": 0.25,
        "loss_weights": [0.9, 0.1],
        "weight_shapes": [list(w.shape) for w in initial],
        "initial_weights": [floats(w) for w in initial],
        "final_weights": [floats(w) for w in model.get_weights()],
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "evaluate": {k: float(v) for k, v in model.evaluate([x_wide, x_deep], [y_main, y_aux], batch_size=16,
                                                              verbose=0, return_dict=True).items()},
        "predict": [floats(p) for p in model.predict([x_wide, x_deep], verbose=0)],
        "sample_weight": floats(sample_weight) if weighted else None,
    }

result = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
          "inputs": {"wide_input": floats(x_wide), "deep_input": floats(x_deep)},
          "input_shapes": {"wide_input": [n, 5], "deep_input": [n, 6]},
          "targets": {"main_output": floats(y_main), "aux_output": floats(y_aux)},
          "cases": cases}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "multiio.json"
path.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {path}")
