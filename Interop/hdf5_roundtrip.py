#!/usr/bin/env python3
"""HDF5 interop between h5py and SwiftLearn's HDF5 module.

  write PATH   writes the fixture the Swift tests read (committed as Fixtures/hdf5/h5py_written.h5):
               python Interop/hdf5_roundtrip.py write Fixtures/hdf5/h5py_written.h5
  check PATH   checks a file written by the Swift side (swift test writes it when
               HDF5_INTEROP_OUT=PATH is set, see Tests/HDF5Tests/InteropTests.swift):
               HDF5_INTEROP_OUT=/tmp/swift.h5 swift test --disable-xctest --filter HDF5Tests.InteropTests
               python Interop/hdf5_roundtrip.py check /tmp/swift.h5

Needs h5py and numpy (e.g. python3 -m venv /work/venv-h5 && /work/venv-h5/bin/pip install h5py numpy).
The expected values are written out here literally, once, and the Swift tests hold the same literals.
"""
import sys

import h5py
import numpy as np

# The same values on both sides (Tests/HDF5Tests/InteropTests.swift).
MATRIX = np.arange(12, dtype=np.float32).reshape(3, 4) / 4 - 1      # -1.0, -0.75, ..., 1.75
INT16 = np.array([[-32768, -1, 0], [1, 2, 32767]], dtype=np.int16)
UINT64 = np.array([0, 1, 2**64 - 1], dtype=np.uint64)
SCALAR = np.float64(3.141592653589793)
LAYER_NAMES = [b"dense", b"dense_1", b"dropout"]
CONFIG = '{"class_name": "Sequential", "name": "caf\u00e9"}'


def write(path):
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = np.array(LAYER_NAMES, dtype="S")       # fixed-length byte strings
        f.attrs["model_config"] = CONFIG                                # variable-length UTF-8 str
        f.attrs["fixed_config"] = np.bytes_(b"{}")                      # fixed-length scalar
        f.attrs["version"] = np.int64(3)
        f.attrs["scale"] = np.array([0.5, 2.0], dtype=np.float64)
        f.attrs["unicode_names"] = np.array(["\u00e4", "b"], dtype=h5py.string_dtype())
        g = f.create_group("model_weights/dense")
        g.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"], dtype="S")
        g.create_dataset("kernel:0", data=MATRIX)
        g.create_dataset("bias:0", data=np.zeros(4, dtype=np.float32))
        f.create_dataset("int16", data=INT16)
        f.create_dataset("uint64", data=UINT64)
        f.create_dataset("scalar", data=SCALAR)
        f.create_dataset("big_endian", data=MATRIX.astype(">f8"))
        f.create_dataset("half", data=np.array([0.5, -2, 65504], dtype=np.float16))
        # Hostile-ish content the reader must reject cleanly:
        f.attrs["latin1"] = np.bytes_(b"caf\xe9")                          # not UTF-8
        f.create_dataset("huge", shape=(2**30, 2**30), dtype="f4")         # 2^60 elements, never written


def check(path):
    with h5py.File(path, "r") as f:
        assert np.array_equal(f["matrix"][()], MATRIX), f["matrix"][()]
        assert f["matrix"].dtype == np.float32
        assert np.array_equal(f["group/int16"][()], INT16)
        assert f["group/int16"].dtype == np.int16
        assert np.array_equal(f["group/uint64"][()], UINT64)
        assert f["scalar"].shape == () and f["scalar"][()] == SCALAR
        assert list(f.attrs["layer_names"]) == LAYER_NAMES, f.attrs["layer_names"]
        assert f.attrs["layer_names"].dtype.kind == "S"
        assert f.attrs["model_config"] == CONFIG, f.attrs["model_config"]
        assert f["group"].attrs["fixed_config"] == CONFIG.encode(), f["group"].attrs["fixed_config"]
        assert f.attrs["version"] == 3 and f.attrs["version"].dtype == np.int64
        assert list(f.attrs["scale"]) == [0.5, 2.0]
        assert sorted(f.keys()) == ["group", "matrix", "scalar"]
    print("h5py read the Swift-written file correctly:", path)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(__doc__)
    (write if sys.argv[1] == "write" else check)(sys.argv[2])
