"""axe-core (served by the app from npm, never a CDN) on every page: no serious or critical
WCAG 2.1 A/AA violations outside the interactive map and graph (iframes, see the
toegankelijkheidsverklaring)."""
import pytest

from tests.browser.pages import PAGES, name
from tests.conftest import wait_for_app

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page, server):
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(url=f"{server}/app/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        "async (options) => await axe.run({exclude: [['iframe']]}, options)", AXE_OPTIONS)
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES, ids=[name(p) for p in PAGES])
def test_no_serious_accessibility_violations(server, page, path):
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    violations = axe_violations(page, server)
    if violations:  # a transition (fade-in, progress animation) can be caught mid-way: look again
        page.wait_for_timeout(1500)
        violations = axe_violations(page, server)
    report = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not violations, report
