"""Different initiatives never share an id, one initiative never gets two (issue 11): names in
any script, 'Energie+' against 'Energie', '1' against '001', a renamed record and a new id for a
stored record. Fixtures: tests/fixtures/hostile.py."""
from __future__ import annotations

from pipelines import ingest
from tests.fixtures import hostile
from tests.ingest_util import FIXTURES, lees


def _ids(db) -> set[str]:
    return {r[0] for r in lees(db, "SELECT initiatief_id FROM initiatieven")}


def test_names_in_any_script_and_with_a_plus_get_different_ids(writable_db):
    voor = _ids(writable_db)
    result = ingest.ingest("initiatieven", hostile.SCRIPTS, writable_db, "scripts.csv")
    assert result.toegevoegd == 8
    nieuw = lees(writable_db, "SELECT naam, initiatief_id FROM initiatieven WHERE initiatief_id NOT IN "
                              f"({', '.join('?' * len(voor))})", list(voor))
    assert len({i for _, i in nieuw}) == 8
    per_naam = dict(nieuw)
    assert per_naam["Energie Lopik"] == "ini-energie-lopik-gm0331"  # plain Latin names keep their plain id
    assert per_naam["Energie+ Lopik"].startswith("ini-energie-lopik-") and per_naam["Energie+ Lopik"] != \
        per_naam["Energie Lopik"]
    again = ingest.ingest("initiatieven", hostile.SCRIPTS, writable_db, "scripts.csv")
    assert (again.toegevoegd, again.ongewijzigd) == (0, 8)  # the same names find their records again


def test_1_and_001_in_one_file_are_one_initiative(seed_db):
    parsed = ingest.parse("initiatieven", hostile.LEADING_ZEROS, "nullen.csv", seed_db)
    assert [str(p) for p in parsed.problemen] == ["Rij 3, kolom 'ID': id '001' komt ook voor in rij 2"]
    assert parsed.meldingen[-1] == "ID '1' is gelezen als '001' (Excel laat voorloopnullen weg)"


def test_1_finds_the_stored_001(writable_db):
    ingest.ingest("initiatieven", b"ID;Naam;Gemeente\n001;Alfa;Lopik\n", writable_db, "a.csv")
    result = ingest.ingest("initiatieven", b"ID;Naam;Gemeente\n1;Alfa;Lopik\n", writable_db, "b.csv")
    assert (result.toegevoegd, result.ongewijzigd) == (0, 1)
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE initiatief_id IN ('1', '001')") == [(1,)]


def test_a_matched_record_whose_name_differs_is_shown_as_a_change_of_name(writable_db):
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    parsed = ingest.parse("initiatieven", "Naam;Gemeente\nDorpshuis de  Schakel;Lopik\n".encode(), "n.csv",
                          writable_db)
    voorbeeld = ingest.compare(parsed, writable_db)
    assert voorbeeld.values.tolist() == [
        [2, "ini-dorpshuis-de-schakel-gm0331", "gewijzigd",
         "naam wordt 'Dorpshuis de  Schakel' (was 'Dorpshuis De Schakel')"]]


def test_a_new_id_for_a_stored_record_with_the_same_name_gemeente_and_kern_is_refused(seed_db):
    [(oud_id,)] = lees(seed_db, "SELECT initiatief_id FROM initiatieven WHERE naam = "
                                "'Voedselschuur Eiland van Schalkwijk'")
    parsed = ingest.parse("initiatieven", "ID;Naam;Gemeente;Kern\nnieuw-1;Voedselschuur Eiland van Schalkwijk;"
                                          "Houten;Schalkwijk\n".encode(), "dubbel.csv", seed_db)
    assert [str(p) for p in parsed.problemen] == [
        f"Rij 2, kolom 'ID': het register heeft al een initiatief met deze naam, gemeente en kern onder id "
        f"'{oud_id}'; gebruik dat id, of een andere naam als het een ander initiatief is"]
