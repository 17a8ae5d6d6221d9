"""Messages as data: a catalogue id and its values, translated by lookup in either language."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from outsole_studio.core.errors import GeometryError, OutsoleError
from outsole_studio.core.i18n import translator
from outsole_studio.core.messages import Message, Money, joined

ID = translator("id")
EN = translator("en")


def test_an_error_is_translated_by_its_id_in_bahasa_indonesia():
    exc = OutsoleError("no material {key} in the library", "lib.sqlite", key="'karet'")
    assert str(exc) == "lib.sqlite: no material 'karet' in the library"
    assert exc.message == "no material 'karet' in the library"
    assert ID.message(exc.msg) == "tidak ada bahan 'karet' di pustaka"
    assert EN.message(exc.msg) == exc.message


def test_finished_text_is_never_matched_back_to_a_template():
    # The English text of a message is no catalogue id: shown as it is, not reverse-matched.
    # (Before, a regex over every template turned such text into Indonesian by guesswork.)
    finished = Message("no material 'karet' in the library")
    assert ID.message(finished) == "no material 'karet' in the library"
    assert not hasattr(ID, "_templates")


def test_values_are_shown_in_the_language_nested_messages_too():
    note = Message(
        "{first}; {declared}, which would make it {value} mm long",
        {
            "first": Message(
                "a length of {length} is plausible for an outsole in {detected}",
                {"length": "11.03", "detected": "in"},
            ),
            "declared": Message("the file declares {hint}", {"hint": "mm"}),
            "value": "11",
        },
    )
    assert str(note) == (
        "a length of 11.03 is plausible for an outsole in in; the file declares mm, which "
        "would make it 11 mm long"
    )
    # Each part translated, the decimal point a comma.
    assert ID.message(note) == (
        "panjang 11,03 masuk akal untuk outsole dalam in; berkas menyatakan mm, yang akan "
        "membuatnya 11 mm panjangnya"
    )


def test_money_in_a_message_is_rupiah_in_each_language():
    note = Message(
        "the price of {key} ({price}/kg) is a placeholder: set your supplier's price",
        {"key": "nr-sbr", "price": Money(D(35000))},
    )
    assert EN.message(note).startswith("the price of nr-sbr (Rp 35,000/kg)")
    assert "Rp 35.000" in ID.message(note)
    assert str(note).startswith("the price of nr-sbr (Rp 35,000/kg)")


def test_several_problems_are_one_message_each_part_translated():
    both = joined([Message("name is empty"), Message("hardness min is above hardness max")])
    assert str(both) == "name is empty; hardness min is above hardness max"
    parts = ID.message(both).split("; ")
    assert parts == [ID("name is empty"), ID("hardness min is above hardness max")]
    assert parts[0] != "name is empty"
    single = Message("name is empty")
    assert joined([single]) is single


def test_an_error_moved_to_its_file_keeps_its_kind_and_its_cause():
    def inner():
        raise GeometryError("only {n} usable triangle(s): a surface, not a solid outsole", n=1)

    with pytest.raises(GeometryError) as caught:
        try:
            inner()
        except GeometryError as exc:
            raise exc.at("sole.stl") from exc
    assert caught.value.path == "sole.stl"
    assert isinstance(caught.value.__cause__, GeometryError)
    assert caught.value.at("other.stl").path == "sole.stl"  # a path it has is kept
