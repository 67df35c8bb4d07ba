"""Writes Fixtures/keras/saving/: files saved by real Keras 3 that SwiftLearn's tests load.

For each model, a Sequential MLP and a functional wide-and-deep model (two inputs), compiled
with Adam and trained for one epoch (so the optimizer has its slot variables and iterations):
  <name>.keras          model.save(...)        (architecture, compile_config, weights, optimizer)
  <name>.weights.h5     model.save_weights(...) (weights and optimizer variables)
  <name>.json           probe inputs, Keras' predictions on them, the optimizer's iterations
Swift tests (Tests/NeuralNetTests/SavingKerasInteropTests.swift) load each file and match the
predictions to 1e-5 and the iterations exactly.

Run: KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_saving_fixtures.py
     (keras==3.15.1, jax, h5py, numpy as pinned in Interop/requirements.txt)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "saving"
OUT.mkdir(parents=True, exist_ok=True)
keras.utils.set_random_seed(5)
rng = np.random.default_rng(6)
L = keras.layers


def mlp():
    model = keras.Sequential([keras.Input((4,)), L.Dense(8, activation="relu"), L.Dense(6, activation="tanh"),
                              L.Dense(3, activation="softmax")], name="mlp")
    model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  metrics=["accuracy"])
    x = rng.normal(size=(40, 4)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int32") + (x[:, 2] > 1).astype("int32")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    return model, [rng.normal(size=(5, 4)).astype("float32")]


def wide_and_deep():
    wide = keras.Input((2,), name="wide_input")
    deep = keras.Input((3,), name="deep_input")
    h1 = L.Dense(5, activation="relu", name="hidden1")(deep)
    h2 = L.Dense(4, activation="relu", name="hidden2")(h1)
    out = L.Dense(1, name="output")(L.Concatenate(name="concat")([wide, h2]))
    model = keras.Model(inputs=[wide, deep], outputs=out, name="wide_deep")
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.Adam(learning_rate=0.005))
    xw = rng.normal(size=(32, 2)).astype("float32")
    xd = rng.normal(size=(32, 3)).astype("float32")
    y = (xw[:, :1] - 0.5 * xd[:, 1:2]).astype("float32")
    model.fit([xw, xd], y, batch_size=8, epochs=1, verbose=0)
    return model, [rng.normal(size=(5, 2)).astype("float32"), rng.normal(size=(5, 3)).astype("float32")]


for name, make in [("mlp", mlp), ("wide_deep", wide_and_deep)]:
    model, probes = make()
    model.save(OUT / f"{name}.keras")
    model.save_weights(OUT / f"{name}.weights.h5")
    predictions = model.predict(probes if len(probes) > 1 else probes[0], verbose=0)
    record = {
        "inputs": [{"shape": list(p.shape), "values": [float(v) for v in p.ravel()]} for p in probes],
        "prediction": {"shape": list(predictions.shape), "values": [float(v) for v in np.asarray(predictions).ravel()]},
        "iterations": int(model.optimizer.iterations.numpy()),
        "optimizer_variables": len(model.optimizer.variables),
        "keras_version": keras.__version__,
    }
    (OUT / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
    print(name, "iterations", record["iterations"], "optimizer variables", record["optimizer_variables"])
