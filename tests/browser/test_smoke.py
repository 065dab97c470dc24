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
