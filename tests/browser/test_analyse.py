"""The Thema's and Pilots pages in a real browser: the heatmap hover names the initiatives
behind a cell, the white-spot map draws its circles offline, the pilot timeline shows today."""
import pytest
from playwright.sync_api import expect

from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


def _extern(urls, base):
    return [u for u in urls if not u.startswith(base) and not u.startswith(("data:", "blob:", "about:"))]


def _midden(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_heatmap_hover_names_the_initiatives(server, page):
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(f"{server}/themas")
    wait_for_app(page)
    grafiek = page.locator(".js-plotly-plot").first
    grafiek.wait_for()
    screenshot(page, "themas-dekking-1280")
    # Hover the cell where the Lopik row meets the Energie column, found from the axis labels
    # (not by iterating cells: plotly throttles hover events, so rapid hovers read stale text).
    rij = grafiek.locator(".ytick text", has_text="Lopik")
    kolom = grafiek.locator(".xtick text", has_text="Energie")
    rij.scroll_into_view_if_needed()
    y = _midden(rij.bounding_box())[1]
    x = _midden(kolom.bounding_box())[0]
    page.mouse.move(x, y)
    hover = grafiek.locator(".hoverlayer")
    expect(hover).to_contain_text("Zonne-collectief Duurzaam Lopikerwaard", timeout=10_000)
    assert "Lopik" in hover.text_content() and "Energietransitie" in hover.text_content()
    assert _extern(urls, server) == []
    assert not page.js_errors


def test_white_spots_map_and_list(server, page):
    urls = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(f"{server}/themas?weergave=Witte+vlekken&gemeente=Lopik")
    wait_for_app(page)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=20_000)
    # 1 gemeente outline + 5 small kernen of Lopik, none with a health initiative
    assert frame.locator("path.leaflet-interactive").count() == 6
    assert "5 van 5" in page.get_by_test_id("stMetric").first.inner_text()
    assert frame.locator(".vw-legenda").count() == 1
    screenshot(page, "themas-witte-vlekken-1280")
    assert _extern(urls, server) == []
    assert not page.js_errors


def test_pilot_timeline_and_unreported_milestones(server, page):
    page.goto(f"{server}/pilots?periode=Alles+tot+vandaag")
    wait_for_app(page)
    tijdlijn = page.locator(".js-plotly-plot").first
    tijdlijn.wait_for()
    legenda = tijdlijn.text_content()
    assert "Vandaag:" in legenda
    # the oogstfeest was never reported: "niet gemeld", not late (issue 10, item 4)
    assert "Niet gemeld" in legenda and "Te laat" not in legenda
    assert page.get_by_text("het register meldt niet of die is gehaald").count() >= 4
    tijdlijn.scroll_into_view_if_needed()
    screenshot(page, "pilots-tijdlijn-1280")
    assert not page.js_errors
