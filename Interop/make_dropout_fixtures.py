"""Writes Fixtures/keras/dropout.json: what can be compared of Keras 3's Dropout in training
mode, whose random masks cannot be reproduced outside its RNG.

For rates 0.2 and 0.5:
  - "zero_fraction": the fraction of zeros Dropout(rate, seed=1) gives on N = 200000 positive
    inputs (training=True), with N;
  - "x", "kept": 257 inputs and the exact value Keras outputs at each one when it keeps it
    (x / (1 - rate) in float32), gathered over as many seeds as needed to see every position kept;
  - "upstream", "kept_gradient": an upstream gradient and the exact input gradient Keras
    computes at a kept position (jax.vjp of keras.random.dropout, the op Dropout.call applies),
    zero at a dropped one (checked here), likewise gathered over seeds;
  - "inference_max_difference": max |Dropout(x, training=False) - x| (0: the identity).
"noise_shape": Dropout(0.5, noise_shape=(None, 1, 8), seed=3) on a (64, 10, 8) input: the axes
along which the mask is constant, the zero fraction, and the layer's config as Keras writes it.

Run: KERAS_BACKEND=jax python Interop/make_dropout_fixtures.py   (needs keras==3.15.1, jax)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

floats = lambda a: [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]
rng = np.random.default_rng(41)
N, M = 200_000, 257

rates = {}
for rate in [0.2, 0.5]:
    big = (1.0 + rng.uniform(size=(N,))).astype(np.float32)
    out = np.asarray(keras.layers.Dropout(rate, seed=1)(big, training=True))
    zero_fraction = float(np.mean(out == 0))

    x = rng.normal(size=(1, M)).astype(np.float32)
    x[x == 0] = 1.0
    upstream = rng.normal(size=(1, M)).astype(np.float32)
    kept = np.full(M, np.nan, dtype=np.float32)
    kept_gradient = np.full(M, np.nan, dtype=np.float32)
    seed = 0
    while np.isnan(kept).any() or np.isnan(kept_gradient).any():
        seed += 1
        y = np.asarray(keras.layers.Dropout(rate, seed=seed)(x, training=True))[0]
        keep = y != 0
        kept[keep] = y[keep]
        y2, vjp = jax.vjp(lambda t: keras.random.dropout(t, rate, seed=seed), x)
        g = np.asarray(vjp(upstream)[0])[0]
        keep2 = np.asarray(y2)[0] != 0
        assert np.all(g[~keep2] == 0), "a dropped input has a zero gradient"
        kept_gradient[keep2] = g[keep2]
    inference = np.asarray(keras.layers.Dropout(rate, seed=1)(big, training=False))
    rates[str(rate)] = {
        "rate": rate, "n": N, "zero_fraction": zero_fraction,
        "x": floats(x), "kept": floats(kept), "seeds_used": seed,
        "upstream": floats(upstream), "kept_gradient": floats(kept_gradient),
        "inference_max_difference": float(np.max(np.abs(inference - big))),
    }

layer = keras.layers.Dropout(0.5, noise_shape=(None, 1, 8), seed=3)
inp = (1.0 + rng.uniform(size=(64, 10, 8))).astype(np.float32)
out = np.asarray(layer(inp, training=True))
mask = out != 0
constant_axes = [axis for axis in range(3) if np.all(mask == np.take(mask, [0], axis=axis))]
noise = {"input_shape": list(inp.shape), "noise_shape": [None, 1, 8], "rate": 0.5,
         "constant_axes": constant_axes, "zero_fraction": float(np.mean(~mask)),
         "config": json.dumps(layer.get_config())}

result = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
          "rates": rates, "noise_shape": noise}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "dropout.json"
path.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {path}")
