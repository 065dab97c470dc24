"""The Netwerk page in a real browser: the vis-network canvas draws offline, a focus link
shows the focused neighbourhood, a node named like an XSS payload stays plain text, progress
shows at once while a large network is computed, and a phone gets the lists instead of the graph."""
from __future__ import annotations

import shutil

import duckdb
import pytest
from playwright.sync_api import expect

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
    assert not page.get_by_text("Op een smal scherm").is_visible()      # the phone sentence is for phones only
    iframe_frames = [f for f in page.frames if f != page.main_frame]
    from_graph = [u for u, f in requests if f in iframe_frames]
    assert any(u.startswith(server) and u.endswith("/vis-network/umd/vis-network.min.js") for u in from_graph)
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


# ---------- progress while computing, and the phone ----------

@pytest.fixture(scope="module")
def cold_server(synthetic_db, tmp_path_factory):
    """A server on the synthetic store with the precomputed measures removed, so its first
    visit computes a network of 2,000+ nodes as the page did before precomputation."""
    path = tmp_path_factory.mktemp("koud") / "vliegwiel.duckdb"
    shutil.copy(synthetic_db, path)
    with duckdb.connect(str(path)) as c:
        c.execute("DELETE FROM netwerk_maten")
    with run_streamlit(path) as base:
        yield base


def test_progress_shows_at_once_while_computing(cold_server, page):
    page.goto(f"{cold_server}/netwerk")
    rekent = page.locator(".vw-rekent")
    rekent.wait_for(state="visible", timeout=10_000)
    assert "Het netwerk wordt berekend" in rekent.inner_text()
    assert page.get_by_text("Wat kan een vrije actor hiermee?").is_visible()   # fixed text is already there
    page.wait_for_function("""() => { const t = document.querySelector('.vw-rekent .vw-tijd');
        return t && /^[0-9]+,[0-9]$/.test(t.textContent) && parseFloat(t.textContent.replace(',', '.')) >= 0.8; }""",
        timeout=10_000)   # past the half second after which it fades in
    expect(rekent).to_have_css("opacity", "1", timeout=5_000)  # faded in (its animation can lag on a busy machine)
    screenshot(page, "netwerk-rekent-1280")
    _wait_drawn_slow(page)
    assert page.locator(".vw-rekent").count() == 0
    assert not page.js_errors


def _wait_drawn_slow(page):
    frame = page.frame_locator(GRAPH)
    frame.locator('body[data-getekend="ja"]').wait_for(state="attached", timeout=180_000)


_OVERLAP = """() => {
    const els = [...document.querySelectorAll('[data-testid="stMain"] button, [data-testid="stMain"] [role="combobox"],'
        + ' [data-testid="stMain"] label:has(input[type="radio"])')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                       && getComputedStyle(e).visibility !== 'hidden'; });
    const out = [];
    for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
        const a = els[i], b = els[j];
        if (a.contains(b) || b.contains(a)) continue;
        const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
        if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
            out.push((a.innerText || a.getAttribute('aria-label') || a.tagName) + ' / '
                     + (b.innerText || b.getAttribute('aria-label') || b.tagName));
    }
    return out;
}"""


def test_phone_gets_the_lists_with_a_sentence(server, phone, seed_db):
    _open(phone, server)
    assert phone.get_by_text("Op een smal scherm").is_visible()
    assert not phone.locator(GRAPH).is_visible()                                          # replaced
    if phone.locator(GRAPH).count():                                                      # and no work spent on it
        assert phone.frame_locator(GRAPH).locator('body[data-getekend="ja"]').count() == 0
    for kop in ("Verbinders en clusters", "Wie staat er alleen?"):
        assert phone.get_by_role("heading", name=kop).is_visible() or phone.get_by_text(kop).first.is_visible()
    tabellen = phone.locator('[data-testid="stDataFrame"]')
    tabellen.first.wait_for(state="attached", timeout=20_000)  # the lists come after the headings
    tabellen.first.scroll_into_view_if_needed()
    assert tabellen.first.is_visible()
    breed = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert breed[0] <= breed[1], f"the page scrolls sideways: {breed}"
    assert phone.evaluate(_OVERLAP) == []
    phone.get_by_role("heading", name="Netwerk", exact=True).scroll_into_view_if_needed()
    screenshot(phone, "netwerk-390")
    phone.get_by_role("heading", name="Verbinders en clusters").scroll_into_view_if_needed()
    screenshot(phone, "netwerk-390-lijsten")
    assert not phone.js_errors


def test_phone_focus_narrows_the_lists(server, phone, seed_db):
    _open(phone, server, "?focus=ini-duurzaam-lopikerwaard")
    with duckdb.connect(str(seed_db), read_only=True) as c:
        net = netwerk.netwerk(c)
    rond = netwerk.omgeving(net, "ini-duurzaam-lopikerwaard", 1)
    assert phone.get_by_text("De tabel toont de knopen rond de focus").is_visible()
    assert len(rond) < len(net.knopen)
    assert phone.evaluate(_OVERLAP) == []
