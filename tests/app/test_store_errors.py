"""Issue 11: a damaged or old-schema store gives a Dutch message on every public page, never a
traceback (caught once, in shell.connection / shell.query and vliegwiel.db)."""
import shutil

import duckdb
import pytest

from vliegwiel import db

PAGES = ["overzicht", "kaart", "gemeente", "themas", "netwerk", "presentatie", "data"]


def _messages(at) -> str:
    return "\n".join(e.value for e in at.error)


@pytest.fixture
def corrupt_db(tmp_path, seed_db):
    """The seed store with its pages overwritten halfway: a truncated copy or a disk error."""
    path = tmp_path / "vliegwiel.duckdb"
    data = seed_db.read_bytes()
    path.write_bytes(data[:4096] + b"\x00garbage" * 1000)
    return path


@pytest.fixture
def not_duckdb(tmp_path):
    path = tmp_path / "vliegwiel.duckdb"
    path.write_bytes(b"PK\x03\x04 dit is een Excel-bestand, geen database" * 50)
    return path


@pytest.fixture
def missing_tables(tmp_path, seed_db):
    path = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    con = duckdb.connect(str(path))
    con.execute("DROP VIEW knopen")
    con.execute("DROP TABLE veld_bronnen")
    con.close()
    return path


@pytest.fixture
def old_schema(tmp_path, seed_db):
    """A store from before sign-in by name: ingest_runs has no `door` column."""
    path = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, path)
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE ingest_runs DROP COLUMN door")
    con.close()
    return path


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("store, expected", [
    ("not_duckdb", "beschadigd of onleesbaar"),
    ("missing_tables", "oudere versie van het dashboard (tabel ontbreekt: knopen, veld_bronnen)"),
])
def test_a_broken_store_gives_a_dutch_message_on_every_page(app_test, request, page, store, expected):
    at = app_test(request.getfixturevalue(store), page=page)
    assert not at.exception, at.exception
    assert expected in _messages(at)
    assert "Traceback" not in _messages(at) and "Error" not in _messages(at)


def test_a_truncated_store_gives_a_dutch_message(app_test, corrupt_db):
    at = app_test(corrupt_db, page="data")
    assert not at.exception, at.exception
    assert "De gegevens kunnen nu niet worden getoond" in _messages(at)


def test_an_old_schema_names_what_is_missing(app_test, old_schema):
    at = app_test(old_schema, page="data")
    assert not at.exception, at.exception
    assert "kolom ontbreekt: ingest_runs.door" in _messages(at)


def test_check_schema_accepts_a_sound_store_and_refuses_an_old_one(seed_db, old_schema):
    db.open_checked(seed_db).close()
    with pytest.raises(db.StoreUnavailable, match="ingest_runs.door"):
        db.open_checked(old_schema)
