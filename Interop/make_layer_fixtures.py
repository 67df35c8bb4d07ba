"""Writes Fixtures/keras/layers.json: configs and outputs of Keras 3 layers that SwiftLearn
implements beside Dense (Normalization with adapt, Reshape, Dropout), for the Swift tests.

Run: KERAS_BACKEND=jax python Interop/make_layer_fixtures.py   (needs keras==3.15.1, jax)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(11)
floats = lambda a: [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]
out = {"keras_version": keras.__version__, "backend": keras.backend.backend()}

data = (rng.normal(size=(20, 3)) * [1.0, 10.0, 0.01] + [5.0, -3.0, 0.5]).astype(np.float32)
probe = rng.normal(size=(4, 3)).astype(np.float32)
norm = keras.layers.Normalization(name="norm")
norm.adapt(data)
inv = keras.layers.Normalization(invert=True, name="inv")
inv.adapt(data)
out["normalization"] = {
    "data": floats(data), "data_shape": list(data.shape), "probe": floats(probe),
    "mean": floats(norm.mean), "variance": floats(norm.variance), "count": int(np.asarray(norm.count)),
    "output": floats(norm(probe)), "inverted": floats(inv(probe)),
    "weight_names": [w.path.split("/")[-1] for w in norm.weights],
    "config": json.dumps(keras.layers.Normalization(name="norm").get_config()),
}

x = np.arange(12, dtype=np.float32).reshape(2, 6)
out["reshape"] = {
    "input": floats(x), "input_shape": [2, 6],
    "cases": [{"target_shape": t, "output_shape": list(keras.layers.Reshape(t)(x).shape),
               "config": json.dumps(keras.layers.Reshape(t, name="reshape").get_config())} for t in [(3, 2), (-1, 3), (6,)]],
}
out["dropout"] = {
    "configs": [json.dumps(keras.layers.Dropout(0.3, name="dropout").get_config()),
                json.dumps(keras.layers.Dropout(0.5, seed=7, name="dropout_1").get_config())],
}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "layers.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
