"""The spec sheet's PDF building blocks: page geometry, colours, the embedded fonts and
paragraph styles, the footer with page numbers, a rendered view with its caption, vector
figures, and the sheet's table style.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from concurrent.futures import Executor, Future
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
from matplotlib.figure import Figure
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

from ..core.i18n import Translator

if TYPE_CHECKING:
    from ..core.production.spec import SpecSheet
from .glview import ViewImage

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


PAGE_W, PAGE_H = A4


MARGIN = 15 * mm


FRAME_W = PAGE_W - 2 * MARGIN


INK = colors.HexColor("#1f2a36")


RULE = colors.HexColor("#c9ced6")


SHADE = colors.HexColor("#eef1f5")


STATUS_COLOURS = {
    "pass": colors.HexColor("#d5f0dc"),
    "warn": colors.HexColor("#fdebc8"),
    "fail": colors.HexColor("#f7d4d0"),
}


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    ttf = Path(mpl.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(ttf / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(ttf / "DejaVuSans-Bold.ttf")))


def sheet_styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=8, leading=10, textColor=INK)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=6.5, leading=8),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7, leading=8.5, alignment=TA_LEFT),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=10.5,
            leading=13,
            spaceBefore=8,
            spaceAfter=4,
        ),
    }


class Footer:
    """Draws the footer (design, revision, date; page n of N) once the page count is known.

    ``keywords``: the document's keywords, asked for when it is saved (what they name, the
    views' renderer, is known only once the views are in)."""

    def __init__(
        self, left: str, page_text: str, keywords: Callable[[], str] | None = None
    ) -> None:
        self.left = left
        self.page_text = page_text
        self.keywords = keywords

    def canvas_class(self) -> type[rl_canvas.Canvas]:
        footer = self

        class NumberedCanvas(rl_canvas.Canvas):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self._pages: list[dict[str, Any]] = []

            def showPage(self) -> None:  # noqa: N802 - reportlab's name
                self._pages.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._pages)
                for number, state in enumerate(self._pages, start=1):
                    self.__dict__.update(state)
                    footer.draw(self, number, total)
                    super().showPage()
                if footer.keywords is not None:
                    self.setKeywords(footer.keywords())
                super().save()

        return NumberedCanvas

    def draw(self, c: rl_canvas.Canvas, number: int, total: int) -> None:
        c.saveState()
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.line(MARGIN, 11 * mm, PAGE_W - MARGIN, 11 * mm)
        c.setFont(FONT, 7)
        c.setFillColor(INK)
        c.drawString(MARGIN, 7.5 * mm, self.left)
        c.drawRightString(PAGE_W - MARGIN, 7.5 * mm, self.page_text.format(n=number, total=total))
        c.restoreState()


class ViewFlowable(Flowable):
    """A rendered view at a given width, with a scale bar under flat views.

    The view is asked for only when drawn: the sheet is laid out while the views are rendered
    elsewhere. ``size_px``: the view's (width, height) in pixels, which sets its height here.
    """

    def __init__(
        self,
        view: Callable[[], ViewImage],
        size_px: tuple[int, int],
        width: float,
        caption: str,
        t: Translator,
    ) -> None:
        super().__init__()
        self._view = view
        self.width = width
        w, h = size_px
        self.image_h = width * h / w
        self.caption = caption
        self.t = t
        self.height = self.image_h + 14

    @property
    def view(self) -> ViewImage:
        """The rendered view (waited for when first drawn)."""
        return self._view()

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from PIL import Image

        c = self.canv
        img = ImageReader(Image.fromarray(self.view.rgb))
        c.drawImage(img, 0, 14, self.width, self.image_h)
        c.setFont(FONT, 7)
        c.setFillColor(INK)
        c.drawString(0, 3, self.caption)
        if self.view.mm_per_px is not None:
            px = self.view.rgb.shape[1]
            pt_per_mm = self.width / (px * self.view.mm_per_px)
            bar = 50.0 * pt_per_mm
            x1 = self.width - 6
            c.setStrokeColor(colors.HexColor("#c0392b"))
            c.setLineWidth(2)
            c.line(x1 - bar, 6, x1, 6)
            c.setFillColor(colors.HexColor("#c0392b"))
            c.drawRightString(x1 - bar - 4, 3.5, self.t.quantity(50, "mm", 0))


@functools.cache
def _svg_fonts() -> None:
    """Map the figures' "DejaVu Sans" to the sheet's fonts in svglib (matplotlib writes the
    weights as 400 and 700)."""
    from svglib.fonts import register_font

    ttf = Path(mpl.get_data_path()) / "fonts" / "ttf"
    for weight, name, file in (
        ("normal", FONT, "DejaVuSans.ttf"),
        ("400", FONT, "DejaVuSans.ttf"),
        ("bold", BOLD, "DejaVuSans-Bold.ttf"),
        ("700", BOLD, "DejaVuSans-Bold.ttf"),
    ):
        register_font("DejaVu Sans", str(ttf / file), weight=weight, rlgFontName=name)


def figure_drawing(
    fig: Figure, width: float, tight: bool = True, helper: Executor | None = None
) -> Flowable:
    """A matplotlib figure as a vector reportlab drawing of the given width.

    ``tight`` crops the figure to what is drawn; a drawing at a stated scale keeps its frame.
    With a ``helper`` (the sheet's helper process) the figure is drawn there while the sheet goes
    on, and laid out when it is ready (drawn here if that fails).
    """
    if helper is None:
        return render_figure(fig, width, tight)
    try:
        future = helper.submit(render_figure, fig, width, tight)
    except Exception:  # noqa: BLE001 - the helper is gone: draw here
        return render_figure(fig, width, tight)
    return Later(future, lambda: render_figure(fig, width, tight))


def render_figure(fig: Figure, width: float, tight: bool = True) -> Drawing:
    """:func:`figure_drawing` done here (in the sheet's process or its helper)."""
    from svglib.svglib import svg2rlg

    # Text stays text (selectable, searchable, and 3x quicker through svglib than one glyph
    # path per character), set in the sheet's own DejaVu Sans.
    _svg_fonts()
    buf = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight" if tight else None)
    buf.seek(0)
    drawing = svg2rlg(buf)
    assert drawing is not None
    scale = width / drawing.width
    drawing.width, drawing.height = width, drawing.height * scale
    drawing.scale(scale, scale)
    return drawing


def warm_up() -> None:
    """Draw a small figure with plain and bold text: what the first figure would load (fonts,
    their registration with svglib) is loaded before it comes."""
    fig = Figure(figsize=(1.0, 0.5))
    ax = fig.add_subplot()
    ax.plot([0.0, 1.0], [0.0, 1.0])
    ax.set_title("Rp 0", fontweight="bold")
    ax.set_xlabel("mm")
    render_figure(fig, 50.0)


class Later(Flowable):
    """A drawing being made elsewhere (a future), laid out as itself once it is there; if the
    future fails, ``here()`` makes it."""

    def __init__(self, future: Future[Drawing], here: Callable[[], Drawing]) -> None:
        super().__init__()
        self._future, self._here = future, here
        self._drawing: Drawing | None = None

    def drawing(self) -> Drawing:
        """The drawing (waited for the first time)."""
        if self._drawing is None:
            try:
                self._drawing = self._future.result()
            except Exception:  # noqa: BLE001 - a figure that could not travel: drawn here
                self._drawing = self._here()
        return self._drawing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size: tuple[float, float] = self.drawing().wrap(avail_width, avail_height)
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a drawing is never split

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        self.drawing().drawOn(canvas, x, y, _sW)


def sheet_table(
    rows: list[list[Any]],
    widths: list[float],
    header: bool = True,
    align_right: tuple[int, ...] = (),
    extra: list[tuple[Any, ...]] | None = None,
) -> Table:
    if header:
        head_style = ParagraphStyle("head", fontName=BOLD, fontSize=7, leading=8.5, textColor=INK)
        rows = [[Paragraph(str(c), head_style) if isinstance(c, str) else c for c in rows[0]],
                *rows[1:]]  # fmt: skip
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 7),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style += [
            ("FONT", (0, 0), (-1, 0), BOLD, 7),
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ]
    for col in align_right:
        style.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def usd_text(value: Decimal | None, t: Translator) -> str:
    return "" if value is None else f"USD {t.number(value, 2)}"


class Sections:
    """What the sheet writer's section mixins (tech pack, costing) use of it: the sheet and its
    language, the helper its figures are drawn in, a paragraph and a heading."""

    t: Translator
    s: SpecSheet
    helper: Executor | None

    def p(self, text: str, style: str = "cell") -> Paragraph:  # provided by the sheet writer
        raise NotImplementedError

    def h2(self, text: str) -> Paragraph:  # provided by the sheet writer
        raise NotImplementedError
