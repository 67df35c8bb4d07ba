"""Writes Fixtures/keras/fit.json: whole `fit` runs of small models computed by real Keras 3 (JAX
backend), for the Swift tests to replay from the same initial weights (KerasFitTests.swift).

Each case records the data, the initial weights (set on both sides), the fit arguments
(optimizer, batch size, epochs, validation_split, class_weight, sample_weight; never shuffled),
then Keras' per-epoch history (loss, metrics, val_ values) and the weights after fit.

Run: KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_fit_fixtures.py
     (needs keras==3.15.1, jax, numpy: `pip install keras==3.15.1 jax jaxlib numpy`)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(2024)


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def f32(a):
    return np.asarray(a, dtype=np.float32)


# The three models, as (input width, [(units, activation)...]).
ARCHITECTURES = {
    "classifier": (4, [(8, "relu"), (3, "softmax")]),
    "regressor": (3, [(5, "tanh"), (1, "linear")]),
    "binary": (3, [(4, "relu"), (1, "sigmoid")]),
}


def build(architecture):
    inputs, layers = ARCHITECTURES[architecture]
    return keras.Sequential([keras.Input(shape=(inputs,))] +
                            [keras.layers.Dense(u, activation=a) for u, a in layers])


def initial_weights(architecture):
    """Glorot-like uniform kernels and small nonzero biases, from the fixed generator."""
    inputs, layers = ARCHITECTURES[architecture]
    weights, fan_in = [], inputs
    for units, _ in layers:
        limit = np.sqrt(6 / (fan_in + units))
        weights.append(f32(rng.uniform(-limit, limit, size=(fan_in, units))))
        weights.append(f32(rng.uniform(-0.1, 0.1, size=(units,))))
        fan_in = units
    return weights


def dataset(architecture, n):
    inputs, _ = ARCHITECTURES[architecture]
    x = f32(rng.normal(size=(n, inputs)))
    if architecture == "classifier":
        y = f32(rng.integers(0, 3, n))
    elif architecture == "binary":
        y = f32(rng.integers(0, 2, (n, 1)))
    else:
        y = f32(x @ np.array([[0.5], [-1.0], [0.25]]) + 0.1 * rng.normal(size=(n, 1)))
    return x, y


def optimizer(spec):
    if spec["class"] == "SGD":
        return keras.optimizers.SGD(learning_rate=spec["learning_rate"], momentum=spec["momentum"],
                                    nesterov=spec["nesterov"])
    return keras.optimizers.Adam(learning_rate=spec["learning_rate"])


def sgd(lr, momentum=0.9, nesterov=False):
    return {"class": "SGD", "learning_rate": lr, "momentum": momentum, "nesterov": nesterov}


def adam(lr):
    return {"class": "Adam", "learning_rate": lr}


LOSSES = {"classifier": "sparse_categorical_crossentropy", "regressor": "mean_squared_error",
          "binary": "binary_crossentropy"}
METRICS = {"classifier": ["accuracy"], "regressor": ["mae"], "binary": ["accuracy"]}

# (name, architecture, samples, optimizer, batch size, epochs, validation_split, class_weight, sample weights?)
CASES = [
    ("sgd_momentum", "classifier", 18, sgd(0.05), 4, 4, 0.25, None, False),
    ("sgd_nesterov", "classifier", 18, sgd(0.05, nesterov=True), 4, 4, 0.25, None, False),
    ("adam", "classifier", 18, adam(0.01), 4, 4, 0.25, None, False),
    ("class_weight", "classifier", 18, sgd(0.05), 4, 4, 0.25, {0: 0.5, 1: 2.0, 2: 1.5}, False),
    ("sample_weight", "classifier", 16, adam(0.01), 4, 3, 0.0, None, True),
    ("sample_weight_validation", "classifier", 18, adam(0.01), 4, 3, 0.25, None, True),
    ("class_weight_missing_class", "classifier", 16, sgd(0.05), 4, 3, 0.0, {1: 3.0}, False),
    ("regression_adam", "regressor", 20, adam(0.02), 5, 4, 0.25, None, False),
    ("regression_sample_weight", "regressor", 20, sgd(0.02, nesterov=True), 5, 4, 0.0, None, True),
    ("binary_class_weight", "binary", 16, sgd(0.1), 4, 3, 0.25, {0: 1.0, 1: 3.0}, False),
]

cases = {}
for name, architecture, n, opt, batch_size, epochs, validation_split, class_weight, weighted in CASES:
    keras.utils.clear_session()
    x, y = dataset(architecture, n)
    sample_weight = f32(rng.uniform(0.2, 2.0, n)) if weighted else None
    model = build(architecture)
    start = initial_weights(architecture)
    model.set_weights(start)
    model.compile(loss=LOSSES[architecture], optimizer=optimizer(opt), metrics=METRICS[architecture])
    history = model.fit(x, y, batch_size=batch_size, epochs=epochs, shuffle=False, verbose=0,
                        validation_split=validation_split, class_weight=class_weight,
                        sample_weight=sample_weight)
    cases[name] = {
        "architecture": architecture, "loss": LOSSES[architecture], "metrics": METRICS[architecture],
        "optimizer": opt, "batch_size": batch_size, "epochs": epochs, "validation_split": validation_split,
        "class_weight": None if class_weight is None else {str(k): v for k, v in class_weight.items()},
        "sample_weight": None if sample_weight is None else floats(sample_weight),
        "x": floats(x), "x_shape": list(x.shape), "y": floats(y), "y_shape": list(y.shape),
        "weight_shapes": [list(w.shape) for w in start], "initial_weights": [floats(w) for w in start],
        "history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
        "final_weights": [floats(w) for w in model.get_weights()],
    }

out = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
       "architectures": {k: {"inputs": i, "layers": [{"units": u, "activation": a} for u, a in ls]}
                         for k, (i, ls) in ARCHITECTURES.items()},
       "cases": cases}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "fit.json"
path.write_text(json.dumps(out, indent=1))
print(f"wrote {path}")
