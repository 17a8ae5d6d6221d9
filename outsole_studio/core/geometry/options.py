"""How a model is read: the overrides a user gives (no numpy: the command line builds them
before any geometry is loaded, and a batch's workers receive them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .tolerances import DEFAULT_TOLERANCES, Tolerances


@dataclass(frozen=True)
class AnalysisOptions:
    """What the user can override.

    Attributes
    ----------
    units : str or None
        Force the file's unit (``mm``, ``cm``, ``m``, ``in``).
    flip : bool
        Turn the sole over relative to the automatic tread-side decision.
    reverse : bool
        Swap heel and toe relative to the automatic decision.
    contact_tolerance_mm : float
        Bottom surface within this height of the ground counts as contact.
    grid_mm : float
        Spacing of the thickness and height maps.
    draft_threshold_deg : float
        Faces with less mould draft than this are reported.
    yaw_deg : float or None
        Set the length axis (degrees about the vertical from the file's reference axis; see
        :func:`~outsole_studio.core.geometry.pose.estimate_pose`) instead of finding it.
    up_axis : str or None
        Set the vertical: the file axis from the ground up into the sole (``+Z``...), for a
        scan whose pose the geometry cannot read; None: found.
    relief : bool
        Compute the thickness map, contact, tread, sections and draft (the default). Without,
        the analysis stops at the outline and the mass properties.
    """

    units: str | None = None
    flip: bool = False
    reverse: bool = False
    contact_tolerance_mm: float = 0.5
    grid_mm: float = 1.0
    draft_threshold_deg: float = 1.0
    yaw_deg: float | None = None
    up_axis: str | None = None
    relief: bool = True
    tolerances: Tolerances = field(default=DEFAULT_TOLERANCES)
