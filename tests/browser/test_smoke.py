"""The dashboard starts and its home page renders in a real browser."""
import pytest

from tests.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_home_page_renders(server, page):
    page.goto(f"{server}/")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Vliegwiel van gemeenschapskracht").is_visible()
    screenshot(page, "smoke-home-1280")
    assert not page.js_errors


def test_a_deep_link_is_the_first_visit_of_a_fresh_server(seed_db, tmp_path, browser):
    """A Statenlid's e-mailed link right after a restart gets the full app (sidebar, filters,
    footer), not the page on its own."""
    import shutil

    from tests.conftest import run_streamlit
    path = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    with run_streamlit(path) as base:
        pg = browser.new_page(viewport={"width": 1280, "height": 720})
        pg.goto(f"{base}/themas?gemeente=Bunnik")
        wait_for_app(pg)
        assert "Bunnik" in pg.locator('[data-testid="stSidebar"]').inner_text()
        assert pg.get_by_role("heading", name="Thema's").first.is_visible()
        pg.close()
