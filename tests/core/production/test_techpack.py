"""The tech pack's data: mould plan and cavity table, blank weights, material specification,
tolerances, markings, tests by stage and the revision log."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from decimal import Decimal as D

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.production.cost import sole_masses_g
from outsole_studio.core.production.inputs import BodyMaterial
from outsole_studio.core.production.mould import (
    PROCESS_DEFAULTS,
    MouldPlan,
    blank_weights_g,
    cavity_table,
)
from outsole_studio.core.production.sizes import Size
from outsole_studio.core.production.techpack import (
    DEFAULT_TESTS,
    DEFAULT_TOLERANCES,
    Marking,
    MaterialSpec,
    Tolerances,
    add_revision,
    content_hash,
    next_letter,
)

from .test_cost import EVA, RUBBER, graded


def _run():
    sizes = [graded(s, 100.0 + 10 * (s - 39)) for s in range(39, 44)]
    return [replace(g, length_mm=260.0 + 6.67 * i, width_mm=95.0 + 2.0 * i)
            for i, g in enumerate(sizes)]  # fmt: skip


def test_the_cavity_is_the_part_grown_by_the_shrinkage():
    plan = MouldPlan.for_process("rubber-compression", shrinkage_pct=2.5)
    rows = cavity_table(plan, _run())
    assert [r.cavity_length_mm for r in rows] == pytest.approx(
        [(260.0 + 6.67 * i) * 1.025 for i in range(5)], rel=1e-12
    )
    assert rows[0].cavity_width_mm == pytest.approx(95.0 * 1.025)
    assert [r.mould for r in rows] == [1, 2, 3, 4, 5]  # one mould per size


def test_injected_eva_cavities_are_the_part_over_its_expansion():
    plan = MouldPlan.for_process("eva-injection", expansion_ratio=1.6)
    assert plan.mould_material == "aluminium" and plan.flash_pct == 3.0
    rows = cavity_table(plan, _run())
    assert rows[2].cavity_length_mm == pytest.approx((260.0 + 2 * 6.67) / 1.6)
    with pytest.raises(OutsoleError, match="injected EVA needs its expansion ratio"):
        MouldPlan(process="eva-injection")
    with pytest.raises(OutsoleError, match="an expansion ratio belongs to injected EVA only"):
        MouldPlan(expansion_ratio=1.5)


def test_size_groups_share_a_mould():
    plan = MouldPlan(size_groups=(("EU 39", "EU 40"), ("EU 42", "EU 43")))
    run = _run()
    assert plan.moulds([g.size for g in run]) == (
        (Size("EU", 39), Size("EU", 40)),
        (Size("EU", 41),),
        (Size("EU", 42), Size("EU", 43)),
    )
    assert [r.mould for r in cavity_table(plan, run)] == [1, 1, 2, 3, 3]
    with pytest.raises(OutsoleError, match="size group EU 44\\+EU 45 names EU 44, EU 45"):
        MouldPlan(size_groups=(("EU 44", "EU 45"),)).moulds([g.size for g in run])
    with pytest.raises(OutsoleError, match="size EU 40 is in two size groups"):
        MouldPlan(size_groups=(("EU 39", "EU 40"), ("EU 40", "EU 41")))
    with pytest.raises(OutsoleError, match="between two sizes or more"):
        MouldPlan(size_groups=(("EU 39",),))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"shrinkage_pct": 12.0}, "shrinkage must be 0 to 10 %, not 12"),
        ({"flash_pct": float("nan")}, "flash must be 0 to 100 %, not nan"),
        ({"pairs_per_mould": 0}, "pairs per mould must be 1 to 24, not 0"),
        ({"min_draft_deg": 45.0}, "minimum draft must be 0 to 30 deg, not 45"),
        ({"mould_material": "wood"}, "mould material 'wood' is not aluminium or steel"),
        ({"process": "casting"}, "mould process 'casting' is not one of"),
    ],
)
def test_a_mould_plan_refuses_values_outside_their_range(change, says):
    with pytest.raises(OutsoleError, match=says):
        MouldPlan(**change)


def test_the_blank_is_the_net_mass_plus_the_flash():
    run = _run()
    net = sole_masses_g(run, (BodyMaterial(0, RUBBER, D(10)),))
    plan = MouldPlan.for_process("rubber-compression")
    assert plan.flash_pct == PROCESS_DEFAULTS["rubber-compression"].flash_pct == 10.0
    blanks = blank_weights_g(plan, net)
    # EU 39: 100 cm3 x 1.2 g/cm3 = 120 g net; x 1.10 = 132.0 g.
    assert net[Size("EU", 39)] == D("120.00")
    assert blanks[Size("EU", 39)] == D("132.0")
    assert blanks[Size("EU", 43)] == D("184.8")  # 140 cm3: 168 g x 1.1
    assert blank_weights_g(plan, {Size("EU", 40): None}) == {Size("EU", 40): None}


def test_a_foam_is_specified_in_asker_c_never_shore_a():
    spec = MaterialSpec(0, 55.0, "Shore A")
    with pytest.raises(
        OutsoleError, match="body 1 is Test rubber, a foam: specify its hardness in Asker C"
    ):
        spec.check_against(EVA)
    MaterialSpec(0, 55.0, "Asker C").check_against(EVA)
    with pytest.raises(OutsoleError, match="not a foam: specify its hardness in Shore A"):
        MaterialSpec(0, 55.0, "Asker C").check_against(RUBBER)
    start = MaterialSpec.from_material(0, RUBBER)
    assert (start.hardness, start.hardness_scale, start.density_g_cm3) == (65, "Shore A", 1.2)
    with pytest.raises(OutsoleError, match="hardness must be more than 0 and at most 100"):
        MaterialSpec(0, 120.0, "Shore A")


def test_tolerances_per_process_and_their_ranges():
    rubber = DEFAULT_TOLERANCES["rubber-compression"]
    assert rubber.hardness_points == 3.0 and "placeholder" in rubber.source
    assert DEFAULT_TOLERANCES["eva-injection"].length_mm > DEFAULT_TOLERANCES[
        "tpr-injection"].length_mm  # fmt: skip
    with pytest.raises(OutsoleError, match="tolerance thickness_mm must be more than 0"):
        Tolerances(1.0, 1.0, 0.0, 5.0, 3.0)


def test_markings_and_tests_are_checked():
    mark = Marking("origin", "MADE IN INDONESIA", "waist, centre", 4.0)
    assert mark.reads_correctly
    with pytest.raises(OutsoleError, match=r"a marking's height must be 0\.5 to 100 mm"):
        Marking("logo", "Kawung", "heel", 0.1)
    abrasion = next(t for t in DEFAULT_TESTS if t.key == "abrasion")
    assert (abrasion.method, abrasion.unit) == ("ISO 4649 method A", "mm3")
    slip = [t for t in DEFAULT_TESTS if t.key.startswith("slip")]
    assert [t.limit for t in slip] == [">= 0.31", ">= 0.36"]
    assert all("2022" in t.method for t in slip)


def test_revisions_are_added_explicitly_with_the_next_letter_and_a_content_hash():
    data = {"model": {"path": "a.stl"}, "revisions": [1, 2], "design_id": "x"}
    h = content_hash(data)
    assert h == content_hash({"design_id": "y", "model": {"path": "a.stl"}})  # log and id apart
    assert h != content_hash({"model": {"path": "b.stl"}})
    log = add_revision((), dt.date(2026, 11, 1), "proto", "Sari", "first prototype", h)
    log = add_revision(log, dt.date(2026, 11, 20), "sample", "Sari", "heel lugs 1 mm deeper", h)
    assert [r.letter for r in log] == ["A", "B"]
    with pytest.raises(OutsoleError, match="is before the last revision's"):
        add_revision(log, dt.date(2026, 10, 1), "bulk", "Sari", "x", h)
    z = replace(log[-1], letter="Z")
    assert next_letter((z,)) == "AA" and next_letter((replace(z, letter="AZ"),)) == "BA"


def _techpack():
    from outsole_studio.core.production.techpack import TechPack

    h = "ab" * 32
    return TechPack(
        design_id="0123456789abcdef0123456789abcdef",
        tolerances=Tolerances(0.8, 0.8, 0.4, 4.0, 3.0, "agreed with the factory"),
        specs=(
            MaterialSpec(0, 55.0, "Asker C", "EVA-55", "white", "11-0601 TCX", False, 0.25),
            MaterialSpec(1, 65.0, "Shore A", "NR-65-BK", "black", "19-4005 TCX", True, 1.21),
        ),
        moulds=(
            MouldPlan.for_process("eva-injection", body=0, expansion_ratio=1.6),
            MouldPlan.for_process(
                "rubber-compression",
                body=1,
                pairs_per_mould=2,
                size_groups=(("UK 6", "UK 6.5"),),
                parting_line_mm=8.0,
                texture="VDI 27",
                notes="vents at the toe lugs",
            ),
        ),
        markings=(Marking("size", "size number", "waist", 6.0),),
        revisions=add_revision((), dt.date(2026, 11, 2), "sample", "Sari", "first sample", h),
    )


def test_a_project_keeps_its_tech_pack_through_its_file_form():
    import copy

    from outsole_studio.core.production.project_file import project_from_dict

    from .test_project import full_project

    project = replace(full_project(), techpack=_techpack())
    data = project.to_dict()
    back = project_from_dict(copy.deepcopy(data))
    assert back.techpack == project.techpack
    assert back.techpack.effective_tolerances.length_mm == 0.8
    assert [m["body"] for m in data["techpack"]["moulds"]] == [1, 2]  # as the user counts
    assert data["techpack"]["moulds"][1]["size_groups"] == [["UK 6", "UK 6.5"]]
    assert data["techpack"]["revisions"][0]["date"] == "2026-11-02"
    # A project written before the tech pack existed reads with an empty one.
    del data["techpack"]
    old = project_from_dict(data)
    assert old.techpack.specs == () and old.techpack.effective_tolerances.hardness_points == 3.0


@pytest.mark.parametrize(
    ("path", "value", "says"),
    [
        (
            ("material_specs", 0, "hardness"),
            "hard",
            "material_specs[1].hardness has the wrong type",
        ),
        (("material_specs", 0, "body"), 0, "material_specs[1].body must be 1 or more"),
        (("moulds", 1, "shrinkage_pct"), 40, "moulds[2]: shrinkage must be 0 to 10 %, not 40"),
        (("moulds", 1, "size_groups"), "EU39", "size_groups must be lists of size labels"),
        (("moulds", 0, "body"), 2, "techpack: a body has two mould plans"),
        (("moulds", 0, "body"), 3, "a mould plan names body 3, which has no compound"),
        (("revisions", 0, "date"), "yesterday", "revisions[1].date must be YYYY-MM-DD"),
        (("tolerances", "mass_pct"), None, "tolerances.mass_pct has the wrong type"),
        (("markings", 0, "height_mm"), 1e9, "a marking's height must be 0.5 to 100 mm"),
        (("design_id",), "<script>", "design_id must be the design's id"),
    ],
)
def test_a_damaged_tech_pack_names_the_field(path, value, says):
    import copy

    from outsole_studio.core.production.project_file import project_from_dict

    from .test_project import full_project

    data = copy.deepcopy(replace(full_project(), techpack=_techpack()).to_dict())
    node = data["techpack"]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(OutsoleError, match=re.escape(says)):
        project_from_dict(data)


def test_a_shore_a_spec_on_an_eva_body_is_refused_in_the_project():
    from outsole_studio.core.production.techpack import TechPack

    from .test_project import full_project

    project = full_project()
    assert project.materials[0].material is EVA
    with pytest.raises(OutsoleError, match="a foam: specify its hardness in Asker C, not Shore A"):
        replace(project, techpack=TechPack(specs=(MaterialSpec(0, 55.0, "Shore A"),)))
    with pytest.raises(OutsoleError, match="names body 3, which has no compound"):
        replace(project, techpack=TechPack(specs=(MaterialSpec(2, 55.0, "Shore A"),)))


def test_a_new_size_run_keeps_the_groups_sizes_still_in_it():
    plan = MouldPlan(size_groups=(("EU 39", "EU 40", "EU 41"), ("EU 44", "EU 45")))
    run = [Size("EU", s) for s in range(40, 45)]
    assert plan.within(run).size_groups == (("EU 40", "EU 41"),)  # EU 44 alone: its own mould
    assert plan.within(run).moulds(run)[-1] == (Size("EU", 44),)
    same = MouldPlan(size_groups=(("EU 40", "EU 41"),))
    assert same.within(run) is same
    assert plan.within([Size("UK", 7.0), Size("UK", 8.0)]).size_groups == ()  # another system
