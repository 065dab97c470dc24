"""Empty cells never erase (issue 11): an empty Omschrijving, Status, Startjaar, Website or
Thema's leaves the stored value alone, and the record's source (a seed document) is kept, with
provenance per field in veld_bronnen."""
from __future__ import annotations

from pipelines import ingest
from tests.ingest_util import FIXTURES, lees

SEED_ID = "ini-voedselschuur-eiland-van-schalkwijk"


def _stored(db):
    return lees(db, "SELECT beschrijving, status, startjaar, website, bron FROM initiatieven WHERE initiatief_id = ?",
                [SEED_ID])[0]


def test_empty_cells_leave_stored_values_and_the_seed_source_alone(writable_db):
    ingest.ingest("initiatieven", b"ID;Naam;Omschrijving;Status;Startjaar;Website;Thema's\n"
                  + f"{SEED_ID};Voedselschuur Eiland van Schalkwijk;Nieuwe tekst;actief;2020;https://a.nl;Voedsel\n"
                  .encode(), writable_db, "eerste.csv")
    eerst = _stored(writable_db)
    assert eerst[:4] == ("Nieuwe tekst", "actief", 2020, "https://a.nl")
    assert eerst[4] == "002_62e7dfa5cad09ae6.txt"  # still the seed document
    themas = lees(writable_db, "SELECT thema_id FROM initiatief_themas WHERE initiatief_id = ?", [SEED_ID])
    result = ingest.ingest("initiatieven", b"ID;Naam;Omschrijving;Status;Startjaar;Website;Thema's\n"
                           + f"{SEED_ID};Voedselschuur Eiland van Schalkwijk;;;;;\n".encode(), writable_db, "leeg.csv")
    assert (result.bijgewerkt, result.ongewijzigd) == (0, 1)
    assert _stored(writable_db) == eerst
    assert lees(writable_db, "SELECT thema_id FROM initiatief_themas WHERE initiatief_id = ?", [SEED_ID]) == themas
    velden = lees(writable_db, "SELECT veld, bron LIKE 'eerste.csv (%' FROM veld_bronnen WHERE record_id = ? "
                               "ORDER BY veld", [SEED_ID])
    assert velden == [("beschrijving", True), ("startjaar", True), ("status", True), ("website", True)]


def test_same_file_twice_still_changes_nothing(writable_db):
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    again = ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    assert (again.toegevoegd, again.bijgewerkt) == (0, 0)
