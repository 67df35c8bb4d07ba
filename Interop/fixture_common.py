"""Helpers shared by the fixture generators in Interop/: the tf.keras 2 / Keras 3 import of the
Keras file generators, and the `--out` folder, float32-exact inputs and JSON writing of the
scikit-learn generators.

Not run on its own; imported by the Interop/make_*.py generators and
Interop/sklearn_cv_reference.py (see each one's header for how to rerun it). It needs only the
standard library and numpy, so it works in every generator's venv.
"""
import argparse
import json
import os
import pathlib

import numpy as np


def import_keras():
    """Returns (keras, flavor, keras_version): flavor "tfkeras2" when TensorFlow is importable
    (the /work/venv-tf2 venv), else "keras3" on the JAX backend; the version as the fixture JSON
    records it ("tf.keras 2.15.1" or "3.15.1")."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import tensorflow as tf  # only present in the tf.keras 2 venv
        return tf.keras, "tfkeras2", "tf.keras " + tf.__version__
    except ImportError:
        import keras
        return keras, "keras3", keras.__version__


def sklearn_fixture_path(doc, filename):
    """Parses the generator's command line (`--out DIR`, default the committed Fixtures/sklearn;
    `doc`'s first line is the --help description) and returns the path of `filename` in DIR."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent.parent / "Fixtures" / "sklearn"),
                        help=f"folder to write {filename} into (default: the committed Fixtures/sklearn)")
    return pathlib.Path(parser.parse_args().out) / filename


def write_json(path, value, **dumps_options):
    """Writes `value` as JSON (json.dumps with `dumps_options`) and a final newline to `path`,
    creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, **dumps_options) + "\n")


def f32(a):
    """`a` rounded to float32 and handed back as float64: inputs SwiftLearn's Float32 tensors
    hold exactly."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)
