"""A small evaluator for the spreadsheet formulas the costing workbook uses.

Enough of Excel's grammar to check the workbook without a spreadsheet program: numbers, cell
references (``B5``, ``$B$5``), ranges inside functions, text in double quotes, ``+ - * /``,
unary minus, ``> < =`` comparisons, references to another sheet of the book (``'Costing'!$F$9``),
and SUM, MAX, ROUND (half away from zero, as Excel), ROUNDUP (away from zero), IF (only the branch
taken is evaluated, as Excel does), SUMPRODUCT and COUNTIF with a ``">n"`` criterion.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(?P<range>\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)"
    r"|(?P<xref>'[^']+'!\$?[A-Z]+\$?\d+)"
    r'|(?P<str>"[^"]*")|(?P<ref>\$?[A-Z]+\$?\d+)|(?P<fn>[A-Z]+)\(|(?P<op>[-+*/(),<>=]))'
)


def _cells(ref: str) -> tuple[str, int]:
    m = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref)
    assert m, ref
    return m.group(1), int(m.group(2))


def _col_index(col: str) -> int:
    n = 0
    for ch in col:
        n = n * 26 + ord(ch) - 64
    return n


def _col_name(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


class Workbook:
    """Evaluates the formulas of one openpyxl worksheet (loaded without data_only)."""

    def __init__(self, ws, book=None) -> None:
        self.ws = ws
        self.book = book if book is not None else ws.parent
        self.cache: dict[str, float] = {}
        self.others: dict[str, Workbook] = {}

    def value(self, ref: str) -> float:
        col, row = _cells(ref)
        key = f"{col}{row}"
        if key not in self.cache:
            raw = self.ws[key].value
            if isinstance(raw, str) and raw.startswith("="):
                self.cache[key] = self.formula(raw[1:])
            elif raw is None:
                self.cache[key] = 0.0
            elif isinstance(raw, str):
                self.cache[key] = raw  # text, as a policy's name
            else:
                self.cache[key] = float(raw)
        return self.cache[key]

    def range(self, text: str) -> list[float]:
        a, b = text.split(":")
        (c1, r1), (c2, r2) = _cells(a), _cells(b)
        return [
            self.value(f"{_col_name(c)}{r}")
            for r in range(r1, r2 + 1)
            for c in range(_col_index(c1), _col_index(c2) + 1)
        ]

    def formula(self, text: str) -> float:
        # A referenced cell's formula is evaluated in the middle of this one: keep our place.
        saved = getattr(self, "tokens", None), getattr(self, "pos", 0)
        try:
            return self._formula(text)
        finally:
            self.tokens, self.pos = saved

    def _formula(self, text: str) -> float:
        self.tokens = [(m.lastgroup, m.group(m.lastgroup)) for m in _TOKEN.finditer(text)]
        read = "".join(v for _, v in self.tokens)
        assert re.sub(r"\s|\(", "", read) == re.sub(r"\s|\(", "", text), (
            f"cannot read formula {text!r}"
        )
        self.pos = 0
        value = self.comparison()
        assert self.pos == len(self.tokens), f"trailing input in {text!r}"
        return value

    def peek(self) -> tuple[str | None, str | None]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self) -> tuple[str | None, str | None]:
        tok = self.peek()
        self.pos += 1
        return tok

    def comparison(self) -> float:
        left = self.additive()
        _, op = self.peek()
        if op in (">", "<", "="):
            self.take()
            right = self.additive()
            if op == "=":
                return float(left == right)
            return float(left > right if op == ">" else left < right)
        return left

    def additive(self) -> float:
        value = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            rhs = self.term()
            value = value + rhs if op == "+" else value - rhs
        return value

    def term(self) -> float:
        value = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            rhs = self.unary()
            value = value * rhs if op == "*" else value / rhs
        return value

    def unary(self) -> float:
        if self.peek()[1] == "-":
            self.take()
            return -self.unary()
        return self.atom()

    def args(self) -> list:
        out = []
        while True:
            kind, tok = self.peek()
            if kind == "range":
                self.take()
                out.append(self.range(tok))
            else:
                out.append(self.comparison())
            sep = self.take()[1]
            if sep == ")":
                return out
            assert sep == ",", sep

    def _if(self) -> float:
        """IF(condition, then, else): the branch not taken is skipped, not evaluated."""
        condition = self.comparison()
        assert self.take()[1] == ","
        if condition:
            value = self.comparison()
            assert self.take()[1] == ","
            self._skip()
        else:
            self._skip()
            assert self.take()[1] == ","
            value = self.comparison()
        assert self.take()[1] == ")"
        return value

    def _skip(self) -> None:
        """Move past one argument (to the ``,`` or ``)`` that ends it)."""
        depth = 0
        while True:
            kind, tok = self.peek()
            if depth == 0 and tok in (",", ")"):
                return
            self.take()
            if kind == "fn" or tok == "(":
                depth += 1
            elif tok == ")":
                depth -= 1

    def atom(self) -> float:
        kind, tok = self.take()
        if kind == "num":
            return float(tok)
        if kind == "str":
            return tok[1:-1]
        if kind == "ref":
            return self.value(tok)
        if kind == "xref":
            name, ref = tok.rsplit("!", 1)
            name = name[1:-1]
            if name not in self.others:
                self.others[name] = Workbook(self.book[name], self.book)
            return self.others[name].value(ref)
        if tok == "(":
            value = self.comparison()
            assert self.take()[1] == ")"
            return value
        if kind == "fn" and tok == "IF":
            return self._if()
        if kind == "fn":
            args = self.args()
            if tok == "SUM":
                return math.fsum(x for a in args for x in (a if isinstance(a, list) else [a]))
            if tok == "MAX":
                return max(x for a in args for x in (a if isinstance(a, list) else [a]))
            if tok == "ROUNDUP":
                assert args[1] == 0, "ROUNDUP to whole numbers only"
                return float(math.ceil(args[0]) if args[0] >= 0 else math.floor(args[0]))
            if tok == "ROUND":
                q = Decimal(1).scaleb(-int(args[1]))
                return float(Decimal(repr(args[0])).quantize(q, rounding=ROUND_HALF_UP))
            if tok == "IF":
                return args[1] if args[0] else args[2]
            if tok == "SUMPRODUCT":
                return math.fsum(a * b for a, b in zip(args[0], args[1], strict=True))
            if tok == "COUNTIF":
                m = re.fullmatch(r">(-?\d+(?:\.\d+)?)", args[1])
                assert m, f"cannot read the criterion {args[1]!r}"
                return float(sum(1 for x in args[0] if x > float(m.group(1))))
        raise AssertionError(f"cannot evaluate {tok!r}")
