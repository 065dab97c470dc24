"""Who imported: apply and the run log take `door` and store it in ingest_runs.door."""
from __future__ import annotations

from pipelines import ingest
from tests.ingest_util import FIXTURES, lees


def test_apply_records_who_imported(writable_db):
    parsed = ingest.parse("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", db_path=writable_db)
    result = ingest.apply(parsed, writable_db, door="medewerker@provincie")
    assert lees(writable_db, "SELECT door, uitkomst FROM ingest_runs WHERE run_id = ?", [result.run_id]) == [
        ("medewerker@provincie", "gelukt")]


def test_a_rejection_records_who_tried_and_the_cli_records_nobody(writable_db):
    parsed = ingest.parse("initiatieven", b"Naam;Gemeente\nX;Nergensdorp\n", "r.csv", writable_db)
    try:
        ingest.apply(parsed, writable_db, door="medewerker@provincie")
    except ingest.RowsRejected as exc:
        assert lees(writable_db, "SELECT door, uitkomst FROM ingest_runs WHERE run_id = ?", [exc.run_id]) == [
            ("medewerker@provincie", "afgewezen")]
    else:
        raise AssertionError("an unknown gemeente must be rejected")
    assert lees(writable_db, "SELECT door FROM ingest_runs WHERE soort = 'build'") == [(None,)]
