"""Issue 15 end to end on the real dashboard: a browser signs in against a local OpenID Connect
provider (oidc-provider-mock). A viewer sees no upload and no contact person on any page, in
any download or in anything the server sends; an editor imports a CSV and appears in the
import history by name; ten wrong shared passwords lock the form out."""
import io
import re
import shutil

import duckdb
import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.deploy_util import free_ports
from tests.browser.oidc_util import run_app, run_oidc_provider, secrets_toml
from tests.browser.pages import PAGES
from tests.conftest import REPO, run_streamlit, wait_for_app

pytestmark = pytest.mark.browser

USERS = [
    {"sub": "kijker", "email": "kees@example.org", "name": "Kees Kijker"},
    {"sub": "eva", "email": "eva@provincie-utrecht.nl", "name": "Eva Editor", "roles": ["Vliegwiel.Redacteur"]},
]
ROLES = """
[rollen]
rol_claim = "roles"
redacteur_rollen = ["Vliegwiel.Redacteur"]
"""
PASSWORD = "proef-wachtwoord-42"


@pytest.fixture(scope="module")
def store(seed_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("signin-store") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    return path


@pytest.fixture(scope="module")
def contacts(store) -> list[str]:
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute("SELECT naam, email, telefoon FROM contactpersonen").fetchall()
    con.close()
    values = [v for row in rows for v in row if v]
    assert values, "the seed register should hold contact persons for this test to mean anything"
    return values


@pytest.fixture(scope="module")
def dashboard(store, tmp_path_factory):
    """The dashboard with sign-in configured (no shared password), on a private store."""
    port = free_ports(1)
    secrets_file = tmp_path_factory.mktemp("signin-dash") / "secrets.toml"
    with run_oidc_provider(USERS) as provider:
        secrets_file.write_text(secrets_toml(f"http://localhost:{port}", provider, ROLES))
        with run_app(REPO / "app.py", secrets_file, port, env={"VLIEGWIEL_DB": str(store)}) as base:
            yield base


@pytest.fixture
def tab(browser):
    """A page that reaches only localhost (the provider's pages link a CDN stylesheet) and
    records every websocket frame the server sends."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="nl-NL", accept_downloads=True)
    context.route("http*://**", lambda route: route.continue_() if route.request.url.startswith(
        ("http://localhost", "http://127.0.0.1")) else route.abort())
    pg = context.new_page()
    pg.frames_received = []
    pg.on("websocket", lambda ws: ws.on("framereceived", lambda payload: pg.frames_received.append(
        payload if isinstance(payload, bytes) else payload.encode("utf-8"))))
    yield pg
    context.close()


def _sign_in(pg, base: str, sub: str) -> None:
    pg.goto(f"{base}/data")
    wait_for_app(pg)
    pg.get_by_role("button", name="Inloggen").click()
    pg.wait_for_url("**/oauth2/authorize**")
    pg.get_by_role("button", name=sub, exact=True).click()
    pg.wait_for_url(f"{base}/**", timeout=30_000)
    pg.goto(f"{base}/data")
    wait_for_app(pg)


def _leaks(pg, values: list[str]) -> list[str]:
    text = pg.locator("body").inner_text()
    sent = b"".join(pg.frames_received)
    return [v for v in values if v in text or v.encode("utf-8") in sent]


def test_a_signed_in_viewer_sees_no_upload_and_no_contact_person_anywhere(dashboard, tab, contacts):
    _sign_in(tab, dashboard, "kijker")
    main = tab.locator('[data-testid="stMain"]').inner_text()
    assert "geen rechten om het register bij te werken" in main
    assert tab.locator('input[type="file"]').count() == 0
    assert "Contactpersonen (vertrouwelijk" not in main
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Alles als Excel-bestand (.xlsx)").click()
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    cells = " ".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    assert not [v for v in contacts if v in cells]
    leaks = _leaks(tab, contacts)
    for path in PAGES:
        tab.goto(f"{dashboard}/{path}")
        wait_for_app(tab)
        leaks += [f"{path or 'overzicht'}: {v}" for v in _leaks(tab, contacts)]
    assert not leaks, leaks


def test_an_editor_imports_and_appears_in_the_history_by_name(dashboard, tab, contacts, store, tmp_path):
    _sign_in(tab, dashboard, "eva")
    assert "Aangemeld als Eva Editor (redacteur)" in tab.locator('[data-testid="stMain"]').inner_text()
    # the positive control of the viewer's test: an editor's page does carry the contact persons
    assert _leaks(tab, contacts)
    register = tmp_path / "register.csv"
    register.write_text("Naam initiatief;Gemeente;Dorp/kern;Thema's\nMoestuin Proef;Lopik;Polsbroek;Voedsel\n",
                        encoding="utf-8")
    tab.locator('input[type="file"]').set_input_files(str(register))
    tab.get_by_role("button", name="Bevestigen en bijwerken").click()
    tab.get_by_text("Import gelukt").wait_for(timeout=30_000)
    con = duckdb.connect(str(store), read_only=True)
    door = con.execute("SELECT door FROM ingest_runs WHERE bestand = 'register.csv' AND uitkomst = 'gelukt'").fetchall()
    con.close()
    assert door == [("Eva Editor",)]
    tab.goto(f"{dashboard}/data")
    wait_for_app(tab)
    history = tab.locator('[data-testid="stDataFrame"]').filter(has_text="Gestart")
    history.first.wait_for(state="attached", timeout=20_000)
    text = history.first.text_content()
    assert "Eva Editor" in text and "eva@provincie-utrecht.nl" not in text


@pytest.fixture(scope="module")
def password_server(seed_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("lockout") / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    with run_streamlit(path, {"VLIEGWIEL_UPLOAD_WACHTWOORD": PASSWORD}) as base:
        yield base


def test_ten_wrong_passwords_lock_out(password_server, page):
    page.goto(f"{password_server}/data")
    wait_for_app(page)
    messages = []
    fout = page.locator('[data-testid="stAlertContentError"]')
    for i in range(10):
        page.get_by_label("Wachtwoord").fill(f"fout-{i}")
        page.get_by_role("button", name="Inloggen").click()
        wait_for_app(page)
        # wait for this attempt's answer: on a busy machine the previous one can still be showing
        verwacht = f"Nog {4 - i} poging" if i < 4 else "Te veel onjuiste pogingen"
        expect(fout).to_contain_text(re.compile(verwacht), timeout=15_000)
        messages.append(fout.inner_text())
    assert messages[0].startswith("Onjuist wachtwoord. Nog 4 pogingen")
    assert all(m.startswith("Te veel onjuiste pogingen. Probeer het over") for m in messages[4:]), messages
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    wait_for_app(page)
    assert page.locator('[data-testid="stAlertContentError"]').inner_text().startswith("Te veel onjuiste pogingen")
    assert page.get_by_text("Wat wilt u bijwerken?").count() == 0
    # another browser (a new session) is locked out too: the counter is the server's
    other = page.context.browser.new_context().new_page()
    other.goto(f"{password_server}/data")
    wait_for_app(other)
    other.get_by_label("Wachtwoord").fill(PASSWORD)
    other.get_by_role("button", name="Inloggen").click()
    wait_for_app(other)
    assert other.locator('[data-testid="stAlertContentError"]').inner_text().startswith("Te veel onjuiste pogingen")
    other.context.close()
