"""Messages as data: a catalogue id (the English template) and its values, translated by lookup.

A message is made where it arises (an error, a cost note, a unit note) and rendered by whoever
shows it, in the language in use: the template is looked up in the catalogue and its ``{fields}``
filled. A value may itself be a message (a detail inside a sentence), is rendered in the same
language; :class:`Money` is shown as Rupiah; a number written the English way (``12.5``) gets the
language's decimal separator; a text value that is itself a catalogue entry (``the mould cost per
size``) is looked up. English needs no catalogue: its text is the template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .i18n import Translator

_DECIMAL = re.compile(r"-?\d+\.\d+")


@dataclass(frozen=True)
class Message:
    """A user-facing message: ``msgid`` (an English ``{name}`` template) and its values.

    Attributes
    ----------
    msgid : str
        The catalogue id, which is also the English text with ``{name}`` fields.
    values : Mapping[str, object]
        The fields' values: text, numbers, ``Decimal`` money or nested :class:`Message`.
    """

    msgid: str
    values: Mapping[str, object] = field(default_factory=dict)

    def render(self, t: Translator) -> str:
        """The message in ``t``'s language."""
        if not self.values:
            return t(self.msgid)
        shown = {k: _value(v, t) for k, v in self.values.items()}
        return t(self.msgid).format(**shown)

    def __str__(self) -> str:
        """The English text."""
        if not self.values:
            return self.msgid
        return self.msgid.format(**{k: str(v) for k, v in self.values.items()})


@dataclass(frozen=True)
class Money:
    """An amount of Rupiah inside a message, shown as ``Rp 1,250,000`` / ``Rp 1.250.000``."""

    idr: Decimal

    def __str__(self) -> str:
        from .i18n import translator

        return translator("en").money(self.idr)


def _value(value: object, t: Translator) -> str:
    if isinstance(value, Message):
        return value.render(t)
    if isinstance(value, Money):
        return t.money(value.idr)
    text = str(value)
    if t.decimal_sep != "." and _DECIMAL.fullmatch(text):
        return text.replace(".", t.decimal_sep)
    return t(text) if isinstance(value, str) else text


def message(msgid: str | Message, **values: object) -> Message:
    """A :class:`Message` from a template and values (a message is returned as it is)."""
    if isinstance(msgid, Message):
        return msgid
    return Message(msgid, values)


def joined(parts: Sequence[Message], sep: str = "; ") -> Message:
    """Several messages shown as one (``a; b; c``), each part translated on its own."""
    if len(parts) == 1:
        return parts[0]
    names = [f"part{i}" for i in range(len(parts))]
    return Message(sep.join("{" + n + "}" for n in names), dict(zip(names, parts, strict=True)))
