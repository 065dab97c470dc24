"""Data & bronnen shows per import what changed; a signed-in user can undo an import after a
preview (issue 13)."""
from __future__ import annotations

from pipelines import archive
from pipelines.ingest import ingest
from tests.ingest_util import FIXTURES, lees
from vliegwiel import auth


def test_the_page_shows_what_an_import_changed(app_test, writable_db):
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    at = app_test(writable_db, page="data")
    assert not at.exception
    assert any(h.value == "Wat elke import veranderde" for h in at.subheader)
    tabel = next(df.value for df in at.dataframe if "Wijziging" in df.value.columns and "Oud" in df.value.columns)
    assert set(tabel["Wijziging"]) == {"nieuw"} and "Dorpshuis De Schakel" in set(tabel["Naam"])
    assert any("4 records nieuw" in c.value for c in at.caption)
    assert not any(b.label == "Toon wat er verandert" for b in at.button)  # undo only behind the sign-in


def test_a_signed_in_user_undoes_an_import_after_a_preview(app_test, writable_db, monkeypatch):
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    monkeypatch.setenv(auth.ENV_VAR, "geheim-123")
    at = app_test(writable_db, page="data")
    at.text_input[0].input("geheim-123")
    next(b for b in at.button if b.label != "Toon wat er verandert").click().run()
    next(b for b in at.button if b.label == "Toon wat er verandert").click().run()
    assert not at.exception
    preview = next(df.value for df in at.dataframe if "Daarna" in df.value.columns)
    assert set(preview["Wijziging"]) == {"verdwijnt"} and len(preview) == 4
    next(b for b in at.button if b.label == "Ongedaan maken bevestigen").click().run()
    assert not at.exception
    assert any("ongedaan gemaakt" in s.value for s in at.success)
    assert lees(writable_db, "SELECT count(*) FROM initiatieven WHERE naam = 'Dorpshuis De Schakel'") == [(0,)]
    assert [e.soort for e in archive.entries(writable_db)] == ["import", "ongedaan"]


def test_a_store_of_a_newer_version_is_refused_in_dutch(app_test, writable_db):
    import duckdb

    from pipelines import config
    con = duckdb.connect(str(writable_db))
    con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [config.SCHEMA_VERSION + 1])
    con.close()
    at = app_test(writable_db)
    assert not at.exception
    assert any("nieuwere versie van Vliegwiel" in e.value for e in at.error)
