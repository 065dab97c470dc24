"""The three users' journeys (../shared/JOURNEYS.md) in a real browser, plus screenshots of
every page at 1280x720 and 1920x1080 (artifacts/screenshots)."""
from __future__ import annotations

import io
import re
import shutil

import openpyxl
import pytest
from playwright.sync_api import expect

from pipelines import ingest
from tests.browser.pages import PAGES, name
from tests.conftest import REPO, run_streamlit, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PASSWORD = "oogst-2026"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def upload_server(seed_db, tmp_path_factory):
    """A server whose database a test may change, with the upload password configured and an
    initiative whose name is an HTML payload (it must show literally everywhere)."""
    path = tmp_path_factory.mktemp("upload") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    register = tmp_path_factory.mktemp("xss") / "xss.csv"
    register.write_text(f"Naam initiatief;Gemeente;Dorp/kern;Thema's\n{XSS};Bunnik;Werkhoven;Gezondheid\n",
                        encoding="utf-8")
    ingest.ingest("initiatieven", register, path)
    with run_streamlit(path, {"VLIEGWIEL_UPLOAD_WACHTWOORD": PASSWORD}) as base:
        yield base


def only_local(page, base):
    """Record every request; return the ones that leave the app's own server."""
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not (
        r.url.startswith(base) or r.url.startswith("data:") or r.url.startswith("blob:")
        or r.url.startswith("about:")) else None)
    return outside


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


# ---------- Statenlid ----------

def test_staten_member_home_then_shared_link_reproduces_the_view(server, page, browser):
    outside = only_local(page, server)
    page.goto(f"{server}/")
    wait_for_app(page)
    provincie = metric(page, "Initiatieven")
    page.goto(f"{server}/?gemeente=Bunnik")
    wait_for_app(page)
    bunnik = metric(page, "Initiatieven")
    assert int(bunnik) < int(provincie)
    shared = page.url
    assert "gemeente=Bunnik" in shared
    colleague = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    colleague.goto(shared)
    wait_for_app(colleague)
    assert metric(colleague, "Initiatieven") == bunnik
    assert "Bunnik" in colleague.locator('[data-testid="stSidebar"]').inner_text()
    colleague.context.close()
    assert not outside, outside


# ---------- beleidsmedewerker ----------

def test_civil_servant_filters_lopik_energie_and_exports_excel(server, page):
    page.goto(f"{server}/data?gemeente=Lopik&thema=Energietransitie")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("Excel")).click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    names = [row[1] for row in workbook["Initiatieven"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Zonne-collectief Duurzaam Lopikerwaard"]


def test_civil_servant_uploads_bad_then_good_register(upload_server, page, tmp_path):
    page.goto(f"{upload_server}/data")
    wait_for_app(page)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Wat wilt u bijwerken?").wait_for()

    bad = tmp_path / "register.csv"
    bad.write_text("Naam initiatief;Gemeente;Startjaar\nDorpstuin;Lopik;2019a\n;Bunnik;2020\n", encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(bad))
    page.get_by_text("Het bestand is niet ingelezen").wait_for(timeout=20_000)
    report = page.locator('[data-testid="stMain"]').inner_text()
    assert "Rij 2, kolom 'Startjaar'" in report
    assert "Rij 3, kolom 'Naam initiatief'" in report
    page.screenshot(path=str(REPO / "artifacts" / "screenshots" / "journey-upload-fout-1280.png"))

    good = tmp_path / "register-goed.csv"
    good.write_text("Naam initiatief;Gemeente;Dorp/kern;Thema's;Startjaar\n"
                    "Dorpstuin Polsbroek;Lopik;Polsbroek;Voedsel;2021\n", encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(good))
    page.get_by_role("button", name="Bevestigen en bijwerken").click()
    page.get_by_text("Import gelukt").wait_for(timeout=20_000)

    page.goto(f"{upload_server}/?gemeente=Lopik")
    wait_for_app(page)
    assert metric(page, "Initiatieven") == "2"


def _excel(path, rijen) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    for rij in rijen:
        ws.append(rij)
    wb.save(path)
    return str(path)


def test_civil_servant_fixes_her_excel_sheet_and_imports_again(upload_server, page, tmp_path):
    """Journey 4: the quarterly Excel export with a wrong row is refused with a Dutch message
    naming row and column, nothing changes; the fixed sheet imports and shows up."""
    page.goto(f"{upload_server}/?gemeente=Montfoort")
    wait_for_app(page)
    assert metric(page, "Initiatieven") == "0"
    page.goto(f"{upload_server}/data")
    wait_for_app(page)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Wat wilt u bijwerken?").wait_for()
    kop = ["naam initiatief", "GEMEENTE", "Dorp/kern", "Thema's", "Startjaar"]  # columns as people type them
    fout = _excel(tmp_path / "kwartaal.xlsx", [kop, ["Repair Café Montfoort", "Montfoort", "Montfoort", "Wonen", 2022],
                                               ["Buurtbus Linschoten", "Montfoort", "Linschoten", "Vervoer per fiets", 2021]])
    page.locator('input[type="file"]').set_input_files(fout)
    page.get_by_text("Het bestand is niet ingelezen: 1 probleem in 1 rij").wait_for(timeout=20_000)
    assert "Rij 3, kolom 'Thema's'" in page.locator('[data-testid="stMain"]').inner_text()
    page.goto(f"{upload_server}/?gemeente=Montfoort")
    wait_for_app(page)
    assert metric(page, "Initiatieven") == "0"  # the refused sheet changed nothing, not even its good row

    page.goto(f"{upload_server}/data")
    wait_for_app(page)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Wat wilt u bijwerken?").wait_for()
    goed = _excel(tmp_path / "kwartaal-verbeterd.xlsx", [kop, ["Repair Café Montfoort", "Montfoort", "Montfoort", "Wonen", 2022],
                                                         ["Buurtbus Linschoten", "Montfoort", "Linschoten", "Bereikbaarheid", 2021]])
    page.locator('input[type="file"]').set_input_files(goed)
    page.get_by_role("button", name="Bevestigen en bijwerken").click()
    page.get_by_text("Import gelukt").wait_for(timeout=20_000)
    page.goto(f"{upload_server}/?gemeente=Montfoort")
    wait_for_app(page)
    assert metric(page, "Initiatieven") == "2"


# ---------- presenter ----------

def wacht_op_tekstgrootte(pg, px: int) -> None:
    """Wait until the slide's smallest body text (not captions, not the presenter's bar) is at least `px`:
    the slide style arrives with st.html's lazily loaded code, on a busy machine a moment after the text."""
    pg.wait_for_function("""px => Math.min(...[...document.querySelectorAll('[data-testid="stMain"] p')]
        .filter(p => !p.closest('[data-testid="stCaptionContainer"]') && !p.closest('.st-key-dia_nav')
                     && p.offsetParent !== null)
        .map(p => parseFloat(getComputedStyle(p).fontSize))) >= px""", arg=px, timeout=15_000)


def test_presenter_pages_through_bunnik_detours_to_the_map_and_returns(server, page):
    outside = only_local(page, server)
    page.goto(f"{server}/presentatie?gemeente=Bunnik&dia=1")
    wait_for_app(page)
    # The slide style arrives with st.html's lazily loaded code: on a busy machine a moment after the text.
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden(timeout=15_000)
    wacht_op_tekstgrootte(page, 28)
    for n in range(2, 5):
        page.get_by_role("button", name="Volgende").click()
        page.get_by_text(f"Dia {n} van").wait_for()
        wait_for_app(page)
        assert f"dia={n}" in page.url
    screenshot(page, "journey-presentatie-dia4-1280")
    page.get_by_role("link", name="Naar de live kaart").click()
    page.get_by_role("link", name=re.compile("Terug naar de presentatie")).wait_for()
    wait_for_app(page)
    assert "/kaart" in page.url
    page.get_by_role("link", name=re.compile("Terug naar de presentatie")).click()
    page.get_by_text("Dia 4 van").wait_for()
    wait_for_app(page)
    assert "gemeente=Bunnik" in page.url
    assert not outside, outside


# ---------- security: user text never runs ----------

@pytest.mark.parametrize("path", ["", "kaart", "gemeente?gemeente=Bunnik", "themas?gemeente=Bunnik",
                                  "netwerk", "data", "presentatie?dia=3&gemeente=Bunnik"])
def test_html_in_names_shows_literally_and_runs_nothing(upload_server, page, path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{upload_server}/{path}")
    wait_for_app(page)
    page.wait_for_timeout(1000)  # give any injected handler the chance to fire
    assert not dialogs
    assert page.evaluate("() => !document.querySelector('img[src=\"x\"]')")
    for frame in page.frames:
        assert frame.evaluate("() => !document.querySelector('img[src=\"x\"]')")


# ---------- screenshots for people to look at ----------

@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_screenshots_of_every_page(server, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    for path in PAGES:
        pg.goto(f"{server}/{path}")
        wait_for_app(pg)
        assert not pg.locator('[data-testid="stException"]').count(), path
        screenshot(pg, f"{name(path)}-{size[0]}x{size[1]}")
    context.close()


def test_keyboard_only_presenter_can_page_through_the_slides(server, page):
    """Keyboard use: Tab reaches the presenter's buttons and Enter activates them."""
    page.goto(f"{server}/presentatie?dia=2")
    wait_for_app(page)
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.tagName === 'BUTTON'"
                         " && document.activeElement.innerText.includes('Volgende')"):
            break
    else:
        pytest.fail("Tab never reached the 'Volgende' button")
    page.keyboard.press("Enter")
    page.get_by_text("Dia 3 van").wait_for()
    assert "dia=3" in page.url


@pytest.fixture(scope="module")
def snelle_server(seed_db, tmp_path_factory):
    """A server whose slides auto-advance every 2 seconds (30 in real use)."""
    path = tmp_path_factory.mktemp("snel") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    with run_streamlit(path, {"VLIEGWIEL_DIA_SECONDEN": "2"}) as base:
        yield base


def test_auto_advance_turns_the_slides_and_pauses_when_the_presenter_clicks(snelle_server, page):
    page.goto(f"{snelle_server}/presentatie?dia=1")
    wait_for_app(page)
    page.get_by_text("Automatisch doorbladeren").click()
    page.get_by_text("Dia 2 van").wait_for(timeout=15_000)
    assert "dia=2" in page.url
    voor_de_klik = page.evaluate("() => performance.now()")
    page.get_by_role("button", name="Vorige").click()  # the presenter takes over: a 4-second pause
    page.get_by_text("Dia 1 van").wait_for()
    page.get_by_text("Dia 2 van").wait_for(timeout=20_000)
    # without the pause the next slide would come within about 2 seconds
    assert page.evaluate("() => performance.now()") - voor_de_klik >= 3_900


def test_presentation_type_grows_on_a_full_hd_screen(server, browser):
    """At 1920x1080 the slides use larger type (36 px body) instead of leaving the screen empty."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    pg = context.new_page()
    pg.goto(f"{server}/presentatie?dia=1")
    wait_for_app(pg)
    wacht_op_tekstgrootte(pg, 36)
    context.close()
