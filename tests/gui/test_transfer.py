"""Big results through shared memory: the same values back, small ones untouched, no block
left behind."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from multiprocessing.shared_memory import SharedMemory

import numpy as np
import pytest

from outsole_studio.gui.transfer import MIN_SHARED_BYTES, Shared, share, take


@dataclass(frozen=True)
class _Result:
    name: str
    vertices: np.ndarray
    faces: np.ndarray
    columns: np.ndarray  # Fortran order: out of band too


def test_arrays_travel_in_a_block_and_come_back_equal():
    rng = np.random.default_rng(3)
    vertices = rng.normal(size=(400_000, 3))
    vertices.flags.writeable = False  # as the analysis hands them over
    result = _Result("sole", vertices, rng.integers(0, 400_000, (600_000, 3)),
                     np.asfortranarray(rng.normal(size=(1000, 50))))  # fmt: skip
    shared, block = share(result)
    assert isinstance(shared, Shared) and block is not None
    assert len(shared.data) < 10_000  # the queue carries the pickle without the arrays
    assert sum(n for _, n in shared.spans) == vertices.nbytes + result.faces.nbytes + 400_000
    back = take(shared)
    block.close()
    assert back.name == "sole"
    assert np.array_equal(back.vertices, vertices) and np.array_equal(back.faces, result.faces)
    assert np.array_equal(back.columns, result.columns)
    assert back.vertices.dtype is np.dtype(np.float64)  # numpy's own (io.pickled)
    if sys.platform != "win32":  # the block's name is gone once taken
        with pytest.raises(FileNotFoundError):
            SharedMemory(name=shared.block)


def test_small_results_go_as_they_are():
    small = {"volume_cm3": 123.4, "faces": np.zeros((10, 3), dtype=np.int64)}
    shared, block = share(small)
    assert shared is small and block is None
    assert small["faces"].nbytes < MIN_SHARED_BYTES


def test_taking_a_big_result_lets_the_windows_thread_run():
    """The arrays are copied out of the block without holding the interpreter lock, so the
    window's thread (here a probe counting its longest wait) goes on meanwhile."""
    import threading
    import time

    big = {"a": np.ones(96 << 20, dtype=np.uint8), "b": np.full(12 << 20, 2.0)}
    shared, block = share(big)
    assert block is not None
    gaps: list[float] = []
    stop = threading.Event()

    def probe() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
            time.sleep(0.001)

    thread = threading.Thread(target=probe)
    thread.start()
    time.sleep(0.02)
    start = time.perf_counter()
    back = take(shared)
    took = time.perf_counter() - start
    stop.set()
    thread.join()
    block.close()
    assert np.array_equal(back["a"], big["a"]) and np.array_equal(back["b"], big["b"])
    back["a"][0] = 7  # the arrays are the window's own, writeable
    assert max(gaps) < max(0.02, 0.2 * took), (max(gaps), took)
