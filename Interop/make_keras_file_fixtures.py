"""Writes Fixtures/keras/files/<flavor>/: the matrix of Keras model files that SwiftLearn's tests
load (Tests/NeuralNetTests/KerasFileMatrixTests.swift). One script for both Keras versions: it
detects tf.keras 2 (TensorFlow importable) or Keras 3 and writes under `tfkeras2/` or `keras3/`.

Models (tiny on purpose, the files are committed; each compiled and fitted so that the files
carry the training config and the optimizer's variables):
  mlp            Sequential Input[6] -> Dense(8, relu) -> Dense(3, softmax); Adam,
                 sparse_categorical_crossentropy, accuracy.
  wide_deep      Functional: wide_input[5], deep_input[6] -> Dense(8, relu) -> Dense(8, relu);
                 Concatenate([wide, h2]) -> Dense(1); SGD(momentum=0.9), mse.
  multi_io       Functional, two inputs and two outputs (main_output, aux_output), losses
                 [mse, mean_absolute_error], loss_weights [0.9, 0.1], per-output metrics
                 {"main_output": ["mae"], "aux_output": ["mse"]}; RMSprop.
  every_layer    Sequential Input[6] -> Normalization (adapted) -> Reshape([2, 3]) -> Flatten ->
                 Dense(8, l2(0.01) kernel regularizer, max_norm(2) kernel constraint) ->
                 BatchNormalization -> Activation(relu) -> Dropout(0.25) -> Dense(2); Adam, mse
                 (BatchNormalization's moving statistics come from the fit).
  opt_<name>     Sequential Input[3] -> Dense(4, tanh) -> Dense(1), mse, fitted 2 epochs with one
                 optimizer each: sgd_nesterov (plain momentum is in wide_deep), adam, adamw, nadam,
                 rmsprop_centered (centered, momentum 0.5), adagrad, adadelta, adamax, ftrl.

Files per model:
  <model>.keras, <model>.weights.h5, <model>.h5   model.save / model.save_weights / legacy
      model.save, in that order (Keras 3's .h5 writer drops the optimizer from the compile config
      in memory, keras-formats.md §1.8). tf.keras 2.15 writes all three formats too: its .keras
      zip and .weights.h5 come from its own saving_lib (no learning_rate variable, int64
      iteration, a /metrics group), its .h5 has tf.keras 2's config (batch_input_shape, ...).
  <model>.input<k>.npy    probe inputs
  <model>.output<k>.npy   Keras' predictions on them
  <model>.target<k>.npy   targets for the probe rows (for one more fit step)
  <model>.stepped<k>.npy  Keras' predictions after one train_on_batch step on (inputs, targets),
      taken after saving: a loader that restored the optimizer exactly predicts the same. Not
      for every_layer (Dropout draws a random mask) nor for tf.keras 2's Nadam (its u_product is
      a tf.Variable in no file, multiplied once per model variable per step inside tf.function).
  <model>.json            {flavor, keras_version, optimizer, iterations, inputs, outputs,
      formats, stepped}
Total size about 1.9 MB (plain SGD momentum is covered by wide_deep, to stay under 2 MB).

Rerun both, from the repository root:
  KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_keras_file_fixtures.py
      (keras==3.15.1, jax==0.10.2, h5py==3.16.0, numpy==2.4.6 as in Interop/requirements.txt)
  /work/venv-tf2/bin/python Interop/make_keras_file_fixtures.py
      (python3.11 -m venv /work/venv-tf2 && /work/venv-tf2/bin/pip install "tensorflow-cpu==2.15.1" "h5py==3.16.0":
       tensorflow-cpu 2.15.1 with its keras 2.15.0 (tf.keras), numpy 1.26.4)
"""
import json
import pathlib

from fixture_common import import_keras

keras, FLAVOR, KERAS_VERSION = import_keras()
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "files" / FLAVOR
OUT.mkdir(parents=True, exist_ok=True)
keras.utils.set_random_seed(21)
rng = np.random.default_rng(22)
L = keras.layers
O = keras.optimizers


def normal(*shape):
    return rng.normal(size=shape).astype("float32")


def as_list(a):
    return list(a) if isinstance(a, (list, tuple)) else [a]


def write(name, model, probes, targets, step=True):
    """Saves `model` in every format, the probes, Keras' predictions and the targets; then, with
    `step`, trains one step on (probes, targets) and saves the predictions after it (so a loader
    that restored the optimizer's state and hyperparameters exactly predicts the same)."""
    feed = probes if len(probes) > 1 else probes[0]
    outputs = [np.asarray(o, dtype="float32") for o in as_list(model.predict(feed, verbose=0))]
    optimizer = model.optimizer
    record = {"flavor": FLAVOR, "keras_version": KERAS_VERSION,
              "optimizer": type(optimizer).__name__, "iterations": int(optimizer.iterations.numpy()),
              "inputs": len(probes), "outputs": len(outputs), "formats": []}
    for ext, save in ((".keras", model.save), (".weights.h5", model.save_weights), (".h5", model.save)):
        path = OUT / f"{name}{ext}"
        try:
            save(str(path))
            record["formats"].append(ext)
        except Exception as error:  # noqa: BLE001 - a format this Keras cannot write is recorded
            print(f"{FLAVOR} cannot write {ext} for {name}: {type(error).__name__}: {error}")
    for kind, arrays in (("input", probes), ("output", outputs), ("target", targets)):
        for k, a in enumerate(arrays):
            np.save(OUT / f"{name}.{kind}{k}.npy", np.ascontiguousarray(a))
    record["stepped"] = step
    if step:
        model.train_on_batch(feed, targets if len(targets) > 1 else targets[0])
        after = as_list(model.predict(feed, verbose=0))
        for k, a in enumerate(after):
            np.save(OUT / f"{name}.stepped{k}.npy", np.ascontiguousarray(np.asarray(a, dtype="float32")))
    (OUT / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
    # This Keras' own loader must give the same predictions back.
    again = keras.models.load_model(str(OUT / f"{name}.keras"), compile=False)
    back = as_list(again.predict(feed, verbose=0))
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(outputs, back)), name


def mlp():
    model = keras.Sequential([L.Input(shape=(6,)), L.Dense(8, activation="relu"), L.Dense(3, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer=O.Adam(learning_rate=0.01), metrics=["accuracy"])
    x, y = normal(32, 6), rng.integers(0, 3, size=(32,)).astype("float32")
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    write("mlp", model, [normal(4, 6)], [y[:4]])


def wide_deep():
    wide, deep = L.Input(shape=(5,), name="wide_input"), L.Input(shape=(6,), name="deep_input")
    h2 = L.Dense(8, activation="relu")(L.Dense(8, activation="relu")(deep))
    out = L.Dense(1)(L.Concatenate()([wide, h2]))
    model = keras.Model(inputs=[wide, deep], outputs=[out])
    model.compile(loss="mse", optimizer=O.SGD(learning_rate=0.01, momentum=0.9))
    xw, xd, y = normal(32, 5), normal(32, 6), normal(32, 1)
    model.fit((xw, xd), y, batch_size=8, epochs=1, verbose=0)
    write("wide_deep", model, [normal(4, 5), normal(4, 6)], [y[:4]])


def multi_io():
    wide, deep = L.Input(shape=(5,), name="wide_input"), L.Input(shape=(6,), name="deep_input")
    h2 = L.Dense(8, activation="relu")(L.Dense(8, activation="relu")(deep))
    main = L.Dense(1, name="main_output")(L.Concatenate()([wide, h2]))
    aux = L.Dense(1, name="aux_output")(h2)
    model = keras.Model(inputs=[wide, deep], outputs=[main, aux])
    model.compile(loss=["mse", "mean_absolute_error"], loss_weights=[0.9, 0.1],
                  optimizer=O.RMSprop(learning_rate=0.005),
                  metrics={"main_output": ["mae"], "aux_output": ["mse"]})
    xw, xd, y, y2 = normal(32, 5), normal(32, 6), normal(32, 1), normal(32, 1)
    model.fit((xw, xd), (y, y2), batch_size=8, epochs=1, verbose=0)
    write("multi_io", model, [normal(4, 5), normal(4, 6)], [y[:4], y2[:4]])


def every_layer():
    norm = L.Normalization()
    x = normal(48, 6) * 3 + 1
    norm.adapt(x)
    model = keras.Sequential([
        L.Input(shape=(6,)), norm, L.Reshape((2, 3)), L.Flatten(),
        L.Dense(8, kernel_regularizer=keras.regularizers.l2(0.01), kernel_constraint=keras.constraints.max_norm(2.0)),
        L.BatchNormalization(), L.Activation("relu"), L.Dropout(0.25), L.Dense(2)])
    model.compile(loss="mse", optimizer=O.Adam(learning_rate=0.01))
    y = normal(48, 2)
    model.fit(x, y, batch_size=16, epochs=2, verbose=0)
    # No after-step predictions: Dropout's random mask in training cannot be reproduced.
    write("every_layer", model, [normal(4, 6) * 3 + 1], [y[:4]], step=False)


OPTIMIZERS = {
    "sgd_nesterov": lambda: O.SGD(learning_rate=0.05, momentum=0.8, nesterov=True),
    "adam": lambda: O.Adam(learning_rate=0.01),
    "adamw": lambda: O.AdamW(learning_rate=0.01, weight_decay=0.05),
    "nadam": lambda: O.Nadam(learning_rate=0.01),
    "rmsprop_centered": lambda: O.RMSprop(learning_rate=0.01, momentum=0.5, centered=True),
    "adagrad": lambda: O.Adagrad(learning_rate=0.1),
    "adadelta": lambda: O.Adadelta(learning_rate=1.0),
    "adamax": lambda: O.Adamax(learning_rate=0.01),
    "ftrl": lambda: O.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.01),
}


def optimizer_models():
    for name, make in OPTIMIZERS.items():
        model = keras.Sequential([L.Input(shape=(3,)), L.Dense(4, activation="tanh"), L.Dense(1)])
        model.compile(loss="mse", optimizer=make())
        x, y = normal(24, 3), normal(24, 1)
        model.fit(x, y, batch_size=8, epochs=2, verbose=0)
        # tf.keras 2's Nadam keeps its u_product in a tf.Variable outside optimizer.variables: it is
        # in no file (tf.keras 2 itself restarts it at 1 after loading), and inside tf.function it
        # is multiplied once per model variable per step, so no loader can reproduce the next step.
        write(f"opt_{name}", model, [normal(4, 3)], [y[:4]], step=not (FLAVOR == "tfkeras2" and name == "nadam"))


if __name__ == "__main__":
    mlp()
    wide_deep()
    multi_io()
    every_layer()
    optimizer_models()
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(list(OUT.iterdir()))} files, {total} bytes, under {OUT}")
