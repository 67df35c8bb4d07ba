"""Checks that real Keras 3 loads the files SwiftLearn writes, predicts what SwiftLearn
predicted (to 1e-5), restores the optimizer state and keeps training with `fit`.

The folder is written by the Swift test `SavingKerasInteropTests/writesFilesForKerasToCheck`:
  SWIFTLEARN_SAVING_OUT=/tmp/sl-saving swift test --disable-xctest --filter writesFilesForKerasToCheck
  KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/check_saved_by_swiftlearn.py /tmp/sl-saving
For every <name>.json there it loads <name>.keras with `keras.models.load_model` and
<name>.weights.h5 with `model.load_weights` into a clone, and checks predictions, the
optimizer's iterations (the .keras file carries them) and one `fit` epoch (unshuffled, with the
record's batch_size) whose loss must equal SwiftLearn's `next_epoch_loss` to 1e-4 relative (when
the record has one: not for a model with an active Dropout). It is also a pytest
module: `SWIFTLEARN_SAVING_DIR=<folder> pytest Interop/check_saved_by_swiftlearn.py`.
Exit code 0 when every check passes, 1 otherwise (2 for a missing folder).
Versions: keras==3.15.1 with jax, numpy, h5py as pinned in Interop/requirements.txt.
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

TOLERANCE = 1e-5
LOSS_TOLERANCE = 1e-4  # relative, for the next epoch's loss


def _arrays(items):
    return [np.asarray(i["values"], dtype="float32").reshape(i["shape"]) for i in items]


def check_one(folder: pathlib.Path, name: str) -> list:
    """Every failed check for the files of `name`, as messages (empty when all pass)."""
    problems = []
    record = json.loads((folder / f"{name}.json").read_text())
    inputs, expected = _arrays(record["inputs"]), _arrays(record["outputs"])
    feed = inputs if len(inputs) > 1 else inputs[0]

    def compare(model, what):
        got = model.predict(feed, verbose=0)
        got = got if isinstance(got, (list, tuple)) else [got]
        if len(got) != len(expected):
            problems.append(f"{what}: {len(got)} outputs, expected {len(expected)}")
            return
        for k, (g, e) in enumerate(zip(got, expected)):
            worst = float(np.max(np.abs(np.asarray(g) - e))) if g.shape == e.shape else float("inf")
            if worst > TOLERANCE:
                problems.append(f"{what}: output {k} differs from SwiftLearn's by {worst} (shapes {g.shape} / {e.shape})")

    try:
        model = keras.models.load_model(folder / f"{name}.keras")
    except Exception as error:  # noqa: BLE001 - report and go on
        return [f"{name}.keras: load_model failed: {type(error).__name__}: {error}"]
    compare(model, f"{name}.keras")
    iterations = int(model.optimizer.iterations.numpy())
    if iterations != record["iterations"]:
        problems.append(f"{name}.keras: optimizer iterations {iterations}, SwiftLearn saved {record['iterations']}")
    slots = len(model.optimizer.variables)
    if slots <= 2 and type(model.optimizer).__name__ != "SGD":
        problems.append(f"{name}.keras: the optimizer state was not restored ({slots} variables)")
    try:
        targets = _arrays(record["targets"])
        history = model.fit(feed, targets if len(targets) > 1 else targets[0], epochs=1, verbose=0,
                            batch_size=record.get("batch_size", 32), shuffle=False)
        if int(model.optimizer.iterations.numpy()) <= iterations:
            problems.append(f"{name}.keras: fit did not advance the optimizer")
        # With the optimizer state kept, Keras' next epoch is SwiftLearn's next epoch.
        ours = record.get("next_epoch_loss")
        if ours is not None:
            theirs = float(history.history["loss"][0])
            if abs(theirs - ours) > LOSS_TOLERANCE * max(abs(ours), 1e-12):
                problems.append(f"{name}.keras: next-epoch loss {theirs}, SwiftLearn's {ours} "
                                f"(relative difference {abs(theirs - ours) / max(abs(ours), 1e-12):.2e})")
    except Exception as error:  # noqa: BLE001
        problems.append(f"{name}.keras: fit failed: {type(error).__name__}: {error}")

    try:
        clone = keras.models.clone_model(model)
        clone.compile(optimizer=type(model.optimizer).from_config(model.optimizer.get_config()), loss=model.loss)
        clone.optimizer.build(clone.trainable_variables)
        clone.load_weights(folder / f"{name}.weights.h5")
        compare(clone, f"{name}.weights.h5")
        if int(clone.optimizer.iterations.numpy()) != record["iterations"]:
            problems.append(f"{name}.weights.h5: optimizer iterations {int(clone.optimizer.iterations.numpy())}, SwiftLearn saved {record['iterations']}")
    except Exception as error:  # noqa: BLE001
        problems.append(f"{name}.weights.h5: {type(error).__name__}: {error}")
    return problems


def check_folder(folder: pathlib.Path) -> list:
    names = sorted(p.stem for p in folder.glob("*.json"))
    if not names:
        return [f"no <name>.json files in {folder}: run the Swift test writesFilesForKerasToCheck first"]
    problems = []
    for name in names:
        found = check_one(folder, name)
        print(("FAIL " if found else "ok   ") + name)
        problems += found
    return problems


def test_files_saved_by_swiftlearn():
    """pytest entry: SWIFTLEARN_SAVING_DIR names the folder."""
    folder = pathlib.Path(os.environ["SWIFTLEARN_SAVING_DIR"])
    assert check_folder(folder) == []


if __name__ == "__main__":
    if len(sys.argv) != 2 or not pathlib.Path(sys.argv[1]).is_dir():
        print(__doc__)
        sys.exit(2)
    found = check_folder(pathlib.Path(sys.argv[1]))
    for p in found:
        print("  " + p)
    sys.exit(1 if found else 0)
