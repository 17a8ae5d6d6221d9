"""Size systems: exact conversions on the last length, size runs, nominal size."""

from __future__ import annotations

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.production.sizes import (
    Size,
    SizeSettings,
    nominal_size,
    parse_size,
    parse_size_run,
    size_from_last_length,
)


def test_each_system_is_a_line_on_the_last_length():
    assert Size("EU", 42).last_length_mm() == pytest.approx(280.0, abs=1e-12)
    assert Size("EU", 43).last_length_mm() - Size("EU", 42).last_length_mm() == pytest.approx(
        20 / 3
    )
    # UK adult: (size + 25) barleycorns of 1/3 inch.
    assert Size("UK", 8).last_length_mm() == pytest.approx(33 * 25.4 / 3)
    assert Size("UK", 8.5).last_length_mm() - Size("UK", 8).last_length_mm() == pytest.approx(
        25.4 / 6
    )
    assert Size("US-M", 9).last_length_mm() == pytest.approx(Size("UK", 8).last_length_mm())
    assert Size("US-W", 10.5).last_length_mm() == pytest.approx(Size("UK", 8).last_length_mm())
    # Mondopoint is the foot: last = foot + toe allowance.
    assert Size("MP", 265).last_length_mm() == pytest.approx(280.0)
    assert Size("MP", 265).last_length_mm(SizeSettings(toe_allowance_mm=20)) == pytest.approx(285)


def test_conversions_are_exact_and_reversible():
    eu42 = Size("EU", 42)
    uk = eu42.to("UK")
    assert uk.value == pytest.approx(280 / (25.4 / 3) - 25)
    assert uk.rounded().label == "UK 8"
    assert eu42.to("US-M").rounded().label == "US-M 9"
    assert eu42.to("US-W").rounded().label == "US-W 10.5"
    assert eu42.to("MP").label == "MP 265"
    assert eu42.to("mondo", SizeSettings(toe_allowance_mm=20)).label == "MP 260"
    for system in ("UK", "US-M", "US-W", "MP"):
        assert eu42.to(system).to("EU").value == pytest.approx(42.0, abs=1e-12)


def test_children_sizes_sit_below_adult_ones():
    kid = parse_size("UK11.5C")
    assert kid.value == pytest.approx(-1.5)
    assert kid.label == "UK 11.5C"
    assert kid.last_length_mm() == pytest.approx((11.5 + 12) * 25.4 / 3)
    assert Size("EU", 30).to("UK").rounded().label == "UK 11.5C"
    with pytest.raises(OutsoleError, match="children's sizes"):
        parse_size("EU30C")


def test_halves_round_up_like_a_size_chart():
    assert Size("EU", 41.5).rounded(1).value == 42
    assert Size("EU", 42.5).rounded(1).value == 43
    assert Size("UK", 8.26).rounded().value == 8.5


def test_nominal_size_from_outsole_length():
    assert nominal_size(280.2).label == "EU 42"
    assert nominal_size(270.0).label == "EU 41"  # 40.5 rounds up
    assert nominal_size(280.0, "UK").label == "UK 8"
    assert nominal_size(280.0, "MP").label == "MP 265"
    # A sole made 5 mm longer than its last still reads as its size.
    assert nominal_size(285.0, settings=SizeSettings(sole_extra_mm=5)).label == "EU 42"
    assert size_from_last_length(280.0, "eu").value == pytest.approx(42.0)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("EU36-45", [f"EU {n}" for n in range(36, 46)]),
        ("eu 39-41", ["EU 39", "EU 40", "EU 41"]),
        ("UK6-8/0.5", ["UK 6", "UK 6.5", "UK 7", "UK 7.5", "UK 8"]),
        ("US-W6,7.5,9", ["US-W 6", "US-W 7.5", "US-W 9"]),
        ("MP240-260", ["MP 240", "MP 245", "MP 250", "MP 255", "MP 260"]),
        ("EU38,40-41,43", ["EU 38", "EU 40", "EU 41", "EU 43"]),
        ("UK11C-13C,1-2", ["UK 11C", "UK 12C", "UK 13C", "UK 1", "UK 2"]),
    ],
)
def test_size_runs(text, labels):
    run = parse_size_run(text)
    assert [s.label for s in run.sizes] == labels
    assert parse_size_run(run.text) == run


def test_run_finds_its_sizes():
    run = parse_size_run("EU36-45")
    assert run.find("41").label == "EU 41"
    assert run.find("EU 41").label == "EU 41"
    # UK 7.5 is EU 41.3: no size of the run, not silently the nearest one.
    with pytest.raises(OutsoleError, match=r"UK7\.5 is not in the size run"):
        run.find("UK7.5")
    with pytest.raises(OutsoleError, match="not in the size run EU36-45"):
        run.find("46")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("36-45", "must start with its system"),
        ("XX36-45", "unknown size system"),
        ("EU45-36", "goes down"),
        ("EU36-45/0", "positive number"),
        ("UK6-8/0.75", "does not end on a step"),
        ("EU36,36", "lists a size twice"),
        ("EU36,,37", "empty entry"),
        ("EU3-5", "not a shoe size"),
        ("EUabc", "must start with its system"),
        ("EU36/2", "belongs to a range"),
    ],
)
def test_bad_runs_are_clear_errors(text, message):
    with pytest.raises(OutsoleError, match=message):
        parse_size_run(text)


def test_bad_settings_are_errors():
    with pytest.raises(OutsoleError, match="toe allowance"):
        SizeSettings(toe_allowance_mm=-1)
