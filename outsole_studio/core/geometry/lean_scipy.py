"""scipy's parts the analysis uses, imported without the work its array-API layer does for them.

scipy's array-API layer (``scipy._lib._array_api``, loaded by every scipy module) costs each
process that imports the analysis two things it has no use for:

- It copies numpy's namespace by looking up each name numpy lists (``__all__``, then ``dir``),
  and so imports the submodules numpy loads only when asked for: its build and test tools
  (``numpy.f2py``, ``numpy.testing``), masked arrays, polynomials and the legacy ``char``,
  ``rec`` and ``ctypeslib``, which no array-API code uses: 80 ms. While that layer loads, numpy
  lists them no more; afterwards it lists them again, and each still loads when asked for.
- Its ``xp_capabilities`` decorator parses the docstring of every function it marks (numpydoc's
  ``FunctionDoc``) to add a note on array libraries, as ndimage, special and spatial load:
  about 50 ms. While they load here, the docstrings are left as they are.

Importing the analysis took 0.418 -> 0.356 s without numpy's build and test tools; then, in one
set of interleaved processes (medians of 20), 0.379 s, 0.317 s without the notes, 0.305 s
without numpy's other unused submodules too. Import scipy's modules from here, before anything
else loads scipy (where something did, the same modules load as they would anyway).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator

import numpy

_NOT_COPIED = frozenset({"f2py", "testing", "ma", "polynomial", "char", "rec", "ctypeslib"})


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


class _DocLeftAsItIs:
    """Stands for numpydoc's ``FunctionDoc`` in the array-API layer while scipy's modules load:
    the note added to its Notes goes nowhere, and the docstring comes back as it was."""

    def __init__(self, fn: object) -> None:
        self._doc = getattr(fn, "__doc__", None) or ""
        self._sections: dict[str, list[str]] = {}

    def __getitem__(self, name: str) -> list[str]:
        return self._sections.setdefault(name, [])

    def __str__(self) -> str:
        return "\n" + self._doc  # the decorator drops the first line (numpydoc's signature)


@contextlib.contextmanager
def _docstrings_left_as_they_are() -> Iterator[None]:
    layer = sys.modules.get("scipy._lib._array_api")
    names = ("FunctionDoc", "_make_capabilities_note")
    if layer is None or not all(hasattr(layer, name) for name in names):
        yield  # another scipy: its modules load as they do
        return
    saved = [getattr(layer, name) for name in names]
    setattr(layer, names[0], _DocLeftAsItIs)
    setattr(layer, names[1], lambda *args, **kwargs: "")
    try:
        yield
    finally:
        for name, value in zip(names, saved, strict=True):
            setattr(layer, name, value)


_load_array_api_layer()

with _docstrings_left_as_they_are():
    from scipy import ndimage as ndimage
    from scipy import sparse as sparse
    from scipy.sparse import csgraph as csgraph
    from scipy.spatial import ConvexHull as ConvexHull
    from scipy.spatial import QhullError as QhullError
