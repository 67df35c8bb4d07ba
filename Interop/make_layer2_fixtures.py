"""Writes Fixtures/keras/layers2.json: Keras 3 reference values for BatchNormalization
(forward, input and weight gradients in training and inference mode, moving statistics after one
training call), Dense with kernel/bias/activity regularizers (penalties and the loss Keras reports
for one train_on_batch and one fit step), Dense with constraints after one SGD step, and the
get_config() of each new layer, regularizer and constraint.

Run: KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_layer2_fixtures.py
     (pinned as Interop/requirements.txt: keras==3.15.1 with jax)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

rng = np.random.default_rng(23)
floats = lambda a: [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]
out = {"keras_version": keras.__version__, "backend": keras.backend.backend()}

# ---- BatchNormalization -------------------------------------------------------------------
x = (rng.normal(size=(6, 4)) * [1.0, 3.0, 0.5, 2.0] + [0.5, -1.0, 2.0, 0.0]).astype(np.float32)
upstream = rng.normal(size=(6, 4)).astype(np.float32)
gamma = rng.uniform(0.5, 1.5, size=4).astype(np.float32)
beta = rng.normal(size=4).astype(np.float32)
moving_mean = rng.normal(size=4).astype(np.float32) * 0.1
moving_var = rng.uniform(0.5, 2.0, size=4).astype(np.float32)

def make_bn():
    bn = keras.layers.BatchNormalization(name="batch_normalization")
    bn.build((None, 4))
    bn.set_weights([gamma, beta, moving_mean, moving_var])
    return bn

bn_case = {"x": floats(x), "shape": [6, 4], "upstream": floats(upstream),
           "gamma": floats(gamma), "beta": floats(beta),
           "moving_mean": floats(moving_mean), "moving_variance": floats(moving_var)}
for training in (True, False):
    bn = make_bn()
    tv = [v.value for v in bn.trainable_variables]
    ntv = [v.value for v in bn.non_trainable_variables]

    def f(tv, xin):
        y, new_ntv = bn.stateless_call(tv, ntv, xin, training=training)
        return jnp.sum(y * upstream), (y, new_ntv)

    (_, (y, new_ntv)), (g_w, g_x) = jax.value_and_grad(f, argnums=(0, 1), has_aux=True)(tv, jnp.asarray(x))
    key = "training" if training else "inference"
    bn_case[key] = {"output": floats(y), "grad_x": floats(g_x), "grad_gamma": floats(g_w[0]),
                    "grad_beta": floats(g_w[1]),
                    "moving_mean_after": floats(new_ntv[0]), "moving_variance_after": floats(new_ntv[1])}
bn = make_bn()
bn_case["weight_names"] = [w.path.split("/")[-1] for w in bn.weights]
bn_case["trainable_names"] = [w.path.split("/")[-1] for w in bn.trainable_weights]
bn_case["config"] = json.dumps(keras.layers.BatchNormalization(name="batch_normalization").get_config())
bn_case["config_custom"] = json.dumps(keras.layers.BatchNormalization(
    momentum=0.9, epsilon=1e-5, center=False, name="bn2").get_config())
# The same layer inside a model: one train_on_batch updates the moving statistics as above.
keras.utils.set_random_seed(1)
model = keras.Sequential([keras.Input((4,)), make_bn()])
model.compile(loss="mse", optimizer=keras.optimizers.SGD(0.1))
target = rng.normal(size=(6, 4)).astype(np.float32)
logs = model.train_on_batch(x, target, return_dict=True)
bn_case["model"] = {"target": floats(target), "loss": float(logs["loss"]),
                    "weights_after": [floats(w) for w in model.layers[0].get_weights()]}
out["batch_normalization"] = bn_case

# ---- Regularizers ---------------------------------------------------------------------------
kernel = rng.normal(size=(3, 2)).astype(np.float32)
bias = rng.normal(size=2).astype(np.float32)
xr = rng.normal(size=(5, 3)).astype(np.float32)
yr = rng.normal(size=(5, 2)).astype(np.float32)
reg_cases = []
specs = [
    ("kernel_l2", dict(kernel_regularizer=keras.regularizers.L2(0.05))),
    ("kernel_l1", dict(kernel_regularizer=keras.regularizers.L1(0.02))),
    ("kernel_l1l2_bias_l2", dict(kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.03),
                                 bias_regularizer=keras.regularizers.L2(0.1))),
    ("activity_l2", dict(activity_regularizer=keras.regularizers.L2(0.2))),
    ("defaults_strings", dict(kernel_regularizer="l1", bias_regularizer="l2")),
]
for label, kwargs in specs:
    def build():
        m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="dense", **kwargs)])
        m.layers[0].set_weights([kernel, bias])
        m.compile(loss="mse", optimizer=keras.optimizers.SGD(0.1))
        return m
    m = build()
    _ = m(xr)
    penalties = [float(l) for l in m.losses]
    data_loss = float(keras.losses.MeanSquaredError()(yr, m.predict(xr, verbose=0)))
    evaluated = float(m.evaluate(xr, yr, verbose=0))
    logs = m.train_on_batch(xr, yr, return_dict=True)
    after = [floats(w) for w in m.layers[0].get_weights()]
    m2 = build()
    hist = m2.fit(xr, yr, batch_size=5, epochs=1, shuffle=False, verbose=0)
    reg_cases.append({"label": label, "penalties_before": penalties, "data_loss": data_loss,
                      "evaluate_loss": evaluated, "train_on_batch_loss": float(logs["loss"]),
                      "fit_loss": float(hist.history["loss"][0]), "weights_after": after,
                      "config": json.dumps(m.layers[0].get_config())})
out["regularizers"] = {"kernel": floats(kernel), "bias": floats(bias), "x": floats(xr), "y": floats(yr),
                       "cases": reg_cases,
                       "configs": {name: json.dumps(keras.regularizers.serialize(r)) for name, r in [
                           ("L1", keras.regularizers.L1()), ("L2", keras.regularizers.L2()),
                           ("L1L2", keras.regularizers.L1L2(l1=0.01, l2=0.01)),
                           ("L1L2_default", keras.regularizers.L1L2()),
                           ("L2_0.05", keras.regularizers.L2(0.05)), ("L1_0.02", keras.regularizers.L1(0.02))]}}

# ---- Constraints ----------------------------------------------------------------------------
kernel_c = (rng.normal(size=(3, 2)) * 2).astype(np.float32)
bias_c = rng.normal(size=2).astype(np.float32)
con_cases = []
for label, kwargs in [
    ("max_norm", dict(kernel_constraint=keras.constraints.MaxNorm(), bias_constraint=keras.constraints.MaxNorm(0.5))),
    ("non_neg", dict(kernel_constraint=keras.constraints.NonNeg(), bias_constraint=keras.constraints.NonNeg())),
    ("unit_norm", dict(kernel_constraint=keras.constraints.UnitNorm())),
    ("min_max_norm", dict(kernel_constraint=keras.constraints.MinMaxNorm(0.5, 1.5, rate=0.7))),
    ("max_norm_axis1", dict(kernel_constraint=keras.constraints.MaxNorm(1.0, axis=1))),
]:
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="dense", **kwargs)])
    m.layers[0].set_weights([kernel_c, bias_c])
    m.compile(loss="mse", optimizer=keras.optimizers.SGD(0.1))
    logs = m.train_on_batch(xr, yr, return_dict=True)
    con_cases.append({"label": label, "loss": float(logs["loss"]),
                      "weights_after": [floats(w) for w in m.layers[0].get_weights()],
                      "config": json.dumps(m.layers[0].get_config())})
out["constraints"] = {"kernel": floats(kernel_c), "bias": floats(bias_c), "cases": con_cases,
                      "configs": {name: json.dumps(keras.constraints.serialize(c)) for name, c in [
                          ("MaxNorm", keras.constraints.MaxNorm()), ("NonNeg", keras.constraints.NonNeg()),
                          ("UnitNorm", keras.constraints.UnitNorm()), ("MinMaxNorm", keras.constraints.MinMaxNorm())]}}

path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "layers2.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
