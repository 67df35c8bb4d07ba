"""Checks legacy .h5 model files written by SwiftLearn with real Keras 3: each loads with
`keras.models.load_model`, predicts what SwiftLearn predicted (1e-5), and keeps training with
`fit` for one epoch (finite loss, weights change); the weights-only file `weights/<name>.h5`
loads with `model.load_weights` into a fresh clone and predicts the same. The files carry SwiftLearn's optimizer state
in `/swiftlearn_optimizer_state`, which Keras must ignore; a Keras `optimizer_weights` group
would make `fit` fail (reference keras-formats §1.8), so its absence is checked too.

Writes the files (from the repository root), then checks them:
  LEGACY_H5_INTEROP_OUT=/tmp/legacy-h5 swift test --disable-xctest --filter writeLegacyH5ForInteropCheck
  KERAS_BACKEND=jax /work/venv-keras/bin/python Interop/check_legacy_h5_by_swiftlearn.py /tmp/legacy-h5
      (keras==3.15.1, jax==0.10.2, h5py==3.16.0, numpy==2.4.6)
Exit status 0 when every file passes, 1 otherwise; one line per file.
"""
import json
import os
import pathlib
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402


def array(record):
    return np.asarray(record["values"], dtype=np.float32).reshape(record["shape"])


def check(h5_path):
    record = json.loads(h5_path.with_suffix(".json").read_text())
    with h5py.File(h5_path, "r") as f:
        assert "optimizer_weights" not in f, "a Keras optimizer_weights group breaks fit in Keras 3"
        assert "swiftlearn_optimizer_state" in f, "the optimizer state group is missing"
        compiled_in_file = "training_config" in f.attrs
    model = keras.models.load_model(str(h5_path))
    probes = [array(p) for p in record["probes"]]
    outs = model.predict(probes if len(probes) > 1 else probes[0], verbose=0)
    outs = outs if isinstance(outs, list) else [outs]
    worst = max(float(np.max(np.abs(o - array(e)))) for o, e in zip(outs, record["outputs"]))
    assert len(outs) == len(record["outputs"]) and worst <= 1e-5, f"predictions differ by {worst}"
    weights_path = h5_path.parent / "weights" / h5_path.name
    if weights_path.exists():
        # The weights-only file (tf.keras 2's save_weights layout) into a fresh copy of the model.
        twin = keras.models.clone_model(model)
        twin.load_weights(str(weights_path))
        again = twin.predict(probes if len(probes) > 1 else probes[0], verbose=0)
        again = again if isinstance(again, list) else [again]
        assert all(np.array_equal(a, b) for a, b in zip(again, outs)), "weights-only file predicts differently"
    if not compiled_in_file:
        # No @training_config yet (the compile-config code writes it): compile as SwiftLearn did.
        model.compile(loss=record["loss"], optimizer="adam")
    before = [w.copy() for w in model.get_weights()]
    x = [array(t) for t in record["x"]]
    history = model.fit(x if len(x) > 1 else x[0], array(record["y"]), epochs=1, batch_size=16, verbose=0)
    loss = history.history["loss"][0]
    assert np.isfinite(loss), f"fit gave loss {loss}"
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights())), "fit changed no weight"
    return f"predict max |diff| {worst:.2e}, fit loss {loss:.4f}, compiled from file: {compiled_in_file}"


def main(folder):
    files = sorted(pathlib.Path(folder).glob("*.h5"))
    if not files:
        print(f"legacy .h5 check: no .h5 files in {folder}")
        return 1
    failed = 0
    for path in files:
        try:
            print(f"ok   {path.name}: {check(path)}")
        except Exception as error:  # report every file, then fail
            failed += 1
            print(f"FAIL {path.name}: {type(error).__name__}: {error}")
    print(f"legacy .h5 check: {len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_legacy_h5_by_swiftlearn.py FOLDER")
    sys.exit(main(sys.argv[1]))
