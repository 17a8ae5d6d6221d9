"""Shoe size systems, conversion between them and size runs.

Every system is a linear scale on the *last length* (the length of the last's bottom, the shoe's
inside length), except Mondopoint, which is the foot length; the toe allowance links the two:

- EU (Paris point): last length = size x 20/3 mm.
- UK (adult): last length = (size + 25) x 1/3 inch; children's sizes 0-13.5 (written ``11.5C``)
  sit 13 sizes below adult size 0, so the scale is the same line.
- US men = UK + 1; US women = US men + 1.5 (the Brannock convention).
- Mondopoint (ISO 9407): foot length in mm; last length = foot length + toe allowance.

An outsole is a little longer than its last (``sole_extra_mm``, 0 by default, the generator's
convention), which is how a nominal size is inferred from a measured outsole length.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from ..errors import OutsoleError

PARIS_POINT_MM = 20.0 / 3.0
BARLEYCORN_MM = 25.4 / 3.0

#: Canonical names and the spellings accepted for them.
SYSTEMS: dict[str, str] = {
    "EU": "EU (Paris point)",
    "UK": "UK",
    "US-M": "US men",
    "US-W": "US women",
    "MP": "Mondopoint (foot length, mm)",
}
_ALIASES = {
    "EU": "EU",
    "EUR": "EU",
    "FR": "EU",
    "UK": "UK",
    "USM": "US-M",
    "US-M": "US-M",
    "US_M": "US-M",
    "USW": "US-W",
    "US-W": "US-W",
    "US_W": "US-W",
    "MP": "MP",
    "MONDO": "MP",
    "MONDOPOINT": "MP",
}
#: Offset of each barleycorn system from adult UK sizes.
_UK_OFFSET = {"UK": 0.0, "US-M": 1.0, "US-W": 2.5}
#: Size step of a run written without one.
DEFAULT_STEP = {"EU": 1.0, "UK": 1.0, "US-M": 1.0, "US-W": 1.0, "MP": 5.0}
#: Children's sizes (suffix C) restart 13 sizes below adult size 0 on the same scale.
CHILD_OFFSET = 13.0


@dataclass(frozen=True)
class SizeSettings:
    """How sizes relate to the foot and to the outsole.

    Attributes
    ----------
    toe_allowance_mm : float
        Last length minus foot length (sources give 15 and 20 mm).
    sole_extra_mm : float
        Outsole length minus last length.
    """

    toe_allowance_mm: float = 15.0
    sole_extra_mm: float = 0.0

    def __post_init__(self) -> None:
        if not (0.0 <= self.toe_allowance_mm <= 40.0):
            raise OutsoleError(
                "toe allowance {toe_allowance_mm} mm is outside 0-40 mm; sources give 15 or 20 mm",
                toe_allowance_mm=format(self.toe_allowance_mm, "g"),
            )
        if not (-20.0 <= self.sole_extra_mm <= 40.0):
            raise OutsoleError(
                "sole length allowance {sole_extra_mm} mm is outside -20 to 40 mm",
                sole_extra_mm=format(self.sole_extra_mm, "g"),
            )


DEFAULT_SIZE_SETTINGS = SizeSettings()


def system_name(text: str) -> str:
    """The canonical system key for a user's spelling (``eu``, ``us-w``, ``mondo``...)."""
    key = _ALIASES.get(text.strip().upper().replace(" ", ""))
    if key is None:
        raise OutsoleError(
            "unknown size system {text}; use one of EU, UK, US-M, US-W, MP (Mondopoint)",
            text=repr(text),
        )
    return key


@dataclass(frozen=True, order=True)
class Size:
    """A size on one system's scale; ``value`` is continuous (conversions are exact)."""

    system: str
    value: float

    @property
    def label(self) -> str:
        """``EU 42``, ``UK 8.5``, ``UK 11.5C``, ``US-W 10``, ``MP 265``."""
        if self.system in _UK_OFFSET and self.value < 1.0 - 1e-9:
            return f"{self.system} {_num(self.value + CHILD_OFFSET)}C"
        return f"{self.system} {_num(self.value)}"

    @property
    def number(self) -> str:
        """The label without the system, as written in an order (``42``, ``8.5``, ``11.5C``)."""
        return self.label.split(" ", 1)[1]

    def last_length_mm(self, settings: SizeSettings = DEFAULT_SIZE_SETTINGS) -> float:
        """Last length of this size, mm."""
        if self.system == "EU":
            return self.value * PARIS_POINT_MM
        if self.system == "MP":
            return self.value + settings.toe_allowance_mm
        return (self.value - _UK_OFFSET[self.system] + 25.0) * BARLEYCORN_MM

    def outsole_length_mm(self, settings: SizeSettings = DEFAULT_SIZE_SETTINGS) -> float:
        """Outsole length of this size, mm."""
        return self.last_length_mm(settings) + settings.sole_extra_mm

    def to(self, system: str, settings: SizeSettings = DEFAULT_SIZE_SETTINGS) -> Size:
        """The same last length on another system's scale (exact, not rounded)."""
        return size_from_last_length(self.last_length_mm(settings), system_name(system), settings)

    def rounded(self, step: float | None = None) -> Size:
        """Nearest size on a grid of ``step`` (half sizes by default; 1 mm for Mondopoint)."""
        if step is None:
            step = 1.0 if self.system == "MP" else 0.5
        # Halves round up (41.5 -> 42), as size charts do; Python's round() would go to even.
        return Size(self.system, math.floor(self.value / step + 0.5) * step + 0.0)


def _num(value: float) -> str:
    """A size number without float noise: 42, 8.5, 36.667."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def size_from_last_length(
    last_length_mm: float, system: str, settings: SizeSettings = DEFAULT_SIZE_SETTINGS
) -> Size:
    """The size (exact, continuous) whose last is ``last_length_mm`` long."""
    system = system_name(system)
    if system == "EU":
        return Size(system, last_length_mm / PARIS_POINT_MM)
    if system == "MP":
        return Size(system, last_length_mm - settings.toe_allowance_mm)
    return Size(system, last_length_mm / BARLEYCORN_MM - 25.0 + _UK_OFFSET[system])


def nominal_size(
    outsole_length_mm: float, system: str = "EU", settings: SizeSettings = DEFAULT_SIZE_SETTINGS
) -> Size:
    """The size an outsole of this length was made for, rounded to the system's usual step.

    EU and Mondopoint round to whole sizes (Mondopoint to 5 mm), UK and US to half sizes.
    """
    exact = size_from_last_length(outsole_length_mm - settings.sole_extra_mm, system, settings)
    step = {"EU": 1.0, "MP": 5.0}.get(exact.system, 0.5)
    return exact.rounded(step)


_SIZE_RE = re.compile(r"^\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<child>[cC])?\s*$")
_SYSTEM_PREFIX = re.compile(r"^\s*(?P<sys>[A-Za-z][A-Za-z_-]*?)\s*(?=\d)")


def _system_of(text: str, m: re.Match[str], run: bool = False) -> str:
    """The system a size or run starts with; a dash before the first number is refused.

    ``UK-3`` could be UK 3 or a range missing its start: neither is guessed.
    """
    written = m.group("sys").strip()
    if written.endswith("-"):
        system = written.rstrip("-").strip().upper()
        number = re.match(r"\d+(?:[.,]\d+)?", text[m.end() :])
        first = number.group(0) if number else "1"
        if not run:
            raise OutsoleError(
                "{strip}: write the size system and the number together, e.g. {one}",
                strip=repr(text.strip()),
                one=f"{system}{first}",
            )
        raise OutsoleError(
            "{strip}: a dash after the size system reads as a range with no start; write "
            "{one} for one size or {run} for a range",
            strip=repr(text.strip()),
            one=f"{system}{first}",
            run=f"{system}{first}-{_num(float(first.replace(',', '.')) + 5)}",
        )
    return system_name(written)


def parse_size_number(text: str, system: str) -> Size:
    """One size number in a known system: ``42``, ``8.5``, ``8,5``, ``11.5C`` (UK/US children)."""
    m = _SIZE_RE.match(text)
    if not m:
        raise OutsoleError(
            "{strip} is not a size number (examples: 42, 8.5, 11.5C)", strip=repr(text.strip())
        )
    value = float(m.group("num").replace(",", "."))
    if m.group("child"):
        if system not in _UK_OFFSET:
            raise OutsoleError(
                "children's sizes (C) exist only on UK and US scales: {text}", text=repr(text)
            )
        if not 0.0 <= value < 14.0:
            raise OutsoleError(
                "children's size {strip} is outside 0-13.5C", strip=repr(text.strip())
            )
        value -= CHILD_OFFSET
    size = Size(system, value)
    _check_plausible(size, text)
    return size


def _check_plausible(size: Size, text: str) -> None:
    # Last lengths of 100-400 mm cover infants' to the largest adult shoes.
    last = size.last_length_mm()
    if not 100.0 <= last <= 400.0:
        raise OutsoleError(
            "size {strip} is not a shoe size on the {SYSTEMS} scale (its last would be {last} mm "
            "long)",
            strip=repr(text.strip()),
            SYSTEMS=SYSTEMS[size.system],
            last=format(last, ".0f"),
        )


def parse_size(text: str, default_system: str | None = None) -> Size:
    """A size and its system (``EU42``, ``UK 8.5``, ``US-W10``, ``MP265``), or ``42`` + default."""
    m = _SYSTEM_PREFIX.match(text)
    if m:
        return parse_size_number(text[m.end() :], _system_of(text, m))
    if default_system is None:
        raise OutsoleError(
            "size {strip} needs its system, e.g. EU42 or UK8", strip=repr(text.strip())
        )
    return parse_size_number(text, system_name(default_system))


@dataclass(frozen=True)
class SizeRun:
    """An ordered run of sizes on one system."""

    system: str
    sizes: tuple[Size, ...]

    @property
    def text(self) -> str:
        """The run written back the way :func:`parse_size_run` reads it."""
        values = [s.value for s in self.sizes]
        steps = {round(b - a, 6) for a, b in itertools.pairwise(values)}
        if len(values) > 2 and len(steps) == 1:
            step = steps.pop()
            suffix = "" if step == DEFAULT_STEP[self.system] else f"/{_num(step)}"
            return f"{self.system}{self.sizes[0].number}-{self.sizes[-1].number}{suffix}"
        return f"{self.system}" + ",".join(s.number for s in self.sizes)

    def find(self, text: str) -> Size:
        """The run's size written as ``text`` (``41``, ``EU41``, ``8.5``); an error if absent."""
        size = parse_size(text, self.system)
        if size.system != self.system:
            size = size.to(self.system)
        for s in self.sizes:
            if abs(s.value - size.value) < 1e-6:
                return s
        raise OutsoleError(
            "size {strip} is not in the size run {text}",
            strip=text.strip(),
            text=self.text,
        )


def parse_size_run(text: str, system: str | None = None) -> SizeRun:
    """Read a size run.

    Forms: ``EU36-45`` (every size), ``UK6-11/0.5`` (half sizes), ``MP240-280`` (5 mm steps),
    ``EU38,40,42`` (a list), ``US-W6-9.5/0.5``; ranges and lists can be mixed with commas.
    ``system``: the system of a run written without one (``36-41`` in a design sized in EU).
    """
    if system is not None and text.strip()[:1].isdigit():
        text = system + text.strip()
    m = _SYSTEM_PREFIX.match(text)
    if not m:
        raise OutsoleError(
            "size run {strip} must start with its system, e.g. EU36-45 or UK6-11/0.5",
            strip=repr(text.strip()),
        )
    system = _system_of(text, m, run=True)
    sizes: list[Size] = []
    for part in text[m.end() :].split(","):
        part = part.strip()
        if not part:
            raise OutsoleError("size run {strip} has an empty entry", strip=repr(text.strip()))
        step_text = None
        if "/" in part:
            part, step_text = (p.strip() for p in part.split("/", 1))
        if "-" in part:
            lo_text, hi_text = (p.strip() for p in part.split("-", 1))
            lo, hi = parse_size_number(lo_text, system), parse_size_number(hi_text, system)
            step = DEFAULT_STEP[system]
            if step_text is not None:
                try:
                    step = float(step_text.replace(",", "."))
                except ValueError:
                    step = math.nan
                if not (step > 0 and math.isfinite(step)):
                    raise OutsoleError(
                        "size step {step_text} must be a positive number", step_text=repr(step_text)
                    )
            if hi.value < lo.value:
                raise OutsoleError(
                    "size run {part} goes down; write the smaller size first", part=repr(part)
                )
            count = round((hi.value - lo.value) / step)
            if abs(lo.value + count * step - hi.value) > 1e-6:
                raise OutsoleError(
                    "size run {part} does not end on a step of {num} from its start",
                    part=repr(part),
                    num=_num(step),
                )
            if count > 60:
                raise OutsoleError(
                    "size run {part} has {value} sizes; at most 61",
                    part=repr(part),
                    value=count + 1,
                )
            sizes += [Size(system, lo.value + i * step) for i in range(count + 1)]
        else:
            if step_text is not None:
                raise OutsoleError(
                    "a step (/{step_text}) belongs to a range such as 36-45", step_text=step_text
                )
            sizes.append(parse_size_number(part, system))
    unique = sorted(set(sizes))
    if len(unique) != len(sizes):
        raise OutsoleError("size run {strip} lists a size twice", strip=repr(text.strip()))
    return SizeRun(system, tuple(unique))
