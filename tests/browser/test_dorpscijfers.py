"""Issue 12 in a real browser: a Staten member reads Werkhoven's supermarket distance with its
year and source; a copied Buurzaamheidsindex link gives a colleague the same weights and ranking."""
from __future__ import annotations

import pytest

from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser


def metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).first


def test_staten_member_reads_werkhovens_supermarket_distance_with_year_and_source(server, page):
    page.goto(f"{server}/kern?kern=Werkhoven")
    wait_for_app(page)
    box = metric(page, "Afstand tot grote supermarkt")
    box.wait_for(timeout=30_000)
    assert box.locator('[data-testid="stMetricValue"]').inner_text().strip() == "3,6 km"
    kolom = page.locator('[data-testid="stColumn"]').filter(has=box).first
    assert "editie 2024 · CBS 85984NED" in kolom.inner_text()
    assert page.get_by_text("De gemeentecijfers zijn van de editie 2021", exact=False).first.is_visible()


def _ranking(page) -> str:
    top = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Bovenaan bij deze weging").first
    top.wait_for(timeout=30_000)
    return top.inner_text()


def test_weights_in_a_copied_url_reproduce_the_ranking(server, page, browser):
    page.goto(f"{server}/buurzaamheid")
    wait_for_app(page)
    standaard = _ranking(page)
    url = f"{server}/buurzaamheid?w_themas=0&w_verbindingen=0&w_initiatieven_per_1000=0&w_pct_0_14=5"
    page.goto(url)
    wait_for_app(page)
    eigen = _ranking(page)
    assert eigen != standaard and "Ossenwaard" in eigen
    collega = browser.new_page()
    try:
        collega.goto(url)
        wait_for_app(collega)
        assert _ranking(collega) == eigen
        assert "w_pct_0_14=5" in collega.url
    finally:
        collega.close()
