"""The library editor: the material library (prices, densities, waste, suppliers; copy, remove,
import and export as TOML or CSV) and the quality profiles (each rule's limits, so an SNI limit
"to be filled" is filled in the window; copy, remove, import and export as TOML), as on the
command line. Every change is checked by the library and saved at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import OutsoleError
from ..core.production.materials import Material
from ..core.production.requirements import Profile, format_limit, with_limit
from ..io.library import (
    Library,
    read_materials_file,
    read_profile_file,
    write_materials_file,
    write_profile_file,
)
from .controller import error_text
from .panels.base import make_table
from .texts import lang, tr

#: Material columns: (field, heading, editable).
MATERIAL_COLUMNS = (
    ("key", "Key", False), ("name", "Name", True), ("family", "Family", False),
    ("density_g_cm3", "Density (g/cm³)", True), ("price_idr_per_kg", "Price (Rp/kg)", True),
    ("price_is_placeholder", "Placeholder price", False), ("waste_pct", "Waste (%)", True),
    ("supplier", "Supplier", True), ("origin", "Origin", False),
)  # fmt: skip
RULE_COLUMNS = ("Rule", "Limit", "Lower", "Upper", "Basis", "Source")


def _sides(rule: Any) -> tuple[bool, bool]:
    """Which sides a rule's limit is on: (lower, upper)."""
    c = rule.comparison
    return c in (">=", ">", "range"), c in ("<=", "<", "range")


def _shown(value: float | None) -> str:
    """A limit with no more decimals than it needs (``3``, ``2,5``), empty for none."""
    if value is None:
        return ""
    t = lang()
    text = t.number(value, 3)
    return text.rstrip("0").rstrip(t.decimal_sep)


class LibraryDialog(QDialog):
    """Materials and quality profiles of the library at ``path``; ``refused`` shows a reason."""

    def __init__(self, parent: QWidget | None, path: Path, refused: Callable[[str], None]) -> None:
        super().__init__(parent)
        self.setObjectName("library-dialog")
        self.setWindowTitle(tr("Material library and quality profiles"))
        self.resize(1000, 600)
        self.path, self.refused = path, refused
        self.quiet = False
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        layout.addWidget(tabs)
        # Materials.
        page = QWidget()
        box = QVBoxLayout(page)
        self.materials = make_table(len(MATERIAL_COLUMNS))
        self.materials.setHorizontalHeaderLabels([tr(h) for _, h, _ in MATERIAL_COLUMNS])
        self.materials.itemChanged.connect(self._material_edited)
        header = self.materials.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.materials)
        box.addLayout(self._buttons([
            (tr("Copy as new..."), self._ask_copy_material),
            (tr("Remove"), self.remove_material),
            (tr("Import..."), lambda: self._ask_file(self.import_materials, "toml csv", False)),
            (tr("Export..."), lambda: self._ask_file(self.export_materials, "toml csv", True)),
        ]))  # fmt: skip
        tabs.addTab(page, tr("Materials"))
        # Profiles.
        page = QWidget()
        box = QVBoxLayout(page)
        self.profile_combo = QComboBox()
        self.profile_combo.activated.connect(lambda _i: self._fill_rules())
        self.profile_note = QLabel()
        self.profile_note.setWordWrap(True)
        box.addWidget(self.profile_combo)
        box.addWidget(self.profile_note)
        self.rules = make_table(len(RULE_COLUMNS))
        self.rules.setHorizontalHeaderLabels([tr(h) for h in RULE_COLUMNS])
        self.rules.itemChanged.connect(self._limit_edited)
        box.addWidget(self.rules)
        box.addLayout(self._buttons([
            (tr("Copy as new..."), self._ask_copy_profile),
            (tr("Remove"), self.remove_profile),
            (tr("Import..."), lambda: self._ask_file(self.import_profile, "toml", False)),
            (tr("Export..."), lambda: self._ask_file(self.export_profile, "toml", True)),
        ]))  # fmt: skip
        tabs.addTab(page, tr("Quality profiles"))
        self.tabs = tabs
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.fill()

    @staticmethod
    def _buttons(items: list[tuple[str, Callable[[], Any]]]) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in items:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    # -- showing ------------------------------------------------------------------------------

    def _library(self) -> Library:
        return Library(self.path)

    def fill(self) -> None:
        """Show the library as it is now."""
        self.quiet = True
        try:
            with self._library() as lib:
                self.material_list = lib.materials()
                origins = {m.key: lib.origin(m.key) for m in self.material_list}
                self.profile_list = lib.profiles()
            t = lang()
            self.materials.setRowCount(len(self.material_list))
            for r, m in enumerate(self.material_list):
                values = {
                    "key": m.key, "name": t(m.name), "family": tr(m.family),
                    "density_g_cm3": t.number(m.density_g_cm3, 3),
                    "price_idr_per_kg": t.number(m.price_idr_per_kg, 0),
                    "price_is_placeholder": tr("yes") if m.price_is_placeholder else tr("no"),
                    "waste_pct": t.number(m.waste_pct, 1), "supplier": m.supplier,
                    "origin": tr(origins[m.key]),
                }  # fmt: skip
                for c, (field, _, editable) in enumerate(MATERIAL_COLUMNS):
                    item = QTableWidgetItem(values[field])
                    if not editable:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.materials.setItem(r, c, item)
            current = self.profile_combo.currentData()
            self.profile_combo.clear()
            for p in self.profile_list:
                self.profile_combo.addItem(t(p.name), p.key)
            self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(current)))
        except OutsoleError as exc:
            self.refused(error_text(exc))
        finally:
            self.quiet = False
        self._fill_rules()

    def profile(self) -> Profile | None:
        """The profile shown."""
        key = self.profile_combo.currentData()
        return next((p for p in getattr(self, "profile_list", []) if p.key == key), None)

    def _fill_rules(self) -> None:
        p, t = self.profile(), lang()
        self.quiet = True
        try:
            rules = p.rules if p is not None else ()
            self.profile_note.setText(t(p.description) if p is not None else "")
            self.rules.setRowCount(len(rules))
            for r, rule in enumerate(rules):
                range_ = rule.comparison == "range"
                cells = [t(rule.label), format_limit(rule, t),
                         "" if rule.limit is None else t.number(rule.limit, 3),
                         t.number(rule.limit_max, 3) if range_ and rule.limit_max is not None
                         else "", tr(rule.basis), t(rule.source)]  # fmt: skip
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    editable = (c == 2 and rule.comparison != "true") or (c == 3 and range_)
                    if not editable:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.rules.setItem(r, c, item)
        finally:
            self.quiet = False

    # -- materials ----------------------------------------------------------------------------

    def _material_edited(self, item: QTableWidgetItem) -> None:
        if self.quiet:
            return
        m = self.material_list[item.row()]
        field = MATERIAL_COLUMNS[item.column()][0]
        text = item.text().strip()
        changes: dict[str, Any] = {}
        if field in ("density_g_cm3", "price_idr_per_kg", "waste_pct"):
            value = lang().read_number(text)
            if value is None:
                self.refused(tr("{field}: type a number such as 1.21", field=tr(
                    MATERIAL_COLUMNS[item.column()][1])))  # fmt: skip
                self.fill()
                return
            changes[field] = float(value) if field == "density_g_cm3" else value
            if field == "price_idr_per_kg":
                changes["price_is_placeholder"] = False
        else:
            changes[field] = text
        self.save_material(m.key, **changes)

    def _change(self, act: Callable[[Library], Any]) -> bool:
        """Change the library (checked there: a refusal says why and changes nothing), then
        show it as it is."""
        try:
            with self._library() as lib:
                act(lib)
        except OutsoleError as exc:
            self.refused(error_text(exc))
            self.fill()
            return False
        self.fill()
        return True

    def save_material(self, key: str, **changes: Any) -> bool:
        """Change a material in the library."""
        return self._change(lambda lib: lib.update(lib.material(key).with_changes(**changes)))

    def _ask_copy_material(self) -> None:
        row = self.materials.currentRow()
        if not 0 <= row < len(self.material_list):
            return
        key, ok = QInputDialog.getText(self, tr("Copy as new..."), tr("Key of the copy"))
        if ok and key.strip():
            self.copy_material(self.material_list[row].key, key.strip())

    def copy_material(self, key: str, new_key: str) -> bool:
        """Add a copy of ``key`` under ``new_key`` (a user's own material)."""

        def copy(lib: Library) -> None:
            m: Material = lib.material(key)
            lib.add(m.with_changes(key=new_key, name=f"{m.name} ({new_key})"))

        return self._change(copy)

    def remove_material(self) -> None:
        """Remove the selected material."""
        row = self.materials.currentRow()
        if 0 <= row < len(self.material_list):
            key = self.material_list[row].key
            self._change(lambda lib: lib.remove(key))

    def import_materials(self, path: Path) -> bool:
        """Add or replace the materials of a TOML or CSV file."""
        return self._change(lambda lib: lib.import_materials(read_materials_file(path)))

    def export_materials(self, path: Path) -> bool:
        """Write every material to a TOML or CSV file."""
        try:
            write_materials_file(self.material_list, path)
        except OutsoleError as exc:
            self.refused(error_text(exc))
            return False
        return True

    # -- profiles -----------------------------------------------------------------------------

    def _limit_edited(self, item: QTableWidgetItem) -> None:
        p = self.profile()
        if self.quiet or p is None:
            return
        rule = p.rules[item.row()]
        lower_side, upper_side = _sides(rule)
        texts = [self.rules.item(item.row(), c) for c in (2, 3)]
        values = [lang().read_number(x.text()) if x is not None and x.text().strip() else None
                  for x in texts]  # fmt: skip
        needed = [lower_side, upper_side]
        if any(need and v is None for need, v in zip(needed, values, strict=True)):
            self.refused(tr("a limit is a number such as 2.5"))
            self._fill_rules()
            return
        lower, upper = (None if v is None else float(v) for v in values)
        if rule.comparison == "range":
            assert lower is not None and upper is not None
            self.set_limit(p.key, rule.key, lower, upper)
        else:
            limit = lower if lower_side else upper
            assert limit is not None
            self.set_limit(p.key, rule.key, limit, None)

    def set_limit(self, key: str, rule: str, limit: float, limit_max: float | None) -> bool:
        """Set one rule's limit (its basis becomes ``user``) and save the profile."""
        return self._change(lambda lib: lib.save_profile(
            with_limit(lib.profile(key), rule, limit, limit_max), True))  # fmt: skip

    def _ask_copy_profile(self) -> None:
        p = self.profile()
        if p is None:
            return
        key, ok = QInputDialog.getText(self, tr("Copy as new..."), tr("Key of the copy"))
        if ok and key.strip():
            self.copy_profile(p.key, key.strip())

    def copy_profile(self, key: str, new_key: str) -> bool:
        """Add a copy of profile ``key`` under ``new_key``."""
        from dataclasses import replace

        def copy(lib: Library) -> None:
            p = lib.profile(key)
            lib.save_profile(replace(p, key=new_key, name=f"{p.name} ({new_key})"))

        return self._change(copy) and self._show_profile(new_key)

    def _show_profile(self, key: str) -> bool:
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(key))
        self._fill_rules()
        return True

    def remove_profile(self) -> None:
        """Remove the profile shown."""
        p = self.profile()
        if p is not None:
            key = p.key
            self._change(lambda lib: lib.remove_profile(key))

    def import_profile(self, path: Path) -> bool:
        """Add or replace a profile from a TOML file."""
        try:
            profile = read_profile_file(path)
        except OutsoleError as exc:
            self.refused(error_text(exc))
            return False
        done = self._change(lambda lib: lib.save_profile(profile, replace=True))
        return done and self._show_profile(profile.key)

    def export_profile(self, path: Path) -> bool:
        """Write the profile shown as TOML."""
        p = self.profile()
        if p is None:
            return False
        try:
            write_profile_file(p, path)
        except OutsoleError as exc:
            self.refused(error_text(exc))
            return False
        return True

    def _ask_file(self, act: Callable[[Path], bool], kinds: str, save: bool) -> None:
        patterns = " ".join(f"*.{k}" for k in kinds.split())
        if save:
            path, _ = QFileDialog.getSaveFileName(self, tr("Export..."), "", patterns)
        else:
            path, _ = QFileDialog.getOpenFileName(self, tr("Import..."), "", patterns)
        if path:
            act(Path(path))
