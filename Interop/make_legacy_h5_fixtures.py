"""Writes Fixtures/keras/legacy/: legacy full-model .h5 files (`model.save("m.h5")`) from real
Keras 3 and from real tf.keras 2, each with a JSON file holding probe inputs and Keras' own
predictions, so the Swift tests (Tests/NeuralNetTests/LegacyH5FixtureTests.swift) load each file
and match the predictions to 1e-5.

Models (small on purpose, the files are committed):
  mlp        Sequential: Flatten(input_shape=[4, 5]) -> Dense(8, relu) -> Dense(3, softmax),
             compiled with SGD(momentum=0.9), sparse_categorical_crossentropy, 1 epoch of fit
             (so the file also has training_config and Keras' optimizer_weights).
  wide_deep  Functional, two inputs: wide_input [5], deep_input [6] -> Dense(8, relu) ->
             Dense(8, relu); Concatenate([wide_input, hidden2]) -> Dense(1); Adam, mse, 1 epoch.

Files: <flavor>_<model>.h5 and <flavor>_<model>.json, flavor `keras3` or `tfkeras2`, chosen by
the Keras the script runs under. Rerun both (from the repository root):
  KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/make_legacy_h5_fixtures.py
      (keras==3.15.1, jax==0.10.2, h5py==3.16.0, numpy==2.4.6)
  /work/venv-tf2/bin/python Interop/make_legacy_h5_fixtures.py
      (python3.11 -m venv /work/venv-tf2 && /work/venv-tf2/bin/pip install "tensorflow-cpu==2.15.1" "h5py==3.16.0":
       tensorflow-cpu 2.15.1 with its keras 2.15.0 (tf.keras), numpy 1.26.4)
"""
import json
import pathlib

from fixture_common import import_keras

keras, FLAVOR, KERAS_VERSION = import_keras()
import numpy as np  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "keras" / "legacy"
OUT.mkdir(parents=True, exist_ok=True)
keras.utils.set_random_seed(11)
rng = np.random.default_rng(7)
L = keras.layers


def flat(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def write(name, model, probes):
    path = OUT / f"{FLAVOR}_{name}.h5"
    model.save(str(path))
    outs = model.predict(probes if len(probes) > 1 else probes[0], verbose=0)
    outs = outs if isinstance(outs, list) else [outs]
    record = {"keras_version": KERAS_VERSION, "flavor": FLAVOR,
              "probes": [{"shape": list(p.shape), "values": flat(p)} for p in probes],
              "outputs": [{"shape": list(o.shape), "values": flat(o)} for o in outs],
              "weights": [{"shape": list(w.shape), "values": flat(w)} for w in model.get_weights()]}
    (OUT / f"{FLAVOR}_{name}.json").write_text(json.dumps(record) + "\n")
    # The loader of the same Keras must predict the same from the file.
    again = keras.models.load_model(str(path), compile=False)
    back = again.predict(probes if len(probes) > 1 else probes[0], verbose=0)
    back = back if isinstance(back, list) else [back]
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(outs, back)), name
    print(f"wrote {path.relative_to(OUT.parent.parent.parent)} ({path.stat().st_size} bytes)")


def mlp():
    model = keras.Sequential([L.Flatten(input_shape=[4, 5]), L.Dense(8, activation="relu"),
                              L.Dense(3, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), metrics=["accuracy"])
    x = rng.normal(size=(64, 4, 5)).astype("float32")
    y = rng.integers(0, 3, size=(64,))
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    write("mlp", model, [rng.normal(size=(5, 4, 5)).astype("float32")])


def wide_deep():
    wide = L.Input(shape=[5], name="wide_input")
    deep = L.Input(shape=[6], name="deep_input")
    h1 = L.Dense(8, activation="relu")(deep)
    h2 = L.Dense(8, activation="relu")(h1)
    concat = L.Concatenate()([wide, h2])
    out = L.Dense(1)(concat)
    model = keras.Model(inputs=[wide, deep], outputs=[out])
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(learning_rate=0.01))
    xw = rng.normal(size=(64, 5)).astype("float32")
    xd = rng.normal(size=(64, 6)).astype("float32")
    y = rng.normal(size=(64, 1)).astype("float32")
    model.fit((xw, xd), y, epochs=1, batch_size=16, verbose=0)
    write("wide_deep", model, [rng.normal(size=(4, 5)).astype("float32"), rng.normal(size=(4, 6)).astype("float32")])


if __name__ == "__main__":
    mlp()
    wide_deep()
