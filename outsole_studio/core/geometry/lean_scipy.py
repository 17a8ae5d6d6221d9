"""scipy's parts the analysis uses, imported without numpy's build and test tools.

scipy's array-API layer (``scipy._lib.array_api_compat``), loaded by every scipy module, copies
numpy's namespace by looking up each name numpy lists (``__all__``, then ``dir``), and so imports
``numpy.f2py`` and ``numpy.testing``, which numpy loads only when asked for: 58 ms of each
process's start (of 0.35 s importing the whole analysis), for modules no array code calls.
While that layer loads, numpy lists the two no more; afterwards it lists them again, and
``numpy.testing`` still loads when something asks for it. Import scipy's modules from here,
before anything else loads scipy.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

import numpy

_NOT_COPIED = frozenset({"f2py", "testing"})


def _load_array_api_layer() -> None:
    if "scipy._lib._array_api" in sys.modules:
        return  # scipy was loaded before: nothing to spare
    listed: Callable[[], Iterable[str]] = numpy.__dir__
    exported: list[str] = numpy.__all__

    def without_tools() -> list[str]:
        return [name for name in listed() if name not in _NOT_COPIED]

    numpy.__dir__ = without_tools  # type: ignore[method-assign]
    numpy.__all__ = [name for name in exported if name not in _NOT_COPIED]
    try:
        import scipy._lib._array_api  # noqa: F401
    finally:
        numpy.__dir__ = listed  # type: ignore[method-assign]
        numpy.__all__ = exported


_load_array_api_layer()

from scipy import ndimage as ndimage  # noqa: E402
from scipy import sparse as sparse  # noqa: E402
from scipy.sparse import csgraph as csgraph  # noqa: E402
from scipy.spatial import ConvexHull as ConvexHull  # noqa: E402
from scipy.spatial import QhullError as QhullError  # noqa: E402
