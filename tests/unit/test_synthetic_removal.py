"""Removing synthetic data also removes real links to it (issue 11), and says how many, so the
store never holds a dangling link that fails every later import."""
from __future__ import annotations

import shutil

from pipelines import ingest, synthetic
from tests.ingest_util import FIXTURES, lees


def test_verwijder_removes_links_from_real_records_and_later_imports_work(tmp_path, seed_db):
    db = tmp_path / "v.duckdb"
    shutil.copy(seed_db, db)
    synthetic.add(db, initiatieven=20, verbindingen=10)
    ingest.ingest("verbindingen", b"Van;Naar;Soort\nProvincie Utrecht;syn-000001;ondersteunt\n", db, "v.csv")
    assert synthetic.remove(db) == 1
    assert lees(db, "SELECT count(*) FROM verbindingen WHERE naar_id LIKE 'syn-%' OR van_id LIKE 'syn-%'") == [(0,)]
    assert lees(db, "SELECT melding FROM ingest_runs ORDER BY run_id DESC LIMIT 1") == [
        ("Synthetische testdata verwijderd, met 1 verbinding van echte records naar synthetische",)]
    assert ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", db).toegevoegd == 4
