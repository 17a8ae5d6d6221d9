"""Names the command line and the window offer before any geometry is computed (no numpy):
the file units and the axes a user may set as the vertical."""

from __future__ import annotations

UNIT_TO_MM: dict[str, float] = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4}
"""Scale factors from each supported length unit to millimetres."""

#: The file axes a user may set as the vertical.
UP_AXES = ("+X", "-X", "+Y", "-Y", "+Z", "-Z")
