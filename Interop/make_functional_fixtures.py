"""Writes Fixtures/keras/functional.json: Keras 3 functional models (the chapter's wide and deep
model, two inputs, a shared layer, every merge layer) with their configs, weights, a probe input
and Keras' outputs, so the Swift tests rebuild them and compare configs byte for byte and
predictions to 1e-5.

Run: KERAS_BACKEND=jax python Interop/make_functional_fixtures.py   (needs keras==3.15.1, jax)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

keras.utils.set_random_seed(3)
rng = np.random.default_rng(5)
floats = lambda a: [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]
L = keras.layers


def record(model, probes):
    outs = model.predict(probes if len(probes) > 1 else probes[0], verbose=0)
    outs = outs if isinstance(outs, list) else [outs]
    return {"config": json.dumps(model.get_config()),
            "weights": [{"shape": list(w.shape), "values": floats(w)} for w in model.get_weights()],
            "probes": [{"shape": list(p.shape), "values": floats(p)} for p in probes],
            "outputs": [{"shape": list(o.shape), "values": floats(o)} for o in outs]}


models = {}
inp = keras.Input(shape=(8,), name="input")
h1 = L.Dense(30, activation="relu", name="hidden1")(inp)
h2 = L.Dense(30, activation="relu", name="hidden2")(h1)
out = L.Dense(1, name="output")(L.Concatenate(name="concat")([inp, h2]))
models["wide_deep"] = record(keras.Model(inputs=[inp], outputs=[out], name="wide_deep"), [rng.normal(size=(5, 8)).astype(np.float32)])

wide = keras.Input(shape=(5,), name="wide_input")
deep = keras.Input(shape=(6,), name="deep_input")
d = L.Dense(30, activation="relu", name="deep_hidden")(deep)
out = L.Dense(1, name="out")(L.concatenate([wide, d], name="wide_deep_concat"))
models["two_inputs"] = record(keras.Model(inputs=[wide, deep], outputs=[out], name="two_inputs"),
                              [rng.normal(size=(4, 5)).astype(np.float32), rng.normal(size=(4, 6)).astype(np.float32)])

x = keras.Input(shape=(4,), name="x")
shared = L.Dense(4, activation="tanh", name="shared")
y = shared(shared(x))
models["shared_layer"] = record(keras.Model(inputs=x, outputs=y, name="shared_layer"), [rng.normal(size=(3, 4)).astype(np.float32)])

a = keras.Input(shape=(3,), name="a")
b = keras.Input(shape=(3,), name="b")
merged = [L.Add(name="add")([a, b]), L.Subtract(name="subtract")([a, b]), L.Multiply(name="multiply")([a, b]),
          L.Average(name="average")([a, b]), L.Maximum(name="maximum")([a, b]), L.Minimum(name="minimum")([a, b])]
out = L.Concatenate(axis=1, name="all")(merged)
models["merges"] = record(keras.Model(inputs=[a, b], outputs=out, name="merges"),
                          [rng.normal(size=(4, 3)).astype(np.float32), rng.normal(size=(4, 3)).astype(np.float32)])

result = {"keras_version": keras.__version__, "backend": keras.backend.backend(), "models": models}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "functional.json"
path.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {path}")
