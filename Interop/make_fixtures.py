"""Writes Fixtures/keras/numerics.json: values computed by real Keras 3 (JAX backend) that the
Swift tests compare against (activations, losses with their gradients, optimizer steps, and a
whole `fit` of a small model).

Run: KERAS_BACKEND=jax python Interop/make_fixtures.py   (needs keras==3.15.1, jax, numpy)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(7)
out = {"keras_version": keras.__version__, "backend": keras.backend.backend()}


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


# Activations: values and derivatives (via jax.grad of the sum) on a fixed grid.
x = np.concatenate([np.linspace(-6, 6, 25), [-1e-3, 0.0, 1e-3, 0.5, -0.5]]).astype(np.float32)
acts = {}
for name, fn in [
    ("relu", keras.activations.relu), ("sigmoid", keras.activations.sigmoid), ("tanh", keras.activations.tanh),
    ("softplus", keras.activations.softplus), ("elu", keras.activations.elu), ("selu", keras.activations.selu),
    ("leaky_relu", keras.activations.leaky_relu), ("gelu", keras.activations.gelu),
    ("gelu_approximate", lambda v: keras.activations.gelu(v, approximate=True)),
    ("swish", keras.activations.silu),
]:
    y = np.asarray(fn(jnp.asarray(x)))
    dy = np.asarray(jax.grad(lambda v: jnp.sum(fn(v)))(jnp.asarray(x)))
    acts[name] = {"y": floats(y), "dy": floats(dy)}
logits = rng.normal(size=(4, 5)).astype(np.float32) * 3
weights = rng.normal(size=(4, 5)).astype(np.float32)
acts["softmax"] = {
    "x": floats(logits), "shape": [4, 5],
    "y": floats(keras.activations.softmax(jnp.asarray(logits))),
    "upstream": floats(weights),
    "dy": floats(jax.grad(lambda v: jnp.sum(keras.activations.softmax(v) * weights))(jnp.asarray(logits))),
}
out["activations"] = {"x": floats(x), "functions": acts}

# Losses: value (mean over the batch, optionally sample-weighted) and gradient w.r.t. y_pred.
losses = {}
n, k = 6, 4
reg_true = rng.normal(size=(n, k)).astype(np.float32)
reg_pred = (reg_true + rng.normal(size=(n, k)) * 1.5).astype(np.float32)
probs = np.array(keras.activations.softmax(jnp.asarray(rng.normal(size=(n, k)).astype(np.float32) * 2)))
probs[0, 2] = 0.0  # exercises the 1e-7 clip
probs = probs.astype(np.float32)
labels = np.array([2, 0, 3, 1, 1, 2], dtype=np.float32)
onehot = np.eye(k, dtype=np.float32)[labels.astype(int)]
bin_true = (rng.random((n, k)) > 0.5).astype(np.float32)
bin_pred = rng.random((n, k)).astype(np.float32)
bin_pred[1, 1] = 1.0
sample_weight = rng.random(n).astype(np.float32) * 2
cases = [
    ("mean_squared_error", keras.losses.MeanSquaredError(), reg_true, reg_pred),
    ("mean_absolute_error", keras.losses.MeanAbsoluteError(), reg_true, reg_pred),
    ("huber", keras.losses.Huber(delta=1.0), reg_true, reg_pred),
    ("huber_delta_0.5", keras.losses.Huber(delta=0.5), reg_true, reg_pred),
    ("binary_crossentropy", keras.losses.BinaryCrossentropy(), bin_true, bin_pred),
    ("categorical_crossentropy", keras.losses.CategoricalCrossentropy(), onehot, probs),
    ("sparse_categorical_crossentropy", keras.losses.SparseCategoricalCrossentropy(), labels, probs),
]
for name, loss, yt, yp in cases:
    entry = {"y_true": floats(yt), "y_true_shape": list(yt.shape), "y_pred": floats(yp), "y_pred_shape": list(yp.shape)}
    entry["loss"] = float(loss(yt, yp))
    entry["grad"] = floats(jax.grad(lambda p: loss(jnp.asarray(yt), p))(jnp.asarray(yp)))
    entry["sample_weight"] = floats(sample_weight)
    entry["weighted_loss"] = float(loss(yt, yp, sample_weight=sample_weight))
    losses[name] = entry
out["losses"] = losses

# Optimizers: three steps from the same start with fixed gradients.
w0 = rng.normal(size=(3, 4)).astype(np.float32)
grads = [rng.normal(size=(3, 4)).astype(np.float32) for _ in range(3)]
opts = {}
for name, make in [
    ("sgd", lambda: keras.optimizers.SGD(learning_rate=0.1)),
    ("sgd_momentum", lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)),
    ("sgd_nesterov", lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)),
    ("adam", lambda: keras.optimizers.Adam(learning_rate=0.01)),
    ("adam_amsgrad", lambda: keras.optimizers.Adam(learning_rate=0.01, amsgrad=True)),
]:
    opt = make()
    var = keras.Variable(w0)
    steps = []
    for g in grads:
        opt.apply_gradients([(jnp.asarray(g), var)])
        steps.append(floats(var.numpy()))
    opts[name] = {"steps": steps}
out["optimizers"] = {"w0": floats(w0), "shape": [3, 4], "gradients": [floats(g) for g in grads], "results": opts}

# A whole fit: Dense(5, relu) -> Dense(3, softmax), SGD(0.05), batch 4 without shuffling.
# Seeded so that Keras' random initial weights (recorded below) are the same on every run.
# More whole fits (momentum, Adam, validation_split, class_weight, sample_weight): make_fit_fixtures.py.
keras.utils.set_random_seed(7)
xs = rng.normal(size=(10, 4)).astype(np.float32)
ys = rng.integers(0, 3, 10).astype(np.float32)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(5, activation="relu"),
                          keras.layers.Dense(3, activation="softmax")])
initial = [w.numpy() for w in model.weights]
model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.05),
              metrics=["accuracy"])
history = model.fit(xs, ys, batch_size=4, epochs=3, shuffle=False, verbose=0)
out["fit"] = {
    "x": floats(xs), "y": floats(ys),
    "initial_weights": [floats(w) for w in initial], "weight_shapes": [list(w.shape) for w in initial],
    "final_weights": [floats(w.numpy()) for w in model.weights],
    "loss": [float(v) for v in history.history["loss"]],
    "accuracy": [float(v) for v in history.history["accuracy"]],
    "evaluate": {k: float(v) for k, v in model.evaluate(xs, ys, verbose=0, return_dict=True).items()},
    "predict": floats(model.predict(xs, verbose=0)),
}

path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "numerics.json"
path.parent.mkdir(parents=True, exist_ok=True)
path.write_text(json.dumps(out, indent=1))
print(f"wrote {path}")
