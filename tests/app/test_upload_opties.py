"""Upload page options of issue 13: "volledig register" with the records it retires listed before
confirming; an older export's step back needs an explicit tick; the undo sits behind the same
sign-in as the upload (an st.login editor too, a viewer not)."""
from __future__ import annotations

import pytest

from pipelines.ingest import ingest
from tests.app.test_upload_signin import AUTH, EDITOR, ROLLEN, VIEWER, _data_page
from tests.ingest_util import FIXTURES, lees
from vliegwiel import auth
from vliegwiel.ui import upload

UIT = "niet meer in register"
VOLLEDIG = "Dit is het volledige register van de gemeenten in het bestand"


@pytest.fixture(autouse=True)
def fresh_lockout(monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR, raising=False)
    upload.lockout.clear()
    yield
    upload.lockout.clear()


def _editor(db, monkeypatch, naam: str, data: bytes):
    at = _data_page(db, monkeypatch, user=EDITOR, secrets={"auth": AUTH, "rollen": ROLLEN})
    at.file_uploader[0].upload(naam, data, "text/csv")
    return at.run()


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_a_complete_register_lists_what_it_retires_before_confirming(writable_db, monkeypatch):
    gm, gemeente = lees(writable_db, "SELECT i.gemeente_code, g.naam FROM initiatieven i JOIN gemeenten g USING (gemeente_code) "
                                     "GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1")[0]
    namen = [n for (n,) in lees(writable_db, "SELECT naam FROM initiatieven WHERE gemeente_code = ? ORDER BY naam", [gm])]
    at = _editor(writable_db, monkeypatch, "register.csv", f"Naam initiatief;Gemeente\n{namen[0]};{gm}\n".encode())
    assert not at.exception
    assert not any("niet meer in register" in w.value for w in at.warning)  # off unless chosen
    next(c for c in at.checkbox if c.label == VOLLEDIG).check().run()
    assert not at.exception
    assert any(f"{len(namen) - 1} initiatieven krijgen" in w.value for w in at.warning)
    lijst = next(df.value for df in at.dataframe if list(df.value.columns) == ["Id", "Naam", "Gemeente"])
    assert sorted(lijst["Naam"]) == sorted(namen[1:]) and set(lijst["Gemeente"]) == {gemeente}
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE status = ?", [UIT]) == [(0,)]  # preview only
    _button(at, "Bevestigen en bijwerken").click().run()
    assert not at.exception
    uit = lees(writable_db, "SELECT naam FROM initiatieven WHERE status = ? ORDER BY naam", [UIT])
    assert sorted(n for (n,) in uit) == sorted(namen[1:])


def test_without_the_option_nothing_is_retired(writable_db, monkeypatch):
    gm = lees(writable_db, "SELECT gemeente_code FROM initiatieven GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1")[0][0]
    at = _editor(writable_db, monkeypatch, "register.csv", f"Naam initiatief;Gemeente\nIets Nieuws;{gm}\n".encode())
    _button(at, "Bevestigen en bijwerken").click().run()
    assert not at.exception
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE status = ?", [UIT]) == [(0,)]


def _ouder(fase: str) -> bytes:
    return f"Naam initiatief;Gemeente;Fase;Jaar van start\nOuder Test;Lopik;{fase};2019\n".encode()


def test_an_older_export_shows_the_fields_going_back_and_needs_a_tick(writable_db, tmp_path, monkeypatch):
    q1 = tmp_path / "q1.csv"
    q1.write_bytes(_ouder("verkennen"))
    q2 = tmp_path / "q2.csv"
    q2.write_bytes(_ouder("uitvoering"))
    ingest("initiatieven", q1, writable_db)
    ingest("initiatieven", q2, writable_db)
    at = _editor(writable_db, monkeypatch, "q1.csv", _ouder("verkennen"))
    assert not at.exception
    assert any("terug naar een oudere waarde" in w.value for w in at.warning)
    terug = next(df.value for df in at.dataframe if "Terug naar" in df.value.columns)
    assert terug[["Naam", "Veld", "Nu", "Terug naar", "Waarde van"]].values.tolist() == [
        ["Ouder Test", "fase", "uitvoering", "verkennen", "q1.csv"]]
    assert _button(at, "Bevestigen en bijwerken").disabled
    next(c for c in at.checkbox if c.label.startswith("Ik heb dit gecontroleerd")).check().run()
    assert not _button(at, "Bevestigen en bijwerken").disabled
    _button(at, "Bevestigen en bijwerken").click().run()
    assert not at.exception
    assert lees(writable_db, "SELECT fase FROM initiatieven WHERE naam = 'Ouder Test'") == [("verkennen",)]


def test_a_newer_file_needs_no_tick(writable_db, tmp_path, monkeypatch):
    q1 = tmp_path / "q1.csv"
    q1.write_bytes(_ouder("verkennen"))
    ingest("initiatieven", q1, writable_db)
    at = _editor(writable_db, monkeypatch, "q2.csv", _ouder("uitvoering"))
    assert not any("oudere waarde" in w.value for w in at.warning)
    assert not _button(at, "Bevestigen en bijwerken").disabled


def test_an_editor_signed_in_with_the_provider_can_undo_a_viewer_cannot(writable_db, monkeypatch):
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    viewer = _data_page(writable_db, monkeypatch, user=VIEWER, secrets={"auth": AUTH, "rollen": ROLLEN})
    assert not viewer.exception
    assert not any(b.label == "Toon wat er verandert" for b in viewer.button)
    at = _data_page(writable_db, monkeypatch, user=EDITOR, secrets={"auth": AUTH, "rollen": ROLLEN})
    _button(at, "Toon wat er verandert").click().run()
    assert not at.exception
    _button(at, "Ongedaan maken bevestigen").click().run()
    assert not at.exception
    assert any("ongedaan gemaakt" in s.value for s in at.success)
    assert lees(writable_db, "SELECT door FROM ingest_runs WHERE soort = 'ongedaan'") == [("Eva Editor",)]


def test_the_password_in_the_session_without_a_configured_password_opens_nothing(writable_db, monkeypatch):
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    at = _data_page(writable_db, monkeypatch)
    at.session_state["upload_toegang"] = True  # left over, but the install has no password (any more)
    at.run()
    assert not any(b.label == "Toon wat er verandert" for b in at.button)
