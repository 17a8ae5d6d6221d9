"""Languages: formatting for each language, the catalogue and its completeness."""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.core.i18n import catalogue_path, parse_po, translator

TOOLS = Path(__file__).resolve().parents[2] / "tools"


def test_numbers_money_and_dates_follow_the_language():
    en, id_ = translator("en"), translator("id")
    assert en.money(D(1250000)) == "Rp 1,250,000"
    assert id_.money(D(1250000)) == "Rp 1.250.000"
    assert id_.money(D("1249999.5")) == "Rp 1.250.000"  # halves up
    assert en.quantity(12.5, "mm") == "12.5 mm"
    assert id_.quantity(12.5, "mm") == "12,5 mm"
    assert id_.quantity(0.25, "%", 0) == "0%"
    assert id_.number(1234567.891, 2) == "1.234.567,89"
    assert id_.number(-0.04, 1) == "0,0"
    assert en.date(dt.date(2026, 8, 17)) == "17 August 2026"
    assert id_.date(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert id_.text("Page {n} of {total}", n=2, total=6) == "Halaman 2 dari 6"
    assert en("Page {n} of {total}") == "Page {n} of {total}"
    with pytest.raises(OutsoleError, match="language 'fr'"):
        translator("fr")


def test_po_reading():
    text = 'msgid ""\nmsgstr ""\n"Language: id\\n"\n\n# c\nmsgid "a \\"b\\""\nmsgstr "x"\n"y"\n'
    assert parse_po(text) == {'a "b"': "xy"}
    with pytest.raises(OutsoleError, match=r"line 2 is not valid \.po syntax"):
        parse_po('msgid "a"\nmsgstr x\n')


def test_every_message_has_an_indonesian_translation():
    sys.path.insert(0, str(TOOLS))
    try:
        from extract_messages import messages
    finally:
        sys.path.remove(str(TOOLS))
    catalogue = parse_po(catalogue_path("id").read_text(encoding="utf-8"))
    ids = messages()
    assert len(ids) > 250
    assert [m for m in ids if m not in catalogue] == []
    # Placeholders survive translation.
    import re

    for msgid in ids:
        assert sorted(re.findall(r"\{\w+\}", msgid)) == sorted(
            re.findall(r"\{\w+\}", catalogue[msgid])
        ), msgid
