"""The Statenbrief PDF: its text (extracted with pypdf) holds the area's name, figures with
year and source, no raw None/nan; user text prints literally; pages rendered to PNG with
poppler's pdftoppm land in artifacts/pdf/ (look at them)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess

import duckdb
import pytest
from pypdf import PdfReader

from tests.conftest import ARTIFACTS
from vliegwiel import statenbrief as sb
from vliegwiel.figures import statenbrief as pdf

VANDAAG = dt.date(2026, 12, 1)
RAUW = re.compile(r"\b(None|nan|NaN|NaT|<NA>)\b")


@pytest.fixture(scope="module")
def gedeeld(con):
    return sb.gedeeld(con, VANDAAG)


def tekst_van(data: bytes) -> tuple[str, int]:
    r = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in r.pages), len(r.pages)


def plat(t: str) -> str:
    """Text with line breaks and repeated spaces folded (table cells wrap)."""
    return re.sub(r"\s+", " ", t)


def kern_id(con, naam: str, gemeente: str | None = None) -> str:
    sql = "SELECT k.kern_id FROM kernen k JOIN gemeenten g USING (gemeente_code) WHERE k.naam = ?"
    params = [naam]
    if gemeente:
        sql += " AND g.naam = ?"
        params.append(gemeente)
    return con.execute(sql, params).fetchone()[0]


def render_png(data: bytes, naam: str) -> list:
    """Render every page with pdftoppm into artifacts/pdf/<naam>-N.png."""
    if not shutil.which("pdftoppm"):
        pytest.fail("poppler's pdftoppm is not installed: run `bash scripts/setup.sh --browser`")
    out = ARTIFACTS / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    for oud in out.glob(f"{naam}-*.png"):
        oud.unlink()
    (out / f"{naam}.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(out / f"{naam}.pdf"), str(out / naam)], check=True,
                   timeout=60)
    return sorted(out.glob(f"{naam}-*.png"))


# ---------- content ----------

def test_gemeente_brief_holds_name_figures_years_and_sources(con, gedeeld):
    data = sb.gemeente_pdf(con, "GM0331", gedeeld)
    t, pagina = tekst_van(data)
    vlak = plat(t)
    assert 1 <= pagina <= 2
    assert len(data) < 1_000_000
    assert "Gemeente Lopik" in vlak
    # each figure with its year and source beside it
    assert "Inwoners 14.456 1 januari 2021 CBS" in vlak
    # the register's figures carry the day the store was built (the test store: the day the tests run)
    assert re.search(rf"Initiatieven 1 {gedeeld.data_datum} register Vliegwiel", vlak)
    assert re.search(r"Inwoners 65 jaar en ouder 18,1 % 1 januari 2021 CBS 85039NED", vlak)
    # themes, white spots, the pilot with its next milestone, initiatives with status and freshness
    assert "Met een initiatief (1 van 10): Energietransitie" in vlak
    assert "Witte vlekken (9 van 10)" in vlak
    assert "Zonne-collectief Duurzaam Lopikerwaard" in vlak
    assert "Volgende mijlpaal" in vlak and "mijlpalen gedaan" in vlak
    assert "Laatst bevestigd" in vlak
    assert "november 2020, vermoedelijk gestopt" in vlak  # its document's month, and the freshness rule's status
    # kernen, dates, sources and licences at the foot
    assert "Benschop" in vlak and "Jaarsveld" in vlak
    assert f"Gegevens van {gedeeld.data_datum}" in vlak and "Gedrukt op 1 december 2026" in vlak
    assert "Bronnen en licenties" in vlak and "CC BY 4.0" in vlak and "GeoNames" in vlak
    assert not RAUW.search(t), RAUW.search(t)


def test_every_gemeente_fits_two_pages_without_raw_values(con, gedeeld):
    for code in gedeeld.kaart.gemeenten["gemeente_code"]:
        data = sb.gemeente_pdf(con, code, gedeeld)
        t, pagina = tekst_van(data)
        naam = gedeeld.kaart.gemeenten.set_index("gemeente_code").loc[code, "naam"]
        assert f"Gemeente {naam}" in plat(t), code
        assert pagina <= 2, code
        assert not RAUW.search(t), (code, RAUW.search(t))


def test_kern_brief(con, gedeeld):
    data = sb.kern_pdf(con, kern_id(con, "Werkhoven"), gedeeld)
    t, pagina = tekst_van(data)
    vlak = plat(t)
    assert pagina == 1
    assert "Kern Werkhoven" in vlak and "in de gemeente Bunnik" in vlak
    assert "Inwoners (benadering) 2.525 1 januari 2021 CBS PC4, benadering" in vlak
    assert "Gelukkig en vitaal Werkhoven, Bunnik en Odijk" in vlak  # initiative and pilot working here
    assert "Gezond leven en vitaliteit" in vlak
    assert not RAUW.search(t)


def test_kern_with_unknown_inhabitants_says_onbekend(con, gedeeld):
    kid = con.execute("SELECT kern_id FROM kernen WHERE inwoners IS NULL LIMIT 1").fetchone()[0]
    t, _n = tekst_van(sb.kern_pdf(con, kid, gedeeld))
    vlak = plat(t)
    assert "Inwoners (benadering) onbekend onbekend" in vlak
    assert "Kleine kern onbekend" in vlak
    assert not RAUW.search(t)


def _teksten(obj):
    """Every text in a brief (nested dataclasses and tuples)."""
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _teksten(getattr(obj, f.name))
    elif isinstance(obj, (tuple, list)):
        for o in obj:
            yield from _teksten(o)


def test_every_kern_has_no_raw_values(con, gedeeld):
    ids = list(gedeeld.kaart.kernen["kern_id"])
    assert len(ids) == 104
    for kid in ids:
        brief = sb.kern_brief(con, kid, gedeeld)
        rauw = [t for t in _teksten(brief) if RAUW.search(t)]
        assert not rauw, (kid, rauw)
    for kid in ids[::8]:  # and the PDF itself, for a sample
        t, pagina = tekst_van(sb.kern_pdf(con, kid, gedeeld))
        assert pagina <= 2, kid
        assert not RAUW.search(t), (kid, RAUW.search(t))


def test_provincie_brief_and_table(con, gedeeld):
    t, pagina = tekst_van(sb.provincie_pdf(con, gedeeld))
    vlak = plat(t)
    assert pagina <= 2 and "Provincie Utrecht" in vlak
    assert "Inwoners 1.361.153 1 januari 2021 CBS" in vlak
    assert "Gemeenten 26 2022 CBS/PDOK" in vlak
    assert not RAUW.search(t)

    data = sb.provincie_tabel_pdf(con, gedeeld)
    t, pagina = tekst_van(data)
    vlak = plat(t)
    assert pagina == 1, "the annex table fits one landscape page"
    for naam in gedeeld.kaart.gemeenten["naam"]:
        assert naam in vlak
    assert "één regel per gemeente" in vlak  # ë and é survive the font
    assert "CBS, 1 januari 2021" in vlak and "CBS woonplaatsen, 2018" in vlak
    assert "Provincie Utrecht 1.361.153 104 76" in vlak
    assert "Vijfheerenlanden 57.829 17 15 0 15 0" in vlak
    assert not RAUW.search(t)


def test_unknown_area_gives_no_brief(con, gedeeld):
    assert sb.gemeente_brief(con, "GM9999", gedeeld) is None
    assert sb.kern_brief(con, "WP0000", gedeeld) is None


def test_synthetic_data_is_flagged_and_long_lists_are_cut(synthetic_db):
    c = duckdb.connect(str(synthetic_db), read_only=True)
    try:
        g = sb.gedeeld(c, VANDAAG)
        code = c.execute("SELECT gemeente_code FROM initiatieven GROUP BY 1 "
                         "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        t, pagina = tekst_van(sb.gemeente_pdf(c, code, g))
        vlak = plat(t)
        assert "synthetische (verzonnen) records" in vlak
        assert re.search(r"En nog \d+ initiatieven", vlak)
        assert pagina <= 2
        t, pagina = tekst_van(sb.provincie_pdf(c, g))
        assert pagina <= 2 and "En nog" in plat(t)
    finally:
        c.close()


def test_names_print_literally(writable_db):
    c = duckdb.connect(str(writable_db))
    c.execute("UPDATE gemeenten SET naam = '<script>alert(1)</script> & Co' WHERE gemeente_code = 'GM0331'")
    c.execute("UPDATE initiatieven SET naam = 'Boer & Buur <b>vet</b>' "
              "WHERE initiatief_id = 'ini-duurzaam-lopikerwaard'")
    c.execute("UPDATE kernen SET naam = 'Benschop <i>&amp;</i>' WHERE naam = 'Benschop'")
    c.close()
    c = duckdb.connect(str(writable_db), read_only=True)
    try:
        g = sb.gedeeld(c, VANDAAG)
        t, _n = tekst_van(sb.gemeente_pdf(c, "GM0331", g))
        vlak = plat(t)
        assert "Gemeente <script>alert(1)</script> & Co" in vlak
        assert "Boer & Buur <b>vet</b>" in vlak
        assert "Benschop <i>&amp;</i>" in vlak
        assert g.slugs and sb.bestandsnaam("<script>alert(1)</script> & Co", VANDAAG) == \
            "statenbrief-script-alert-1-script-co-2026-12-01.pdf"
    finally:
        c.close()


def test_no_personal_data(writable_db):
    c = duckdb.connect(str(writable_db))
    c.execute("INSERT INTO contactpersonen VALUES ('c1', 'Jan Geheim', 'voorzitter', 'ini-duurzaam-lopikerwaard', "
              "NULL, 'jan@example.org', '06-12345678', 'test')")
    c.close()
    c = duckdb.connect(str(writable_db), read_only=True)
    try:
        t, _n = tekst_van(sb.gemeente_pdf(c, "GM0331", sb.gedeeld(c, VANDAAG)))
        assert "Jan Geheim" not in t and "jan@example.org" not in t and "06-12345678" not in t
    finally:
        c.close()


# ---------- names, map and rendering ----------

def test_file_names():
    assert sb.bestandsnaam("Lopik", VANDAAG) == "statenbrief-lopik-2026-12-01.pdf"
    assert sb.bestandsnaam("provincie-utrecht-gemeenten", VANDAAG) == \
        "statenbrief-provincie-utrecht-gemeenten-2026-12-01.pdf"
    assert sb.slug("'t Goy") == "t-goy"
    assert sb.slug("Wijk bij Duurstede") == "wijk-bij-duurstede"
    assert sb.slug("Coöperatie Één") == "cooperatie-een"


def test_kernen_with_one_name_get_distinct_file_names(con, gedeeld):
    ids = con.execute("SELECT kern_id FROM kernen WHERE naam = 'Tienhoven'").df()["kern_id"]
    assert len(ids) == 2
    slugs = {gedeeld.slugs[k] for k in ids}
    assert len(slugs) == 2 and all(s.startswith("tienhoven-") for s in slugs)
    assert sb.kern_brief(con, ids[0], gedeeld).bestandsnaam.startswith("statenbrief-tienhoven-")


def test_map_draws_one_path_per_area_and_labels_do_not_overlap(con, gedeeld):
    from reportlab.graphics.shapes import Path, String
    brief = sb.gemeente_brief(con, "GM1961", gedeeld)  # Vijfheerenlanden: 17 kernen close together
    d = pdf.kaart_tekening(brief.kaart, 200, 250)
    paden = [e for e in d.contents if isinstance(e, Path)]
    assert len(paden) == len(brief.kaart.vlakken) + len(brief.kaart.omtrek)
    from reportlab.pdfbase import pdfmetrics
    labels = [e for e in d.contents if isinstance(e, String) and e.text in {p.label for p in brief.kaart.punten}]
    assert len(labels) >= 8
    boxen = [(s.x, s.y, s.x + pdfmetrics.stringWidth(s.text, s.fontName, s.fontSize), s.y + s.fontSize)
             for s in labels]
    for i, a in enumerate(boxen):
        for b in boxen[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    for s in labels:  # inside the drawing
        assert 0 <= s.x and s.x + pdfmetrics.stringWidth(s.text, s.fontName, s.fontSize) <= 200


def test_font_is_embedded(con, gedeeld):
    r = PdfReader(io.BytesIO(sb.gemeente_pdf(con, "GM0331", gedeeld)))
    fonts = set()
    for p in r.pages:
        for f in p["/Resources"]["/Font"].values():
            f = f.get_object()
            fonts.add(str(f["/BaseFont"]))
            assert "/FontDescriptor" in f or "/DescendantFonts" in f  # embedded TrueType, not a base-14 font
    assert any("Vera" in f for f in fonts), fonts


def test_pages_render_to_png(con, gedeeld):
    docs = {
        "statenbrief-lopik": sb.gemeente_pdf(con, "GM0331", gedeeld),
        "statenbrief-vijfheerenlanden": sb.gemeente_pdf(con, "GM1961", gedeeld),
        "statenbrief-werkhoven": sb.kern_pdf(con, kern_id(con, "Werkhoven"), gedeeld),
        "statenbrief-provincie-utrecht": sb.provincie_pdf(con, gedeeld),
        "statenbrief-provincie-utrecht-gemeenten": sb.provincie_tabel_pdf(con, gedeeld),
    }
    for naam, data in docs.items():
        pngs = render_png(data, naam)
        assert len(pngs) == tekst_van(data)[1], naam
        for png in pngs:
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
