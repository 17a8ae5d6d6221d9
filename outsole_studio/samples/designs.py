"""The example designs: synthetic demonstration outsoles in the spirit of competition entries.

These are not reproductions of any real competition design: they are made with the generator
to show what the product does and to test it. Each entry says what the design is for, the
compound it suggests, and how its file is written (some on purpose in a non-canonical pose or
unit, so that users see the application normalise them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .generator import OutsoleParams

FileStyle = Literal["stl-mm", "stl-inch", "glb-yup-metres"]


@dataclass(frozen=True)
class SampleDesign:
    """One example design.

    Attributes
    ----------
    name : str
        File stem, e.g. ``"casual-kawung-eu42"``.
    title : str
    intent : str
        What the design is for, in a sentence.
    params : OutsoleParams
    compound : str
        Suggested compound (see the material presets).
    style : {"stl-mm", "stl-inch", "glb-yup-metres"}
        How the file is written: canonical binary STL in mm, binary STL in inches turned heel
        for toe, or glTF binary in metres with Y up (the glTF convention).
    both_feet : bool
        Also write the left sole.
    """

    name: str
    title: str
    intent: str
    params: OutsoleParams
    compound: str
    style: FileStyle = "stl-mm"
    both_feet: bool = False


DESIGNS: tuple[SampleDesign, ...] = (
    SampleDesign(
        name="casual-kawung-eu42",
        title="Casual, kawung",
        intent="Everyday rubber outsole with a kawung (four-petal) tread and flex grooves.",
        params=OutsoleParams(
            size_eu=42, tread="kawung", tread_depth_mm=2.0, pitch_mm=14.0, element_mm=9.0,
            floor_mm=4.0, flex_grooves=True, toe_spring_mm=4.0,
        ),
        compound="NR/SBR rubber, 60-65 Shore A",
        both_feet=True,
    ),
    SampleDesign(
        name="trail-parang-eu43",
        title="Trail, parang lugs",
        intent="Trail outsole with deep (4 mm) parang bands for grip on loose ground.",
        params=OutsoleParams(
            size_eu=43, tread="parang", tread_depth_mm=4.0, pitch_mm=13.0, element_mm=5.5,
            floor_mm=4.5, margin_mm=3.0, toe_spring_mm=7.0,
        ),
        compound="SBR rubber, 65-70 Shore A",
    ),
    SampleDesign(
        name="court-herringbone-eu41",
        title="Court, herringbone",
        intent="Flat court sole with a fine herringbone for multidirectional grip.",
        params=OutsoleParams(
            size_eu=41, tread="herringbone", tread_depth_mm=1.5, pitch_mm=6.0, element_mm=2.6,
            floor_mm=5.0, margin_mm=5.0, toe="square",
        ),
        compound="Gum rubber (NR), 60 Shore A",
    ),
    SampleDesign(
        name="heeled-unit-eu38",
        title="Women's heeled unit",
        intent="Women's unit sole with a 50 mm heel block and hexagon forefoot tread.",
        params=OutsoleParams(
            size_eu=38, tread="hexagons", tread_depth_mm=1.2, pitch_mm=9.0, element_mm=6.5,
            floor_mm=5.0, heel_height_mm=50.0, toe="pointed", margin_mm=3.5,
        ),
        compound="TPR, 70 Shore A",
    ),
    SampleDesign(
        name="running-eva-eu42",
        title="Running, EVA midsole",
        intent="Running sole: rubber outsole with ribs under a 12 mm EVA midsole, two bodies.",
        params=OutsoleParams(
            size_eu=42, tread="ribs", tread_depth_mm=2.0, pitch_mm=9.0, element_mm=5.0,
            floor_mm=2.5, midsole_mm=12.0, toe_spring_mm=9.0,
        ),
        compound="Outsole: SBR rubber 65 Shore A; midsole: EVA 55 Asker C",
        style="glb-yup-metres",
    ),
    SampleDesign(
        name="kids-truntum-eu30",
        title="Kids, truntum cupsole",
        intent="Kids' cupsole with a 10 mm rim and a truntum (small stars) tread.",
        params=OutsoleParams(
            size_eu=30, tread="truntum", tread_depth_mm=2.0, pitch_mm=8.5, element_mm=6.5,
            floor_mm=3.5, rim_height_mm=10.0, rim_width_mm=3.0, margin_mm=3.0,
        ),
        compound="TPR, 55-60 Shore A",
        style="stl-inch",
    ),
)  # fmt: skip
"""The example set, in the order of the table in ``examples/README.md``."""
