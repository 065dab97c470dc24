"""Sign-in for civil servants (issue 15) and a failed import on the upload page (issue 11),
through the real Data & bronnen page with AppTest's simulated st.user and st.secrets."""
import errno
import time

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import store
from tests.conftest import REPO
from vliegwiel import auth, bronnen
from vliegwiel.ui import upload

CONTACT_NAME = "Anne Hollander"  # an initiator named in the 2020 report: personal data
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "vliegwiel-test", "client_secret": "y",
        "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration"}
ROLLEN = {"redacteur_domeinen": ["provincie-utrecht.nl"], "rol_claim": "roles",
          "redacteur_rollen": ["Vliegwiel.Redacteur"]}
EDITOR = {"is_logged_in": True, "name": "Eva Editor", "email": "eva@provincie-utrecht.nl", "sub": "eva"}
VIEWER = {"is_logged_in": True, "name": "Kees Kijker", "email": "kees@example.org", "sub": "kees"}
CSV = "Naam;Gemeente;Kern;![logo](http://evil.example/x.png)\nDorpshuis Proef;Lopik;Benschop;x\n".encode()


@pytest.fixture(autouse=True)
def fresh_lockout(monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR, raising=False)
    upload.lockout.clear()
    yield
    upload.lockout.clear()


def _data_page(db_path, monkeypatch, user=None, secrets=None) -> AppTest:
    monkeypatch.setenv("VLIEGWIEL_DB", str(db_path))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    if user is not None:
        at.user = user
    if secrets:
        at.secrets = secrets
    at.run()
    at.switch_page("app_pages/data.py")
    return at.run()


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [e.value for e in at.error] + [s.value for s in at.success] + [w.value for w in at.warning]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


def _buttons(at) -> list[str]:
    return [b.label for b in at.button]


def test_not_signed_in_sees_a_sign_in_button_and_nothing_protected(seed_db, monkeypatch):
    at = _data_page(seed_db, monkeypatch, user={"is_logged_in": False}, secrets={"auth": AUTH, "rollen": ROLLEN})
    assert not at.exception
    assert "Inloggen" in _buttons(at)
    assert not at.get("file_uploader") and not at.text_input
    assert CONTACT_NAME not in _texts(at)


def test_a_signed_in_viewer_gets_no_upload_and_no_contacts(seed_db, monkeypatch):
    at = _data_page(seed_db, monkeypatch, user=VIEWER, secrets={"auth": AUTH, "rollen": ROLLEN})
    assert not at.exception
    assert any("geen rechten om het register bij te werken" in i.value for i in at.info)
    assert not at.get("file_uploader")
    assert CONTACT_NAME not in _texts(at)
    assert "Uitloggen" in _buttons(at)


@pytest.mark.parametrize("user", [EDITOR, {**VIEWER, "roles": ["Vliegwiel.Redacteur"]}])
def test_an_editor_gets_upload_and_contacts(seed_db, monkeypatch, user):
    at = _data_page(seed_db, monkeypatch, user=user, secrets={"auth": AUTH, "rollen": ROLLEN})
    assert not at.exception
    assert at.get("file_uploader")
    assert CONTACT_NAME in _texts(at)
    assert f"Aangemeld als {user['name']}" in _texts(at)


def test_an_expired_sign_in_asks_to_sign_in_again(seed_db, monkeypatch):
    at = _data_page(seed_db, monkeypatch, user={**EDITOR, "exp": time.time() - 60},
                    secrets={"auth": AUTH, "rollen": ROLLEN})
    assert any("Uw aanmelding is verlopen; log opnieuw in" in w.value for w in at.warning)
    assert not at.get("file_uploader") and CONTACT_NAME not in _texts(at)


def test_with_sign_in_configured_the_shared_password_is_not_offered(seed_db, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, "geheim-123")
    at = _data_page(seed_db, monkeypatch, user={"is_logged_in": False}, secrets={"auth": AUTH})
    assert not at.text_input and "Inloggen" in _buttons(at)


def test_neither_configured_means_upload_is_off(seed_db, monkeypatch):
    at = _data_page(seed_db, monkeypatch, user=EDITOR, secrets={"rollen": ROLLEN})
    assert any("Uploaden staat uit" in i.value for i in at.info)
    assert not at.get("file_uploader") and not at.text_input and CONTACT_NAME not in _texts(at)


def test_wrong_passwords_lock_out_even_the_right_one(seed_db, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, "geheim-123")
    at = _data_page(seed_db, monkeypatch)
    messages = []
    for _ in range(10):
        at.text_input[0].input("fout")
        at.button[0].click().run()
        messages.append(at.error[0].value)
    assert messages[0] == "Onjuist wachtwoord. Nog 4 pogingen voordat het inloggen even wordt geblokkeerd."
    assert all(m.startswith("Te veel onjuiste pogingen.") for m in messages[4:])
    at.text_input[0].input("geheim-123")
    at.button[0].click().run()
    assert at.error[0].value.startswith("Te veel onjuiste pogingen.")
    assert not at.get("file_uploader") and CONTACT_NAME not in _texts(at)


def _editor_with_file(db_path, monkeypatch) -> AppTest:
    at = _data_page(db_path, monkeypatch, user=EDITOR, secrets={"auth": AUTH, "rollen": ROLLEN})
    at.file_uploader[0].upload("register.csv", CSV, "text/csv")
    return at.run()


def test_header_cells_in_messages_are_escaped(writable_db, monkeypatch):
    at = _editor_with_file(writable_db, monkeypatch)
    assert not at.exception
    notice = next(i.value for i in at.info if "niet herkend" in i.value)
    assert "![" not in notice and "](" not in notice and r"\!\[logo\]" in notice


def test_an_editor_import_is_recorded_by_name(writable_db, monkeypatch):
    at = _editor_with_file(writable_db, monkeypatch)
    next(b for b in at.button if b.label == "Bevestigen en bijwerken").click().run()
    assert not at.exception
    assert any(s.value.startswith("Import gelukt") for s in at.success)
    con = duckdb.connect(str(writable_db), read_only=True)
    assert con.execute("SELECT door FROM ingest_runs ORDER BY run_id DESC LIMIT 1").fetchone()[0] == "Eva Editor"
    history = bronnen.import_geschiedenis(con)
    con.close()
    assert history["Door"].iloc[0] == "Eva Editor"
    assert "eva@provincie-utrecht.nl" not in history.to_csv()


def test_a_failed_confirm_shows_the_dutch_reason_and_keeps_the_report(writable_db, monkeypatch):
    at = _editor_with_file(writable_db, monkeypatch)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(store, "update", disk_full)
    next(b for b in at.button if b.label == "Bevestigen en bijwerken").click().run()
    assert not at.exception, at.exception
    fout = "\n".join(e.value for e in at.error)
    assert "Bijwerken is mislukt; de database is niet gewijzigd." in fout
    assert "de schijf is vol" in fout and "No space" not in fout
    assert any("gecontroleerd en in orde" in s.value for s in at.success)  # the report stays
    at.run()  # and stays after the next rerun
    assert "de schijf is vol" in "\n".join(e.value for e in at.error)


def test_door_in_the_public_history_is_a_name_or_role_never_an_address():
    assert auth.door_weergave("Eva Editor") == "Eva Editor"
    assert auth.door_weergave("eva@provincie-utrecht.nl") == "redacteur"
    assert auth.door_weergave(None) == "onbekend" and auth.door_weergave(" ") == "onbekend"
    assert auth.door_weergave(auth.PASSWORD_DOOR) == "redacteur (gedeeld wachtwoord)"
