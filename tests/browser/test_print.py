"""Printing a page from the browser (Ctrl+P; issue 14) gives a clean result: no sidebar, header, toolbar
or widgets, charts and maps no wider than the paper, and a header with the dashboard's name, the page
title and the date of printing that shows only on paper. Headless Chromium prints each page to an A4
PDF; its pages are rendered with pdftoppm into artifacts/print/ to look at."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.conftest import ARTIFACTS, wait_for_app
from vliegwiel.format import datum

pytestmark = pytest.mark.browser

# A4 (210 mm) minus the 2 x 12 mm margins of the @page rule, in CSS pixels (96 per inch)
PAPIER_BREEDTE = round((210 - 24) / 25.4 * 96)
AFDRUKKEN = {
    "Overzicht": "?gemeente=Lopik",
    "Kernprofiel": "kern?kern=Benschop",
    "Gemeenten vergelijken": "vergelijken?vergelijk=Bunnik&vergelijk=Lopik&vergelijk=Utrecht",
    "Pilots": "pilots",
}
NIET_OP_PAPIER = ["stSidebar", "stHeader", "stToolbar", "stExpandSidebarButton", "stElementToolbar",
                  "stMultiSelect", "stSelectbox", "stButton", "stDownloadButton", "stPageLink", "stToggle",
                  "stSegmentedControl", "stStatusWidget"]

_ZICHTBAAR = """(ids) => ids.flatMap(id => Array.from(document.querySelectorAll(`[data-testid="${id}"]`))
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                   && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'; })
    .map(() => id))"""

_TE_BREED = """(breedte) => Array.from(document.querySelectorAll(
    '[data-testid="stPlotlyChart"], [data-testid="stMain"] iframe, [data-testid="stDataFrame"], [data-testid="stTable"]'))
    .map(e => [e.getAttribute('data-testid') || e.tagName, e.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && r.right > breedte + 1)
    .map(([id, r]) => `${id} ${Math.round(r.left)}-${Math.round(r.right)}`)"""


@pytest.fixture
def papier(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.mark.parametrize("titel", AFDRUKKEN)
def test_a_printed_page_is_clean_and_says_what_and_when(server, papier, titel):
    pg = papier
    pg.goto(f"{server}/{AFDRUKKEN[titel]}")
    wait_for_app(pg, timeout=60_000)
    kop = pg.locator(".vw-printkop")
    assert not kop.is_visible(), "the print header shows on screen"

    pg.emulate_media(media="print")
    pg.set_viewport_size({"width": PAPIER_BREEDTE, "height": 1000})
    pg.wait_for_timeout(1_000)  # charts and maps follow the narrower width
    assert kop.is_visible()
    vandaag = datum(dt.date.today())
    assert kop.inner_text().strip() == f"Vliegwiel van gemeenschapskracht · {titel} · afgedrukt op {vandaag}"
    assert kop.bounding_box()["y"] < 60, "the header is not at the top of the first sheet"
    assert pg.evaluate(_ZICHTBAAR, NIET_OP_PAPIER) == []
    assert pg.evaluate(_TE_BREED, PAPIER_BREEDTE) == [], "wider than the paper: cut off on the right"
    for grafiek in pg.locator('[data-testid="stPlotlyChart"], [data-testid="stCustomComponentV1"]').all():
        assert grafiek.evaluate("e => getComputedStyle(e).breakInside") == "avoid"

    naam = AFDRUKKEN[titel].split("?")[0] or "overzicht"
    uit = ARTIFACTS / "print"
    uit.mkdir(parents=True, exist_ok=True)
    pdf = uit / f"print-{naam}.pdf"
    pg.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    pg.emulate_media(media="screen")
    lezer = PdfReader(str(pdf))
    tekst = " ".join(p.extract_text() or "" for p in lezer.pages)
    assert len(lezer.pages) <= 8, f"{len(lezer.pages)} sheets"
    assert f"afgedrukt op {vandaag}" in " ".join(tekst.split())
    for weg in ["Filters", "Alle gemeenten", "Download ", "Menu"]:
        assert weg not in tekst, f"{weg!r} on paper"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(uit / f"print-{naam}")], check=True, timeout=120)
