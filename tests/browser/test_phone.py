"""A Staten member opens the shared link on a phone on the train (issue 14, "Phone"): Chromium's mobile
emulation at 390x844 with touch. The journeys' main steps (Overzicht, Kernprofiel, Vergelijken) are
readable: no word broken inside, navigation one tap away behind a labelled "Menu" button, no sideways
scrolling of the page, tables that scroll within themselves, every compared gemeente in view; and
axe-core finds no serious or critical violation on the phone layout of any page. Screenshots land in
artifacts/screenshots/phone-*.png."""
from __future__ import annotations

import pytest

from tests.browser.pages import PAGES, name
from tests.browser.test_accessibility import axe_violations
from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

BREEDTE, HOOGTE = 390, 844
STAPPEN = {
    "overzicht": "?gemeente=Lopik",
    "kern": "kern?kern=Benschop",
    "vergelijken": "vergelijken?vergelijk=Bunnik&vergelijk=Lopik&vergelijk=Utrecht",
}
VERGELEKEN = ["Bunnik", "Lopik", "Utrecht"]

# Every word of every heading, metric label and paragraph of the page: a word whose letters land on
# two lines has been broken inside ("gemeenschapskra / cht").
_GEBROKEN_WOORDEN = """() => {
  const gebroken = [];
  const main = document.querySelector('[data-testid="stMain"]');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const el = n.parentElement;
    if (!el || !el.closest('h1, h2, h3, p, li, [data-testid="stMetricLabel"]')) continue;
    if (el.closest('[data-testid="stTable"], [data-testid="stDataFrame"], iframe')) continue;
    const re = /[^\\s\\u00ad\\/-]+/g; let m;  // a break after a hyphen or slash is a normal line break
    while ((m = re.exec(n.nodeValue))) {
      if (m[0].length < 4) continue;
      const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (tops.size > 1) gebroken.push(m[0]);
    }
  }
  return gebroken;
}"""

_TE_BREED = """(breedte) => {
  const uit = [];
  const main = document.querySelector('[data-testid="stMain"]');
  for (const e of main.querySelectorAll('[data-testid="stElementContainer"] > *')) {
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > breedte + 1) uit.push((e.getAttribute('data-testid') || e.tagName) + ' ' + Math.round(r.right));
  }
  return {pagina: document.documentElement.scrollWidth, main: main.scrollWidth, uit: uit};
}"""


@pytest.fixture
def telefoon(browser):
    context = browser.new_context(viewport={"width": BREEDTE, "height": HOOGTE}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2, locale="nl-NL")
    pg = context.new_page()
    yield pg
    context.close()


def _open(pg, server, path: str) -> None:
    pg.goto(f"{server}/{path}")
    wait_for_app(pg, timeout=60_000)


@pytest.mark.parametrize("stap", STAPPEN)
def test_a_phone_shows_the_page_without_broken_words_or_sideways_scrolling(server, telefoon, stap):
    pg = telefoon
    _open(pg, server, STAPPEN[stap])
    screenshot(pg, f"phone-{stap}")
    assert pg.evaluate(_GEBROKEN_WOORDEN) == []
    maat = pg.evaluate(_TE_BREED, BREEDTE)
    assert maat["pagina"] <= BREEDTE and maat["main"] <= BREEDTE, maat
    assert maat["uit"] == [], f"elements wider than the phone: {maat['uit']}"
    kop = pg.locator("h1").first.bounding_box()
    assert kop and kop["height"] < 120, "the title takes more than three lines"


def test_the_title_moves_whole_words_to_the_next_line(server, telefoon):
    pg = telefoon
    _open(pg, server, "")
    kop = pg.locator("h1").first
    assert kop.inner_text().strip() == "Vliegwiel van gemeenschapskracht"
    assert "gemeenschapskracht" not in pg.evaluate(_GEBROKEN_WOORDEN)


def test_navigation_is_one_tap_away_behind_a_labelled_menu_button(server, telefoon):
    pg = telefoon
    _open(pg, server, "kern?kern=Benschop")
    menu = pg.get_by_role("button", name="Menu openen")
    menu.wait_for(state="visible", timeout=10_000)  # the Dutch label comes from the translation script
    vak = menu.bounding_box()
    assert vak["height"] >= 44 and vak["width"] >= 44 and vak["y"] + vak["height"] <= HOOGTE
    zichtbaar = pg.evaluate("""(el) => getComputedStyle(el, '::after').content""", menu.element_handle())
    assert "Menu" in zichtbaar, "the button shows a bare chevron, not the word Menu"
    menu.tap()
    link = pg.locator('[data-testid="stSidebar"] a').filter(has_text="Gemeenten vergelijken")
    link.wait_for(state="visible", timeout=10_000)
    vak = link.bounding_box()
    assert 0 <= vak["y"] and vak["y"] + vak["height"] <= HOOGTE, "the page links are out of view after the tap"
    screenshot(pg, "phone-menu")
    link.tap()
    pg.wait_for_url("**/vergelijken*", timeout=15_000)
    wait_for_app(pg)
    assert pg.locator("h1").first.inner_text().strip() == "Gemeenten vergelijken"


def test_the_comparison_shows_every_chosen_gemeente_side_by_side(server, telefoon):
    pg = telefoon
    _open(pg, server, STAPPEN["vergelijken"])
    tabel = pg.locator('[data-testid="stTable"]').first
    tabel.scroll_into_view_if_needed()
    koppen = tabel.locator("th")
    posities = {}
    for i in range(koppen.count()):
        tekst = koppen.nth(i).inner_text().strip()
        if tekst in VERGELEKEN:
            posities[tekst] = koppen.nth(i).bounding_box()
    assert set(posities) == set(VERGELEKEN)
    for gemeente, vak in posities.items():
        assert vak["x"] >= 0 and vak["x"] + vak["width"] <= BREEDTE, f"{gemeente} is cut off: {vak}"
    screenshot(pg, "phone-vergelijken-tabel")


def test_a_wide_table_scrolls_within_itself(server, telefoon):
    pg = telefoon
    _open(pg, server, "kaart")
    tabel = pg.locator('[data-testid="stDataFrame"]').first
    tabel.scroll_into_view_if_needed()
    vak = tabel.bounding_box()
    assert vak["x"] >= 0 and vak["x"] + vak["width"] <= BREEDTE
    assert pg.evaluate("document.documentElement.scrollWidth") <= BREEDTE


@pytest.mark.parametrize("path", PAGES, ids=[name(p) for p in PAGES])
def test_no_serious_accessibility_violations_on_a_phone(server, telefoon, path):
    pg = telefoon
    _open(pg, server, path)
    violations = axe_violations(pg, server)
    if violations:  # a transition can be caught mid-way: look again
        pg.wait_for_timeout(1500)
        violations = axe_violations(pg, server)
    report = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not violations, report
