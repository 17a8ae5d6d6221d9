"""The Quote panel: the workshop's terms typed in the window, the quote following as you type;
the flash of a body edited in the cost panel is its mould plan's flash."""

from __future__ import annotations

from decimal import Decimal as D

from outsole_studio.core.i18n import translator
from outsole_studio.render.rows import price_break_rows, price_rows

from .test_window import PROJECT, open_and_wait, wait_job


def _type(panel, name, text):
    edit = panel.edits[name] if isinstance(name, str) else name
    edit.setText(text)
    edit.editingFinished.emit()


def test_the_quote_panel_takes_the_workshops_terms(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.quote_panel
    assert window.docks["quote"].windowTitle() == "Quote"
    for name, text in (("labour", "6"), ("wage", "30000"), ("presses", "2"), ("stations", "1"),
                       ("shifts", "2"), ("lead", "3")):  # fmt: skip
        _type(panel, name, text)
        wait_job(qtbot, window)
    _type(panel, panel.breaks_edit, "1000, 2000")
    wait_job(qtbot, window)
    assert window.last_error is None
    d = window.design
    terms = d.project.terms
    assert (terms.labour_min_per_pair, terms.wage_idr_per_hour, terms.presses, terms.shifts,
            terms.mould_lead_weeks, terms.breaks) == (6, 30_000, 2, 2, 3, (1000, 2000))  # fmt: skip
    assert not terms.wage_is_placeholder
    c = d.cost
    assert all(s.labour_idr_per_pair == D(3000) for s in c.sizes)
    # Rubber's default 6-minute cure: 10 pairs an hour a press; 2 presses x 2 shifts x 8 h:
    # 320 pairs a day; 750 pairs take 37.5 press hours, 2.34 days, 3 whole (no mould holds the
    # presses back: the busiest, EU 41 or EU 42, takes 180 / 10 = 18 h).
    assert c.capacity.pairs_per_day == 320 and c.capacity.days == D("2.34375")
    assert c.capacity.whole_days == 3 and c.capacity.bottleneck == "presses"
    text = panel.summary.text()
    t = translator("en")
    assert t.text("{weeks} weeks for the moulds, then {days} working days", weeks="3",
                  days=3) in text  # fmt: skip
    assert t.money(c.price_without_tooling_idr_per_pair) in text
    # The tables show the cost sheet's rows.
    rows = price_rows(c, t)
    assert panel.prices.rowCount() == len(rows) == 7
    assert panel.prices.item(6, 3).text() == rows[6]["kodi"]
    breaks = price_break_rows(c, t)
    assert panel.breaks.rowCount() == 2
    assert [panel.breaks.item(1, k).text() for k in range(5)] == [
        breaks[1][k] for k in ("pairs", "pair", "kodi", "total", "tooling")]  # fmt: skip


def test_a_mistyped_term_is_refused_and_the_terms_kept(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.quote_panel
    before = window.design.project.terms
    _type(panel, "shifts", "4")
    assert "shifts must be 1 to 3" in window.last_error
    assert window.design.project.terms == before and panel.edits["shifts"].text() == "1"
    window.last_error = None
    _type(panel, "presses", "1.5")
    assert "type a number" in window.last_error
    window.last_error = None
    _type(panel, panel.breaks_edit, "500, lots")
    assert "price breaks: 'lots' is not a whole number" in window.last_error
    assert window.design.project.terms.breaks == before.breaks


def test_the_flash_of_a_body_is_its_mould_plans(qtbot, window):
    open_and_wait(qtbot, window, PROJECT)
    panel = window.cost_panel
    d = window.design
    assert d.project.techpack.plan_for(0).flash_pct == 10.0  # the example's tech pack
    assert panel.bodies.horizontalHeaderItem(3).text() == "Flash (%)"
    before = d.cost.sizes[0].bodies[0].compound_g_per_sole
    panel.bodies.item(0, 3).setText("15")
    wait_job(qtbot, window)
    d = window.design
    assert d.project.materials[0].waste_pct == 15
    assert d.project.techpack.plan_for(0).flash_pct == 15.0
    net = d.cost.sizes[0].bodies[0].net_g_per_sole
    assert d.cost.sizes[0].bodies[0].compound_g_per_sole == net * D("1.15") > before
    assert d.blanks_g[0][d.cost.sizes[0].size] == (net * D("1.15")).quantize(D("0.1"))
