"""`cost` with the workshop's terms: options and a costing file give the same quote; the JSON
carries labour, moulds, capacity and the price breaks; a bad costing file is one line."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from .test_costing import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE = EXAMPLES / "casual-kawung-eu42.outsole"
QUOTE_TOML = EXAMPLES / "workshop-quote.toml"
OPTIONS = ("--tooling-policy", "separate", "--labour", "6", "--wage", "30000", "--presses", "2",
           "--shifts", "2")  # fmt: skip


def _json(*args):
    code, out, err = run("cost", str(EXAMPLE), *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_costing_file_and_the_options_give_the_same_quote():
    by_file = _json("--costing", str(QUOTE_TOML))
    by_options = _json(*OPTIONS, "--quote", "500,1000,2500,5000")
    assert by_file == by_options
    doc = by_file
    # Labour 6 min x Rp 30,000 an hour on every size; the wage is the region's, no placeholder.
    assert {s["labour_idr_per_pair"] for s in doc["sizes"]} == {"3000"}
    assert doc["inputs"]["terms"]["wage_is_placeholder"] is False
    # Six moulds (EU 44 and EU 45 share one) and the logo plate, billed once.
    assert [m["sizes"] for m in doc["moulds"]][-1] == ["EU 44", "EU 45"]
    assert doc["tooling_billed_idr"] == "73500000"
    cap = doc["capacity"]
    assert (cap["pairs_per_day"], cap["whole_days"], cap["bottleneck"]) == ("320.0", 3, "presses")
    assert [b["pairs"] for b in doc["price_breaks"]] == [500, 1000, 2500, 5000]
    # Billed once: every break is the same price, the order's price without tooling.
    assert {b["price_idr_per_pair"] for b in doc["price_breaks"]} == {
        doc["price_without_tooling_idr_per_pair"]}  # fmt: skip
    for s in doc["sizes"]:
        assert D(s["price_idr_per_kodi"]) == pytest.approx(20 * D(s["price_idr_per_pair"]), abs=10)
        assert s["price_idr_per_pair"] == s["price_with_tooling_idr_per_pair"]
    # An option given with the file wins over it.
    assert _json("--costing", str(QUOTE_TOML), "--shifts", "1")["capacity"]["whole_days"] == 5


def test_the_text_quote_reads_like_a_workshops(capsys):
    code, out, err = run("cost", str(EXAMPLE), "--costing", str(QUOTE_TOML))
    assert code == 0, err
    assert "Price per kodi (20 pairs) with tooling  Rp 584,289" in out
    assert (
        "Lead time                               4 weeks for the moulds, then 3 working days" in out
    )
    assert "body 1, mould 6    EU 44 + EU 45     90       1  Rp 12,000,000" in out


@pytest.mark.parametrize("text, message", [
    ("[press]\nkind = 'machine'\n", "sets process, tooling, pricing, terms, not press"),
    ("[terms]\nshifts = 5\n", "[terms]: shifts must be 1 to 3 a day, not 5"),
    ("[terms]\nbreaks = ['many']\n", "[terms]: breaks must be a list of whole numbers of pairs"),
    ("[tooling]\npolicy = 'free'\n", "[tooling]: policy 'free' is not one of separate"),
    ("[process]\nstations = 0\n", "[process]: stations on a machine must be 1 to 60, not 0"),
    ("process = 3\n", "[process]: must be a table of fields"),
])  # fmt: skip
def test_a_bad_costing_file_is_one_line_naming_it(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    code, out, err = run("cost", str(EXAMPLE), "--costing", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert str(path) in err and message in err
