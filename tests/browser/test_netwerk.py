"""The Netwerk page in a real browser: the vis-network canvas draws offline, a focus link
shows the focused neighbourhood, and a node named like an XSS payload stays plain text."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import run_streamlit, screenshot, wait_for_app
from tests.netwerk_util import XSS
from vliegwiel import netwerk

pytestmark = pytest.mark.browser

GRAPH = 'iframe[title^="Netwerk met"]'


def _open(page, base: str, suffix: str = "") -> None:
    """Open the page as a shared link would: straight to /netwerk, no detour via the home page."""
    page.goto(f"{base}/netwerk{suffix}")
    wait_for_app(page)


def _wait_drawn(page):
    frame = page.frame_locator(GRAPH)
    frame.locator("#netwerk canvas").wait_for(state="visible", timeout=15_000)
    frame.locator('body[data-getekend="ja"]').wait_for(state="attached", timeout=15_000)
    return frame


def test_graph_canvas_renders_offline(server, page, seed_db):
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.frame)))
    _open(page, server)
    frame = _wait_drawn(page)
    with duckdb.connect(str(seed_db), read_only=True) as c:
        net = netwerk.netwerk(c)
    assert frame.locator("body").get_attribute("data-knopen") == str(len(net.knopen))
    assert frame.locator("body").get_attribute("data-verbindingen") == str(len(net.verbindingen))
    assert frame.locator("aside.legenda").get_by_text("Pilot").is_visible()
    assert page.get_by_text("Wie staat er alleen?").is_visible()
    iframe_frames = [f for f in page.frames if f != page.main_frame]
    from_graph = [u for u, f in requests if f in iframe_frames]
    assert any(u.startswith(server) and u.endswith("/vis-network/umd/vis-netwerk.min.js") for u in from_graph)
    outside = [u for u, _f in requests if not u.startswith((server, "data:", "about:", "blob:"))]
    assert outside == []
    page.frame_locator(GRAPH).locator("#netwerk").scroll_into_view_if_needed()
    screenshot(page, "netwerk-1280")
    assert not page.js_errors


def test_focus_link_shows_the_neighbourhood(server, page, seed_db):
    _open(page, server, "?focus=ini-duurzaam-lopikerwaard&stappen=2")
    frame = _wait_drawn(page)
    with duckdb.connect(str(seed_db), read_only=True) as c:
        net = netwerk.netwerk(c)
    rond = netwerk.omgeving(net, "ini-duurzaam-lopikerwaard", 2)
    assert 1 < len(rond) < len(net.knopen)
    assert frame.locator("body").get_attribute("data-knopen") == str(len(rond))
    assert "focus op Zonne-collectief Duurzaam Lopikerwaard" in frame.locator("#samenvatting").text_content()
    assert page.get_by_role("combobox", name="Focus op").input_value() == "Zonne-collectief Duurzaam Lopikerwaard (Pilot)"
    assert "focus=ini-duurzaam-lopikerwaard" in page.url and "stappen=2" in page.url
    screenshot(page, "netwerk-focus-1280")


@pytest.fixture(scope="module")
def xss_server(seed_db, tmp_path_factory):
    """A server on a copy of the seed store with an initiative and an organisation named like
    an XSS payload, linked to each other and to the province."""
    path = tmp_path_factory.mktemp("xss") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    with duckdb.connect(str(path)) as c:
        c.execute("INSERT INTO initiatieven (initiatief_id, naam, bron) VALUES ('ini-xss', ?, 'test')", [XSS])
        c.execute("INSERT INTO organisaties (organisatie_id, naam, soort, bron) VALUES ('org-xss', ?, 'overig', 'test')",
                  [XSS + "<script>alert(2)</script>"])
        c.execute("INSERT INTO verbindingen (verbinding_id, van_id, naar_id, soort, bron) VALUES "
                  "('v-xss-1', 'org-xss', 'ini-xss', 'ondersteunt', 'test'), ('v-xss-2', 'PV26', 'ini-xss', 'financiert', 'test')")
    with run_streamlit(path) as base:
        yield base


def test_xss_names_stay_text_on_hover(xss_server, page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, xss_server, "?focus=ini-xss")
    frame = _wait_drawn(page)
    graph = page.locator(GRAPH)
    graph.scroll_into_view_if_needed()
    box = graph.bounding_box()
    # where vis-network drew the node, in the iframe's coordinates
    punt = frame.locator("body").evaluate("""() => {
        const n = window.netwerk, nodes = n.body.data.nodes.get();
        const knoop = nodes.find(x => x.title.startsWith("<img src=x"));
        return n.canvasToDOM(n.getPositions([knoop.id])[knoop.id]);
    }""")
    page.mouse.move(box["x"] + punt["x"], box["y"] + punt["y"])
    tooltip = frame.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert XSS in tooltip.inner_text()
    assert frame.locator('img[src="x"]').count() == 0 and page.locator('img[src="x"]').count() == 0
    assert page.get_by_role("combobox", name="Focus op").input_value() == XSS + " (Initiatief)"   # as plain text
    page.wait_for_timeout(300)
    assert dialogs == []
    assert not page.js_errors
    screenshot(page, "netwerk-xss-1280")
