"""The profile pages still run and offer the Statenbrief download (AppTest), and the call the
pages make (no shared cache, the app's read-only cursor) gives a PDF."""
from __future__ import annotations

import datetime as dt

from vliegwiel import db, statenbrief

KNOP = "Statenbrief (PDF)"


def _knoppen(at) -> dict:
    return {b.label: b for b in at.get("download_button")}


def test_gemeente_profile_offers_statenbrief(app_test, seed_db):
    at = app_test(seed_db, "gemeente", gemeente_profiel="Lopik")
    assert not at.exception
    assert KNOP in _knoppen(at)


def test_kern_profile_offers_statenbrief(app_test, seed_db):
    at = app_test(seed_db, "kern", kern="Werkhoven")
    assert not at.exception
    assert KNOP in _knoppen(at)


def test_no_button_without_a_choice(app_test, seed_db):
    at = app_test(seed_db, "gemeente")
    assert not at.exception and KNOP not in _knoppen(at)


def test_overzicht_and_data_offer_the_provincial_pdfs(app_test, seed_db, empty_db):
    for path in (seed_db, empty_db):
        at = app_test(path, "overzicht")
        assert not at.exception and "Statenbrief provincie (PDF)" in _knoppen(at)
        at = app_test(path, "data")
        assert not at.exception and "Gemeenten: één regel per gemeente (PDF)" in _knoppen(at)


def test_the_pages_call_gives_pdfs_on_the_apps_cursor(seed_db):
    con = db.cursor(db.connect_readonly(seed_db))
    kern_id = con.execute("SELECT kern_id FROM kernen WHERE naam = 'Werkhoven'").fetchone()[0]
    for data in (statenbrief.gemeente_pdf(con, "GM0331"), statenbrief.kern_pdf(con, kern_id),
                 statenbrief.provincie_pdf(con), statenbrief.provincie_tabel_pdf(con)):
        assert data[:5] == b"%PDF-" and len(data) < 1_000_000


def test_empty_register_still_gives_pdfs(empty_db):
    con = db.cursor(db.connect_readonly(empty_db))
    from pypdf import PdfReader
    import io
    for data in (statenbrief.gemeente_pdf(con, "GM0331"), statenbrief.provincie_pdf(con)):
        t = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert "Geen initiatieven in het register" in t and "None" not in t and "nan" not in t


def test_file_name_of_today():
    assert statenbrief.bestandsnaam("Lopik") == f"statenbrief-lopik-{dt.date.today().isoformat()}.pdf"
    assert statenbrief.bestandsnaam("Tienhoven (Stichtse Vecht)").startswith("statenbrief-tienhoven-stichtse-vecht-")
