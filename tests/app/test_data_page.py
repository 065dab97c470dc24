"""Data & bronnen: public sources and downloads, password-gated upload, contacts only behind it
(sign-in with an identity provider: test_upload_signin.py)."""
import io

import pandas as pd
import pytest

from vliegwiel import auth, bronnen, exports
from vliegwiel.filters import Filters

CONTACT_NAME = "Anne Hollander"  # an initiator named in the 2020 report: personal data


@pytest.fixture(autouse=True)
def fresh_lockout():
    """The password lockout is one per process: a test's wrong attempts must not lock the next."""
    from vliegwiel.ui import upload
    upload.lockout.clear()
    yield
    upload.lockout.clear()


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [e.value for e in at.error] + [s.value for s in at.success]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("db", ["seed_db", "empty_db", "synthetic_db"])
def test_page_renders_without_exceptions(app_test, request, db):
    at = app_test(request.getfixturevalue(db), page="data")
    assert not at.exception
    assert any("Bronnen" == h.value for h in at.subheader)


def test_upload_is_off_without_a_configured_password(app_test, seed_db, monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR, raising=False)
    at = app_test(seed_db, page="data")
    assert any("Uploaden staat uit" in i.value for i in at.info)
    assert not at.text_input  # no password field at all
    assert CONTACT_NAME not in _texts(at)


def test_wrong_password_is_refused_and_shows_no_contacts(app_test, seed_db, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, "geheim-123")
    at = app_test(seed_db, page="data")
    at.text_input[0].input("fout")
    at.button[0].click().run()
    assert any(e.value.startswith("Onjuist wachtwoord.") for e in at.error)
    assert CONTACT_NAME not in _texts(at)
    assert not at.get("file_uploader")


def test_right_password_opens_upload_and_contacts(app_test, seed_db, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, "geheim-123")
    at = app_test(seed_db, page="data")
    at.text_input[0].input("geheim-123")
    at.button[0].click().run()
    assert not at.exception
    assert any(w.label == "Wat wilt u bijwerken?" for w in at.selectbox)
    assert CONTACT_NAME in _texts(at)


def test_password_check():
    assert auth.password_ok("abc", "abc")
    assert not auth.password_ok("abd", "abc")
    assert not auth.password_ok("", "")
    assert not auth.password_ok("x", None)


def test_download_sets_follow_filters_and_hold_no_contacts(seed_db):
    import duckdb
    con = duckdb.connect(str(seed_db), read_only=True)
    alles = bronnen.download_sets(con)
    lopik = bronnen.download_sets(con, Filters(gemeenten=("GM0331",)))
    assert len(lopik["Initiatieven"]) < len(alles["Initiatieven"])
    assert set(lopik["Initiatieven"]["Gemeente"]) == {"Lopik"}
    assert set(lopik["Kernen"]["Gemeente"]) == {"Lopik"}
    dump = "".join(df.to_csv() for df in alles.values())
    assert CONTACT_NAME not in dump


def test_excel_export_roundtrips_sheets(seed_db):
    import duckdb
    con = duckdb.connect(str(seed_db), read_only=True)
    sets = bronnen.download_sets(con)
    workbook = pd.read_excel(io.BytesIO(exports.excel_bytes(sets)), sheet_name=None)
    assert list(workbook) == [name[:31] for name in sets]
    assert len(workbook["Initiatieven"]) == len(sets["Initiatieven"])


def test_csv_export_is_dutch_excel_friendly():
    data = exports.csv_bytes(pd.DataFrame({"Naam": ["Één"], "Waarde": [1.5]}))
    assert data.startswith("\ufeff".encode("utf-8"))
    assert data.decode("utf-8-sig").splitlines() == ["Naam;Waarde", "Één;1,5"]
