"""Big results from the worker process to the window through shared memory.

A 1.26 M-triangle model's analysis and its scene for the view come to about 100 MB of numpy
arrays. Through the worker's queue they are pickled into one stream, pushed through a pipe 64 kB
at a time and unpickled: 0.34-0.41 s measured. Here the pickle carries the arrays out of band
(pickle protocol 5): the worker copies them into one shared-memory block and the queue carries
only the pickle of the rest and where each array lies; the window copies them out and the block
is gone.
"""

from __future__ import annotations

import contextlib
import pickle
from dataclasses import dataclass
from multiprocessing.shared_memory import SharedMemory
from typing import Any

from ..io.pickled import dumps

#: Results whose arrays come to less than this go through the queue as they are, bytes.
MIN_SHARED_BYTES = 8 << 20


@dataclass(frozen=True)
class Shared:
    """A result whose arrays wait in the shared-memory block ``block``.

    Attributes
    ----------
    data : bytes
        The result's pickle without its arrays' data.
    block : str
        Name of the shared-memory block.
    spans : tuple of (offset, length)
        Where each array's data lies in the block, bytes, in the pickle's order.
    """

    data: bytes
    block: str
    spans: tuple[tuple[int, int], ...]


def share(obj: Any) -> tuple[Any, SharedMemory | None]:
    """``obj`` as :class:`Shared` with its arrays in a new block, and the block (the sender keeps
    it open until the result has been taken: on Windows a block lives only while it is open);
    ``(obj, None)`` when its arrays are small."""
    buffers: list[pickle.PickleBuffer] = []
    data = dumps(obj, buffers)  # the arrays come back with numpy's own dtypes
    views = [b.raw() for b in buffers]
    total = sum(v.nbytes for v in views)
    if total < MIN_SHARED_BYTES:
        return obj, None
    block = SharedMemory(create=True, size=total)
    buf = block.buf
    assert buf is not None  # an open block
    spans = []
    offset = 0
    for view in views:
        buf[offset : offset + view.nbytes] = view
        spans.append((offset, view.nbytes))
        offset += view.nbytes
    return Shared(data, block.name, tuple(spans)), block


def take(shared: Shared) -> Any:
    """The result: its arrays copied out of the block, and the block removed.

    Copied by numpy, which lets go of the interpreter while it copies: the window's thread
    runs meanwhile. (Copied into ``bytearray`` objects, 100 MB held the interpreter lock for
    the whole copy and the window's heartbeat stalled 120-180 ms in a run in four.)
    """
    import numpy as np

    block = SharedMemory(name=shared.block)
    try:
        buf = block.buf
        assert buf is not None  # an open block
        buffers = []
        for o, n in shared.spans:
            out = np.empty(n, dtype=np.uint8)
            np.copyto(out, np.frombuffer(buf, np.uint8, n, o))
            buffers.append(out)
    finally:
        block.close()
        with contextlib.suppress(FileNotFoundError):
            block.unlink()  # POSIX: the name goes now, the memory when the sender closes it
    return pickle.loads(shared.data, buffers=buffers)
