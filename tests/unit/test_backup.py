"""Back-up and restore (issue 13): one file with the archive and the seed register; restored
into an empty folder and built, the data tables equal the original's, table by table."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import backup, undo
from pipelines.errors import StoreError
from pipelines.ingest import ingest, remove_contact_persons
from tests.ingest_util import FIXTURES, lees, snapshot, tabellen

REPO = Path(__file__).resolve().parents[2]
# The run log's times (klaar_op) differ per build; every other table must be identical.
ZONDER = ("ingest_runs", "schema_version")


def test_restore_into_an_empty_folder_gives_identical_tables(writable_db, tmp_path):
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    ingest("verbindingen", FIXTURES / "verbindingen.csv", writable_db)
    ingest("mijlpalen", FIXTURES / "mijlpalen.csv", writable_db)
    ingest("initiatieven", FIXTURES / "initiatieven_rd.csv", writable_db)
    undo.undo("000004-initiatieven", writable_db)
    iid = lees(writable_db, "SELECT initiatief_id FROM contactpersonen WHERE initiatief_id IS NOT NULL LIMIT 1")[0][0]
    remove_contact_persons(iid, writable_db)

    bestand = tmp_path / "backup.tar.gz"
    proc = subprocess.run([sys.executable, "-m", "pipelines.backup", "maak", str(bestand), "--db", str(writable_db)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    hersteld = backup.restore(bestand, tmp_path / "hersteld")

    assert tabellen(hersteld) == tabellen(writable_db)
    origineel, terug = snapshot(writable_db, zonder=ZONDER), snapshot(hersteld, zonder=ZONDER)
    for tabel in origineel:
        assert terug[tabel] == origineel[tabel], tabel
    runs = "SELECT run_id, soort, bestand, sha256, rijen_toegevoegd, rijen_bijgewerkt, uitkomst, archief FROM ingest_runs"
    assert lees(hersteld, runs) == lees(writable_db, runs)
    assert lees(hersteld, "SELECT count(*) FROM contactpersonen WHERE initiatief_id = ?", [iid]) == [(0,)]


def test_restore_refuses_a_folder_that_is_not_empty(writable_db, tmp_path):
    bestand = backup.make(tmp_path / "b.tar.gz", writable_db)
    vol = tmp_path / "vol"
    vol.mkdir()
    (vol / "iets.txt").write_text("x")
    with pytest.raises(StoreError, match="niet leeg"):
        backup.restore(bestand, vol)


def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    kapot = tmp_path / "kapot.tar.gz"
    kapot.write_bytes(b"geen back-up")
    with pytest.raises(StoreError, match="kan niet worden gelezen"):
        backup.restore(kapot, tmp_path / "leeg")
