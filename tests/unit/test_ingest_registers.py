"""Importing the links (verbindingen) and milestones (mijlpalen) registers."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from pipelines import ingest
from pipelines.errors import RowsRejected
from tests.ingest_util import FIXTURES, eigen_export, lees, runs, snapshot


@pytest.fixture
def db_met_initiatieven(writable_db):
    """The seed store plus the initiatives the links fixture names."""
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    return writable_db


def verbinding(db, van: str, naar: str) -> list[tuple]:
    return lees(db, "SELECT soort, sinds, toelichting, bron FROM verbindingen WHERE van_id = ? AND naar_id = ?",
                [van, naar])


# ---------- verbindingen ----------

def test_links_by_name_gemeente_and_province_with_short_forms(db_met_initiatieven):
    db = db_met_initiatieven
    result = ingest.ingest("verbindingen", FIXTURES / "verbindingen.csv", db)
    assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (3, 0, 0)
    schakel, werkhoven = "ini-dorpshuis-de-schakel-gm0331", "ini-buurtkracht-werkhoven-gm0312"
    [(soort, sinds, toelichting, bron)] = verbinding(db, schakel, "GM0331")  # 'Gemeente Lopik'
    assert (soort, sinds, toelichting) == ("financiert", 2020, "Subsidie voor de verbouwing")
    assert bron.startswith("verbindingen.csv (")
    assert [r[:3] for r in verbinding(db, werkhoven, "GM0312")] == [("werkt samen met", 2021, None)]  # 'Bunnik'
    assert [r[:2] for r in verbinding(db, "PV26", schakel)] == [("ondersteunt", None)]  # 'Provincie Utrecht'


def test_links_reimport_is_idempotent_and_a_change_updates(db_met_initiatieven, tmp_path):
    db = db_met_initiatieven
    ingest.ingest("verbindingen", FIXTURES / "verbindingen.csv", db)
    before = snapshot(db)
    again = ingest.ingest("verbindingen", FIXTURES / "verbindingen.csv", db)
    assert (again.toegevoegd, again.bijgewerkt, again.ongewijzigd) == (0, 0, 3)
    assert snapshot(db) == before
    changed = tmp_path / "verbindingen_2.csv"
    changed.write_text((FIXTURES / "verbindingen.csv").read_text(encoding="utf-8").replace(
        "samenwerking,2021,", "samenwerking,2019,Samen een subsidie aangevraagd"), encoding="utf-8")
    result = ingest.ingest("verbindingen", changed, db)
    assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (0, 1, 2)
    assert [r[:3] for r in verbinding(db, "ini-buurtkracht-werkhoven-gm0312", "GM0312")] == \
        [("werkt samen met", 2019, "Samen een subsidie aangevraagd")]


def test_a_link_already_in_the_register_keeps_its_id(seed_db, writable_db, tmp_path):
    [(vid, van, naar, soort)] = lees(seed_db, """
        SELECT v.verbinding_id, a.naam, b.naam, v.soort FROM verbindingen v
        JOIN knopen a ON a.knoop_id = v.van_id JOIN knopen b ON b.knoop_id = v.naar_id
        WHERE (SELECT count(*) FROM knopen k WHERE k.naam = a.naam) = 1
          AND (SELECT count(*) FROM knopen k WHERE k.naam = b.naam) = 1
        ORDER BY v.verbinding_id LIMIT 1""")
    path = tmp_path / "bestaand.csv"
    path.write_text(f'Van;Naar;Soort\n"{van}";"{naar}";{soort}\n', encoding="utf-8")
    zonder_datum = "SELECT * EXCLUDE (laatst_bevestigd) FROM verbindingen ORDER BY ALL"
    before, before_ver = snapshot(writable_db, zonder=("ingest_runs", "verbindingen")), lees(writable_db, zonder_datum)
    result = ingest.ingest("verbindingen", path, writable_db)
    assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (0, 0, 1)
    # Unchanged but for its confirmation date (issue 13: an import confirms the records it lists).
    assert snapshot(writable_db, zonder=("ingest_runs", "verbindingen")) == before
    assert lees(writable_db, zonder_datum) == before_ver
    assert lees(writable_db, "SELECT laatst_bevestigd FROM verbindingen WHERE verbinding_id = ?", [vid]) == [
        (dt.date.today(),)]
    assert result.run_id is not None and vid


def test_bad_links_are_all_reported(db_met_initiatieven):
    db = db_met_initiatieven
    before = snapshot(db)
    with pytest.raises(RowsRejected) as exc:
        ingest.ingest("verbindingen", FIXTURES / "verbindingen_fouten.csv", db)
    assert [str(p) for p in exc.value.problemen] == [
        "Rij 2, kolom 'Van': onbekend initiatief of organisatie 'Dorpshuis De Schakl'; bedoelde u: "
        "Dorpshuis De Schakel?",
        "Rij 3, kolom 'Van / Naar': van en naar zijn hetzelfde ('Dorpshuis De Schakel')",
        "Rij 4, kolom 'Soort': onbekende soort verbinding 'vriendschap'; kies uit lid van, begeleidt, financiert, "
        "werkt samen met of ondersteunt",
        "Rij 4, kolom 'Sinds': '20x0' is geen geldig jaar (verwacht een jaartal van 1900 tot en met 2100)",
        "Rij 6, kolom 'Van': dezelfde verbinding (van, naar en soort) staat ook in rij 5",
    ]
    assert snapshot(db) == before
    assert runs(db)[-1][4:6] == (4, "afgewezen")


def test_links_need_van_naar_and_soort_columns(writable_db):
    with pytest.raises(ingest.FileRejected) as exc:
        ingest.parse("verbindingen", b"Van;Soort\nA;lid\n", "v.csv", writable_db)
    assert str(exc.value) == ("In 'v.csv' staat geen kolom met naar wie de verbinding gaat (verwacht een kop als "
                              "'naar_id' of 'Naar (initiatief of organisatie)'). Gevonden kolommen: 'Van', 'Soort'.")


def test_ambiguous_node_name_asks_for_the_id(db_met_initiatieven):
    db = db_met_initiatieven
    ingest.ingest("initiatieven", b"Naam;Gemeente\nRepair Cafe;Lopik\nRepair Cafe;Houten\n", db, filename="rc.csv")
    parsed = ingest.parse("verbindingen", b"Van;Naar;Soort\nRepair Cafe;Gemeente Lopik;lid\n", "v.csv", db)
    assert [str(p) for p in parsed.problemen] == [
        "Rij 2, kolom 'Van': 'Repair Cafe' is niet eenduidig (ini-repair-cafe-gm0321, ini-repair-cafe-gm0331); "
        "gebruik het id"]
    by_id = ingest.parse("verbindingen", b"Van;Naar;Soort\nini-repair-cafe-gm0331;GM0331;lid\n", "v.csv", db)
    assert by_id.ok and by_id.rows[["van_id", "naar_id", "soort"]].values.tolist() == \
        [["ini-repair-cafe-gm0331", "GM0331", "lid van"]]


# ---------- mijlpalen ----------

def test_milestones_with_dutch_dates_and_status_words(writable_db):
    result = ingest.ingest("mijlpalen", FIXTURES / "mijlpalen.csv", writable_db)
    assert (result.toegevoegd, result.bijgewerkt) == (5, 0)
    rows = lees(writable_db, "SELECT pilot_id, datum, titel, status FROM mijlpalen WHERE bron LIKE 'mijlpalen.csv%' "
                             "ORDER BY titel")
    assert rows == [
        ("pilot-mastenbroek", dt.date(2021, 3, 15), "Bouwplan bij de gemeente", "gepland"),
        ("pilot-lopikerwaard", dt.date(2021, 3, 15), "Dak gevonden", "gedaan"),
        ("pilot-voedselschuur", dt.date(2021, 3, 15), "Eerste oogstdag", "gedaan"),
        (None, None, "Evaluatie van het programma", "gepland"),  # no pilot: the programme as a whole
        ("pilot-gelukkig-vitaal", dt.date(2021, 4, 1), "Vitaliteitsmarkt", "gepland"),
    ]
    assert lees(writable_db, "SELECT mijlpaal_id FROM mijlpalen WHERE titel = 'Eerste oogstdag'") == \
        [("mp-voedselschuur-eerste-oogstdag",)]
    before = snapshot(writable_db)
    again = ingest.ingest("mijlpalen", FIXTURES / "mijlpalen.csv", writable_db)
    assert (again.toegevoegd, again.bijgewerkt, again.ongewijzigd) == (0, 0, 5)
    assert snapshot(writable_db) == before


def test_milestone_status_change_updates(writable_db, tmp_path):
    ingest.ingest("mijlpalen", FIXTURES / "mijlpalen.csv", writable_db)
    changed = tmp_path / "mijlpalen_q3.csv"
    changed.write_text((FIXTURES / "mijlpalen.csv").read_text(encoding="utf-8").replace(
        "Vitaliteitsmarkt;gepland", "Vitaliteitsmarkt;done"), encoding="utf-8")
    result = ingest.ingest("mijlpalen", changed, writable_db)
    assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (0, 1, 4)
    assert lees(writable_db, "SELECT status FROM mijlpalen WHERE titel = 'Vitaliteitsmarkt'") == [("gedaan",)]


def test_milestones_from_xlsx_with_real_date_cells(writable_db):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Mijlpalen"
    ws.append(["ID", "Pilotproject", "Datum", "Titel", "Gedaan?"])
    ws.append(["mp-x-1", "pilot-lopikerwaard", dt.datetime(2021, 6, 30), "Eerste paneel op het dak", True])
    ws.append(["mp-x-2", "Duurzaam Lopikerwaard", 44500, "Opening", "nee"])  # an unformatted Excel day number
    buf = io.BytesIO()
    wb.save(buf)
    parsed = ingest.parse("mijlpalen", buf.getvalue(), "mijlpalen.xlsx", writable_db)
    assert [str(p) for p in parsed.problemen] == ["Rij 3, kolom 'Pilotproject': onbekende pilot "
                                                  "'Duurzaam Lopikerwaard'; bedoelde u: Zonne-collectief Duurzaam "
                                                  "Lopikerwaard?"]
    buf2 = io.BytesIO()
    ws["B3"] = "Zonne-collectief Duurzaam Lopikerwaard"
    wb.save(buf2)
    result = ingest.ingest("mijlpalen", buf2.getvalue(), writable_db, filename="mijlpalen.xlsx")
    assert result.toegevoegd == 2
    assert lees(writable_db, "SELECT mijlpaal_id, datum, status FROM mijlpalen WHERE mijlpaal_id LIKE 'mp-x-%' "
                             "ORDER BY 1") == [("mp-x-1", dt.date(2021, 6, 30), "gedaan"),
                                               ("mp-x-2", dt.date(2021, 10, 31), "gepland")]


def test_bad_milestones_are_all_reported(writable_db):
    before = snapshot(writable_db)
    with pytest.raises(RowsRejected) as exc:
        ingest.ingest("mijlpalen", FIXTURES / "mijlpalen_fouten.csv", writable_db)
    assert [str(p) for p in exc.value.problemen] == [
        "Rij 2, kolom 'Pilot': onbekende pilot 'Voedselschur'; bedoelde u: Voedselschuur Eiland van Schalkwijk?",
        "Rij 3, kolom 'Datum': '31-02-2021' is geen geldige datum (schrijf bijvoorbeeld 15-03-2021 of 15 maart 2021)",
        "Rij 4, kolom 'Datum': 'maart 2021' is geen volledige datum (de dag ontbreekt)",
        "Rij 4, kolom 'Titel': titel ontbreekt",
        "Rij 4, kolom 'Status': onbekende status 'misschien'; gebruik gedaan of gepland",
        "Rij 5, kolom 'Status': status ontbreekt; vul gedaan of gepland in",
    ]
    assert snapshot(writable_db) == before


def test_duplicate_milestone_without_id(writable_db):
    parsed = ingest.parse("mijlpalen", b"Pilot;Titel;Status\npilot-mastenbroek;Overleg;gedaan\n"
                                       b"Mastenbroek;overleg;gepland\n", "m.csv", writable_db)
    assert [str(p) for p in parsed.problemen] == [
        "Rij 3, kolom 'Titel': dezelfde mijlpaal (zelfde pilot en titel) staat ook in rij 2"]


def test_the_dashboards_own_links_export_imports_as_unchanged(writable_db):
    from vliegwiel import exports
    sheets = eigen_export(writable_db)
    # Nothing changes but the confirmation date (issue 13: the import confirms every link it lists).
    zonder_datum = "SELECT * EXCLUDE (laatst_bevestigd) FROM verbindingen ORDER BY ALL"
    before, before_ver = snapshot(writable_db, zonder=("ingest_runs", "verbindingen")), lees(writable_db, zonder_datum)
    for data, naam in ((exports.excel_bytes(sheets), "export.xlsx"),
                       (exports.csv_bytes(sheets["Verbindingen"]), "verbindingen.csv")):
        result = ingest.ingest("verbindingen", data, writable_db, filename=naam)
        assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (0, 0, len(sheets["Verbindingen"]))
    assert snapshot(writable_db, zonder=("ingest_runs", "verbindingen")) == before
    assert lees(writable_db, zonder_datum) == before_ver
    assert lees(writable_db, "SELECT DISTINCT laatst_bevestigd FROM verbindingen") == [(dt.date.today(),)]


def test_a_general_column_gives_way_to_a_specific_one(writable_db):
    parsed = ingest.parse("mijlpalen", b"Pilot;Omschrijving;Mijlpaal;Status\npilot-mastenbroek;Lang verhaal;Overleg;"
                                       b"gedaan\n", "m.csv", writable_db)
    assert parsed.rows["titel"].tolist() == ["Overleg"]
    assert parsed.meldingen == ["kolom 'Omschrijving' is genegeerd: kolom 'Mijlpaal' geeft al de titel van de mijlpaal"]
    with pytest.raises(ingest.FileRejected, match="^De kolommen 'Titel' en 'Mijlpaal' betekenen allebei de titel"):
        ingest.parse("mijlpalen", b"Titel;Mijlpaal;Status\nA;B;gedaan\n", "m.csv", writable_db)
