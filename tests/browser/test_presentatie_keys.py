"""The presenter with a clicker (issue 10, item 6): the keys a clicker sends move exactly one slide, the
last slide stays the last, a warm change is well under a second, and no slide scrolls at 1280x720."""
from __future__ import annotations

import time

import pytest

from vliegwiel.presentatie import BEHOEFTE_KERNEN, DIAS, nummer
from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _klaar(pg) -> None:
    """wait_for_app, plus: the lazily loaded widgets of the bar are drawn (no skeletons left) and the slide's
    style has arrived (st.html loads lazily; it hides the clicker's twin buttons)."""
    wait_for_app(pg)
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')"
                         " && document.querySelectorAll('.st-key-dia_nav button').length >= 2"
                         " && document.querySelector('.st-key-dia_klikker')"
                         " && getComputedStyle(document.querySelector('.st-key-dia_klikker')).display === 'none'",
                         timeout=20_000)


def _h1(pg) -> str:
    return pg.locator("h1").first.inner_text()


def _druk(pg, toets: str, timeout: float = 10_000) -> float:
    """Press a key on the slide; wait for the title to change; seconds it took."""
    oud = _h1(pg)
    t0 = time.perf_counter()
    pg.keyboard.press(toets)
    pg.wait_for_function("(o) => { const h = document.querySelector('h1'); return h && h.innerText !== o; }",
                         arg=oud, timeout=timeout, polling=20)
    return time.perf_counter() - t0


def _dia(pg) -> str:
    return pg.evaluate("() => new URLSearchParams(location.search).get('dia')")


def test_clicker_keys_move_exactly_one_slide(server, page):
    page.goto(f"{server}/presentatie?dia=1")
    _klaar(page)
    page.locator("h1").first.click()  # focus on the slide, as after the presenter's first click
    for toets, verwacht in [("ArrowRight", "2"), ("PageDown", "3"), ("Space", "4"), ("ArrowLeft", "3"),
                            ("PageUp", "2")]:
        _druk(page, toets)
        page.wait_for_timeout(400)  # a second move (a key firing twice) would show by now
        assert _dia(page) == verwacht, toets
        assert _h1(page) == DIAS[int(verwacht) - 1].titel


@pytest.mark.parametrize("toets", ["ArrowRight", "PageDown", "Space"])
def test_the_last_slide_stays_the_last(server, page, toets):
    page.goto(f"{server}/presentatie?dia={len(DIAS)}")
    _klaar(page)
    page.locator("h1").first.click()
    page.keyboard.press(toets)
    page.wait_for_timeout(1200)
    assert _dia(page) == str(len(DIAS))
    assert _h1(page) == DIAS[-1].titel


def test_first_slide_ignores_back_keys(server, page):
    page.goto(f"{server}/presentatie?dia=1")
    _klaar(page)
    page.locator("h1").first.click()
    for toets in ("ArrowLeft", "PageUp"):
        page.keyboard.press(toets)
    page.wait_for_timeout(1200)
    assert _dia(page) == "1"


def test_a_warm_key_press_changes_the_slide_within_a_second(server, page):
    page.goto(f"{server}/presentatie?dia=1&gemeente=Bunnik")
    _klaar(page)
    page.locator("h1").first.click()
    for _ in range(len(DIAS) - 1):  # warm every slide's queries and plotly's code
        _druk(page, "PageDown")
        _klaar(page)
    for _ in range(len(DIAS) - 1):
        _druk(page, "PageUp")
        _klaar(page)
    tijden = []
    for _ in range(3):
        tijden.append(_druk(page, "PageDown"))
        _klaar(page)
    print("warm slide changes (s):", [round(t, 3) for t in tijden])
    assert max(tijden) < 1.0, tijden


def test_keys_work_after_picking_a_gemeente(server, page):
    page.goto(f"{server}/presentatie?dia=2")
    _klaar(page)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="Bunnik").click()
    page.wait_for_function("() => location.search.includes('gemeente=Bunnik')", timeout=15_000)
    _klaar(page)
    _druk(page, "PageDown")  # no click on the slide needed: the picker gave the focus back
    assert _dia(page) == "3"


@pytest.mark.parametrize("gebied", ["", "&gemeente=Bunnik"], ids=["provincie", "Bunnik"])
def test_every_slide_fits_1280x720_without_scrolling(server, page, gebied):
    te_hoog = {}
    for n in range(1, len(DIAS) + 1):
        page.goto(f"{server}/presentatie?dia={n}{gebied}")
        _klaar(page)
        assert not page.locator('[data-testid="stException"]').count(), n
        hoogte, zichtbaar = page.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
            return [m.scrollHeight, m.clientHeight]; }""")
        if hoogte > zichtbaar:
            te_hoog[n] = hoogte - zichtbaar
        screenshot(page, f"presentatie-{'bunnik' if gebied else 'provincie'}-dia{n}-1280x720")
    assert not te_hoog, f"slides taller than 720 px (px too many): {te_hoog}"


def test_every_slide_fits_1920x1080_without_scrolling(server, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    pg = context.new_page()
    te_hoog = {}
    for n in range(1, len(DIAS) + 1):
        pg.goto(f"{server}/presentatie?dia={n}&gemeente=Bunnik")
        _klaar(pg)
        hoogte, zichtbaar = pg.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
            return [m.scrollHeight, m.clientHeight]; }""")
        if hoogte > zichtbaar:
            te_hoog[n] = hoogte - zichtbaar
    context.close()
    assert not te_hoog, te_hoog


@pytest.mark.parametrize("gebied", ["", "&gemeente=Vijfheerenlanden", "&gemeente=Montfoort"],
                         ids=["provincie", "Vijfheerenlanden", "Montfoort"])
def test_the_need_slide_fits_both_screens_with_its_chart_and_names(server, browser, gebied):
    """Issue 12: the need slide with its longest lists (the province, the gemeente with most small kernen) and
    its empty case fits 1280x720 and 1920x1080; a chart and named kernen only where there are needs."""
    for breedte, hoogte in ((1280, 720), (1920, 1080)):
        context = browser.new_context(viewport={"width": breedte, "height": hoogte}, locale="nl-NL")
        pg = context.new_page()
        pg.goto(f"{server}/presentatie?dia={nummer('behoefte')}{gebied}")
        _klaar(pg)
        if "Montfoort" not in gebied:
            pg.locator('[data-testid="stPlotlyChart"]:visible .main-svg').first.wait_for(timeout=20_000)
        hoogte_inhoud, zichtbaar = pg.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
            return [m.scrollHeight, m.clientHeight]; }""")
        namen = pg.locator(".st-key-dia_behoeftelijst li").count()
        screenshot(pg, f"presentatie-behoefte-{gebied.split('=')[-1] or 'provincie'}-{breedte}x{hoogte}")
        context.close()
        assert hoogte_inhoud <= zichtbaar, (breedte, hoogte_inhoud - zichtbaar)
        assert namen == (0 if "Montfoort" in gebied else BEHOEFTE_KERNEN), (breedte, namen)


def test_a_1920_screen_shows_each_chart_drawn_for_its_size(server, browser):
    """Each chart slide's chart comes drawn for 1280x720 and for 1920x1080: the screen shows exactly one,
    and on 1920x1080 the larger one, so the slide is not a small chart above an empty band."""
    hoogtes: dict[tuple[str, int], float] = {}
    for breedte, hoogte in ((1280, 720), (1920, 1080)):
        context = browser.new_context(viewport={"width": breedte, "height": hoogte}, locale="nl-NL")
        pg = context.new_page()
        for sleutel in ("kaart", "themas", "behoefte"):
            pg.goto(f"{server}/presentatie?dia={nummer(sleutel)}")
            _klaar(pg)
            zichtbaar = pg.locator('[data-testid="stPlotlyChart"]:visible .main-svg')
            zichtbaar.first.wait_for(timeout=20_000)
            assert pg.locator('[data-testid="stPlotlyChart"]:visible').count() == 1, (sleutel, breedte)
            hoogtes[sleutel, breedte] = zichtbaar.first.bounding_box()["height"]
            inhoud, ruimte = pg.evaluate("""() => { const m = document.querySelector('[data-testid="stMain"]');
                return [m.scrollHeight, m.clientHeight]; }""")
            assert inhoud <= ruimte, (sleutel, breedte, inhoud - ruimte)
        context.close()
    for sleutel in ("kaart", "themas", "behoefte"):
        assert hoogtes[sleutel, 1920] >= 1.4 * hoogtes[sleutel, 1280], (sleutel, hoogtes)


def test_quotes_are_drawn_at_full_strength(server, page):
    page.goto(f"{server}/presentatie?dia={len(DIAS)}")
    _klaar(page)
    opaciteit = page.evaluate("""() => [...document.querySelectorAll('blockquote, blockquote *')]
        .map(e => { let o = 1; for (let x = e; x; x = x.parentElement) o *= parseFloat(getComputedStyle(x).opacity);
                    return o; })""")
    assert opaciteit and min(opaciteit) == 1.0


def test_a_phone_shows_the_slide_without_horizontal_scrolling(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="nl-NL")
    pg = context.new_page()
    for n in (1, 2, 5):
        pg.goto(f"{server}/presentatie?dia={n}")
        _klaar(pg)
        breedte = pg.evaluate("() => document.documentElement.scrollWidth")
        assert breedte <= 390, (n, breedte)
        grootte = pg.evaluate("""() => Math.min(...[...document.querySelectorAll('[data-testid="stMain"] p')]
            .filter(p => p.offsetParent !== null).map(p => parseFloat(getComputedStyle(p).fontSize)))""")
        assert grootte >= 14, (n, grootte)
        screenshot(pg, f"presentatie-dia{n}-390x844")
    context.close()
