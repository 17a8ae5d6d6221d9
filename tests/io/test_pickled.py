"""Pickles for another process: arrays come back equal and with numpy's own dtypes."""

from __future__ import annotations

import pickle

import numpy as np

from outsole_studio.io.pickled import dumps


def test_arrays_come_back_with_numpys_own_dtypes_in_band_and_out_of_band():
    arrays = {
        "vertices": np.random.default_rng(1).normal(size=(50, 3)),
        "faces": np.arange(30, dtype=np.int64).reshape(10, 3),
        "mask": np.ones(7, dtype=bool),
        "soup": np.zeros((4, 3, 3), dtype=np.float32),
        "records": np.zeros(3, dtype=[("n", "<f4", (3,)), ("a", "<u2")]),  # not a plain dtype
        "swapped": np.arange(4, dtype=">f8"),
    }
    # numpy's own pickle brings a copy of the dtype back: what this module is for.
    assert pickle.loads(pickle.dumps(arrays["vertices"])).dtype is not np.dtype(np.float64)
    buffers: list[pickle.PickleBuffer] = []
    for back in (pickle.loads(dumps(arrays)),
                 pickle.loads(dumps(arrays, buffers), buffers=buffers)):  # fmt: skip
        for name, array in arrays.items():
            assert np.array_equal(back[name], array) and back[name].dtype == array.dtype
        for name in ("vertices", "faces", "mask", "soup"):
            assert back[name].dtype is np.dtype(arrays[name].dtype.str)
    assert len(buffers) == len(arrays)  # every array's memory went out of band
