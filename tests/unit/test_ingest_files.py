"""Files that are clear but used to be refused, or refused with the wrong reason (issue 11):
title rows, Excel's sep= line, invisible characters, UTF-16 without BOM, mixed and twice-encoded
text, a workbook under another name, encrypted workbooks, .ods, whitespace, and the time bound.
Fixtures: tests/fixtures/hostile.py."""
from __future__ import annotations

import builtins

import pytest

from pipelines import ingest
from pipelines.ingest import limits, ods, text
from tests.fixtures import hostile

SCHAKEL = ["Dorpshuis De Schakel"]


def _parse(seed_db, name):
    kind, filename, data = hostile.cases()[name]
    return ingest.parse(kind, data, filename, seed_db)


@pytest.mark.parametrize("name", ["title_rows", "sep_line", "zero_width", "xlsx_named_csv", "ods_register"])
def test_clear_files_are_read(seed_db, name):
    parsed = _parse(seed_db, name)
    assert parsed.ok, parsed.problemen
    assert parsed.rows["naam"].tolist()[:1] == SCHAKEL
    assert parsed.rows["gemeente_code"].tolist()[:1] == ["GM0331"]


def test_title_rows_keep_the_row_numbers_excel_shows(seed_db):
    assert _parse(seed_db, "title_rows").rows["rij"].tolist() == [5]


def test_invisible_characters_do_not_hide_a_kern(seed_db):
    parsed = _parse(seed_db, "zero_width")
    assert parsed.rows["kern_id"].notna().all()


def test_a_workbook_named_csv_says_what_it_is(seed_db):
    assert _parse(seed_db, "xlsx_named_csv").meldingen[0] == (
        "'register.csv' is een Excel-werkmap (.xlsx) met de extensie '.csv'; het is als werkmap gelezen")


@pytest.mark.parametrize("name", ["utf16_no_bom", "mojibake", "mixed_encodings"])
def test_encodings_are_read_or_repaired(seed_db, name):
    parsed = _parse(seed_db, name)
    assert parsed.ok, parsed.problemen
    assert parsed.rows["naam"].tolist()[0] == "Café Délta"


def test_repairs_are_said(seed_db):
    assert text.MOJIBAKE_MELDING in _parse(seed_db, "mojibake").meldingen
    gemengd = _parse(seed_db, "mixed_encodings")
    assert gemengd.rows["naam"].tolist()[1] == "Eetcafé ’t Hoekje"
    assert gemengd.meldingen[0] == ("het bestand mengt tekencoderingen (UTF-8 en Windows-1252); elke regel is in "
                                    "zijn eigen codering gelezen")


@pytest.mark.parametrize("name", ["whitespace_only", "whitespace_utf16"])
def test_a_file_of_only_whitespace_is_empty(seed_db, name):
    with pytest.raises(ingest.FileRejected, match=r"^Het bestand 'register.csv' is leeg\.$"):
        _parse(seed_db, name)


def test_an_encrypted_or_labelled_workbook_says_so_not_old_xls(seed_db):
    with pytest.raises(ingest.FileRejected) as exc:
        _parse(seed_db, "encrypted_workbook")
    assert str(exc.value) == (
        "'register.xlsx' is een beveiligde werkmap: versleuteld met een wachtwoord of met een vertrouwelijkheidslabel. "
        "Sla in Excel een kopie op zonder wachtwoord en met een label zonder versleuteling (bijvoorbeeld 'Openbaar') "
        "en importeer die kopie.")
    assert "oude Excel-formaat" not in str(exc.value)


def test_without_odfpy_an_ods_is_refused_in_dutch_with_what_to_do(seed_db, monkeypatch):
    echte_import = builtins.__import__

    def zonder_odf(naam, *args, **kwargs):
        if naam == "odf" or naam.startswith("odf."):
            raise ImportError(naam)
        return echte_import(naam, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", zonder_odf)
    with pytest.raises(ingest.FileRejected) as exc:
        _parse(seed_db, "ods_register")
    assert str(exc.value) == ods.ZONDER_ODFPY.format(naam="register.ods")


@pytest.mark.parametrize("name, bestand", [("stray_cell", "register.xlsx"), ("title_rows", "register.csv")])
def test_reading_a_file_is_bounded_in_time(seed_db, monkeypatch, name, bestand):
    monkeypatch.setattr(limits, "MAX_SECONDEN", -1.0)  # every check is already too late
    with pytest.raises(ingest.FileRejected) as exc:
        _parse(seed_db, name)
    assert str(exc.value) == (f"Het inlezen van '{bestand}' duurde langer dan -1 seconden en is afgebroken. "
                              "Splits het register of verwijder lege en overbodige rijen, kolommen en werkbladen, "
                              "en importeer het opnieuw.")


def test_a_file_too_large_is_refused_before_it_is_read(seed_db, monkeypatch):
    monkeypatch.setattr(limits, "MAX_BYTES", 10)
    with pytest.raises(ingest.FileRejected, match=r"^'register.csv' is te groot"):
        _parse(seed_db, "title_rows")


def test_the_separator_is_the_one_used_consistently_not_the_most_frequent():
    tekst = ("Register 2024\nNaam;Gemeente;Omschrijving\nA;Lopik;zon, wind, water en warmte\n"
             "B;Lopik;dorpshuis, bibliotheek, café, kinderopvang en meer\n")
    assert text.sniff_separator(tekst) == ";"


def test_an_ods_with_a_stray_cell_far_below_is_refused_before_it_is_read(seed_db):
    with pytest.raises(ingest.FileRejected) as exc:
        _parse(seed_db, "ods_stray_cell")
    assert str(exc.value) == ("Werkblad 'Initiatieven' van 'register.ods' heeft een gevulde cel ver buiten de tabel "
                              "(voorbij rij 100.000 of kolom 1.000). Wis die cel, of sla het blad op als "
                              "Excel-werkmap (.xlsx), en importeer het opnieuw.")
