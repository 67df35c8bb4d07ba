"""Shared by the Keras fixture generators that run under either Keras: picks tf.keras 2 when
TensorFlow is importable (the /work/venv-tf2 venv), else Keras 3 on the JAX backend.

Not run on its own; imported by Interop/make_keras_file_fixtures.py and
Interop/make_legacy_h5_fixtures.py (see their headers for how to rerun them).
"""
import os


def import_keras():
    """Returns (keras, flavor, keras_version): flavor "tfkeras2" or "keras3", the version as the
    fixture JSON records it ("tf.keras 2.15.1" or "3.15.1")."""
    os.environ.setdefault("KERAS_BACKEND", "jax")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        import tensorflow as tf  # only present in the tf.keras 2 venv
        return tf.keras, "tfkeras2", "tf.keras " + tf.__version__
    except ImportError:
        import keras
        return keras, "keras3", keras.__version__
