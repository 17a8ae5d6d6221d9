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
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .errors import OutsoleError
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
            raise OutsoleError(f"line {no} is not valid .po syntax: {raw!r}", source) from None
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

    def message(self, text: str) -> str:
        """Translate a finished message (an error, a note) written from a catalogue template.

        Messages are made with f-strings where they arise; the catalogue holds their templates
        (``size run {part} goes down; ...``). A message is matched against the templates, its
        values are carried over; composite messages (``where: what``, ``a; b``) are translated
        part by part. Without a match the text is returned as it is.
        """
        if not self.messages:
            return text
        if text in self.messages:
            return self.messages[text]
        for pattern, names, target in self._templates:
            m = pattern.fullmatch(text)
            if m:
                # A field may itself hold a message (a detail inside a sentence), or a number
                # written the English way.
                values = [self._value(v) for v in m.groups()]
                return target.format(**dict(zip(names, values, strict=True)))
        if "; " in text:
            return "; ".join(self.message(part) for part in text.split("; "))
        head, sep, tail = text.partition(": ")
        if sep and tail:
            return f"{head}: {self.message(tail)}"
        return text

    def _value(self, text: str) -> str:
        if re.fullmatch(r"-?\d+\.\d+", text):
            return text.replace(".", self.decimal_sep)
        return self.message(text)

    @functools.cached_property
    def _templates(self) -> list[tuple[re.Pattern[str], list[str], str]]:
        out = []
        for msgid, msgstr in self.messages.items():
            names = re.findall(r"\{(\w+)\}", msgid)
            # Templates that are only fields and punctuation would match anything.
            literal = re.sub(r"\{\w+\}", "", msgid)
            if not names or not re.search(r"[A-Za-z]{3,}", literal):
                continue
            parts = re.split(r"\{\w+\}", msgid.replace("{{", "\0").replace("}}", "\1"))
            regex = "(.+?)".join(re.escape(p.replace("\0", "{").replace("\1", "}")) for p in parts)
            out.append((re.compile(regex, re.DOTALL), names, msgstr))
        # Longest literal text first: the most specific template wins.
        out.sort(key=lambda item: -len(item[0].pattern))
        return out

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
        raise OutsoleError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return Translator("en")
    path = catalogue_path(lang)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise OutsoleError("the language catalogue is missing; reinstall", str(path)) from None
    return Translator(lang, parse_po(text, str(path)))
