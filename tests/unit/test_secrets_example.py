"""The documented .streamlit/secrets.toml.example is valid, turns sign-in on and holds no secret."""
import tomllib

from tests.conftest import REPO
from vliegwiel import auth

EXAMPLE = REPO / ".streamlit" / "secrets.toml.example"


def test_the_example_configures_sign_in_and_an_editor_role():
    secrets = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert auth.sign_in_configured(secrets)
    rules = auth.role_rules(secrets)
    claims = {"is_logged_in": True, "name": "Eva", "roles": ["Vliegwiel.Redacteur"]}
    assert auth.role_from_claims(claims, rules) == auth.EDITOR
    assert auth.role_from_claims({**claims, "roles": []}, rules) == auth.VIEWER
    assert auth.configured_password(secrets) is None  # the shared password is off unless set


def test_the_example_holds_only_placeholders():
    secrets = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["auth"]
    assert secrets["cookie_secret"].startswith("VERVANG") and secrets["client_secret"].startswith("VERVANG")
    assert "<tenant-id>" in secrets["server_metadata_url"]
    assert not (REPO / ".streamlit" / "secrets.toml").exists() or ".streamlit/secrets.toml" in (
        REPO / ".gitignore").read_text()
