"""What every panel shares: the ``edited`` signal, a guard while filling, tables, typed amounts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QWidget,
)

from ...workflow.design import Design
from ..texts import lang

#: How long typing must pause before a typed value is taken (ms): totals follow as you type.
TYPING_PAUSE_MS = 350


def parse_amount(text: str) -> Decimal | None:
    """A non-negative amount typed by the user (``35000``, ``35,000`` / ``35.000``, ``7.5`` /
    ``7,5``), read in the language in use (:meth:`Translator.read_number`), or None."""
    value = lang().read_number(text)
    return value if value is not None and value >= 0 else None


def make_table(columns: int) -> QTableWidget:
    """A table sized to its contents, its last column stretched."""
    table = QTableWidget(0, columns)
    # A wide table scrolls inside its panel rather than widening the panel past its dock.
    table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


@contextlib.contextmanager
def cells_then_columns(table: QTableWidget) -> Iterator[None]:
    """Fill ``table``'s cells with its columns' widths held, then size the columns once: a
    column sized to its contents is otherwise measured again at every cell set (the cost
    panel's table by size took 18 ms of the window's thread to fill, 2 ms so)."""
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(i) for i in range(header.count())]
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    try:
        yield
    finally:
        if len(set(modes)) == 1:
            header.setSectionResizeMode(modes[0])  # the table's one mode, for every column
        else:
            for i, mode in enumerate(modes):
                header.setSectionResizeMode(i, mode)


def fit_rows(table: QTableWidget, min_rows: int = 1) -> None:
    """Make a short table exactly as tall as its rows (no empty space under them)."""
    rows = max(table.rowCount(), min_rows)
    row_height = table.verticalHeader().defaultSectionSize()
    height = table.horizontalHeader().height() + rows * row_height + 2 * table.frameWidth()
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setFixedHeight(height + 2)


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a vertical scroll area (a dock may be shorter than its panel)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


class Panel(QWidget):
    """A dock's contents over the open design."""

    #: Project changes the user made (``{"field": value}``; ``profile`` for another profile).
    edited = Signal(dict)
    #: One line for the error dialog: a value the user typed cannot be taken.
    refused = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.design: Design | None = None
        self._filling = False
        self._typing: list[tuple[QTimer, Callable[[bool], None]]] = []

    @contextlib.contextmanager
    def filling(self) -> Iterator[None]:
        """While the panel fills its widgets, their change signals are not the user's edits."""
        self._filling = True
        try:
            yield
        finally:
            self._filling = False

    @property
    def quiet(self) -> bool:
        """Whether a widget's change signal comes from filling, or there is nothing to edit."""
        return self._filling or self.design is None

    def show_design(self, design: Design | None) -> None:
        """Show ``design`` in the language in use."""
        self.design = design
        if design is not None:
            with self.filling():
                self.fill(design)

    def fill(self, design: Design) -> None:
        """Set every widget from ``design`` (change signals are ignored meanwhile)."""

    def retranslate(self) -> None:
        """Set the fixed texts in the language in use."""

    def commit(self) -> None:
        """Take every value still being typed now (before saving, exporting, closing)."""
        for timer, take in self._typing:
            if timer.isActive():
                timer.stop()
                take(True)

    def watch_typing(self, edit: QLineEdit, take: Callable[[bool], None]) -> None:
        """Call ``take(final)`` after a pause in typing into ``edit`` (``final`` False: a value
        that cannot be read yet is no error) and when it is left or Return is pressed."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(TYPING_PAUSE_MS)
        timer.timeout.connect(lambda: take(False))
        edit.textEdited.connect(lambda _text: timer.start())

        def finished() -> None:
            timer.stop()
            take(True)

        edit.editingFinished.connect(finished)
        self._typing.append((timer, take))
