"""The 3D view's colours: the bodies in their compounds' colours, or an overlay with a legend.

Overlays are computed on a thread of their own (a job slot apart from the design's, so that
colouring the model never cancels an edit) and kept per model, kind and language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..render.overlays import Legend, overlay
from ..render.scene import SceneMesh, scene_textures
from ..render.spec import body_colours
from ..workflow.design import Design
from .texts import lang, tr
from .viewer import Viewer
from .worker import JobSlot


def bodies_legend(design: Design, colours: np.ndarray) -> Legend:
    """Each body's colour with its role and compound (``body 2 (outsole): NR/SBR ...``)."""
    t = lang()
    names = {bm.body: t(bm.material.name) for bm in design.project.materials}
    ground = design.analysis.ground_body
    swatches = []
    for body, rgb in enumerate(colours):
        part = tr("outsole") if body == ground else tr("midsole")
        label = tr("body {n}", n=body + 1) + f" ({part})"
        if body in names:
            label += f": {names[body]}"
        r, g, b = (int(x) for x in rgb[:3])
        swatches.append((label, (r, g, b)))
    return Legend(tr("Bodies (compounds)"), swatches=tuple(swatches))


class OverlayControl:
    """Which colouring the view shows, and the overlays computed so far."""

    def __init__(self, viewer: Viewer, failed: Callable[[BaseException, str], None]) -> None:
        self.viewer = viewer
        self.failed = failed
        self.kind = "bodies"
        self.cache: dict[Any, Any] = {}
        #: The bodies' colours shown now (a scene comes in its own).
        self.coloured_by: list[tuple[float, float, float]] | None = None
        self.jobs = JobSlot()

    def new_scene(self, design: Design | None) -> None:
        """A new model is shown, in its bodies' colours: computed overlays no longer apply."""
        self.cache.clear()
        self.coloured_by = None if design is None else self._colours(design)

    def show(self, kind: str, design: Design | None, scene: SceneMesh | None) -> None:
        """Colour the model by ``bodies``, ``thickness``, ``contact`` or ``draft``."""
        self.kind = kind
        if design is None or scene is None:
            return
        if kind == "bodies":
            self.jobs.cancel()  # no job follows: the progress bar must go
            self.bodies(design, scene)
            return
        key = (id(design.analysis), kind, lang().lang)
        cached = self.cache.get(key)
        if cached is not None:
            self.viewer.set_colours(cached[1], cached[0].legend)
            return
        analysis, t = design.analysis, lang()

        def work(progress: Any) -> tuple[Any, Any, Any]:
            shown = overlay(analysis, kind, t)
            return key, shown, scene_textures(scene, shown.face_rgb)

        self.jobs.start(work, self._ready, self.failed, tr("Colouring the model"))

    def _ready(self, result: tuple[Any, Any, Any]) -> None:
        key, shown, textures = result
        self.cache[key] = (shown, textures)
        if self.kind == key[1]:
            self.viewer.set_colours(textures, shown.legend)

    def recolour(self, design: Design, scene: SceneMesh) -> None:
        """The bodies in their compounds' colours again, if one of those colours changed."""
        if self._colours(design) != self.coloured_by:
            self.bodies(design, scene)

    @staticmethod
    def _colours(design: Design) -> list[tuple[float, float, float]]:
        """Each body's colour (one per body: cheap to compare on every refresh)."""
        return body_colours(design.analysis, design.project.materials)

    def bodies(self, design: Design, scene: SceneMesh) -> None:
        """The bodies in their compounds' colours (after a compound or the overlay changed)."""
        if self.kind != "bodies":
            return
        self.coloured_by = self._colours(design)
        colours = np.round(np.asarray(self.coloured_by) * 255).astype(np.uint8)
        if scene.body_colours is not None and np.array_equal(colours, scene.body_colours):
            textures = scene.textures  # the colours it was made in (10 ms less per face)
        else:
            rgb = colours[design.analysis.body_of_face]
            same = np.array_equal(rgb, scene.body_rgb)
            textures = scene.textures if same else scene_textures(scene, rgb)
        self.viewer.set_colours(textures, bodies_legend(design, colours), relief=True)
