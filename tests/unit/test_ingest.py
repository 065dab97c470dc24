"""Importing an initiative register: the files civil servants really have, the exact Dutch
messages for every bad input, idempotency, updates, and the command line."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from pipelines import ingest
from pipelines.errors import IngestError, RowsRejected
from tests.ingest_util import FIXTURES, eigen_export, lees, runs, sha256, snapshot

REPO = Path(__file__).resolve().parents[2]


def rij(db: Path, naam: str) -> dict:
    cols = ["initiatief_id", "naam", "kern_id", "gemeente_code", "beschrijving", "organisatievorm", "fase", "status",
            "startjaar", "is_pilot", "website", "latitude", "longitude", "bron", "is_synthetisch"]
    rows = lees(db, f"SELECT {', '.join(cols)} FROM initiatieven WHERE naam = ?", [naam])
    assert len(rows) == 1, (naam, rows)
    r = dict(zip(cols, rows[0]))
    r["themas"] = sorted(t for (t,) in lees(db, "SELECT thema_id FROM initiatief_themas WHERE initiatief_id = ?",
                                            [r["initiatief_id"]]))
    r["kernen"] = sorted(k for (k,) in lees(db, "SELECT kern_id FROM initiatief_kernen WHERE initiatief_id = ?",
                                            [r["initiatief_id"]]))
    return r


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def parse_rows(db: Path, text: str, kind: str = "initiatieven"):
    return ingest.parse(kind, csv_bytes(text), "test.csv", db)


# ---------- good files ----------

def test_dutch_excel_csv_with_bom_semicolons_and_aliases(writable_db):
    result = ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    assert (result.uitkomst, result.toegevoegd, result.bijgewerkt, result.ongewijzigd, result.afgewezen) == \
        ("gelukt", 4, 0, 0, 0)
    assert result.meldingen == ["kolom 'Opmerkingen intern' is niet herkend en genegeerd"]
    assert result.samenvatting() == ("Import gelukt: 'initiatieven_excel_nl.csv' (initiatieven, 4 rijen): "
                                     "4 toegevoegd, 0 bijgewerkt, 0 ongewijzigd, 0 afgewezen.")

    schakel = rij(writable_db, "Dorpshuis De Schakel")
    assert schakel["initiatief_id"] == "ini-dorpshuis-de-schakel-gm0331"
    assert (schakel["gemeente_code"], schakel["kern_id"], schakel["kernen"]) == ("GM0331", "WP1958", ["WP1958"])
    assert schakel["themas"] == ["energie", "gezondheid"]
    assert (schakel["organisatievorm"], schakel["fase"], schakel["status"], schakel["startjaar"]) == \
        ("stichting", "uitvoering", "actief", 2019)
    assert (schakel["latitude"], schakel["longitude"]) == (52.015, 4.979)  # decimal commas
    assert schakel["is_pilot"] is False and schakel["is_synthetisch"] is False
    assert schakel["bron"].startswith("initiatieven_excel_nl.csv (")

    werkhoven = rij(writable_db, "Buurtkracht Werkhoven")
    assert (werkhoven["gemeente_code"], werkhoven["kern_id"]) == ("GM0312", "WP2605")  # 'bunnik' in lower case
    assert werkhoven["themas"] == ["eenzaamheid", "voedsel"]  # 'Voedsel/Eenzaamheid'
    assert (werkhoven["status"], werkhoven["is_pilot"]) == ("actief", True)  # 'lopend', 'x'

    goy = rij(writable_db, "Samen in ’t Goy")  # GM0321 and "'t goy"
    assert (goy["gemeente_code"], goy["kern_id"], goy["themas"]) == ("GM0321", "WP2054", ["sociale-samenhang"])

    overleg = rij(writable_db, "Kernenoverleg Bunnik")  # '0312'; three kernen: no single home kern
    assert (overleg["gemeente_code"], overleg["kern_id"]) == ("GM0312", None)
    assert overleg["kernen"] == ["WP2603", "WP2604", "WP2605"]
    assert overleg["themas"] == ["gezondheid"]

    # the source of imported rows is listed, so every record keeps a traceable bron
    assert lees(writable_db, "SELECT titel, bestand FROM bronnen WHERE bron_id = ?", [schakel["bron"]]) == \
        [("Geïmporteerd register (initiatieven): initiatieven_excel_nl.csv", "initiatieven_excel_nl.csv")]


def test_contact_columns_go_only_to_contactpersonen(writable_db):
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    schakel = rij(writable_db, "Dorpshuis De Schakel")
    public = " ".join(str(v) for v in schakel.values())
    for personal in ("Ria", "ria@example.nl", "0348-123456"):
        assert personal not in public
    assert lees(writable_db, "SELECT naam, email, telefoon, initiatief_id FROM contactpersonen WHERE email = ?",
                ["ria@example.nl"]) == [("Ria Jansen", "ria@example.nl", "0348-123456", schakel["initiatief_id"])]
    parsed = ingest.parse("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", db_path=writable_db)
    assert not {"contact_naam", "email", "telefoon"} & set(parsed.rows.columns)  # never in the preview rows


def test_same_file_twice_changes_nothing(writable_db):
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    before = snapshot(writable_db)
    result = ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (0, 0, 4)
    assert snapshot(writable_db) == before
    assert [r[2:6] for r in runs(writable_db)[-2:]] == [(4, 0, 0, "gelukt"), (0, 0, 0, "gelukt")]


def test_changed_row_updates_its_record_and_replaces_its_themes_and_kernen(writable_db, tmp_path):
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    before = {n: rij(writable_db, n) for n in ("Dorpshuis De Schakel", "Buurtkracht Werkhoven")}
    text = (FIXTURES / "initiatieven_excel_nl.csv").read_bytes().decode("utf-8-sig")
    text = text.replace("Buurtkracht Werkhoven;bunnik;Werkhoven;Voedsel/Eenzaamheid;;vereniging;opstart;lopend;2021",
                        "Buurtkracht Werkhoven;bunnik;Odijk;Wonen;;vereniging;uitvoering;afgerond;2020")
    changed = tmp_path / "register_q2.csv"
    changed.write_bytes(text.encode("utf-8-sig"))
    result = ingest.ingest("initiatieven", changed, writable_db)
    assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (0, 1, 3)
    after = rij(writable_db, "Buurtkracht Werkhoven")
    assert after["initiatief_id"] == before["Buurtkracht Werkhoven"]["initiatief_id"]
    assert (after["kern_id"], after["kernen"], after["themas"]) == ("WP2604", ["WP2604"], ["wonen"])
    assert (after["fase"], after["status"], after["startjaar"]) == ("uitvoering", "afgerond", 2020)
    # issue 11: the record keeps its source; the fields this file changed name it, per field
    assert after["bron"] == before["Buurtkracht Werkhoven"]["bron"]
    assert lees(writable_db, "SELECT veld, bron FROM veld_bronnen WHERE record_id = ? ORDER BY veld",
                [after["initiatief_id"]]) == [(v, f"register_q2.csv ({sha256(changed)[:8]})")
                                             for v in ("fase", "kern_id", "startjaar", "status")]
    assert rij(writable_db, "Dorpshuis De Schakel") == before["Dorpshuis De Schakel"]  # untouched, old bron


def test_windows_1252_with_commas_accents_and_derived_gemeente(writable_db):
    result = ingest.ingest("initiatieven", FIXTURES / "initiatieven_cp1252.csv", writable_db)
    assert result.toegevoegd == 3
    zonnedak = rij(writable_db, "Coöperatie Zonnedak Tull, ’t Waal")
    assert (zonnedak["gemeente_code"], zonnedak["kern_id"], zonnedak["themas"]) == \
        ("GM0321", "WP2055", ["energie", "wonen"])
    brug = rij(writable_db, "Café De Brug")  # no gemeente: derived from the kern Hei- en Boeicop
    assert (brug["gemeente_code"], brug["kern_id"], brug["themas"]) == ("GM1961", "WP2109", ["sociale-samenhang"])
    assert rij(writable_db, "Speeltuin Eemdijk")["themas"] == ["generaties"]  # 'Jongeren'


def test_rd_new_coordinates_are_converted(writable_db):
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_rd.csv", writable_db)
    tuin = rij(writable_db, "Moestuin Amersfoort")  # RD origin, the Onze Lieve Vrouwetoren: 52.15517 N, 5.38721 E
    assert tuin["latitude"] == pytest.approx(52.15517, abs=2e-5)
    assert tuin["longitude"] == pytest.approx(5.38721, abs=2e-5)
    weide = rij(writable_db, "Zonneweide Lopikerkapel")
    assert 51.9 < weide["latitude"] < 52.05 and 4.9 < weide["longitude"] < 5.05


def _xlsx(rows: list[list], title_rows: int = 2, extra_sheet: bool = True) -> bytes:
    wb = openpyxl.Workbook()
    if extra_sheet:
        wb.active.title = "Toelichting"
        wb.active.append(["Dit werkblad legt het register uit."])
        ws = wb.create_sheet("Register")
    else:
        ws = wb.active
    for i in range(title_rows):
        ws.append(["Register initiatieven provincie Utrecht, derde kwartaal" if i == 0 else None])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_with_title_rows_numbers_booleans_and_dates(writable_db):
    data = _xlsx([
        ["ID", "Naam", "Gemeente", "Woonplaats", "Themas", "Sinds", "Pilot?", "lat", "lon"],
        ["ini-xlsx-1", "Zorgboerderij De Hoeve", "Woerden", "Kamerik", "Zorg; Voedsel", 2016, False, 52.1101, 4.8912],
        ["ini-xlsx-2", "Dorpsauto Zegveld", "WOERDEN", "Zegveld", "mobiliteit", dt.datetime(2020, 5, 1), None,
         None, None],
    ])
    result = ingest.ingest("initiatieven", data, writable_db, filename="register.xlsx")
    assert (result.toegevoegd, result.bijgewerkt) == (2, 0)
    hoeve = rij(writable_db, "Zorgboerderij De Hoeve")
    assert (hoeve["initiatief_id"], hoeve["kern_id"], hoeve["startjaar"], hoeve["is_pilot"]) == \
        ("ini-xlsx-1", "WP1073", 2016, False)
    assert hoeve["themas"] == ["gezondheid", "voedsel"]
    assert (hoeve["latitude"], hoeve["longitude"]) == (52.1101, 4.8912)
    auto = rij(writable_db, "Dorpsauto Zegveld")
    assert (auto["startjaar"], auto["themas"]) == (2020, ["bereikbaarheid"])  # a date cell gives its year


def test_xlsx_problems_carry_the_excel_row_number(writable_db):
    data = _xlsx([["Naam initiatief", "Gemeente"], ["Goed", "Woerden"], ["Fout", "Woerdn"]], title_rows=2)
    with pytest.raises(RowsRejected) as exc:
        ingest.ingest("initiatieven", data, writable_db, filename="register.xlsx")
    # two title rows, the header on row 3: the bad row is row 5 as Excel shows it
    assert [str(p) for p in exc.value.problemen] == [
        "Rij 5, kolom 'Gemeente': onbekende gemeente 'Woerdn'; bedoelde u: Woerden?"]


def test_the_dashboards_own_export_imports_as_unchanged(writable_db):
    from vliegwiel import exports
    sheets = eigen_export(writable_db)
    # Nothing changes but the confirmation date (issue 13: the import confirms every record it lists).
    zonder_datum = "SELECT * EXCLUDE (laatst_bevestigd) FROM initiatieven ORDER BY ALL"
    before, before_ini = snapshot(writable_db, zonder=("ingest_runs", "initiatieven")), lees(writable_db, zonder_datum)
    result = ingest.ingest("initiatieven", exports.excel_bytes(sheets), writable_db, filename="export.xlsx")
    assert (result.toegevoegd, result.bijgewerkt) == (0, 0)
    assert result.ongewijzigd == len(sheets["Initiatieven"])
    assert snapshot(writable_db, zonder=("ingest_runs", "initiatieven")) == before
    assert lees(writable_db, zonder_datum) == before_ini
    assert lees(writable_db, "SELECT DISTINCT laatst_bevestigd FROM initiatieven") == [(dt.date.today(),)]
    assert "kolom 'Bron' wordt niet overgenomen: de bron van geïmporteerde rijen is het geïmporteerde bestand" \
        in result.meldingen


# ---------- matching ----------

@pytest.mark.parametrize("kern, gemeente, verwacht", [
    ("'t Goy", "Houten", "WP2054"),
    ("’t Goy", "Houten", "WP2054"),
    ("t Goy", "", "WP2054"),
    ("T GOY", "houten", "WP2054"),
    ("Hei en Boeicop", "Vijfheerenlanden", "WP2109"),
    ("hei- en boeicop", "", "WP2109"),
    ("Bunschoten Spakenburg", "", "WP2237"),
    ("Spakenburg", "Bunschoten", "WP2237"),
    ("Tull en ’t Waal", "", "WP2055"),
    ("Tienhoven", "Stichtse Vecht", "WP2065"),
    ("Tienhoven", "Vijfheerenlanden", "WP2107"),
    ("WP2056", "", "WP2056"),
    ("Elst", "Rhenen", "WP1400"),
])
def test_kern_matching_ignores_case_accents_apostrophes_and_hyphens(seed_db, kern, gemeente, verwacht):
    parsed = parse_rows(seed_db, f"Naam;Gemeente;Kern\nTest;{gemeente};{kern}\n")
    assert parsed.problemen == []
    assert parsed.rows["kern_id"].tolist() == [verwacht]


@pytest.mark.parametrize("gemeente", ["Lopik", "LOPIK", "lopik ", "Gemeente Lopik", "GM0331", "gm0331", "0331", "331"])
def test_gemeente_by_name_or_cbs_code(seed_db, gemeente):
    parsed = parse_rows(seed_db, f"Naam;Gemeente\nTest;{gemeente}\n")
    assert parsed.problemen == []
    assert parsed.rows["gemeente_code"].tolist() == ["GM0331"]


@pytest.mark.parametrize("cel, verwacht", [
    ("Energie", ["energie"]),
    ("ÉNERGIE", ["energie"]),
    ("Energie, Gezondheid", ["energie", "gezondheid"]),
    ("energie; zorg", ["energie", "gezondheid"]),
    ("Voedsel / Wonen", ["voedsel", "wonen"]),
    ("Gezond leven en vitaliteit", ["gezondheid"]),
    ("Aantrekkelijk voor generaties en doelgroepen", ["generaties"]),
    ("Wonen en energie", ["wonen", "energie"]),
    ("Right to Challenge", ["right-to-challenge"]),
    ("cocreatie, Co-creatie", ["co-creatie"]),
    ("Eenzaamheid ouderen", ["eenzaamheid"]),
    ("energietransitie", ["energie"]),
])
def test_theme_short_forms_map_to_the_taxonomy(seed_db, cel, verwacht):
    parsed = parse_rows(seed_db, f'Naam;Thema\'s\nTest;"{cel}"\n')
    assert parsed.problemen == []
    themas = parsed.koppelingen["initiatief_themas"]
    assert themas["thema_id"].tolist() == verwacht


@pytest.mark.parametrize("kop", ["Naam initiatief", "naam_initiatief", "NAAM INITIATIEF", "Initiatief", "Naam"])
def test_header_aliases_in_any_case_and_spacing(seed_db, kop):
    parsed = parse_rows(seed_db, f"{kop};Dorp / kern;THEMA'S;jaar van start\nTest;Lopik;Energie;2020\n")
    assert parsed.problemen == []
    assert parsed.kolommen["naam"] == kop
    assert parsed.rows[["naam", "kern_id", "startjaar"]].values.tolist() == [["Test", "WP1960", 2020]]


# ---------- bad rows ----------

FOUTEN = [
    "Rij 3, kolom 'Gemeente': onbekende gemeente 'Lopk'; bedoelde u: Lopik?",
    "Rij 4, kolom 'Kern': kern 'Werkhoven' ligt niet in gemeente Lopik maar in Bunnik",
    "Rij 5, kolom 'Startjaar': '2019a' is geen geldig jaar (verwacht een jaartal van 1900 tot en met 2100)",
    "Rij 6, kolom 'Startjaar': '1850' is geen geldig jaar (verwacht een jaartal van 1900 tot en met 2100)",
    "Rij 7, kolom 'Startjaar': '2150' is geen geldig jaar (verwacht een jaartal van 1900 tot en met 2100)",
    "Rij 8, kolom 'Breedtegraad / Lengtegraad': coördinaten '52,3702; 4,8952' liggen buiten de provincie Utrecht",
    "Rij 9, kolom 'ID': id 'ini-a' komt ook voor in rij 2",
    "Rij 10, kolom 'Naam initiatief': naam ontbreekt",
    "Rij 11, kolom 'Thema's': onbekend thema 'Enrgie'; bedoelde u: Energietransitie?",
    "Rij 12, kolom 'Kern': kern 'Tienhoven' bestaat in meer gemeenten (Stichtse Vecht, Vijfheerenlanden); "
    "vul de gemeente in",
]


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(writable_db):
    before, before_runs = snapshot(writable_db), runs(writable_db)
    with pytest.raises(RowsRejected) as exc:
        ingest.ingest("initiatieven", FIXTURES / "initiatieven_fouten.csv", writable_db)
    err = exc.value
    assert [str(p) for p in err.problemen] == FOUTEN
    assert str(err).splitlines()[0] == ("Import afgewezen: 'initiatieven_fouten.csv' bevat 10 problemen in 10 van "
                                        "de 11 rijen. Er is niets gewijzigd.")
    assert str(err).splitlines()[-1] == "Pas het bestand aan en importeer het opnieuw."
    assert err.problemen[0].rij == 3 and err.problemen[0].kolom == "Gemeente" and err.problemen[0].waarde == "Lopk"
    assert err.tabel().columns.tolist() == ["Rij", "Kolom", "Waarde", "Probleem"]
    # all or nothing: only the rejected run is recorded
    assert snapshot(writable_db) == before
    after_runs = runs(writable_db)
    assert after_runs[:-1] == before_runs
    soort, bestand, toegevoegd, bijgewerkt, afgewezen, uitkomst, melding = after_runs[-1]
    assert (soort, bestand, toegevoegd, bijgewerkt, afgewezen, uitkomst) == \
        ("initiatieven", "initiatieven_fouten.csv", 0, 0, 10, "afgewezen")
    assert FOUTEN[0] in melding
    assert err.run_id == len(after_runs)


@pytest.mark.parametrize("regel, fout", [
    ("Test;Lopik;;;2019;52,08;", "Rij 2, kolom 'Breedtegraad / Lengtegraad': één van de twee coördinaten ontbreekt; "
                                 "vul beide in of laat beide leeg"),
    ("Test;Lopik;;;2019;abc;4,9", "Rij 2, kolom 'Breedtegraad / Lengtegraad': coördinaten 'abc; 4,9' zijn geen getallen"),
    ("Test;Lopik;;;2019;12;13", "Rij 2, kolom 'Breedtegraad / Lengtegraad': coördinaten '12; 13' niet herkend als "
                                "breedte- en lengtegraad (WGS84) of als RD-coördinaten (x en y)"),
    ("Test;Lopik;Odijk, Lopik;;2019;;", "Rij 2, kolom 'Kern': kern 'Odijk' ligt niet in gemeente Lopik maar in Bunnik"),
    ("Test;;Odijk, Lopik;;2019;;", "Rij 2, kolom 'Kern': de kernen liggen in verschillende gemeenten (Bunnik en Lopik); "
                                   "een initiatief hoort bij één gemeente"),
    ("Test;Lopik;Schalkwyk;;2019;;", "Rij 2, kolom 'Kern': onbekende kern 'Schalkwyk'; bedoelde u: Schalkwijk?"),
    ("Test;Lopik;;Xyzzy;2019;;", "Rij 2, kolom 'Thema's': onbekend thema 'Xyzzy'; geen vergelijkbaar thema gevonden"),
    ("Test;Lopik;;;ooit;;", "Rij 2, kolom 'Startjaar': 'ooit' is geen geldig jaar (verwacht een jaartal van 1900 "
                            "tot en met 2100)"),
])
def test_more_bad_cells(seed_db, regel, fout):
    parsed = parse_rows(seed_db, "Naam;Gemeente;Kern;Thema's;Startjaar;Breedtegraad;Lengtegraad\n" + regel + "\n")
    assert [str(p) for p in parsed.problemen] == [fout]


def test_pilot_status_fase_and_contact_problems(seed_db):
    parsed = parse_rows(seed_db, "Naam;Gemeente;Pilot;Fase;Status;Contactpersoon;E-mail\n"
                                 "Voedselschuur Eiland van Schalkwijk;Houten;nee;;;;\n"
                                 "B;Lopik;misschien;bouwen;wacht;;geen-mail\n")
    assert [str(p) for p in parsed.problemen] == [
        "Rij 2, kolom 'Pilot': dit initiatief is een pilot (pilot-voedselschuur); pilot kan hier niet 'nee' zijn",
        "Rij 3, kolom 'Pilot': 'misschien' is geen ja of nee",
        "Rij 3, kolom 'Fase': onbekende fase 'bouwen'; kies uit verkennen, opstart, uitvoering of borging",
        "Rij 3, kolom 'Status': onbekende status 'wacht'; kies uit actief, afgerond of gestopt",
        "Rij 3, kolom 'Contactpersoon': naam contactpersoon ontbreekt (wel een e-mailadres of telefoonnummer "
        "ingevuld)",
        "Rij 3, kolom 'E-mail': dit is geen geldig e-mailadres (vul alleen het adres in, zoals naam@voorbeeld.nl)",
    ]


def test_id_of_an_organisation_cannot_be_reused(seed_db):
    parsed = parse_rows(seed_db, "ID;Naam\nGM0331;Test\n")
    assert [str(p) for p in parsed.problemen] == [
        "Rij 2, kolom 'ID': id 'GM0331' is al in gebruik voor de organisatie 'Gemeente Lopik'"]


# ---------- the file as a whole ----------

def _fout(db: Path, tmp_path: Path, naam: str, inhoud: bytes | None, kind: str = "initiatieven") -> str:
    path = tmp_path / naam
    if inhoud is not None:
        path.write_bytes(inhoud)
    with pytest.raises(IngestError) as exc:
        ingest.ingest(kind, path, db)
    assert not isinstance(exc.value, RowsRejected)
    return str(exc.value)


def test_missing_file(writable_db, tmp_path):
    assert _fout(writable_db, tmp_path, "weg.csv", None) == f"Bestand '{tmp_path / 'weg.csv'}' niet gevonden."


def test_empty_file_and_header_only(writable_db, tmp_path):
    assert _fout(writable_db, tmp_path, "leeg.csv", b"") == "Het bestand 'leeg.csv' is leeg."
    assert _fout(writable_db, tmp_path, "leeg2.csv", b"\r\n\r\n") == "Het bestand 'leeg2.csv' is leeg."
    assert _fout(writable_db, tmp_path, "kop.csv", b"Naam;Gemeente\r\n") == \
        "'kop.csv' bevat alleen een kopregel en geen gegevens."


def test_no_recognisable_name_column(writable_db, tmp_path):
    assert _fout(writable_db, tmp_path, "raar.csv", b"Omschrijving;Gemeente\nIets;Lopik\n") == (
        "In 'raar.csv' staat geen kolom met de naam van het initiatief (verwacht een kop als 'Naam initiatief' of "
        "'Initiatief'). Gevonden kolommen: 'Omschrijving', 'Gemeente'.")


def test_a_links_register_imported_as_initiatives_gets_a_hint(writable_db, tmp_path):
    msg = _fout(writable_db, tmp_path, "verbindingen.csv", (FIXTURES / "verbindingen.csv").read_bytes())
    assert msg.endswith("Dit lijkt een register van verbindingen: importeer het als 'verbindingen'.")


def test_two_columns_meaning_the_same(writable_db, tmp_path):
    assert _fout(writable_db, tmp_path, "dubbel.csv", b"Naam;Naam initiatief\nA;B\n") == (
        "De kolommen 'Naam' en 'Naam initiatief' betekenen allebei de naam van het initiatief. "
        "Verwijder of hernoem er één en importeer het bestand opnieuw.")


def test_old_xls_and_broken_xlsx_and_ragged_csv(writable_db, tmp_path):
    assert _fout(writable_db, tmp_path, "oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == (
        "'oud.xls' is in het oude Excel-formaat (.xls). Sla het bestand in Excel op als Excel-werkmap (.xlsx) of "
        "als CSV en importeer het opnieuw.")
    assert _fout(writable_db, tmp_path, "kapot.xlsx", b"PK\x03\x04kapot") == \
        "'kapot.xlsx' is geen geldige Excel-werkmap (.xlsx); is het bestand beschadigd?"
    assert _fout(writable_db, tmp_path, "scheef.csv", b"Naam;Gemeente\nA;Lopik\nB;Lopik;extra\n") == (
        "Regel 3 van 'scheef.csv' heeft 3 kolommen, de kopregel 2. Controleer het scheidingsteken (';') en de "
        "aanhalingstekens in die regel.")


def test_unknown_register_kind(writable_db):
    with pytest.raises(IngestError, match=r"^Onbekend soort register 'projecten'; kies initiatieven, verbindingen "
                                         r"of mijlpalen\.$"):
        ingest.parse("projecten", FIXTURES / "initiatieven_rd.csv", db_path=writable_db)


def test_a_rejected_file_is_recorded_in_ingest_runs(writable_db, tmp_path):
    _fout(writable_db, tmp_path, "leeg.csv", b"")
    assert runs(writable_db)[-1] == ("initiatieven", "leeg.csv", 0, 0, 0, "afgewezen", "Het bestand 'leeg.csv' is leeg.")


def test_missing_database(tmp_path):
    with pytest.raises(IngestError, match="bestaat niet; bouw hem eerst met `python -m pipelines.build`"):
        ingest.ingest("initiatieven", FIXTURES / "initiatieven_rd.csv", tmp_path / "geen.duckdb")


def test_uploads_work_from_bytes_and_file_objects(writable_db):
    data = (FIXTURES / "initiatieven_rd.csv").read_bytes()
    assert ingest.parse("initiatieven", data, "upload.csv", writable_db).ok
    with open(FIXTURES / "initiatieven_rd.csv", "rb") as fh:
        parsed = ingest.parse("initiatieven", fh, db_path=writable_db)
    assert parsed.bestand.endswith("initiatieven_rd.csv") and parsed.n_rijen == 2
    result = ingest.apply(parsed, writable_db)
    assert result.toegevoegd == 2 and result.run_id == runs(writable_db).__len__()


# ---------- command line ----------

def _cli(*args: str, db: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.ingest", *args, "--db", str(db)], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def test_cli_happy_path_and_failure(writable_db):
    ok = _cli("initiatieven", str(FIXTURES / "initiatieven_excel_nl.csv"), db=writable_db)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines() == [
        "Import gelukt: 'initiatieven_excel_nl.csv' (initiatieven, 4 rijen): 4 toegevoegd, 0 bijgewerkt, "
        "0 ongewijzigd, 0 afgewezen.",
        "Let op: kolom 'Opmerkingen intern' is niet herkend en genegeerd"]
    digest = sha256(writable_db)
    bad = _cli("initiatieven", str(FIXTURES / "initiatieven_fouten.csv"), db=writable_db)
    assert bad.returncode == 1
    assert bad.stderr.splitlines()[1:-1] == FOUTEN
    assert "Traceback" not in bad.stderr
    assert runs(writable_db)[-1][5] == "afgewezen" and digest != sha256(writable_db)  # only the run row was added


def test_cli_usage_errors_are_dutch(writable_db):
    kind = _cli("projecten", str(FIXTURES / "initiatieven_rd.csv"), db=writable_db)
    assert kind.returncode == 2
    assert kind.stderr.strip() == "Fout: onbekend soort register 'projecten'; kies initiatieven, verbindingen of mijlpalen."
    missing = _cli("initiatieven", "/bestaat/niet.csv", db=writable_db)
    assert (missing.returncode, missing.stderr.strip()) == (1, "Fout: Bestand '/bestaat/niet.csv' niet gevonden.")
    no_args = subprocess.run([sys.executable, "-m", "pipelines.ingest"], cwd=REPO, capture_output=True, text=True)
    assert no_args.returncode == 2 and "Fout: deze argumenten ontbreken" in no_args.stderr


def test_cli_check_only_writes_nothing(writable_db):
    digest = sha256(writable_db)
    ok = _cli("initiatieven", str(FIXTURES / "initiatieven_rd.csv"), "--controleer", db=writable_db)
    assert ok.returncode == 0
    assert ok.stdout.strip() == ("Controle geslaagd: 'initiatieven_rd.csv' (2 rijen) kan worden geïmporteerd. "
                                 "Er is niets gewijzigd.")
    bad = _cli("initiatieven", str(FIXTURES / "initiatieven_fouten.csv"), "--controleer", db=writable_db)
    assert bad.returncode == 1 and bad.stderr.startswith("Controle mislukt: 'initiatieven_fouten.csv' bevat 10")
    assert sha256(writable_db) == digest


def test_environment_database_is_the_default(writable_db, tmp_path):
    copy = tmp_path / "ander.duckdb"
    shutil.copy(writable_db, copy)
    out = subprocess.run([sys.executable, "-m", "pipelines.ingest", "initiatieven",
                          str(FIXTURES / "initiatieven_rd.csv")], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, "VLIEGWIEL_DB": str(copy)}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert lees(copy, "SELECT count(*) FROM initiatieven WHERE naam = 'Moestuin Amersfoort'") == [(1,)]


def test_preview_says_what_an_import_would_do_without_writing(writable_db):
    ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    text = (FIXTURES / "initiatieven_excel_nl.csv").read_bytes().decode("utf-8-sig")
    text = text.replace("2021;x", "2020;x") + "Nieuw ding;Lopik;;;;;;;;;;;;;;\r\n"
    digest = sha256(writable_db)
    parsed = ingest.parse("initiatieven", text.encode("utf-8"), "q.csv", writable_db)
    voorbeeld = ingest.compare(parsed, writable_db)
    assert voorbeeld[["rij", "id", "wijziging"]].values.tolist() == [
        [2, "ini-dorpshuis-de-schakel-gm0331", "ongewijzigd"],
        [3, "ini-buurtkracht-werkhoven-gm0312", "gewijzigd"],
        [4, "ini-samen-in-t-goy-gm0321", "ongewijzigd"],
        [5, "ini-kernenoverleg-bunnik-gm0312", "ongewijzigd"],
        [6, "ini-nieuw-ding-gm0331", "nieuw"],
    ]
    assert sha256(writable_db) == digest
    result = ingest.apply(parsed, writable_db)
    assert (result.toegevoegd, result.bijgewerkt, result.ongewijzigd) == (1, 1, 3)


def test_changing_the_gemeente_without_a_kern_column_is_caught(seed_db):
    parsed = parse_rows(seed_db, "ID;Naam;Gemeente\nini-voedselschuur-eiland-van-schalkwijk;"
                                 "Voedselschuur Eiland van Schalkwijk;Lopik\n")
    assert [str(p) for p in parsed.problemen] == [
        "Rij 2, kolom 'Gemeente': het register noemt kern Schalkwijk (gemeente Houten); voeg een kolom Kern toe om "
        "de kern te wijzigen"]
