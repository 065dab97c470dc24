"""An English browser (locale en-US, Accept-Language en-US) still gets a Dutch interface, with
Dutch number formats, on the main pages (issue 10, finding 5).

The page's own text, the text inside its frames (maps, graphs) and the labels a screen reader or
a tooltip reads (title, aria-label, placeholder) are searched for English interface words, after
hovering each table so its toolbar shows. Table cells are drawn on a canvas; their text is read
from the accessible grid that Glide keeps in the DOM beside it, and searched for English thousands
separators (8,140) and decimal points (0.065). ("Download ..." on the app's own buttons is Dutch
too, so only Streamlit's "Download as CSV" counts.)

Glide's accessible grid holds a numeric cell's raw value (its getAccessibilityString is the number's
toString(), whatever the display format), so a bare machine number there ("0.065") says nothing about
what the canvas shows; those cells are left to tests/app/test_tabellen.py, which reads the display
values the server sends (format.tabelstijl). Text cells are checked here as they are."""
from __future__ import annotations

import re
import shutil
import time

import pytest

from tests.conftest import run_streamlit, screenshot, wait_for_app

pytestmark = pytest.mark.browser

WACHTWOORD = "locale-test-wachtwoord"
ENGLISH = ["Select", "No results", "Drag and drop", "Limit 200MB", "Browse files", "Download as CSV", "Search",
           "Fullscreen", "Zoom in", "Zoom out", "Layers", "Choose an option", "Show/hide columns",
           "Clear all", "Press Enter", "Close", "Expand", "Collapse", "Copy", "Sort ascending",
           "Sort descending", "Add row", "Delete", "Upload", "Loading", "Running", "Stop", "Rerun",
           # what Streamlit 1.67's widgets really show (read from its static/js bundle and the DOM)
           "per file", "Choose options", "Clear value", "Selected values", "Main menu", "Sidebar",
           "matches", "Notifications", "Link to heading", "Remove", "Skip to main content"]
ENGLISH_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
# the raw value of a numeric cell in Glide's accessible grid (see the module docstring)
RAUW_GETAL = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")
# 8,140 (an English thousands comma; Dutch "0,065" starts with 0) or 0.065 / 2.5 / 3.14159 (an English
# decimal point; Dutch "14.456" and "1.000" are thousands, three digits after the point, not from 0)
ENGLISH_NUMBER = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(,\d{3})+(?![\d,])"
                            r"|(?<![\d.,])(0\.\d+|\d+\.\d{1,2}|\d+\.\d{4,})(?![\d.])")
PAGES = {
    "Overzicht": "",
    "Kaart": "kaart",
    "Thema's": "themas?weergave=Witte+vlekken",
    "Data & bronnen": "data",
    "Vergelijken": "vergelijken?vergelijk=Bunnik&vergelijk=Lopik",
    "Naar behoefte": "themas?weergave=Naar+behoefte",
    "Buurzaamheidsindex": "buurzaamheid",
}

_COLLECT = """() => {
    const out = [];
    const walk = (doc) => {
        out.push(doc.body ? doc.body.innerText : '');
        for (const el of doc.querySelectorAll('[title], [aria-label], [placeholder], [aria-description]')) {
            for (const a of ['title', 'aria-label', 'placeholder', 'aria-description']) {
                const v = el.getAttribute(a);
                if (v) out.push(v);
            }
        }
        for (const f of doc.querySelectorAll('iframe')) {
            try { if (f.contentDocument) walk(f.contentDocument); } catch (e) { /* cross-origin */ }
        }
    };
    walk(document);
    return out.join('\\n');
}"""

_CELLS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stDataFrame"] td, [data-testid="stTable"] td'))
    .map(c => c.textContent.trim()).filter(Boolean)"""


@pytest.fixture(scope="module")
def english_server(seed_db, tmp_path_factory):
    """A server with the upload switched on, so the file uploader's own texts are on the Data page."""
    path = tmp_path_factory.mktemp("locale") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    with run_streamlit(path, {"VLIEGWIEL_UPLOAD_WACHTWOORD": WACHTWOORD}) as base:
        yield base


@pytest.fixture
def english_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US",
                                  extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    pg = context.new_page()
    yield pg
    context.close()


def _reveal_interface(pg) -> None:
    """Hover every table (its toolbar appears), open the first multiselect and type a word that
    matches nothing (its 'no results' text), then close it again."""
    for frame in pg.locator('[data-testid="stDataFrame"]').all():
        try:
            frame.scroll_into_view_if_needed(timeout=3_000)
            frame.hover(timeout=3_000)
            pg.wait_for_timeout(300)
        except Exception:  # noqa: BLE001 - a table out of reach is still searched as it is
            pass
    select = pg.locator('[data-testid="stMultiSelect"] input').first
    if select.count():
        select.click()
        select.fill("qqqq")
        pg.wait_for_timeout(400)


def _sign_in_for_upload(pg) -> None:
    field = pg.get_by_label("Wachtwoord")
    if field.count():
        field.fill(WACHTWOORD)
        pg.get_by_role("button", name="Inloggen").click()
        pg.get_by_text("Kies een Excel- of CSV-bestand").wait_for(timeout=30_000)
        wait_for_app(pg)


@pytest.mark.parametrize("naam", list(PAGES))
def test_an_english_browser_sees_no_english_interface_words(english_server, english_page, naam):
    pg = english_page
    pg.goto(f"{english_server}/{PAGES[naam]}")
    wait_for_app(pg, timeout=60_000)
    if naam == "Data & bronnen":
        _sign_in_for_upload(pg)
    _reveal_interface(pg)
    # The translation layer runs in the browser after Streamlit draws: on a busy machine that can take
    # a few seconds, so look again for up to 15 s before calling a word untranslated.
    einde = time.monotonic() + 15
    while True:
        tekst = pg.evaluate(_COLLECT)
        gevonden = sorted({m.group(0) for m in ENGLISH_RE.finditer(tekst)})
        if not gevonden or time.monotonic() > einde:
            break
        pg.wait_for_timeout(500)
    screenshot(pg, f"locale-en-{PAGES[naam].split('?')[0] or 'overzicht'}")
    zinnen = sorted({line.strip()[:90] for line in tekst.splitlines() if ENGLISH_RE.search(line)})
    assert not gevonden, f"{naam}: English interface words {gevonden} in: {zinnen[:15]}"
    assert pg.evaluate("document.documentElement.lang") == "nl", "the page says it is English (WCAG 3.1.1)"


@pytest.mark.parametrize("naam", list(PAGES))
def test_an_english_browser_sees_dutch_numbers_in_tables(english_server, english_page, naam):
    pg = english_page
    pg.goto(f"{english_server}/{PAGES[naam]}")
    wait_for_app(pg, timeout=60_000)
    pg.locator('[data-testid="stDataFrame"]').first.wait_for(state="visible", timeout=30_000)
    cellen: set[str] = set()
    tabs = pg.get_by_role("tab")
    for i in range(max(1, tabs.count())):  # every tab of the page's tables (Kaart: initiatieven, gemeenten, kernen)
        if tabs.count():
            tabs.nth(i).click()
            wait_for_app(pg)  # Thema's tabs are bound to the URL and rerun the page
        cellen |= _visible_cells(pg)
    assert cellen, f"{naam}: no table cells found in the DOM (the check would be empty)"
    tekstcellen = {c for c in cellen if not RAUW_GETAL.fullmatch(c)}
    engels = sorted({c for c in tekstcellen if ENGLISH_NUMBER.search(re.sub(r"CC BY(-SA)? \d\.\d", "", c))})
    assert not engels, f"{naam}: numbers formatted the English way in table cells: {engels[:20]}"


def _visible_cells(pg) -> set[str]:
    cellen: set[str] = set()
    for tabel in pg.locator('[data-testid="stDataFrame"]').all():  # a grid fills its DOM rows once in view
        if not tabel.is_visible():  # in a closed expander or another tab
            continue
        tabel.scroll_into_view_if_needed(timeout=5_000)
        try:
            tabel.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=10_000)
        except Exception:  # noqa: BLE001 - an empty table has no cells
            continue
        cellen |= set(pg.evaluate(_CELLS))
    return cellen


def _chips(pg, label: str) -> list[str]:
    veld = pg.locator('[data-testid="stMultiSelect"]').filter(has_text=label).first
    return [t.get_attribute("aria-label") for t in veld.locator("[data-tag]").all()]


def test_typing_part_of_a_theme_and_enter_selects_one_theme(english_server, english_page):
    """'energ' matches two options; Streamlit's default first option "Select 2 matches" would take
    both on Enter (issue 10, finding 8). With select_all=False it is one: the best match. The chip's
    remove button is labelled in Dutch."""
    pg = english_page
    pg.goto(english_server)
    wait_for_app(pg, timeout=60_000)
    veld = pg.locator('[data-testid="stMultiSelect"]').filter(has_text="Thema").first.locator("input")
    veld.click()
    veld.fill("energ")
    opties = pg.locator('[role="option"]')
    opties.first.wait_for(timeout=10_000)
    assert not [t for t in opties.all_inner_texts() if ENGLISH_RE.search(t)], opties.all_inner_texts()
    veld.press("Enter")
    wait_for_app(pg)
    gekozen = _chips(pg, "Thema")
    assert len(gekozen) == 1 and gekozen[0].lower().startswith("energ"), gekozen
    assert len(re.findall(r"thema=", pg.url)) == 1, pg.url
    knop = pg.locator('[data-testid="stMultiSelect"] [data-tag] button').first
    assert knop.get_attribute("aria-label") == f"Verwijder {gekozen[0]}"
