"""Project data: a full round trip and every problem of a bad document explained at once."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.production.graded import GradingRule, SizeFactors
from outsole_studio.core.production.inputs import (
    BodyMaterial,
    OrderLine,
    Pricing,
    Process,
    Tooling,
    ToolingLine,
)
from outsole_studio.core.production.project import Project, SheetInfo
from outsole_studio.core.production.project_file import project_from_dict
from outsole_studio.core.production.sizes import Size, SizeSettings, parse_size_run
from tests.core.production.test_cost import EVA, RUBBER


def full_project() -> Project:
    run = parse_size_run("UK6-8/0.5")
    return Project(
        model_path="models/sole.stl",
        model_sha256="ab" * 32,
        size_run=run,
        materials=(BodyMaterial(0, EVA, D("4.5")), BodyMaterial(1, RUBBER, D(12))),
        units="in",
        flip=True,
        reverse=False,
        contact_tolerance_mm=0.3,
        nominal=Size("UK", 7),
        foot="left",
        size_settings=SizeSettings(toe_allowance_mm=20, sole_extra_mm=3),
        grading=GradingRule(
            factors=tuple(
                SizeFactors(s, 1 + 0.02 * i, 1 + 0.01 * i) for i, s in enumerate(run.sizes)
            )
        ),
        order=(OrderLine(run.sizes[0], 40), OrderLine(run.sizes[3], 75)),
        process=Process(
            kind="machine",
            cycle_time_s=D("240.5"),
            machine_rate_idr_per_hour=D(85000),
            pairs_per_cycle=2,
            finishing_idr_per_pair=D(1250),
        ),
        tooling=Tooling(D(14_000_000), (ToolingLine("logo plate", D(1_500_000)),)),
        pricing=Pricing(D(12), D("22.5"), D(15850)),
        quality_profile="ikm-rubber",
        lab_results={"abrasion": 95.5, "tear": 9.0},
        sheet=SheetInfo("Kawung casual", "Sari", "PT Sol Karet", "B", "first sample ✓"),
    )


def test_a_project_round_trips_through_plain_data():
    p = full_project()
    data = p.to_dict()
    assert data["schema"] == "outsole-studio.project/1"
    assert data["order"] == [{"size": "6", "pairs": 40}, {"size": "7.5", "pairs": 75}]
    assert data["process"]["cycle_time_s"] == "240.5"
    back = project_from_dict(copy.deepcopy(data))
    assert back == p
    assert back.to_dict() == data


def test_every_problem_is_listed_with_its_place():
    data = full_project().to_dict()
    data["model"]["sha256"] = "nope"
    data["reading"]["units"] = "furlong"
    data["sizes"]["run"] = "EU45-36"
    data["materials"][1]["material"]["price_idr_per_kg"] = "-5"
    data["materials"][0]["waste_pct"] = "150"
    data["pricing"]["margin_pct"] = "100"
    data["sheet"]["designer"] = 7
    with pytest.raises(OutsoleError) as exc:
        project_from_dict(data)
    msg = exc.value.message
    for part in (
        "model.sha256: must be 64 lower-case hex digits",
        "reading.units: 'furlong' is not one of",
        "sizes.run: size run '45-36' goes down",
        "materials[1]: waste of body 1 must be at least 0 % and under 100 %",
        "materials[2]: material 'rubber': price must be zero or more",
        "pricing: margin must be",
        "sheet.designer: must be text",
    ):
        assert part in msg


def test_order_problems_name_the_entry():
    data = full_project().to_dict()
    data["order"] = [{"size": "12", "pairs": 5}, {"size": "6", "pairs": 1.5}, "x"]
    with pytest.raises(OutsoleError) as exc:
        project_from_dict(data)
    msg = exc.value.message
    assert "order[1]: size 12 is not in the size run UK6-8/0.5" in msg
    assert "order[2]: must be a whole number, not 1.5" in msg
    assert "order[3]: must be an object" in msg


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a JSON object"),
        ({"schema": "something/1"}, "is not an Outsole Studio project"),
        ({"schema": "outsole-studio.project/7"}, "newer Outsole Studio"),
    ],
)
def test_not_a_project(data, message):
    with pytest.raises(OutsoleError, match=message):
        project_from_dict(data)


def test_the_tooling_policy_is_kept_and_checked():
    from dataclasses import replace

    p = full_project()
    p = replace(p, tooling=replace(p.tooling, policy="lifetime", lifetime_pairs=50_000))
    back = project_from_dict(p.to_dict())
    assert back.tooling.policy == "lifetime" and back.tooling.lifetime_pairs == 50_000
    data = p.to_dict()
    data["tooling"]["policy"] = "free"
    with pytest.raises(OutsoleError, match="tooling: policy 'free'"):
        project_from_dict(data)
    data["tooling"]["policy"] = "lifetime"
    data["tooling"]["lifetime_pairs"] = 0
    with pytest.raises(OutsoleError, match="pairs planned"):
        project_from_dict(data)
