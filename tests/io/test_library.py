"""The SQLite material library: presets, edits, exchange files, damage and two writers at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from decimal import Decimal as D

import pytest

from outsole_studio.core.errors import OutsoleError
from outsole_studio.io.library import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Library,
    default_library_path,
    preset_materials,
    read_materials_file,
    write_materials_file,
)

PRESET_KEYS = {"nr", "sbr", "nr-sbr", "nbr", "crepe", "tpr", "pvc", "pu", "tpu", "eva", "phylon"}


def test_first_use_seeds_the_presets_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("OUTSOLE_STUDIO_DATA", str(tmp_path / "data"))
    assert default_library_path() == tmp_path / "data" / "library.sqlite3"
    with Library() as lib:
        mats = {m.key: m for m in lib.materials()}
        assert lib.schema_version == SCHEMA_VERSION
    assert set(mats) == PRESET_KEYS
    assert all(m.price_is_placeholder and m.source for m in mats.values())
    assert mats["eva"].hardness_scale == "Asker C" and mats["eva"].cellular
    assert mats["nr-sbr"].hardness_scale == "Shore A" and not mats["nr-sbr"].cellular
    assert mats["tpr"].recyclable_scrap and not mats["nr"].recyclable_scrap
    assert (mats["tpr"].density_min_g_cm3, mats["tpr"].density_max_g_cm3) == (0.9, 1.2)
    db = sqlite3.connect(tmp_path / "data" / "library.sqlite3")
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()


def test_edits_persist_and_are_marked(tmp_path):
    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        changed = lib.edit("nr-sbr", price_idr_per_kg=D(36500), price_is_placeholder=False)
        assert changed.price_idr_per_kg == D(36500)
        new = changed.with_changes(key="my-blend", name="Workshop blend", supplier="CV Karet")
        lib.add(new)
        lib.remove("pvc")
        with pytest.raises(OutsoleError, match="already exists"):
            lib.add(new)
        with pytest.raises(OutsoleError, match="no material 'pvc'"):
            lib.remove("pvc")
    with Library(path) as lib:
        assert lib.material("nr-sbr").price_idr_per_kg == D(36500)
        assert lib.origin("nr-sbr") == "edited"
        assert lib.origin("my-blend") == "user"
        assert lib.origin("eva") == "preset"
        assert lib.material("my-blend").supplier == "CV Karet"
        with pytest.raises(OutsoleError, match=r"no material 'pvc' in the library \(there are: "):
            lib.material("pvc")
        with pytest.raises(OutsoleError, match="price must be zero or more"):
            lib.edit("eva", price_idr_per_kg=D(-1))
        assert lib.material("eva").price_idr_per_kg == D(40000)


@pytest.mark.parametrize("suffix", [".toml", ".csv"])
def test_exchange_files_round_trip(tmp_path, suffix):
    mats = preset_materials()
    mats[0] = mats[0].with_changes(notes='quote "A", line\nbreak; ✓', supplier="PT Ä")
    path = tmp_path / f"materials{suffix}"
    write_materials_file(mats, path)
    assert read_materials_file(path) == mats
    with Library(tmp_path / "other.sqlite3") as lib:
        lib.remove("eva")
        added, replaced = lib.import_materials(read_materials_file(path))
        assert (added, replaced) == (1, len(mats) - 1)
        assert lib.material(mats[0].key).notes == mats[0].notes


def test_a_malformed_file_names_the_material_and_the_field(tmp_path):
    bad = tmp_path / "bad.toml"
    write_materials_file(preset_materials()[:3], bad)
    text = bad.read_text()
    bad.write_text(text.replace("density_g_cm3 = 1.22", 'density_g_cm3 = "heavy"'))
    with pytest.raises(
        OutsoleError, match="material 2 'sbr': density_g_cm3 must be a number"
    ) as exc:
        read_materials_file(bad)
    assert exc.value.path == str(bad)
    bad.write_text(text.replace('hardness_scale = "Shore A"\n', "", 1))
    with pytest.raises(OutsoleError, match="material 1 'nr': missing field 'hardness_scale'"):
        read_materials_file(bad)
    bad.write_text("[[material]\n")
    with pytest.raises(OutsoleError, match="is not valid TOML"):
        read_materials_file(bad)
    csv = tmp_path / "bad.csv"
    good = tmp_path / "good.csv"
    write_materials_file(preset_materials()[:2], good)
    lines = good.read_text().splitlines()
    csv.write_text("\n".join([lines[0], lines[1].replace(",1.2,", ",-1,", 1), lines[2]]))
    with pytest.raises(OutsoleError, match="row 2 'nr': densities must be between"):
        read_materials_file(csv)


def test_a_foreign_or_damaged_file_is_reported_and_left_untouched(tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is a spreadsheet, not a library" * 50)
    before = garbage.read_bytes()
    with pytest.raises(OutsoleError, match="not an SQLite database"):
        Library(garbage)
    assert garbage.read_bytes() == before

    foreign = tmp_path / "foreign.sqlite3"
    db = sqlite3.connect(foreign)
    db.execute("CREATE TABLE invoices (n INTEGER)")
    db.commit()
    db.close()
    before = foreign.read_bytes()
    with pytest.raises(OutsoleError, match="of another program"):
        Library(foreign)
    assert foreign.read_bytes() == before

    newer = tmp_path / "newer.sqlite3"
    Library(newer).close()
    db = sqlite3.connect(newer)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(OutsoleError, match="newer Outsole Studio"):
        Library(newer)

    damaged = tmp_path / "damaged.sqlite3"
    Library(damaged).close()
    data = bytearray(damaged.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # the materials table's first page
    damaged.write_bytes(bytes(data))
    with pytest.raises(OutsoleError, match="is damaged"), Library(damaged) as lib:
        lib.materials()


def _add_many(path: str, prefix: str, n: int) -> None:
    base = preset_materials()[0]
    with Library(path) as lib:
        for i in range(n):
            lib.add(base.with_changes(key=f"{prefix}-{i}", name=f"{prefix} {i}"))


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_add_many, args=(path, p, 40)) for p in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with Library(path) as lib:
        keys = {m.key for m in lib.materials()}
    assert len(keys) == len(PRESET_KEYS) + 80
    assert {f"a-{i}" for i in range(40)} <= keys and {f"b-{i}" for i in range(40)} <= keys


def test_a_version_1_library_is_migrated_and_keeps_its_materials(tmp_path):
    from outsole_studio.io import library

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("BEGIN")
    library.MIGRATIONS[0](db)
    own = preset_materials()[0].with_changes(key="own-blend", name="Own blend")
    library._insert(db, own, origin="user")
    db.execute("PRAGMA user_version = 1")
    db.execute("COMMIT")
    db.close()
    with Library(path) as lib:
        assert lib.schema_version == 3
        assert lib.material("own-blend") == own
        assert len(lib.profiles()) == 7
        assert lib.profile_origin("ikm-rubber") == "preset"


def test_a_version_2_library_gains_the_new_presets_and_keeps_its_own(tmp_path, monkeypatch):
    from outsole_studio.core.production.requirements import Profile
    from outsole_studio.io import library

    old_keys = {"ikm-rubber", "outdoor-trail", "safety-iso-20345", "sni-778-2017"}
    path = tmp_path / "v2.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("BEGIN")
    library.MIGRATIONS[0](db)
    with monkeypatch.context() as m:  # the presets as version 2 shipped them
        shipped = [p for p in library.preset_profiles() if p.key in old_keys]
        m.setattr(library, "preset_profiles", lambda: shipped)
        library.MIGRATIONS[1](db)
    ikm = next(p for p in shipped if p.key == "ikm-rubber")
    library._insert_profile(db, Profile("eva-midsole", "My EVA rules", "mine", ikm.rules), "user")
    db.execute("PRAGMA user_version = 2")
    db.execute("COMMIT")
    db.close()
    with Library(path) as lib:
        assert lib.schema_version == 3
        keys = {p.key for p in lib.profiles()}
        assert keys == old_keys | {"eva-midsole", "unit-sole-tpr-pu", "womens-heeled-unit"}
        assert lib.profile("eva-midsole").name == "My EVA rules"  # the user's, kept
        assert lib.profile_origin("womens-heeled-unit") == "preset"


def test_profiles_are_kept_edited_and_exchanged(tmp_path):
    from outsole_studio.core.production.requirements import Profile, with_limit
    from outsole_studio.io.library import read_profile_file, write_profile_file

    path = tmp_path / "lib.sqlite3"
    with Library(path) as lib:
        sni = lib.profile("sni-778-2017")
        filled = with_limit(sni, "hardness", 60, 70)
        lib.save_profile(filled, replace=True)
        mine = Profile("my-rubber", "My rubber", "copy", filled.rules)
        lib.save_profile(mine)
        with pytest.raises(OutsoleError, match="already exists"):
            lib.save_profile(mine)
    with Library(path) as lib:
        assert lib.profile("sni-778-2017").rule("hardness").limit == 60
        assert lib.profile_origin("sni-778-2017") == "edited"
        assert lib.profile_origin("my-rubber") == "user"
        out = tmp_path / "mine.toml"
        write_profile_file(lib.profile("my-rubber"), out)
        assert read_profile_file(out) == mine
        lib.remove_profile("my-rubber")
        with pytest.raises(OutsoleError, match=r"no quality profile 'my-rubber' in the library \("):
            lib.profile("my-rubber")


def test_a_malformed_profile_file_names_the_rule_and_the_field(tmp_path):
    from outsole_studio.io.library import read_profile_file, write_profile_file

    with Library(tmp_path / "lib.sqlite3") as lib:
        good = tmp_path / "p.toml"
        write_profile_file(lib.profile("outdoor-trail"), good)
    text = good.read_text()
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("limit = 3.0\nunit", 'limit = "3 mm"\nunit', 1))
    with pytest.raises(OutsoleError, match="rule 2 'lug-depth': limit must be a number") as exc:
        read_profile_file(bad)
    assert exc.value.path == str(bad)
    bad.write_text(text.replace('severity = "fail"', 'severity = "fatal"', 1))
    with pytest.raises(OutsoleError, match="rule 1 'watertight': severity 'fatal' is not"):
        read_profile_file(bad)
