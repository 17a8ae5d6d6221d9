"""The user's library: materials and quality profiles in one SQLite file.

The file lives in the user data folder (``platformdirs``), or where ``OUTSOLE_STUDIO_DATA``
points (tests and portable installs). It is seeded from the shipped presets on first use.

Safety:

- Every change is one ``BEGIN IMMEDIATE`` transaction, so two processes writing at once are
  serialised by SQLite's lock (each waits up to ``timeout_s``) and neither loses a change.
- The file carries an application id and a schema version (``PRAGMA application_id`` and
  ``user_version``); migrations run in a transaction, one version at a time.
- A file that is not SQLite, is corrupt, belongs to another program or was made by a newer
  version is reported and never written to.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.errors import OutsoleError
from ..core.messages import message
from ..core.production.materials import FIELD_NAMES, Material, material_from_mapping, money_text
from ..core.production.requirements import Profile, profile_from_mapping
from ..core.resources import resource_path
from . import tomlfile
from .atomic import atomic_write_text
from .textfile import read_text

#: "OSst" in ASCII: marks the SQLite file as Outsole Studio's.
APPLICATION_ID = 0x4F537374
SCHEMA_VERSION = 3
LIBRARY_FILE = "library.sqlite3"
ENV_DATA_DIR = "OUTSOLE_STUDIO_DATA"
MATERIALS_SCHEMA = "outsole-studio.materials/1"


def data_dir() -> Path:
    """Folder of the user's data: ``$OUTSOLE_STUDIO_DATA`` or the platform's user data folder."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("outsole-studio", appauthor=False))


def default_library_path() -> Path:
    """Where the library lives unless told otherwise."""
    return data_dir() / LIBRARY_FILE


def _migrate_0_to_1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE materials (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            family TEXT NOT NULL,
            density_g_cm3 REAL NOT NULL,
            density_min_g_cm3 REAL NOT NULL,
            density_max_g_cm3 REAL NOT NULL,
            hardness_scale TEXT NOT NULL,
            hardness_min REAL NOT NULL,
            hardness_max REAL NOT NULL,
            processes TEXT NOT NULL,
            recyclable_scrap INTEGER NOT NULL,
            price_idr_per_kg TEXT NOT NULL,
            price_is_placeholder INTEGER NOT NULL,
            waste_pct TEXT NOT NULL,
            source TEXT NOT NULL,
            notes TEXT NOT NULL,
            colour TEXT NOT NULL,
            supplier TEXT NOT NULL,
            origin TEXT NOT NULL,
            updated TEXT NOT NULL DEFAULT (datetime('now'))
        )"""
    )
    for m in preset_materials():
        _insert(db, m, origin="preset")


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    # Profiles are kept whole, as the JSON of their exchange form: rules gain fields over time
    # and a profile is always read and written as one.
    db.execute(
        """CREATE TABLE profiles (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            data TEXT NOT NULL,
            origin TEXT NOT NULL,
            updated TEXT NOT NULL DEFAULT (datetime('now'))
        )"""
    )
    for profile in preset_profiles():
        _insert_profile(db, profile, origin="preset")


def _migrate_2_to_3(db: sqlite3.Connection) -> None:
    # Profiles for unit soles, EVA midsoles and heeled units joined the presets; a user's own
    # profile of the same key is kept.
    have = {row[0] for row in db.execute("SELECT key FROM profiles")}
    for profile in preset_profiles():
        if profile.key not in have:
            _insert_profile(db, profile, origin="preset")


#: Migration from version ``n`` to ``n + 1``, by ``n``.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    0: _migrate_0_to_1,
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
}


def preset_profiles() -> list[Profile]:
    """The quality profiles shipped in ``resources/profiles``."""
    folder = resource_path("profiles")
    return [read_profile_file(p) for p in sorted(folder.glob("*.toml"))]


def _insert_profile(db: sqlite3.Connection, p: Profile, origin: str) -> None:
    db.execute(
        "INSERT INTO profiles (key, name, data, origin) VALUES (?, ?, ?, ?)",
        (p.key, p.name, json.dumps(p.to_dict(), ensure_ascii=False), origin),
    )


def preset_materials() -> list[Material]:
    """The materials shipped in ``resources/materials.toml``."""
    return read_materials_file(resource_path("materials.toml"))


def _row_values(m: Material) -> list[Any]:
    values: list[Any] = []
    for name in FIELD_NAMES:
        v = getattr(m, name)
        if isinstance(v, Decimal):
            v = money_text(v)
        elif isinstance(v, tuple):
            v = json.dumps(list(v))
        elif isinstance(v, bool):
            v = int(v)
        values.append(v)
    return values


def _insert(db: sqlite3.Connection, m: Material, origin: str) -> None:
    cols = ", ".join((*FIELD_NAMES, "origin"))
    marks = ", ".join("?" * (len(FIELD_NAMES) + 1))
    db.execute(f"INSERT INTO materials ({cols}) VALUES ({marks})", [*_row_values(m), origin])


def _from_row(row: sqlite3.Row) -> Material:
    data = {name: row[name] for name in FIELD_NAMES}
    data["processes"] = json.loads(row["processes"])
    data["recyclable_scrap"] = bool(row["recyclable_scrap"])
    data["price_is_placeholder"] = bool(row["price_is_placeholder"])
    return material_from_mapping(data)


class Library:
    """An open library file. Use as a context manager, or call :meth:`close`.

    Parameters
    ----------
    path : path, optional
        The SQLite file; :func:`default_library_path` when None. Created and seeded if missing.
    timeout_s : float
        How long a write waits for another process's transaction to finish.
    """

    def __init__(self, path: str | Path | None = None, timeout_s: float = 30.0) -> None:
        self.path = Path(path) if path is not None else default_library_path()
        if path is not None and not self.path.parent.is_dir():
            # Only the default data folder is made without asking: a mistyped path must not
            # quietly start a new, empty library somewhere.
            raise OutsoleError(
                "the folder of this library does not exist; check the path", str(self.path)
            )
        self._check_header()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=timeout_s, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise OutsoleError(
                "the library cannot be opened: {exc}", str(self.path), exc=exc
            ) from None
        self._db.row_factory = sqlite3.Row
        try:
            self._prepare()
        except BaseException:
            self._db.close()
            raise

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def _fail(self, what: str, **values: object) -> OutsoleError:
        return OutsoleError(
            "{what}; the file is left untouched: move it away (a new library is then made) or set "
            "{ENV_DATA_DIR} to another folder",
            str(self.path),
            what=message(what, **values),
            ENV_DATA_DIR=ENV_DATA_DIR,
        )

    def _check_header(self) -> None:
        try:
            with self.path.open("rb") as fh:
                head = fh.read(16)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise OutsoleError(
                "the library cannot be read: {strerror}", str(self.path), strerror=exc.strerror
            ) from None
        if head and head != b"SQLite format 3\x00":
            raise self._fail("is not an Outsole Studio library (not an SQLite database)")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; the other process waits for the lock (up to the timeout)."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise OutsoleError(
                "the library is busy or locked ({exc}); try again", str(self.path), exc=exc
            ) from None
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")

    def _prepare(self) -> None:
        try:
            with self._write() as db:
                app_id = db.execute("PRAGMA application_id").fetchone()[0]
                version = db.execute("PRAGMA user_version").fetchone()[0]
                tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if app_id != APPLICATION_ID and (app_id != 0 or tables):
                    raise self._fail("is an SQLite database of another program")
                if version > SCHEMA_VERSION:
                    raise self._fail(
                        "was made by a newer Outsole Studio (library version {version}, this "
                        "version reads up to {SCHEMA_VERSION}); update Outsole Studio",
                        version=version,
                        SCHEMA_VERSION=SCHEMA_VERSION,
                    )
                if app_id == 0:
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                while version < SCHEMA_VERSION:
                    MIGRATIONS[version](db)
                    version += 1
                    db.execute(f"PRAGMA user_version = {version}")
            check = self._db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise self._fail("is damaged ({exc})", exc=exc) from None
        if check != "ok":
            raise self._fail("is damaged ({check})", check=check)

    @property
    def schema_version(self) -> int:
        """The file's schema version."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- materials --------------------------------------------------------------------------

    def materials(self) -> list[Material]:
        """Every material, by key."""
        rows = self._query("SELECT * FROM materials ORDER BY key")
        return [self._material(row) for row in rows]

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._db.execute(sql, tuple(args)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._fail("is damaged ({exc})", exc=exc) from None

    def _material(self, row: sqlite3.Row) -> Material:
        try:
            return _from_row(row)
        except OutsoleError as exc:
            raise self._fail("holds an invalid material ({message})", message=exc.msg) from exc

    def material(self, key: str) -> Material:
        """One material by key; the error lists the keys there are."""
        rows = self._query("SELECT * FROM materials WHERE key = ?", (key,))
        if not rows:
            keys = ", ".join(m.key for m in self.materials())
            raise OutsoleError(
                "no material {key} in the library (there are: {keys})", key=repr(key), keys=keys
            )
        return self._material(rows[0])

    def origin(self, key: str) -> str:
        """``preset`` (as shipped), ``edited`` or ``user``."""
        rows = self._query("SELECT origin FROM materials WHERE key = ?", (key,))
        if not rows:
            raise OutsoleError("no material {key} in the library", key=repr(key))
        return str(rows[0][0])

    def add(self, m: Material) -> None:
        """Add a new material; its key must be free."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM materials WHERE key = ?", (m.key,)).fetchone():
                raise OutsoleError(
                    "material {key} already exists; edit it or pick another key", key=repr(m.key)
                )
            _insert(db, m, origin="user")

    def update(self, m: Material) -> None:
        """Replace an existing material's values."""
        with self._write() as db:
            row = db.execute("SELECT origin FROM materials WHERE key = ?", (m.key,)).fetchone()
            if row is None:
                raise OutsoleError(
                    "no material {key} in the library; add it first", key=repr(m.key)
                )
            origin = "edited" if row[0] == "preset" else row[0]
            sets = ", ".join(f"{n} = ?" for n in FIELD_NAMES)
            db.execute(
                f"UPDATE materials SET {sets}, origin = ?, updated = datetime('now') WHERE key = ?",
                [*_row_values(m), origin, m.key],
            )

    def edit(self, key: str, **changes: Any) -> Material:
        """Change some fields of a material in one transaction (read, validate, write)."""
        with self._write() as db:
            row = db.execute("SELECT * FROM materials WHERE key = ?", (key,)).fetchone()
            if row is None:
                raise OutsoleError("no material {key} in the library", key=repr(key))
            changed = self._material(row).with_changes(**changes)
            origin = "edited" if row["origin"] == "preset" else row["origin"]
            sets = ", ".join(f"{n} = ?" for n in FIELD_NAMES)
            db.execute(
                f"UPDATE materials SET {sets}, origin = ?, updated = datetime('now') WHERE key = ?",
                [*_row_values(changed), origin, key],
            )
        return changed

    def remove(self, key: str) -> None:
        """Delete a material."""
        with self._write() as db:
            if db.execute("DELETE FROM materials WHERE key = ?", (key,)).rowcount == 0:
                raise OutsoleError("no material {key} in the library", key=repr(key))

    # -- quality profiles -------------------------------------------------------------------

    def profiles(self) -> list[Profile]:
        """Every quality profile, by key."""
        rows = self._query("SELECT key, data FROM profiles ORDER BY key")
        return [self._profile(row) for row in rows]

    def _profile(self, row: sqlite3.Row) -> Profile:
        try:
            return profile_from_mapping(json.loads(row["data"]))
        except (OutsoleError, ValueError) as exc:
            raise self._fail(
                "holds an invalid profile {row} ({exc})",
                row=repr(row["key"]),
                exc=exc.msg if isinstance(exc, OutsoleError) else str(exc),
            ) from None

    def profile(self, key: str) -> Profile:
        """One profile by key; the error lists the keys there are."""
        rows = self._query("SELECT key, data FROM profiles WHERE key = ?", (key,))
        if not rows:
            keys = ", ".join(p.key for p in self.profiles())
            raise OutsoleError(
                "no quality profile {key} in the library (there are: {keys})",
                key=repr(key),
                keys=keys,
            )
        return self._profile(rows[0])

    def profile_origin(self, key: str) -> str:
        """``preset`` (as shipped), ``edited`` or ``user``."""
        rows = self._query("SELECT origin FROM profiles WHERE key = ?", (key,))
        if not rows:
            raise OutsoleError("no quality profile {key} in the library", key=repr(key))
        return str(rows[0][0])

    def save_profile(self, profile: Profile, replace: bool = False) -> None:
        """Add a profile, or with ``replace`` overwrite the one of the same key."""
        with self._write() as db:
            row = db.execute("SELECT origin FROM profiles WHERE key = ?", (profile.key,)).fetchone()
            if row is not None and not replace:
                raise OutsoleError(
                    "quality profile {key} already exists; pick another key", key=repr(profile.key)
                )
            if row is not None:
                db.execute("DELETE FROM profiles WHERE key = ?", (profile.key,))
            origin = "user" if row is None else "edited" if row[0] == "preset" else row[0]
            _insert_profile(db, profile, origin)

    def remove_profile(self, key: str) -> None:
        """Delete a profile."""
        with self._write() as db:
            if db.execute("DELETE FROM profiles WHERE key = ?", (key,)).rowcount == 0:
                raise OutsoleError("no quality profile {key} in the library", key=repr(key))

    def import_materials(self, materials: Iterable[Material]) -> tuple[int, int]:
        """Add or replace materials, all in one transaction. Returns ``(added, replaced)``."""
        added = replaced = 0
        with self._write() as db:
            for m in materials:
                row = db.execute("SELECT origin FROM materials WHERE key = ?", (m.key,)).fetchone()
                if row is None:
                    _insert(db, m, origin="user")
                    added += 1
                else:
                    db.execute("DELETE FROM materials WHERE key = ?", (m.key,))
                    _insert(db, m, origin="edited" if row[0] == "preset" else row[0])
                    replaced += 1
        return added, replaced


# -- exchange files ---------------------------------------------------------------------------


def materials_toml(materials: Iterable[Material]) -> str:
    """TOML text of materials, readable by :func:`read_materials_file`."""
    return tomlfile.dumps(
        {"schema": MATERIALS_SCHEMA}, {"material": [m.to_dict() for m in materials]}
    )


def materials_csv(materials: Iterable[Material]) -> str:
    """CSV text of materials: one row each, processes joined by ``;``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELD_NAMES)
    for m in materials:
        d = m.to_dict()
        d["processes"] = ";".join(d["processes"])
        writer.writerow(["true" if v is True else "false" if v is False else v for v in d.values()])
    return buf.getvalue()


def write_materials_file(materials: Iterable[Material], path: str | Path) -> None:
    """Export materials as ``.toml`` or ``.csv`` (by the name's suffix), atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".toml", ".csv"):
        raise OutsoleError("export materials to a .toml or .csv file", str(path))
    text = materials_toml(materials) if suffix == ".toml" else materials_csv(materials)
    atomic_write_text(path, text)


def read_materials_file(path: str | Path) -> list[Material]:
    """Materials from a ``.toml`` or ``.csv`` file; errors name the file, material and field."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            doc = tomlfile.load(path)
            schema = doc.get("schema", MATERIALS_SCHEMA)
            if schema != MATERIALS_SCHEMA:
                raise OutsoleError("is not a materials file (schema {schema})", schema=repr(schema))
            items = doc.get("material", [])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise OutsoleError("must hold [[material]] tables")
            contexts = [f"material {i}" for i in range(1, len(items) + 1)]
        elif suffix == ".csv":
            text = read_text(path)
            reader = csv.DictReader(io.StringIO(text))
            items = []
            for row in reader:
                if None in row:
                    raise OutsoleError(
                        "row {line_num} has more cells than the header", line_num=reader.line_num
                    )
                items.append({k: v for k, v in row.items() if v not in (None, "")})
            contexts = [f"row {i}" for i in range(2, len(items) + 2)]
        else:
            raise OutsoleError("import materials from a .toml or .csv file")
        if not items:
            raise OutsoleError("holds no materials")
        out = [material_from_mapping(item, ctx) for item, ctx in zip(items, contexts, strict=True)]
    except OutsoleError as exc:
        raise exc.at(str(path)) from exc
    keys = [m.key for m in out]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise OutsoleError("lists material {dupes} twice", str(path), dupes=repr(dupes[0]))
    return out


def profile_toml(profile: Profile) -> str:
    """TOML text of a profile, readable by :func:`read_profile_file`."""
    d = profile.to_dict()
    rules = d.pop("rule")
    return tomlfile.dumps(d, {"rule": rules})


def write_profile_file(profile: Profile, path: str | Path) -> None:
    """Export a profile as TOML, atomically."""
    path = Path(path)
    if path.suffix.lower() != ".toml":
        raise OutsoleError("export a quality profile to a .toml file", str(path))
    atomic_write_text(path, profile_toml(profile))


def read_profile_file(path: str | Path) -> Profile:
    """A profile from TOML; errors name the file, the rule and the field."""
    path = Path(path)
    if path.suffix.lower() != ".toml":
        raise OutsoleError("import a quality profile from a .toml file", str(path))
    try:
        return profile_from_mapping(tomlfile.load(path))
    except OutsoleError as exc:
        raise exc.at(str(path)) from exc
