"""The sheet's plots write numbers as the language does."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from outsole_studio.core.geometry.analyzer import analyze_model
from outsole_studio.core.i18n import translator
from outsole_studio.render.plots import parting_figure, thickness_map
from tests.conftest import as_model
from tests.shapes import lugged_sole


@pytest.fixture(scope="module")
def thin():
    """A sole 1.2 mm tall: its plots' height ticks are fractions of a millimetre."""
    v, f, _ = lugged_sole(slab_mm=0.8, lug_mm=0.4)
    return analyze_model(as_model(v, f))


def _ticks(fig) -> list[str]:
    FigureCanvasAgg(fig).draw()
    return [label.get_text() for ax in fig.axes for label in ax.get_yticklabels()]


@pytest.mark.parametrize(("lang", "sep", "other"), [("id", ",", "."), ("en", ".", ",")])
def test_tick_labels_use_the_languages_decimal_separator(thin, lang, sep, other):
    t = translator(lang)
    labels = _ticks(parting_figure(thin, 0.8, None, t)) + _ticks(thickness_map(thin, t))
    fractional = [s for s in labels if sep in s]
    assert fractional and not any(other in s for s in labels)
