"""The import archive (issue 13): accepted imports survive `pipelines.build`, a damaged entry
stops the build and leaves the live store, a kill between archiving and swapping leaves a
consistent archive."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import archive, build, config
from pipelines.ingest import ingest
from tests.ingest_util import FIXTURES, lees, sha256, snapshot

REPO = Path(__file__).resolve().parents[2]
ZONDER = ("ingest_runs", "schema_version")


@pytest.fixture
def imported(writable_db) -> Path:
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    ingest("verbindingen", FIXTURES / "verbindingen.csv", writable_db)
    ingest("mijlpalen", FIXTURES / "mijlpalen.csv", writable_db)
    return writable_db


def test_every_accepted_import_is_archived_with_its_sha256(imported):
    entries = archive.entries(imported)
    assert [e.naam for e in entries] == ["000001-initiatieven", "000002-verbindingen", "000003-mijlpalen"]
    assert entries[0].meta["sha256"] == sha256(FIXTURES / "initiatieven_excel_nl.csv")
    assert entries[0].meta["bestand"] == "initiatieven_excel_nl.csv"
    for e in entries:
        for naam, digest in e.meta["bestanden"].items():
            assert sha256(e.pad / naam) == digest
    assert lees(imported, "SELECT archief FROM ingest_runs WHERE soort = 'initiatieven'") == [("000001-initiatieven",)]


def test_a_rejected_import_is_not_archived(writable_db):
    with pytest.raises(Exception):
        ingest("initiatieven", FIXTURES / "initiatieven_fouten.csv", writable_db)
    assert archive.entries(writable_db) == []


def test_build_replays_the_archive_and_loses_no_import(imported):
    before = snapshot(imported, zonder=ZONDER)
    assert lees(imported, "SELECT count(*) FROM initiatieven WHERE bron LIKE 'initiatieven_excel_nl.csv%'")[0][0] == 4
    build.build(imported)
    assert snapshot(imported, zonder=ZONDER) == before
    assert [r[0] for r in lees(imported, "SELECT soort FROM ingest_runs ORDER BY run_id")] == [
        "build", "initiatieven", "verbindingen", "mijlpalen"]


def _damage_sha(e: archive.Entry) -> None:
    with open(e.pad / "rows.parquet", "ab") as fh:
        fh.write(b"x")


def _damage_missing(e: archive.Entry) -> None:
    (e.pad / "rows.parquet").unlink()


def _damage_json(e: archive.Entry) -> None:
    (e.pad / "entry.json").write_text("{niet json", encoding="utf-8")


@pytest.mark.parametrize("damage, reden", [(_damage_sha, "sha256 niet meer klopt"),
                                           (_damage_missing, "mist het bestand 'rows.parquet'"),
                                           (_damage_json, "onleesbare entry.json")])
def test_a_damaged_entry_stops_the_build_and_leaves_the_live_store(imported, damage, reden):
    digest = sha256(imported)
    damage(archive.entries(imported)[1])
    with pytest.raises(archive.ArchiveDamaged, match=f"vermelding '000002-verbindingen' .*{reden}"):
        build.build(imported)
    assert sha256(imported) == digest
    assert list(imported.parent.glob(f".{imported.name}.tmp-*")) == []
    # The command line says it in Dutch, exit code 1.
    proc = subprocess.run([sys.executable, "-m", "pipelines.build", "--db", str(imported)], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "Het importarchief is beschadigd: vermelding '000002-verbindingen'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_unparseable_parquet_with_a_matching_sha_is_named_too(imported):
    e = archive.entries(imported)[0]
    (e.pad / "rows.parquet").write_bytes(b"geen parquet")
    meta = json.loads((e.pad / "entry.json").read_text(encoding="utf-8"))
    meta["bestanden"]["rows.parquet"] = sha256(e.pad / "rows.parquet")
    (e.pad / "entry.json").write_text(json.dumps(meta), encoding="utf-8")
    digest = sha256(imported)
    with pytest.raises(archive.ArchiveDamaged, match="'000001-initiatieven' kan niet worden gelezen"):
        build.build(imported)
    assert sha256(imported) == digest


# The child kills itself (SIGKILL: no cleanup, no finally) at the chosen moment of an import.
_KILLED_IMPORT = """
import os, signal, sys
from pipelines import archive
from pipelines.ingest import ingest
moment = sys.argv[2]
original = getattr(archive, moment)
def killed(*args, **kwargs):
    result = original(*args, **kwargs) if moment == "write_pending" else None
    os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(archive, moment, killed)
ingest("verbindingen", sys.argv[3], sys.argv[1])
"""


def _killed_import(db: Path, moment: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _KILLED_IMPORT, str(db), moment, str(FIXTURES / "verbindingen.csv")],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr


def test_a_kill_between_archiving_and_swapping_leaves_old_store_and_consistent_archive(writable_db):
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    digest, before = sha256(writable_db), snapshot(writable_db, zonder=ZONDER)
    _killed_import(writable_db, "write_pending")  # entry complete, store not yet swapped
    assert sha256(writable_db) == digest
    root = config.archive_dir(writable_db)
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == [".wacht-000002-verbindingen"]
    assert [e.naam for e in archive.entries(writable_db)] == ["000001-initiatieven"]  # never replayed
    build.build(writable_db)  # settles it: its run never reached the store, so it is set aside (kept)
    assert snapshot(writable_db, zonder=ZONDER) == before
    assert (root / ".afgebroken-000002-verbindingen" / "entry.json").exists()
    # The next import gets the next number; the archive replays to the same store.
    ingest("verbindingen", FIXTURES / "verbindingen.csv", writable_db)
    assert [e.naam for e in archive.entries(writable_db)] == ["000001-initiatieven", "000003-verbindingen"]
    after = snapshot(writable_db, zonder=ZONDER)
    build.build(writable_db)
    assert snapshot(writable_db, zonder=ZONDER) == after


def test_a_kill_after_the_swap_before_confirming_keeps_the_import(writable_db):
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)  # the verbindingen name these
    _killed_import(writable_db, "confirm")  # store swapped, entry still .wacht-
    assert lees(writable_db, "SELECT archief FROM ingest_runs WHERE soort = 'verbindingen'") == [("000002-verbindingen",)]
    with_import = snapshot(writable_db, zonder=ZONDER)
    build.build(writable_db)  # settles it: the live store recorded its run, so it is confirmed
    assert [e.naam for e in archive.entries(writable_db)] == ["000001-initiatieven", "000002-verbindingen"]
    assert snapshot(writable_db, zonder=ZONDER) == with_import


def test_the_archive_sits_beside_the_database():
    assert config.archive_dir(Path("data/vliegwiel.duckdb")) == Path("data/vliegwiel.archief")
