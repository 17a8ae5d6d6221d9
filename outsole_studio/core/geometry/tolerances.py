"""Every tolerance the geometry code uses, gathered in one documented place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerances:
    """Numerical tolerances for loading, posing and measuring an outsole.

    Attributes
    ----------
    zero_area_rel : float
        A face whose area is below ``zero_area_rel * L**2`` (``L`` the model's bounding-box
        diagonal) is zero-area, a degenerate face.
    flat_rel : float
        A model whose smallest extent is below ``flat_rel * L`` is flat: a surface, not a solid.
    plausible_length_mm : tuple of float
        The range of lengths an outsole can have, used to decide the file's unit.
    typical_length_mm : float
        Tie-break for units: among plausible units the one giving a length nearest this (on a
        log scale) wins. Only centimetres and inches overlap (15-15.75 in the file's numbers);
        230 mm, the middle of kids' to large men's soles, picks a 155 mm kids' sole over a
        394 mm giant.
    ground_facet_max_tilt_deg : float
        A convex-hull facet can serve as the ground plane when its normal is within this
        angle of straight down.
    ground_facet_min_area_frac : float
        ...and its area is at least this fraction of the model's footprint.
    outline_cell_mm : float
        Column spacing and cell size of the outline raster. Widths are exact along every column
        and the area is sampled at cell centres, so 0.25 mm keeps both well inside 0.1 %.
        Coarsened for huge models so the raster stays under ``outline_max_cells`` cells.
    outline_max_cells : int
        Upper bound on the outline raster size.
    """

    zero_area_rel: float = 1e-14
    flat_rel: float = 1e-6
    plausible_length_mm: tuple[float, float] = (150.0, 400.0)
    typical_length_mm: float = 230.0
    ground_facet_max_tilt_deg: float = 20.0
    ground_facet_min_area_frac: float = 0.02
    outline_cell_mm: float = 0.25
    outline_max_cells: int = 6_000_000


DEFAULT_TOLERANCES = Tolerances()
