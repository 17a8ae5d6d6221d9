"""Unit decisions: plausibility decides, the file's word is a hint, the user overrides."""

from __future__ import annotations

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.geometry.units import decide_units


@pytest.mark.parametrize(
    ("length", "unit"),
    [(270.0, "mm"), (27.0, "cm"), (0.27, "m"), (10.63, "in"), (150.0, "mm"), (400.0, "mm")],
)
def test_plausible_length_decides(length, unit):
    d = decide_units(length)
    assert (d.detected, d.used, d.source) == (unit, unit, "plausibility")


def test_cm_and_inch_overlap_prefers_the_likelier_sole():
    # 15.5 is a 155 mm kids' sole in cm, or a 394 mm giant in inches.
    assert decide_units(15.5).used == "cm"
    # A file that says inches is believed when that is plausible too.
    d = decide_units(15.5, hint="in", hint_source="3MF unit attribute 'inch'")
    assert (d.used, d.source) == ("in", "file")
    assert "3MF unit attribute 'inch'" in str(d.note)


def test_implausible_hint_is_overruled_and_said_so():
    d = decide_units(270.0, hint="m", hint_source="glTF is always in metres")
    assert (d.used, d.source) == ("mm", "plausibility")
    assert "270,000 mm" in str(d.note)


def test_nothing_plausible():
    d = decide_units(50.0)  # 50 mm, 500 mm, 50 m, 1270 mm: none is an outsole
    assert (d.used, d.source) == ("mm", "default")
    d = decide_units(50.0, hint="cm")
    assert (d.used, d.source) == ("cm", "file")


def test_user_override_and_bad_unit():
    d = decide_units(270.0, override="in")
    assert (d.detected, d.used, d.source, d.scale_to_mm) == ("mm", "in", "user", 25.4)
    with pytest.raises(OutsoleError, match="unknown unit 'ft'"):
        decide_units(270.0, override="ft")
