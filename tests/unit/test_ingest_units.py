"""Pure helpers of the importer: text folding, Dutch dates and years, number parsing, file
reading (encodings, separators, header rows) and coordinates."""
from __future__ import annotations

import codecs
import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pipelines import coords
from pipelines.errors import FileRejected, Probleem, RowsRejected
from pipelines.ingest.reading import decode, header_key, kolom_letter, read_table, sniff_separator
from pipelines.ingest.values import (bedoelde_u, fold, of_lijst, parse_datum, parse_getallen, parse_jaar, parse_janee,
                                     slug, splits_lijst, suggest)
from tests.ingest_util import lees


@pytest.mark.parametrize("tekst, verwacht", [
    ("’t Goy", "t goy"), ("'t Goy", "t goy"), ("t  Goy ", "t goy"), ("Hei- en Boeicop", "hei en boeicop"),
    ("Coöperatie", "cooperatie"), ("CAFÉ", "cafe"), ("Bunschoten-Spakenburg", "bunschoten spakenburg"),
    ("Elst (Ut)", "elst ut"), ("Thema's", "themas"), ("ĳsselstein", "ijsselstein"),
])
def test_fold(tekst, verwacht):
    assert fold(tekst) == verwacht


def test_header_key_and_slug_and_column_letters():
    assert header_key(" Naam_initiatief ") == header_key("NAAM-INITIATIEF") == "naaminitiatief"
    assert header_key("Dorp/kern") == "dorpkern"
    assert slug("Coöperatie Zonnedak Tull, ’t Waal") == "cooperatie-zonnedak-tull-t-waal"
    assert len(slug("woord " * 30)) <= 60 and not slug("woord " * 30).endswith("-")
    assert [kolom_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


@pytest.mark.parametrize("tekst, verwacht", [
    ("15-03-2021", dt.date(2021, 3, 15)), ("15/3/2021", dt.date(2021, 3, 15)), ("15.3.21", dt.date(2021, 3, 15)),
    ("2021-03-15", dt.date(2021, 3, 15)), ("2021-03-15 00:00:00", dt.date(2021, 3, 15)),
    ("15 maart 2021", dt.date(2021, 3, 15)), ("15 mrt. 2021", dt.date(2021, 3, 15)),
    ("maandag 15 MAART 2021", dt.date(2021, 3, 15)), ("5 november 2020", dt.date(2020, 11, 5)),
    ("8 dec 2020", dt.date(2020, 12, 8)), ("44270", dt.date(2021, 3, 15)),
])
def test_dutch_dates(tekst, verwacht):
    assert parse_datum(tekst) == (verwacht, None)


@pytest.mark.parametrize("tekst", ["31-02-2021", "15-13-2021", "gisteren", "2021", "15 maart", "123"])
def test_not_a_date(tekst):
    datum, reden = parse_datum(tekst)
    assert datum is None
    assert reden == f"'{tekst}' is geen geldige datum (schrijf bijvoorbeeld 15-03-2021 of 15 maart 2021)"


def test_month_without_day_says_so():
    assert parse_datum("januari 2021") == (None, "'januari 2021' is geen volledige datum (de dag ontbreekt)")


@pytest.mark.parametrize("tekst, verwacht", [("2019", 2019), ("2019.0", 2019), ("2019,0", 2019),
                                              (" 1900 ", 1900), ("2100", 2100), ("2019-05-01", 2019)])
def test_years(tekst, verwacht):
    assert parse_jaar(tekst) == (verwacht, None)


@pytest.mark.parametrize("tekst", ["2019a", "1850", "2150", "19", "ooit", "44270"])
def test_not_a_year(tekst):
    assert parse_jaar(tekst) == (None, f"'{tekst}' is geen geldig jaar (verwacht een jaartal van 1900 tot en met 2100)")


@pytest.mark.parametrize("tekst, verwacht", [("ja", True), ("Ja", True), ("x", True), ("TRUE", True), ("1", True),
                                              ("✓", True), ("nee", False), ("Nee", False), ("false", False),
                                              ("0", False), ("-", False)])
def test_ja_nee(tekst, verwacht):
    assert parse_janee(tekst) == (verwacht, None)


def test_numbers_with_decimal_commas():
    s = pd.Series(["52,08", "52.08", "136.000,5", " 5,1 ", None, "abc"], dtype=object)
    out = parse_getallen(s)
    assert out.iloc[:3].tolist() == [52.08, 52.08, 136000.5]
    assert out.iloc[3] == 5.1 and np.isnan(out.iloc[4]) and np.isnan(out.iloc[5])


def test_split_lists_keeps_names_that_contain_en():
    bekend = {fold(x): x for x in ["Energie", "Wonen", "Gezond leven en vitaliteit", "Tull en 't Waal", "Odijk",
                                   "Bunnik", "Werkhoven"]}
    assert splits_lijst("Energie, Wonen", bekend) == ["Energie", "Wonen"]
    assert splits_lijst("Gezond leven en vitaliteit; Wonen", bekend) == ["Gezond leven en vitaliteit", "Wonen"]
    assert splits_lijst("Werkhoven, Bunnik en Odijk", bekend) == ["Werkhoven", "Bunnik", "Odijk"]
    assert splits_lijst("Tull en ’t Waal", bekend) == ["Tull en ’t Waal"]
    assert splits_lijst("Wonen & Energie", bekend) == ["Wonen", "Energie"]
    assert splits_lijst("Wonen en iets anders", bekend) == ["Wonen en iets anders"]  # reported whole, not half-matched


def test_suggestions_and_their_wording():
    opties = {fold(n): n for n in ["Lopik", "Leusden", "Houten", "Bunnik"]}
    assert suggest("Lopk", opties) == ["Lopik"]
    assert suggest("qqqq", opties) == []
    assert bedoelde_u(["A"]) == "; bedoelde u: A?"
    assert bedoelde_u(["A", "B", "C"]) == "; bedoelde u: A, B of C?"
    assert bedoelde_u([]) == ""
    assert of_lijst(["a", "b"], "en") == "a en b"


def test_problem_rendering_and_report():
    p = Probleem(3, "Gemeente", "Lopk", "onbekende gemeente 'Lopk'")
    assert str(p) == "Rij 3, kolom 'Gemeente': onbekende gemeente 'Lopk'"
    assert str(Probleem(None, None, None, "iets")) == "iets"
    err = RowsRejected([Probleem(4, "B", None, "y"), Probleem(4, "A", None, "x"), Probleem(2, "B", None, "z")],
                          "r.csv", 5, koppen=["B", "A"])
    assert str(err).splitlines() == [
        "Import afgewezen: 'r.csv' bevat 3 problemen in 2 van de 5 rijen. Er is niets gewijzigd.",
        "Rij 2, kolom 'B': z", "Rij 4, kolom 'B': y", "Rij 4, kolom 'A': x",
        "Pas het bestand aan en importeer het opnieuw."]
    één = RowsRejected([Probleem(2, "A", None, "x")], "r.csv")
    assert str(één).splitlines()[0] == "Import afgewezen: 'r.csv' bevat 1 probleem in 1 rij. Er is niets gewijzigd."
    lang = RowsRejected([Probleem(i, "A", None, "x") for i in range(2, 12)], "r.csv")
    assert lang.rapport(max_regels=3).splitlines()[-2] == "... en nog 7 problemen."


# ---------- reading files ----------

def test_decode_utf8_bom_cp1252_and_utf16():
    assert decode("Café".encode("utf-8-sig")) == "Café"
    assert decode("Café ’t".encode("cp1252")) == "Café ’t"
    assert decode("Café".encode("utf-16")) == "Café"
    assert decode(codecs.BOM_UTF16_LE + "x".encode("utf-16-le")) == "x"


@pytest.mark.parametrize("tekst, sep", [("a;b;c\n1,5;2;3", ";"), ("a,b,c\n1;2,3,4", ","), ("a\tb\n1\t2", "\t"),
                                         ('"a;x",b,c\n', ","), ("enkel\n1", ",")])
def test_separator_sniffing(tekst, sep):
    assert sniff_separator(tekst) == sep


def test_csv_rows_are_numbered_as_in_excel_and_blank_rows_skipped():
    t = read_table(b"Naam;Gemeente\n\nA;Lopik\n;\nB; Houten \n", "r.csv")
    assert t.kolommen == ["Naam", "Gemeente"]
    assert t.rijen.tolist() == [3, 5]
    assert t.data.values.tolist() == [["A", "Lopik"], ["B", "Houten"]]


def test_header_row_found_below_title_rows():
    is_header = lambda cells: "Naam" in cells  # noqa: E731
    t = read_table(b"Register Q3;\n;\nNaam;Gemeente\nA;Lopik\n", "r.csv", is_header)
    assert (t.header_rij, t.rijen.tolist()) == (3, [4])


def test_xlsx_cells_become_text():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Naam", "Jaar", "Lat", "Datum", "Pilot", "Leeg"])
    ws.append(["  A  ", 2019, 52.1, dt.datetime(2021, 3, 15), True, None])
    ws.append([None, None, None, None, None, None])
    ws.append(["B", 2019.0, 5, dt.datetime(2021, 3, 15, 14, 30), False, None])
    buf = io.BytesIO()
    wb.save(buf)
    t = read_table(buf.getvalue(), "r.xlsx")
    assert t.rijen.tolist() == [2, 4]
    assert t.data.values.tolist() == [["A", "2019", "52.1", "2021-03-15", "ja", None],
                                      ["B", "2019", "5", "2021-03-15 14:30:00", "nee", None]]


def test_xlsx_prefers_the_sheet_named_after_the_register():
    wb = openpyxl.Workbook()
    wb.active.title = "Kernen"
    wb.active.append(["Naam", "Gemeente"])
    wb.active.append(["Lopik", "Lopik"])
    ws = wb.create_sheet("Initiatieven")
    ws.append(["Naam", "Gemeente"])
    ws.append(["Dorpshuis", "Lopik"])
    buf = io.BytesIO()
    wb.save(buf)
    t = read_table(buf.getvalue(), "export.xlsx", blad_voorkeur="initiatieven")
    assert (t.blad, t.data.values.tolist()) == ("Initiatieven", [["Dorpshuis", "Lopik"]])


def test_binary_garbage_is_not_a_csv():
    with pytest.raises(FileRejected, match="^'x.csv' is geen tekstbestand"):
        read_table(b"\x00\x01\x02abc\x00", "x.csv")


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(FileRejected, match="is een map, geen bestand"):
        read_table(tmp_path)


# ---------- coordinates ----------

def test_rd_to_wgs84_at_the_rd_origin():
    lat, lon = coords.rd_naar_wgs84(np.array([155_000.0]), np.array([463_000.0]))
    assert lat[0] == pytest.approx(52.15517, abs=1e-5) and lon[0] == pytest.approx(5.38721, abs=1e-5)


def test_coordinate_systems_recognised_by_range():
    a = np.array([52.09, 5.12, 136_000, 456_000, 12.0, np.nan])
    b = np.array([5.12, 52.09, 456_000, 136_000, 13.0, 5.0])
    lat, lon, soort = coords.herken(a, b)
    assert soort.tolist() == ["wgs84", "wgs84", "rd", "rd", "", ""]
    assert (lat[0], lon[0]) == (52.09, 5.12) and (lat[1], lon[1]) == (52.09, 5.12)
    assert lat[2] == pytest.approx(lat[3]) and 52.0 < lat[2] < 52.2 and 5.0 < lon[2] < 5.2
    assert np.isnan(lat[4]) and np.isnan(lat[5])


def test_inside_the_province(seed_db):
    [(geojson,)] = lees(seed_db, "SELECT geometry_geojson FROM provincie")
    lat = np.array([52.0907, 52.3702, 51.8, np.nan])  # Utrecht Dom, Amsterdam, Rivierenland, missing
    lon = np.array([5.1214, 4.8952, 5.3, 5.1])
    assert coords.binnen(geojson, lat, lon).tolist() == [True, False, False, False]
    kernen = lees(seed_db, "SELECT latitude, longitude FROM kernen WHERE latitude IS NOT NULL")
    pts = np.array(kernen)
    assert coords.binnen(geojson, pts[:, 0], pts[:, 1]).all()  # every kern of the gazetteer counts as inside
