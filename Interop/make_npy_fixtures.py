#!/usr/bin/env python3
"""Writes Fixtures/npy/: small .npy files saved by real NumPy, plus expected.json.

Every supported dtype in both byte orders, format versions 1.0/2.0/3.0, Fortran order, and the
shapes (), (0, 3), (5,) and rank 4. expected.json lists, per file, NumPy's view of it: descr,
shape, fortran_order, format version, the elements in C order as exact decimal strings
(repr of the Python int/float), and the same elements converted by NumPy to float32.

    python3 Interop/make_npy_fixtures.py      (NumPy >= 1.17; the files are committed)
"""
import json
import os

import numpy as np
from numpy.lib import format as npformat

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "npy")


def values_for(dtype):
    """Six values in the corners of the dtype's range, shape (2, 3)."""
    dt = np.dtype(dtype)
    if dt.kind == "f":
        big = 3.0e38 if dt.itemsize == 4 else 1.0e300
        return np.array([-1.5, -0.0, 0.1, big, np.inf, np.nan], dtype=dt).reshape(2, 3)
    if dt.kind == "b":
        return np.array([True, False, True, True, False, False], dtype=dt).reshape(2, 3)
    info = np.iinfo(dt)
    mid = 2**24 + 1 if info.max > 2**24 else info.max // 2  # 2**24 + 1 is not a float32
    if dt.itemsize == 8:
        mid = 2**53 + 1  # not a float64 either
    low = -1 if info.min < 0 else 7
    return np.array([info.min, low, 0, 1, mid, info.max], dtype=dt).reshape(2, 3)


def text(x):
    return repr(x.item() if hasattr(x, "item") else x)


def record(name, array, version=None):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        npformat.write_array(f, array, version=version)
    with open(path, "rb") as f:
        major, minor = npformat.read_magic(f)
    loaded = np.load(path)
    assert loaded.dtype == array.dtype and loaded.shape == array.shape
    c_order = np.ascontiguousarray(loaded).ravel(order="C")
    return {
        "descr": npformat.dtype_to_descr(loaded.dtype),
        "shape": list(loaded.shape),
        "fortran_order": bool(loaded.flags.f_contiguous and not loaded.flags.c_contiguous),
        "version": [major, minor],
        "values": [text(v) for v in c_order],
        "float32": [text(float(v)) for v in c_order.astype(np.float32)],
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}
    codes = ["f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]
    for code in codes:
        for order, tag in (("<", "le"), (">", "be")):
            if code in ("i1", "u1", "b1") and order == ">":
                continue  # one-byte types have no byte order ('|')
            name = f"{code}_{tag}.npy" if code not in ("i1", "u1", "b1") else f"{code}.npy"
            expected[name] = record(name, values_for(order + code))
    a = np.arange(24, dtype="<f4").reshape(2, 3, 4) * 0.5
    expected["v2_f4.npy"] = record("v2_f4.npy", a, version=(2, 0))
    expected["v3_f4.npy"] = record("v3_f4.npy", a, version=(3, 0))
    expected["fortran_f8_2x3x4.npy"] = record("fortran_f8_2x3x4.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)))
    expected["fortran_i2_be_3x2.npy"] = record("fortran_i2_be_3x2.npy", np.asfortranarray(np.array([[1, -2], [300, -400], [5, 6]], dtype=">i2")))
    expected["scalar_f4.npy"] = record("scalar_f4.npy", np.array(2.5, dtype="<f4"))
    expected["empty_0x3_f4.npy"] = record("empty_0x3_f4.npy", np.zeros((0, 3), dtype="<f4"))
    expected["rank1_f4.npy"] = record("rank1_f4.npy", np.array([1, 2, 3, 4, 5], dtype="<f4"))
    expected["rank4_i8.npy"] = record("rank4_i8.npy", np.arange(2 * 1 * 3 * 2, dtype="<i8").reshape(2, 1, 3, 2) - 5)
    expected["long_row_f4.npy"] = record("long_row_f4.npy", np.ones((1234567890123, 0), dtype="<f4"))
    # Headers whose length depends on the growth spaces, and one that is already a multiple of
    # 64 bytes before padding (NumPy then pads a whole 64 more).
    expected["growth_rank15_f4.npy"] = record("growth_rank15_f4.npy", np.full((1,) * 15, 7.25, dtype="<f4"))
    expected["aligned_rank36_f4.npy"] = record("aligned_rank36_f4.npy", np.full((1,) * 36, -3.0, dtype="<f4"))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(expected)} files to {os.path.normpath(OUT)} with NumPy {np.__version__}")


if __name__ == "__main__":
    main()
