"""The Dimensions panel (the sheet's table of measures) and the Sections panel (its figure)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QTableWidgetItem, QVBoxLayout

from ...render.rows import dimension_rows
from ...workflow.design import Design
from ..texts import lang, tr
from .base import Panel, make_table


class DimensionsPanel(Panel):
    """The outsole's measures: the same rows as the spec sheet's Dimensions table."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = make_table(2)
        # The values stay whole; long labels (Indonesian) give way, their text in a tooltip.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)  # a long label wraps rather than being cut
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr("Measure"), tr("Value")])

    def fill(self, d: Design) -> None:
        rows = dimension_rows(d.analysis, lang())
        self.table.setRowCount(len(rows))
        for i, (label, value) in enumerate(rows):
            name = QTableWidgetItem(label)
            name.setToolTip(label)
            self.table.setItem(i, 0, name)
            item = QTableWidgetItem(value)
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(i, 1, item)
        self.table.resizeRowsToContents()
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # once the dock has its width


class SectionsPanel(Panel):
    """The transverse sections and the centre line, drawn by the sheet's own figure.

    Drawn only while shown, and again only when the model or the language changed.
    """

    def __init__(self) -> None:
        super().__init__()
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.canvas: Any = FigureCanvasQTAgg(Figure(figsize=(5, 4)))  # type: ignore[no-untyped-call]
        self._layout.addWidget(self.canvas)
        self._drawn: tuple[int, str] | None = None

    def fill(self, d: Design) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        from ...render.plots import sections_figure

        key = (id(d.analysis), lang().lang)
        if d.analysis.relief is None or key == self._drawn or not self.isVisible():
            return  # drawn already (a price edit does not move the sections), or when shown
        self._drawn = key
        # One column in a side panel: every title reads over its own section.
        width_in = max(2.8, (self.width() - 24) / 100)
        figure = sections_figure(d.analysis, lang(), columns=1, width_in=width_in)
        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        canvas.setMinimumHeight(int(figure.get_figheight() * figure.dpi))
        self._layout.replaceWidget(self.canvas, canvas)
        self.canvas.deleteLater()
        self.canvas = canvas

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.show_design(self.design)
