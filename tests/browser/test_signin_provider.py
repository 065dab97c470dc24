"""Streamlit's st.login against a local OpenID Connect provider (oidc-provider-mock), and the
role vliegwiel.auth derives from the real claims. The pages do not use sign-in yet."""
import pytest

from tests.browser.deploy_util import free_ports
from tests.browser.oidc_util import run_app, run_oidc_provider, secrets_toml
from tests.conftest import REPO

pytestmark = pytest.mark.browser

USERS = [
    {"sub": "kijker", "email": "kijker@example.org", "name": "Kees Kijker"},
    {"sub": "anne", "email": "anne@provincie-utrecht.nl", "name": "Anne Jansen"},
    {"sub": "rol", "email": "rol@example.org", "name": "Rob Rol", "roles": ["Vliegwiel.Redacteur"]},
]
ROLES = """
[rollen]
redacteur_domeinen = ["provincie-utrecht.nl"]
rol_claim = "roles"
redacteur_rollen = ["Vliegwiel.Redacteur"]
"""


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory):
    port = free_ports(1)
    secrets_file = tmp_path_factory.mktemp("signin") / "secrets.toml"
    with run_oidc_provider(USERS) as provider:
        secrets_file.write_text(secrets_toml(f"http://localhost:{port}", provider, ROLES))
        with run_app(REPO / "tests" / "fixtures" / "signin" / "app.py", secrets_file, port) as base:
            yield base


@pytest.mark.parametrize("sub, role, name", [
    ("kijker", "viewer", "Kees Kijker"),
    ("anne", "editor", "Anne Jansen"),   # by domain
    ("rol", "editor", "Rob Rol"),        # by role claim
])
def test_sign_in_gives_the_role_of_the_claims(browser, signin_app, sub, role, name):
    context = browser.new_context()
    # The provider's own pages link a CDN stylesheet; the tests reach nothing outside.
    context.route("http*://**", lambda route: route.continue_() if route.request.url.startswith(
        ("http://localhost", "http://127.0.0.1")) else route.abort())
    pg = context.new_page()
    try:
        pg.goto(signin_app + "/")
        pg.get_by_role("button", name="Inloggen").click()
        pg.wait_for_url("**/oauth2/authorize**")
        pg.get_by_role("button", name=sub, exact=True).click()
        pg.get_by_text("Rol:").wait_for(timeout=30_000)
        assert pg.get_by_text("Rol:").inner_text() == f"Rol: {role}"
        assert pg.get_by_text("Naam:").inner_text() == f"Naam: {name}"
        # st.logout also ends the session at the provider (its end_session_endpoint), which
        # asks to confirm and sends the browser back to the app, signed out.
        pg.get_by_role("button", name="Uitloggen").click()
        pg.get_by_role("button", name="End session").click()
        pg.get_by_role("button", name="Inloggen").wait_for(timeout=30_000)
    finally:
        context.close()
