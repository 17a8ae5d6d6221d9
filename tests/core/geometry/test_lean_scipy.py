"""scipy loaded through lean_scipy: without numpy's unused submodules (numpy.f2py,
numpy.testing, numpy.ma...) and without the array-API layer's docstring notes; numpy's own
lists and the layer as they were afterwards, and scipy's functions working as always."""

from __future__ import annotations

import json
import subprocess
import sys

CODE = """
import json, sys
import numpy
from outsole_studio.core.geometry.lean_scipy import csgraph, ndimage, sparse
SPARED = ("f2py", "testing", "ma", "polynomial", "char", "rec", "ctypeslib")
loaded = sorted(m for m in SPARED if "numpy." + m in sys.modules)
listed = all(m in dir(numpy) and m in numpy.__all__ for m in SPARED)
image = numpy.zeros((5, 7), bool)
image[1:3, 1:3] = image[3:5, 4:7] = True
_, blobs = ndimage.label(image)
graph = sparse.csr_array(([1, 1], ([0, 2], [1, 3])), shape=(5, 5))
shells, _ = csgraph.connected_components(graph, directed=False)
import scipy._lib._array_api as layer
import scipy._lib._docscrape as docscrape
marked = [f for f in layer.xp_capabilities_table
          if getattr(f, "__module__", "").startswith("scipy.ndimage")]
noted = sum("Array API Standard Support" in (f.__doc__ or "") for f in marked)
docs = [layer.FunctionDoc is docscrape.FunctionDoc,
        ndimage.label.__doc__.startswith("Label features")]
@layer.xp_capabilities()
def later_one():
    '''Marked after the analysis was loaded.'''
import numpy.testing
print(json.dumps([loaded, listed, blobs, shells, len(marked), noted, docs,
                  "Array API Standard Support" in later_one.__doc__,
                  numpy.testing.assert_equal.__name__]))
"""


def test_scipy_loads_without_numpys_tools_and_notes_and_works():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          check=True)  # fmt: skip
    loaded, listed, blobs, shells, marked, noted, docs, noted_later, later = json.loads(
        done.stdout.strip().splitlines()[-1]
    )
    assert loaded == []  # none of numpy's spared submodules loaded with scipy
    assert listed  # numpy lists them again afterwards
    assert blobs == 2 and shells == 3  # {0,1}, {2,3}, {4}
    assert marked > 10 and noted == 0  # ndimage's functions marked, their docstrings as written
    assert docs == [True, True]  # the layer's own FunctionDoc back; ndimage.label's doc intact
    assert noted_later  # what is marked afterwards gets its note as scipy writes it
    assert later == "assert_equal"  # and numpy.testing still loads when asked for
