"""scipy loaded through lean_scipy: without numpy.f2py and numpy.testing, numpy's own lists as
they were, and scipy's functions working on numpy arrays as always."""

from __future__ import annotations

import json
import subprocess
import sys

CODE = """
import json, sys
import numpy
from outsole_studio.core.geometry.lean_scipy import csgraph, ndimage, sparse
loaded = sorted(m for m in ("numpy.f2py", "numpy.testing") if m in sys.modules)
listed = "f2py" in dir(numpy) and "testing" in dir(numpy) and "testing" in numpy.__all__
image = numpy.zeros((5, 7), bool)
image[1:3, 1:3] = image[3:5, 4:7] = True
_, blobs = ndimage.label(image)
graph = sparse.csr_array(([1, 1], ([0, 2], [1, 3])), shape=(5, 5))
shells, _ = csgraph.connected_components(graph, directed=False)
import numpy.testing
print(json.dumps([loaded, listed, blobs, shells, numpy.testing.assert_equal.__name__]))
"""


def test_scipy_loads_without_numpys_tools_and_works():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                          check=True)  # fmt: skip
    loaded, listed, blobs, shells, later = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == []  # neither tool loaded with scipy
    assert listed  # numpy lists them again afterwards
    assert blobs == 2 and shells == 3  # {0,1}, {2,3}, {4}
    assert later == "assert_equal"  # and numpy.testing still loads when asked for
