"""Writes Fixtures/keras/multiio_weights.json: per-output sample weights on a model with two
outputs, as real Keras 3 applies them. The chapter's wide-and-deep model (wide 5 features, deep 6,
outputs main_output and aux_output), MSE per output with ["mae"], loss weights 0.9/0.1, SGD(0.05),
batch 8, 2 epochs, shuffle=False, from fixed initial weights; `sample_weight` given

  - "list":      as a list, one array per output, and validation_data=(x, y, [w, w]);
  - "list_none": as a list [w_main, None] (None: that output unweighted), no validation;
  - "dict":      as a dict keyed by output name (the model's outputs, x and y are dicts too),
                 and validation_data=(x, y, {name: w}).

"single_output": a one-output model (wide_input → Dense(1, name="main_output")) fitted the same
way with one sample_weight array and validation_data=(x, y, w) (Keras' 3-tuple), its history and
final weights.

It also records train_on_batch/test_on_batch on the first 8 rows with list weights, from the
initial weights, and the messages Keras gives for class_weight with several outputs, for
class_weight with sample_weight, and for a sample_weight list of the wrong length.

Run: KERAS_BACKEND=jax python Interop/make_multiio_weights_fixtures.py   (needs keras==3.15.1, jax)
"""
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

keras.utils.set_random_seed(5)
rng = np.random.default_rng(23)
floats = lambda a: [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]
L = keras.layers
NAMES = ["main_output", "aux_output"]


def make_model(dict_outputs=False):
    wide = keras.Input(shape=(5,), name="wide_input")
    deep = keras.Input(shape=(6,), name="deep_input")
    h1 = L.Dense(8, activation="relu", name="hidden1")(deep)
    h2 = L.Dense(8, activation="relu", name="hidden2")(h1)
    concat = L.Concatenate(name="concat")([wide, h2])
    main = L.Dense(1, name="main_output")(concat)
    aux = L.Dense(1, name="aux_output")(h2)
    outputs = {"main_output": main, "aux_output": aux} if dict_outputs else [main, aux]
    inputs = {"wide_input": wide, "deep_input": deep} if dict_outputs else [wide, deep]
    return keras.Model(inputs=inputs, outputs=outputs, name="wide_deep_weights")


def compiled(initial, dict_outputs=False):
    model = make_model(dict_outputs)
    for layer in model.layers:  # by layer name: a dict of outputs orders the layers otherwise
        layer.set_weights(initial[layer.name])
    if dict_outputs:
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05),
                      loss={"main_output": "mse", "aux_output": "mse"},
                      loss_weights={"main_output": 0.9, "aux_output": 0.1},
                      metrics={"main_output": ["mae"], "aux_output": ["mae"]})
    else:
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss=["mse", "mse"],
                      loss_weights=[0.9, 0.1], metrics=[["mae"], ["mae"]])
    return model


def data(n):
    x_wide = rng.normal(size=(n, 5)).astype(np.float32)
    x_deep = rng.normal(size=(n, 6)).astype(np.float32)
    y_main = (x_wide[:, :1] + 0.5 * x_deep[:, 1:2] + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)
    y_aux = (np.tanh(x_deep[:, :1]) + 0.1 * rng.normal(size=(n, 1))).astype(np.float32)
    w_main = rng.uniform(0.2, 2.0, size=(n,)).astype(np.float32)
    w_aux = rng.uniform(0.0, 3.0, size=(n,)).astype(np.float32)
    return [x_wide, x_deep], [y_main, y_aux], [w_main, w_aux]


x, y, w = data(40)
vx, vy, vw = data(12)
reference = make_model()
initial_list = reference.get_weights()
initial = {layer.name: layer.get_weights() for layer in reference.layers}
as_dict = lambda arrays, names: dict(zip(names, arrays))
XN = ["wide_input", "deep_input"]

cases = {}
for name in ["list", "list_none", "dict"]:
    dict_form = name == "dict"
    model = compiled(initial, dict_form)
    if dict_form:
        history = model.fit(as_dict(x, XN), as_dict(y, NAMES), sample_weight=as_dict(w, NAMES),
                            validation_data=(as_dict(vx, XN), as_dict(vy, NAMES), as_dict(vw, NAMES)),
                            batch_size=8, epochs=2, shuffle=False, verbose=0)
    else:
        weights = w if name == "list" else [w[0], None]
        validation = (vx, vy, vw) if name == "list" else None
        history = model.fit(x, y, sample_weight=weights, validation_data=validation,
                            batch_size=8, epochs=2, shuffle=False, verbose=0)
    cases[name] = {"history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
                   "final_weights": [floats(v) for l in reference.layers for v in model.get_layer(l.name).get_weights()]}

single = keras.Sequential([keras.Input(shape=(5,), name="wide_input"), L.Dense(1, name="main_output")], name="single")
single_initial = single.get_weights()
single.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse", metrics=["mae"])
history = single.fit(x[0], y[0], sample_weight=w[0], validation_data=(vx[0], vy[0], vw[0]),
                     batch_size=8, epochs=2, shuffle=False, verbose=0)
cases["single_output"] = {"history": {k: [float(v) for v in vs] for k, vs in history.history.items()},
                          "initial_weights": [floats(v) for v in single_initial],
                          "final_weights": [floats(v) for v in single.get_weights()]}

model = compiled(initial)
first = [a[:8] for a in x], [a[:8] for a in y], [a[:8] for a in w]
test_logs = model.test_on_batch(*first[:2], sample_weight=first[2], return_dict=True)
train_logs = model.train_on_batch(*first[:2], sample_weight=first[2], return_dict=True)
on_batch = {"test_on_batch": {k: float(v) for k, v in test_logs.items()},
            "train_on_batch": {k: float(v) for k, v in train_logs.items()},
            "final_weights": [floats(v) for l in reference.layers for v in model.get_layer(l.name).get_weights()]}

messages = {}
for key, kwargs in [("class_weight_multi_output", {"class_weight": {0: 1.0}}),
                    ("class_and_sample_weight", {"class_weight": {0: 1.0}, "sample_weight": w[0]}),
                    ("sample_weight_count", {"sample_weight": [w[0]]})]:
    try:
        compiled(initial).fit(x, y, verbose=0, **kwargs)
        messages[key] = None
    except ValueError as e:
        messages[key] = str(e).split("\n")[0]

result = {"keras_version": keras.__version__, "backend": keras.backend.backend(),
          "optimizer": {"name": "sgd", "learning_rate": 0.05}, "batch_size": 8, "epochs": 2,
          "loss_weights": [0.9, 0.1],
          "weight_shapes": [list(v.shape) for v in initial_list],
          "initial_weights": [floats(v) for v in initial_list],
          "x": {n: floats(a) for n, a in zip(XN, x)}, "y": {n: floats(a) for n, a in zip(NAMES, y)},
          "sample_weight": {n: floats(a) for n, a in zip(NAMES, w)},
          "val_x": {n: floats(a) for n, a in zip(XN, vx)}, "val_y": {n: floats(a) for n, a in zip(NAMES, vy)},
          "val_sample_weight": {n: floats(a) for n, a in zip(NAMES, vw)},
          "cases": cases, "on_batch": on_batch, "messages": messages}
path = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "multiio_weights.json"
path.write_text(json.dumps(result, indent=1) + "\n")
print(f"wrote {path}")
