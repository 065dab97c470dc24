"""Personal data of volunteers (issue 11): contact values are never quoted in a reason, never
logged, never on a public page or in a download; an import replaces a contact person and an
editor can erase one, with the removal recorded but not the data."""
from __future__ import annotations

import subprocess
import sys

import pytest

from pipelines import ingest
from tests.ingest_util import FIXTURES, REPO, eigen_export, lees, runs

PERSOONLIJK = ("Ria Jansen", "ria.jansen@example.nl", "0348-123456", "Henk de Vries", "henk@example.nl")
KOP = "Naam initiatief;Gemeente;Kern;Naam contactpersoon;E-mail;Telefoon\n"


def _csv(*regels: str) -> bytes:
    return (KOP + "\n".join(regels) + "\n").encode("utf-8")


def test_a_refused_e_mail_names_row_and_column_never_the_value(writable_db):
    data = _csv("Dorpshuis De Schakel;Lopik;Benschop;Ria Jansen;Ria Jansen <ria.jansen@example.nl>;0348-123456")
    parsed = ingest.parse("initiatieven", data, "register.csv", writable_db)
    assert [str(p) for p in parsed.problemen] == [
        "Rij 2, kolom 'E-mail': dit is geen geldig e-mailadres (vul alleen het adres in, zoals naam@voorbeeld.nl)"]
    assert [p.waarde for p in parsed.problemen] == [None]  # the upload page's table shows no value either
    with pytest.raises(ingest.RowsRejected) as exc:
        ingest.apply(parsed, writable_db)
    logged = runs(writable_db)[-1][-1]
    for text in (str(exc.value), logged):
        assert "Rij 2, kolom 'E-mail'" in text
        assert not any(v in text for v in PERSOONLIJK)


def test_a_new_person_replaces_the_old_one_and_an_empty_cell_keeps_the_stored_value(writable_db):
    ingest.ingest("initiatieven", _csv("Dorpshuis De Schakel;Lopik;Benschop;Ria Jansen;ria@example.nl;0348-123456"),
                  writable_db, "a.csv")
    ini = lees(writable_db, "SELECT initiatief_id FROM initiatieven WHERE naam = 'Dorpshuis De Schakel'")[0][0]
    ingest.ingest("initiatieven", _csv("Dorpshuis De Schakel;Lopik;Benschop;Ria Jansen;;"), writable_db, "b.csv")
    assert lees(writable_db, "SELECT naam, email, telefoon FROM contactpersonen WHERE initiatief_id = ?", [ini]) == [
        ("Ria Jansen", "ria@example.nl", "0348-123456")]
    result = ingest.ingest("initiatieven", _csv("Dorpshuis De Schakel;Lopik;Benschop;Henk de Vries;henk@example.nl;"),
                           writable_db, "c.csv")
    assert lees(writable_db, "SELECT naam, email, telefoon FROM contactpersonen WHERE initiatief_id = ?", [ini]) == [
        ("Henk de Vries", "henk@example.nl", None)]  # never the old person's number
    assert result.bijgewerkt == 1
    assert "1 contactpersoon vervangen door de contactpersoon uit het bestand" in result.meldingen
    assert not any(v in runs(writable_db)[-1][-1] for v in PERSOONLIJK)


def test_an_editor_removes_a_contact_person_and_the_log_keeps_only_the_count(writable_db):
    ingest.ingest("initiatieven", _csv("Dorpshuis De Schakel;Lopik;Benschop;Ria Jansen;ria@example.nl;0348-123456"),
                  writable_db, "a.csv")
    ini = lees(writable_db, "SELECT initiatief_id FROM initiatieven WHERE naam = 'Dorpshuis De Schakel'")[0][0]
    assert ingest.remove_contact_persons(ini, writable_db, door="redacteur") == 1
    assert lees(writable_db, "SELECT count(*) FROM contactpersonen WHERE initiatief_id = ?", [ini]) == [(0,)]
    assert lees(writable_db, "SELECT soort, melding, door FROM ingest_runs ORDER BY run_id DESC LIMIT 1") == [
        ("contactpersonen", f"1 contactpersoon van initiatief '{ini}' verwijderd op verzoek", "redacteur")]
    with pytest.raises(ingest.FileRejected, match="^Er is geen initiatief met id 'ini-bestaat-niet'.$"):
        ingest.remove_contact_persons("ini-bestaat-niet", writable_db)


def test_the_command_line_removes_a_contact_person(writable_db):
    out = subprocess.run([sys.executable, "-m", "pipelines.ingest", "verwijder-contactpersoon",
                          "ini-voedselschuur-eiland-van-schalkwijk", "--db", str(writable_db)],
                         cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "1 contactpersoon van 'ini-voedselschuur-eiland-van-schalkwijk' verwijderd.\n"
    assert lees(writable_db, "SELECT count(*) FROM contactpersonen WHERE initiatief_id = ?",
                ["ini-voedselschuur-eiland-van-schalkwijk"]) == [(0,)]


def _page_text(at) -> str:
    """Every proto of the rendered page (text, tables, charts, maps), as text."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return "\n".join(parts)


PUBLIC_PAGES = ["overzicht", "kaart", "gemeente", "kern", "vergelijken", "themas", "pilots", "netwerk",
                "presentatie", "data", "toegankelijkheid", "buurzaamheid"]


def test_no_public_page_download_or_log_shows_imported_contact_values(writable_db, app_test):
    result = ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    assert result.toegevoegd == 4
    geheim = ("Ria", "ria@example.nl", "0348-123456")
    assert lees(writable_db, "SELECT count(*) FROM contactpersonen WHERE email = 'ria@example.nl'") == [(1,)]
    logs = " ".join(str(r) for r in lees(writable_db, "SELECT * FROM ingest_runs"))
    downloads = " ".join(df.to_csv() for df in eigen_export(writable_db).values())
    assert not any(v in logs or v in downloads for v in geheim)
    toont_initiatief = set()
    for page in PUBLIC_PAGES:
        at = app_test(writable_db, page=page, gemeente="Lopik", kern="Benschop")
        assert not at.exception, page
        text = _page_text(at)
        if "Dorpshuis De Schakel" in text:
            toont_initiatief.add(page)
        assert not any(v in text for v in geheim), page
    assert "gemeente" in toont_initiatief  # the scan does see the imported register
