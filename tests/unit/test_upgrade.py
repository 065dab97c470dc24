"""Schema upgrades (issue 13): a store built and filled by the code of the last landed main
(commit b32fbd4, schema 1, no archive) comes through the upgrade with everything it holds; a
store of a newer version is refused in Dutch and left alone."""
from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import duckdb
import pytest

from pipelines import archive, build, config, upgrade
from pipelines.ingest import ingest
from tests.ingest_util import FIXTURES, lees, sha256, snapshot

REPO = Path(__file__).resolve().parents[2]
MAIN = "b32fbd4"  # the last landed main: what users run today
REGISTER = ["initiatieven", "initiatief_kernen", "initiatief_themas", "verbindingen", "mijlpalen", "pilots",
            "organisaties", "contactpersonen", "bijeenkomsten", "lessen", "themas", "bronnen", "gemeenten", "kernen"]


def _old_code(tmp: Path) -> Path:
    """The tree of MAIN, unpacked (git archive: no worktree bookkeeping in the shared repo)."""
    tree = tmp / "main"
    data = subprocess.run(["git", "archive", MAIN], cwd=REPO, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(tree, filter="data")
    return tree


def _run_old(tree: Path, *args: str) -> None:
    env = {**os.environ, "VLIEGWIEL_SHARED_DATA": str(config.shared_data_dir()),
           "VLIEGWIEL_SEEDS": str(config.seeds_docs_dir()), "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, "-m", *args], cwd=tree, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.fixture(scope="module")
def old_store(tmp_path_factory) -> Path:
    """Built and filled by MAIN's own command line: three imports and a contact removal."""
    tmp = tmp_path_factory.mktemp("upgrade")
    tree = _old_code(tmp)
    db = tmp / "oud" / "vliegwiel.duckdb"
    db.parent.mkdir()
    _run_old(tree, "pipelines.build", "--db", str(db))
    for kind, name in [("initiatieven", "initiatieven_excel_nl.csv"), ("verbindingen", "verbindingen.csv"),
                       ("mijlpalen", "mijlpalen.csv")]:
        _run_old(tree, "pipelines.ingest", kind, str(FIXTURES / name), "--db", str(db))
    return db


def _tables(db: Path, names: list[str]) -> dict[str, list[tuple]]:
    """The rows of `names`, on the columns of the old schema (the new one only adds columns)."""
    con = duckdb.connect()
    con.execute("ATTACH ? AS s (READ_ONLY)", [str(db)])
    out = {}
    for t in names:
        out[t] = sorted(con.execute(f"SELECT * FROM s.{t}").fetchall(), key=repr)
    con.close()
    return out


def _columns(db: Path, t: str) -> list[str]:
    return [r[0] for r in lees(db, "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                   "AND database_name = current_database() ORDER BY column_index", [t])]


def test_a_store_of_todays_main_comes_through_the_upgrade_with_everything(old_store, tmp_path):
    db = tmp_path / "vliegwiel.duckdb"
    db.write_bytes(old_store.read_bytes())
    assert lees(db, "SELECT max(version) FROM schema_version") == [(1,)]
    imported_before = lees(db, "SELECT count(*) FROM initiatieven WHERE bron LIKE 'initiatieven_excel_nl.csv%'")[0][0]
    assert imported_before == 4
    old_runs = lees(db, "SELECT soort, bestand, sha256, rijen_toegevoegd, uitkomst FROM ingest_runs ORDER BY run_id")
    old = {t: (_columns(db, t), rows) for t, rows in _tables(db, REGISTER).items()}

    assert upgrade.ensure_current(db) is True
    assert lees(db, "SELECT max(version) FROM schema_version") == [(config.SCHEMA_VERSION,)]
    # A newer build may list a data source the old one did not have (the 2024 village figures):
    # those rows are new, every old row must be kept unchanged.
    nieuwe_bronnen = {b[0] for b in build.BRONNEN} - {r[0] for r in old["bronnen"][1]}
    for t, (cols, rows) in old.items():
        got = sorted(lees(db, f"SELECT {', '.join(cols)} FROM {t}"), key=repr)
        if t == "bronnen":
            got = [r for r in got if r[0] not in nieuwe_bronnen]
        assert got == rows, t
    new_runs = lees(db, "SELECT soort, bestand, sha256, rijen_toegevoegd, uitkomst FROM ingest_runs ORDER BY run_id")
    # The new build's run, the old run log in order, then the migration itself.
    assert new_runs[1:1 + len(old_runs)] == old_runs and new_runs[-1][0] == "migratie"
    assert [e.soort for e in archive.entries(db)] == ["migratie"]
    assert upgrade.ensure_current(db) is False  # current now

    # A later rebuild keeps it all, and a new import lands on top.
    upgraded = snapshot(db, zonder=("ingest_runs", "schema_version"))
    build.build(db)
    assert snapshot(db, zonder=("ingest_runs", "schema_version")) == upgraded
    ingest("initiatieven", FIXTURES / "initiatieven_rd.csv", db)
    assert lees(db, "SELECT count(*) FROM initiatieven WHERE bron LIKE 'initiatieven_excel_nl.csv%'")[0][0] == 4


def test_build_on_an_old_store_upgrades_it_too(old_store, tmp_path):
    db = tmp_path / "vliegwiel.duckdb"
    db.write_bytes(old_store.read_bytes())
    build.build(db)
    assert lees(db, "SELECT count(*) FROM initiatieven WHERE bron LIKE 'initiatieven_excel_nl.csv%'")[0][0] == 4
    assert lees(db, "SELECT count(*) FROM verbindingen WHERE bron LIKE 'verbindingen.csv%'")[0][0] == 3


def test_an_import_into_an_old_store_upgrades_it_first(old_store, tmp_path):
    db = tmp_path / "vliegwiel.duckdb"
    db.write_bytes(old_store.read_bytes())
    ingest("initiatieven", FIXTURES / "initiatieven_rd.csv", db)
    assert lees(db, "SELECT max(version) FROM schema_version") == [(config.SCHEMA_VERSION,)]
    assert lees(db, "SELECT count(*) FROM initiatieven WHERE bron LIKE 'initiatieven_excel_nl.csv%'")[0][0] == 4
    assert [e.soort for e in archive.entries(db)] == ["migratie", "import"]


def test_a_newer_store_is_refused_in_dutch_and_left_alone(writable_db):
    con = duckdb.connect(str(writable_db))
    con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [config.SCHEMA_VERSION + 1])
    con.close()
    digest = sha256(writable_db)
    with pytest.raises(upgrade.NewerStore, match="nieuwere versie van Vliegwiel"):
        upgrade.ensure_current(writable_db)
    with pytest.raises(upgrade.NewerStore):
        build.build(writable_db)
    with pytest.raises(upgrade.NewerStore):
        ingest("initiatieven", FIXTURES / "initiatieven_rd.csv", writable_db)
    assert sha256(writable_db) == digest
    proc = subprocess.run([sys.executable, "-m", "pipelines.build", "--db", str(writable_db)], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "nieuwere versie" in proc.stderr and "Traceback" not in proc.stderr


V4 = "ae15e9c"  # the last main of schema 4: no initiatieven.plaatsnaam yet
CABAUW = "Naam initiatief;Gemeente;Kern\nDorpstafel Cabauw;Lopik;Cabauw\nDorpstafel Lopik;Lopik;Lopik\n"


def test_a_schema_4_store_with_an_archived_import_upgrades_to_5_and_keeps_it(tmp_path):
    tree = tmp_path / "v4"
    data = subprocess.run(["git", "archive", V4], cwd=REPO, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(tree, filter="data")
    db = tmp_path / "oud" / "vliegwiel.duckdb"
    db.parent.mkdir()
    register = tmp_path / "register.csv"
    register.write_text(CABAUW, encoding="utf-8")
    _run_old(tree, "pipelines.build", "--db", str(db))
    _run_old(tree, "pipelines.ingest", "initiatieven", str(register), "--db", str(db))
    assert lees(db, "SELECT max(version) FROM schema_version") == [(4,)]
    assert "plaatsnaam" not in _columns(db, "initiatieven")
    oud = lees(db, "SELECT initiatief_id, naam, kern_id, gemeente_code FROM initiatieven ORDER BY ALL")
    assert [e.naam for e in archive.entries(db)] == ["000001-initiatieven"]

    assert upgrade.ensure_current(db) is True
    assert lees(db, "SELECT max(version) FROM schema_version") == [(config.SCHEMA_VERSION,)] == [(5,)]
    assert lees(db, "SELECT initiatief_id, naam, kern_id, gemeente_code FROM initiatieven ORDER BY ALL") == oud
    # Schema 4 never kept the name as written: unknown (NULL) for its imports, not guessed.
    assert lees(db, "SELECT count(*) FROM initiatieven WHERE plaatsnaam IS NOT NULL") == [(0,)]
    assert [e.soort for e in archive.entries(db)] == ["import", "migratie"]

    # The same register imported again now records the place; a rebuild replays both schemas' entries.
    opnieuw = ingest("initiatieven", register, db)
    assert (opnieuw.toegevoegd, opnieuw.bijgewerkt) == (0, 1)
    assert lees(db, "SELECT naam, plaatsnaam FROM initiatieven WHERE plaatsnaam IS NOT NULL") == [
        ("Dorpstafel Cabauw", "Cabauw")]
    voor = snapshot(db, zonder=("ingest_runs", "schema_version"))
    build.build(db)
    assert snapshot(db, zonder=("ingest_runs", "schema_version")) == voor
