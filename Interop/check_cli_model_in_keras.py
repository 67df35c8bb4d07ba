"""Checks that the model files `swiftlearn train` writes are self-contained Keras models: real
Keras 3 loads them (.keras and .h5), finds the feature scaling as a Normalization first layer,
predicts on raw features what `swiftlearn predict` wrote (to 1e-5) and keeps training with `fit`.
It also runs `swiftlearn convert` and `swiftlearn inspect` on the files.

Run (after `swift build`):
  KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/check_cli_model_in_keras.py [.build/debug/swiftlearn]
It is also a pytest module: `SWIFTLEARN_BIN=.build/debug/swiftlearn pytest Interop/check_cli_model_in_keras.py`.
Exit code 0 when every check passes, 1 otherwise.
Versions: keras==3.15.1 with jax and numpy as pinned in Interop/requirements.txt.
"""
import os
import pathlib
import subprocess
import sys
import tempfile

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

TOLERANCE = 1e-5
ROOT = pathlib.Path(__file__).resolve().parent.parent


def run_checks(binary: str) -> list:
    problems = []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="swiftlearn-cli-keras-"))
    rng = np.random.default_rng(0)
    x = np.column_stack([rng.uniform(-1, 1, 200), rng.uniform(0, 100, 200), np.full(200, 5.0)]).astype("float32")
    y = (2 * x[:, 0] - x[:, 1] / 50 + 1).astype("float32")
    with open(folder / "d.csv", "w") as f:
        f.write("a,b,c,y\n" + "".join(f"{a},{b},{c},{t}\n" for (a, b, c), t in zip(x, y)))
    np.save(folder / "x.npy", x)

    def sl(*args):
        subprocess.run([binary, *map(str, args)], check=True, capture_output=True, text=True)

    # The CLI's default optimizer (SGD, whose `momentum: 0.0` Keras checks is a float) and Adam.
    for name, optimizer in [("m.keras", "sgd"), ("m.h5", "sgd"), ("a.keras", "adam"), ("a.h5", "adam")]:
        sl("train", folder / "d.csv", "--hidden", "8", "--epochs", "3", "--optimizer", optimizer, "--verbose", "0", "-o", folder / name)
        sl("predict", folder / name, folder / "x.npy", "-o", folder / (name + ".npy"))
        model = keras.models.load_model(folder / name)
        if model.layers[0].__class__.__name__ != "Normalization":
            problems.append(f"{name}: first layer is {model.layers[0].__class__.__name__}, not Normalization")
        diff = float(np.abs(model.predict(x, verbose=0) - np.load(folder / (name + ".npy"))).max())
        if diff > TOLERANCE:
            problems.append(f"{name}: Keras predicts {diff} away from swiftlearn predict")
        history = model.fit(x, y, epochs=1, verbose=0)
        if not np.isfinite(history.history["loss"][0]):
            problems.append(f"{name}: Keras' fit gives loss {history.history['loss']}")
    sl("convert", folder / "m.keras", folder / "c.h5")
    sl("convert", folder / "m.keras", folder / "c.weights.h5")
    clone = keras.models.load_model(folder / "m.keras")
    clone.load_weights(folder / "c.weights.h5")
    if float(np.abs(clone.predict(x, verbose=0) - np.load(folder / "m.keras.npy")).max()) > TOLERANCE:
        problems.append("c.weights.h5: Keras' load_weights gives other predictions")
    converted = keras.models.load_model(folder / "c.h5")
    if float(np.abs(converted.predict(x, verbose=0) - np.load(folder / "m.keras.npy")).max()) > TOLERANCE:
        problems.append("c.h5: converted model predicts differently in Keras")
    for name in ["m.keras", "c.h5", "c.weights.h5"]:
        out = subprocess.run([binary, "inspect", str(folder / name)], capture_output=True, text=True)
        if out.returncode != 0 or "iterations" not in out.stdout:
            problems.append(f"inspect {name}: exit {out.returncode}, output {out.stdout[-200:]} {out.stderr[-200:]}")
    return problems


def test_cli_models_load_in_keras():
    binary = os.environ.get("SWIFTLEARN_BIN", str(ROOT / ".build" / "debug" / "swiftlearn"))
    assert run_checks(binary) == []


if __name__ == "__main__":
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / ".build" / "debug" / "swiftlearn")
    found = run_checks(binary)
    for p in found:
        print("FAIL:", p)
    print("all checks passed" if not found else f"{len(found)} problem(s)")
    sys.exit(1 if found else 0)
