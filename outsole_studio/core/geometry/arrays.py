"""Array types of indexed triangle meshes (trimesh's conventions); numpy alone, so any module
may name them without importing the mesh code (the views' process does not)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
UIntArray = npt.NDArray[np.unsignedinteger[Any]]
