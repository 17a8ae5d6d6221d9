"""The costing workbook recalculated equals the cost model to the Rupiah: every process's
compound, each tooling policy, a mould shared by two sizes and worn out, labour, capacity with
two presses and two shifts, the price breaks; and it follows a cycle time and a flash typed in."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from outsole_studio.core.i18n import translator
from outsole_studio.core.production.cost import cost_sheet
from outsole_studio.core.production.inputs import Process, Terms
from outsole_studio.core.production.mould import MouldPlan
from outsole_studio.render.workbook import write_xlsx
from tests.xlsx_eval import Workbook

from .test_spec import spec  # noqa: F401  (the two-body design, a fixture)

MACHINE = Process(kind="machine", cycle_time_s=D(300), machine_rate_idr_per_hour=D(90_000),
                  pairs_per_cycle=2, finishing_idr_per_pair=D(1500), stations=4)  # fmt: skip
TERMS = Terms(labour_min_per_pair=D(6), wage_idr_per_hour=D(30_000), presses=2, shifts=2,
              breaks=(500, 1000, 2500))  # fmt: skip
# The outsole injected in TPR (runner 6 %, half of it reground), EU 41 and EU 42 in one mould of
# Rp 20,000,000 that lasts 150 pairs; the midsole injected EVA with 5 % milled off.
TPR = MouldPlan.for_process("tpr-injection", flash_pct=6.0, regrind_pct=50.0,
                            size_groups=(("EU 41", "EU 42"),), mould_price_idr=D(20_000_000),
                            mould_life_pairs=150)  # fmt: skip
EVA = MouldPlan.for_process("eva-injection", body=1, milldown_pct=5.0)


class Sheet:
    """The evaluated costing sheet, cells found by their labels."""

    def __init__(self, ws):
        self.ws, self.book = ws, Workbook(ws)
        self.rows = {}
        for r in range(1, ws.max_row + 1):
            self.rows.setdefault(ws.cell(r, 1).value, r)
        self.heads = {ws.cell(3, k).value: k for k in range(1, ws.max_column + 1)}

    def label(self, text):
        return self.book.value(f"B{self.rows[text]}")

    def size(self, label, head):
        return self.book.value(f"{self.ws.cell(3, self.heads[head]).column_letter}"
                               f"{self.rows[label]}")  # fmt: skip

    def breaks(self):
        r = self.rows["Price breaks (this order's size mix)"] + 2
        out = []
        while isinstance(self.ws.cell(r, 1).value, int):
            out.append([self.book.value(f"{c}{r}") for c in "ABCDEF"])
            r += 1
        return out


def _workbook(spec, tmp_path, name, **changes):  # noqa: F811
    project = replace(spec.project, **changes)
    sheet = cost_sheet(spec.sizing.graded, project.order, project.cost_inputs)
    path = tmp_path / f"{name}.xlsx"
    write_xlsx(replace(spec, project=project, cost=sheet), path, translator("en"))
    return project, sheet, path


def _agree(book: Sheet, c) -> None:
    """Every figure of the cost sheet and its quote, recalculated, to the Rupiah."""
    rp = {"abs": 0.5}
    for s in c.sizes:
        label = s.size.label
        for head, figure in (
            ("Compound per pair (Rp)", s.material_idr_per_pair),
            ("Labour (Rp)", s.labour_idr_per_pair),
            ("Mould per pair (Rp)", s.mould_idr_per_pair),
            ("Cost per pair (Rp)", s.cost_idr_per_pair),
            ("Size total (Rp)", s.total_idr),
            ("Price per pair (Rp)", s.price_idr_per_pair),
            ("Price with tooling (Rp)", s.price_with_tooling_idr_per_pair),
            ("Per kodi (Rp)", s.price_idr_per_kodi),
            ("Per kodi with tooling (Rp)", s.price_with_tooling_idr_per_kodi),
        ):
            assert book.size(label, head) == pytest.approx(float(figure), **rp), (label, head)
    for label, figure in (
        ("Order total (Rp)", c.total_idr),
        ("Average cost per pair (Rp)", c.average_idr_per_pair),
        ("Quoted price per pair (Rp)", c.price_idr_per_pair),
        ("Price per pair without tooling (Rp)", c.price_without_tooling_idr_per_pair),
        ("Moulds and tooling, billed once (Rp)", c.tooling_billed_idr),
    ):
        assert book.label(label) == pytest.approx(float(figure), **rp), label
    cap = c.capacity
    assert book.label("Pairs a day") == pytest.approx(float(cap.pairs_per_day))
    assert book.label("Working days to press the order") == pytest.approx(float(cap.days))
    assert book.label("Working days, whole") == cap.whole_days
    rows = book.breaks()
    assert [r[0] for r in rows] == [b.pairs for b in c.breaks]
    for (_, cost, price, kodi, total, tools), b in zip(rows, c.breaks, strict=True):
        assert cost == pytest.approx(float(b.cost_idr_per_pair), **rp)
        assert price == pytest.approx(float(b.price_idr_per_pair), **rp)
        assert kodi == pytest.approx(float(b.price_idr_per_kodi), **rp)
        assert total == pytest.approx(float(b.total_idr), **rp)
        assert tools == pytest.approx(float(b.tooling_idr), **rp)
    for k, need in enumerate(c.needs):
        row = next(r for label, r in book.rows.items() if str(label).startswith(
            need.material.name))  # fmt: skip
        assert book.book.value(f"B{row}") == pytest.approx(float(need.kg), abs=1e-9), k


@pytest.mark.parametrize("policy", ["order", "lifetime", "separate"])
@pytest.mark.parametrize("case", ["subcontract-rubber", "machine-tpr-eva"])
def test_the_workbook_equals_the_cost_model_to_the_rupiah(spec, tmp_path, policy, case):  # noqa: F811
    changes = {"tooling": replace(spec.project.tooling, policy=policy, lifetime_pairs=20_000),
               "terms": TERMS}  # fmt: skip
    if case == "machine-tpr-eva":
        tp = spec.project.techpack.with_plan(TPR).with_plan(EVA)
        changes.update(process=MACHINE, techpack=tp)
    _, c, path = _workbook(spec, tmp_path, f"{case}-{policy}", **changes)
    if case == "machine-tpr-eva":
        # The shared outsole mould presses 120 + 200 pairs: worn out every 150, bought 3 times.
        outsole = [m for m in c.moulds if m.body == 0 and m.count]
        assert [(tuple(s.label for s in m.sizes), m.count) for m in outsole] == [
            (("EU 41", "EU 42"), 3), (("EU 43",), 1)]  # fmt: skip
    _agree(Sheet(load_workbook(path).active), c)


def test_the_workbook_follows_a_cycle_time_and_a_flash_typed_in(spec, tmp_path):  # noqa: F811
    tp = spec.project.techpack.with_plan(TPR).with_plan(EVA)
    project, c, path = _workbook(spec, tmp_path, "typed", process=MACHINE, techpack=tp,
                                 terms=TERMS)  # fmt: skip
    wb = load_workbook(path)
    ws = wb.active
    book = Sheet(ws)
    ws[f"B{book.rows['Cycle time (s)']}"] = 360
    body1 = book.rows["Body"] + 1
    ws[f"F{body1}"] = 11.0  # the runner from 6 to 11 %
    inputs = project.cost_inputs
    moved = replace(inputs, process=replace(MACHINE, cycle_time_s=D(360)),
                    moulds=(replace(TPR, flash_pct=11.0), EVA))  # fmt: skip
    changed = cost_sheet(spec.sizing.graded, project.order, moved)
    assert changed.total_idr > c.total_idr
    _agree(Sheet(ws), changed)
    # The mould sheet's blank follows the flash typed on the costing sheet.
    mould = Workbook(wb["Mould plan, body 1"])
    assert mould.value("B4") == 11.0
