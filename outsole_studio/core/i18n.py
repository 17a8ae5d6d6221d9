"""Languages: one gettext catalogue (English source strings, Bahasa Indonesia translations) and
number, money and date formatting for each language.

The catalogue is a standard ``.po`` file (``resources/locale/<lang>/LC_MESSAGES/
outsole-studio.po``) that translators edit with their usual tools; it is read directly, so no
compile step stands between an edit and the program. English needs no catalogue: its strings are
the source. Shipped data written in English (preset material names, profile rule labels and
sources) is in the catalogue too, so an Indonesian sheet reads Indonesian throughout; what a user
typed is shown as typed.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from .errors import OutsoleError
from .messages import Message
from .resources import resources_root

LANGUAGES = ("en", "id")
DOMAIN = "outsole-studio"

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
}  # fmt: skip


def catalogue_path(lang: str) -> Path:
    """Where a language's ``.po`` file lives."""
    return resources_root() / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def parse_po(text: str, source: str = "catalogue") -> dict[str, str]:
    """``msgid -> msgstr`` of a ``.po`` file (plain entries; empty translations left out).

    Raises
    ------
    OutsoleError
        On a line that is not part of the subset of the format the catalogue uses.
    """
    out: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value:
                out[key] = value

    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            if line.startswith("msgid "):
                flush()
                msgid, msgstr = [ast.literal_eval(line[6:])], None
                current = msgid
            elif line.startswith("msgstr "):
                msgstr = [ast.literal_eval(line[7:])]
                current = msgstr
            elif line.startswith('"') and current is not None:
                current.append(ast.literal_eval(line))
            else:
                raise ValueError(line)
        except (ValueError, SyntaxError):
            raise OutsoleError(
                "line {no} is not valid .po syntax: {raw}", source, no=no, raw=repr(raw)
            ) from None
    flush()
    return out


@dataclass(frozen=True)
class Translator:
    """Strings and numbers for one language.

    Attributes
    ----------
    lang : str
        ``en`` or ``id``.
    messages : dict
        msgid -> translation (empty for English).
    """

    lang: str
    messages: dict[str, str] = field(default_factory=dict, repr=False)

    def __call__(self, message: str) -> str:
        """The translation of ``message`` (itself when the catalogue has none)."""
        return self.messages.get(message, message)

    def text(self, message: str, **values: object) -> str:
        """Translate, then fill ``{name}`` fields with already formatted values."""
        return self(message).format(**values)

    def message(self, message: Message) -> str:
        """A message (an error, a note) in this language: its template looked up, values filled."""
        return message.render(self)

    @property
    def decimal_sep(self) -> str:
        """``.`` in English, ``,`` in Indonesian."""
        return "," if self.lang == "id" else "."

    @property
    def group_sep(self) -> str:
        """Thousands separator: ``,`` in English, ``.`` in Indonesian."""
        return "." if self.lang == "id" else ","

    def number(self, value: float | Decimal, digits: int = 1, group: bool = True) -> str:
        """``1,234.5`` / ``1.234,5``; halves round up, as on paper."""
        q = Decimal(1).scaleb(-digits) if digits else Decimal(1)
        d = Decimal(repr(float(value)) if isinstance(value, float) else value).quantize(
            q, rounding=ROUND_HALF_UP
        )
        if d == 0:
            d = abs(d)
        text = f"{d:,.{digits}f}" if group else f"{d:.{digits}f}"
        if self.lang == "id":
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    def read_number(self, text: str) -> Decimal | None:
        """A number typed in this language, or None when it cannot be read.

        The language's grouping (``35,000`` / ``35.000``) and decimal mark (``7.5`` / ``7,5``)
        are read; the other language's decimal mark is read too where it cannot be a grouping
        (``7,5`` typed in English is 7.5: a thousands group has three digits), so a number is
        never silently misread (``7,5`` never becomes 75).
        """
        t = text.strip().replace("Rp", "").replace(" ", "").replace("\u00a0", "")
        dec, grp = self.decimal_sep, self.group_sep
        if dec in t and grp in t:
            if t.rfind(dec) < t.rfind(grp) or not re.fullmatch(
                rf"[-+]?\d{{1,3}}(\{grp}\d{{3}})*\{dec}\d*", t
            ):
                return None
            t = t.replace(grp, "").replace(dec, ".")
        elif grp in t:
            if re.fullmatch(rf"[-+]?\d{{1,3}}(\{grp}\d{{3}})+", t):
                t = t.replace(grp, "")  # grouping: every group three digits
            elif t.count(grp) == 1:
                t = t.replace(grp, ".")  # the other language's decimal mark
            else:
                return None
        else:
            t = t.replace(dec, ".")
        try:
            value = Decimal(t)
        except InvalidOperation:
            return None
        return value if value.is_finite() else None

    def money(self, idr: Decimal) -> str:
        """Whole Rupiah: ``Rp 1,250,000`` / ``Rp 1.250.000``."""
        return f"Rp {self.number(idr, 0)}"

    def quantity(self, value: float | Decimal | None, unit: str, digits: int = 1) -> str:
        """``12.5 mm`` / ``12,5 mm``; ``-`` when undefined."""
        if value is None:
            return "-"
        sep = "" if unit in ("%", "°", "") else " "
        return f"{self.number(value, digits)}{sep}{unit}"

    def date(self, day: dt.date) -> str:
        """``28 November 2026`` (month names in the language)."""
        return f"{day.day} {_MONTHS[self.lang][day.month - 1]} {day.year}"


@functools.cache
def translator(lang: str = "en") -> Translator:
    """The translator for ``en`` or ``id`` (catalogue read once)."""
    if lang not in LANGUAGES:
        raise OutsoleError(
            "language {lang} is not one of {join}", lang=repr(lang), join=", ".join(LANGUAGES)
        )
    if lang == "en":
        return Translator("en")
    path = catalogue_path(lang)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise OutsoleError("the language catalogue is missing; reinstall", str(path)) from None
    return Translator(lang, parse_po(text, str(path)))
