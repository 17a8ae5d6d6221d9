"""The window's language: the same catalogue as the sheet and the command line."""

from __future__ import annotations

from ..core.i18n import Translator, translator

_current: list[Translator] = [translator("en")]


def use_language(lang: str) -> None:
    """Speak ``lang`` in the window from now on."""
    _current[0] = translator(lang)


def lang() -> Translator:
    """The translator in use."""
    return _current[0]


def tr(msgid: str, **values: object) -> str:
    """``msgid`` in the window's language, its ``{fields}`` filled with ``values``."""
    text = _current[0](msgid)
    return text.format(**values) if values else text
