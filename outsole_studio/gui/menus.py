"""The window's menus, toolbar and shortcuts, and their texts in the language in use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QDockWidget, QMainWindow

from ..render.overlays import OVERLAYS
from .texts import lang, tr

PRESETS = ("bottom", "top", "side", "front", "three-quarter")
OVERLAY_KEYS = ("bodies", *OVERLAYS)


class Menus:
    """File, View (panels, presets, overlays), Language and Help; the main toolbar."""

    def __init__(self, window: Any, settings: QSettings) -> None:
        self.window: QMainWindow = window
        self.settings = settings
        self._open: Callable[[Path], None] = window.open_path
        w = window
        self.act_open = self._action(w.choose_file, "Ctrl+O")
        self.act_save = self._action(w.save, "Ctrl+S")
        self.act_save_as = self._action(w.save_as, "Ctrl+Shift+S")
        self.act_export = self._action(w.choose_export, "Ctrl+E")
        self.act_save_view = self._action(w.choose_view_image)
        self.act_print = self._action(w.print_sheet, "Ctrl+P")
        self.act_library = self._action(w.open_library)
        self.act_quit = self._action(w.close, "Ctrl+Q")
        self.act_fit = self._action(w.viewer.fit, "F")
        self.act_layout = self._action(w.default_layout)
        self.act_about = self._action(w.about)
        self.act_presets = {
            name: self._action(lambda _=False, n=name: w.viewer.show_preset(n)) for name in PRESETS
        }
        self.act_lang = self._group(("en", "id"), lambda code: w.set_language(code))
        self.act_overlays = self._group(OVERLAY_KEYS, lambda key: w.show_overlay(key), "Ctrl+")
        self.act_overlays["bodies"].setChecked(True)
        bar = w.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_recent = self.menu_file.addMenu("")
        for a in (self.act_open, self.act_save, self.act_save_as, self.act_export,
                  self.act_print, self.act_save_view, self.act_library, self.act_quit):  # fmt: skip
            self.menu_file.addAction(a)
        self.menu_file.insertMenu(self.act_save, self.menu_recent)
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(self.act_fit)
        self.menu_view_docks = self.menu_view.addMenu("")
        self.menu_view.addAction(self.act_layout)
        for a in self.act_presets.values():
            self.menu_view.addAction(a)
        self.menu_overlay = self.menu_view.addMenu("")
        for a in self.act_overlays.values():
            self.menu_overlay.addAction(a)
        self.menu_lang = bar.addMenu("")
        for a in self.act_lang.values():
            self.menu_lang.addAction(a)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_about)
        toolbar = w.addToolBar("main")
        toolbar.setObjectName("main-toolbar")
        for a in (self.act_open, self.act_save, self.act_export, self.act_fit):
            toolbar.addAction(a)
        for group in (self.act_presets, self.act_overlays):
            toolbar.addSeparator()
            for a in group.values():
                toolbar.addAction(a)

    def _action(self, slot: Callable[..., Any], shortcut: str | None = None) -> QAction:
        action = QAction(self.window)
        action.triggered.connect(slot)
        if shortcut:
            action.setShortcut(shortcut)
        return action

    def _group(
        self, keys: tuple[str, ...], choose: Callable[[str], None], shortcut: str = ""
    ) -> dict[str, QAction]:
        """Checkable actions of which one is chosen (``shortcut`` + 1, 2... when given)."""
        group = QActionGroup(self.window)
        actions = {}
        for i, key in enumerate(keys):
            action = self._action(lambda _=False, k=key: choose(k),
                                  f"{shortcut}{i + 1}" if shortcut else None)  # fmt: skip
            action.setCheckable(True)
            group.addAction(action)
            actions[key] = action
        return actions

    def recent(self) -> list[str]:
        """The files opened or saved last, newest first (at most 8)."""
        value: Any = self.settings.value("recent", [])  # one entry comes back as a string
        return [value] if isinstance(value, str) else [str(v) for v in (value or [])]

    def remember(self, path: Path) -> None:
        """Put ``path`` first in File > Open recent."""
        recent = [str(path)] + [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recent", recent[:8])
        self._fill_recent()

    def _fill_recent(self) -> None:
        menu = self.menu_recent
        menu.clear()
        for p in self.recent():
            action = menu.addAction(p)
            action.triggered.connect(lambda _=False, q=p: self._open(Path(q)))
        menu.setEnabled(bool(self.recent()))

    def add_docks(self, docks: list[QDockWidget]) -> None:
        """List the docks under View > Panels."""
        for dock in docks:
            self.menu_view_docks.addAction(dock.toggleViewAction())

    def retranslate(self) -> None:
        """Every menu's and action's text in the language in use."""
        self.act_lang[lang().lang].setChecked(True)
        texts = {
            self.act_open: tr("&Open..."),
            self.act_save: tr("&Save project"),
            self.act_save_as: tr("Save project &as..."),
            self.act_export: tr("&Export spec sheet..."),
            self.act_save_view: tr("Save the &view as an image..."),
            self.act_print: tr("&Print spec sheet..."),
            self.act_library: tr("Material &library and quality profiles..."),
            self.act_quit: tr("&Quit"),
            self.act_fit: tr("&Fit"),
            self.act_layout: tr("&Default layout"),
            self.act_about: tr("&About Outsole Studio"),
            self.act_lang["en"]: "English",
            self.act_lang["id"]: "Bahasa Indonesia",
        }
        presets = {"bottom": tr("Bottom"), "top": tr("Top"), "side": tr("Side"),
                   "front": tr("Front"), "three-quarter": tr("Three-quarter")}  # fmt: skip
        overlays = {"bodies": tr("Bodies (compounds)"), "thickness": tr("Thickness"),
                    "contact": tr("Ground contact"), "draft": tr("Mould draft")}  # fmt: skip
        texts.update({self.act_presets[k]: v for k, v in presets.items()})
        texts.update({self.act_overlays[k]: v for k, v in overlays.items()})
        for action, text in texts.items():
            action.setText(text)
        menus = {self.menu_file: tr("&File"), self.menu_recent: tr("Open &recent"),
                 self.menu_view: tr("&View"), self.menu_view_docks: tr("&Panels"),
                 self.menu_overlay: tr("&Overlay"), self.menu_lang: tr("&Language"),
                 self.menu_help: tr("&Help")}  # fmt: skip
        for menu, text in menus.items():
            menu.setTitle(text)
        self._fill_recent()
