"""The shell: navigation, URL-bound filters, footer, synthetic banner."""
from vliegwiel.filters import Filters


def test_home_renders_on_seed_data(app_test, seed_db):
    at = app_test(seed_db)
    assert not at.exception
    assert any("Bronnen" in c.value for c in at.caption)


def test_home_renders_on_empty_database(app_test, empty_db):
    assert not app_test(empty_db).exception


def test_unknown_url_value_is_ignored_with_notice(app_test, seed_db):
    at = app_test(seed_db, gemeente=["Lopik", "Nergensland"])
    assert not at.exception
    assert at.multiselect(key="gemeente").value == ["GM0331"]
    assert any("Nergensland" in i.value for i in at.sidebar.info)


def test_synthetic_banner_only_with_synthetic_data(app_test, seed_db, synthetic_db):
    assert not any("synthetisch" in w.value for w in app_test(seed_db).warning)
    assert any("synthetisch" in w.value for w in app_test(synthetic_db).warning)


def test_filter_sql_binds_values_as_parameters():
    sql, params = Filters(gemeenten=("GM0331'; DROP TABLE x; --",), themas=("energie",)).initiatief_clause()
    assert "DROP" not in sql
    # The last parameter: retired records ("niet meer in register") are left out by default (issue 13).
    assert params == ["GM0331'; DROP TABLE x; --", "energie", "niet meer in register"]


def test_a_new_connection_sees_a_swapped_in_file_while_the_old_keeps_the_old(writable_db):
    """DuckDB reuses an open database instance per path; the app must still see new data."""
    from pipelines import store
    from vliegwiel import db

    old = db.connect_readonly(writable_db)
    before = db.cursor(old).execute("SELECT count(*) FROM initiatieven").fetchone()[0]
    store.update(writable_db, lambda con: con.execute(
        "INSERT INTO initiatieven (initiatief_id, naam, bron) VALUES ('ini-test', 'Test', 'x')"))
    assert db.cursor(old).execute("SELECT count(*) FROM initiatieven").fetchone()[0] == before
    new = db.connect_readonly(writable_db)
    assert db.cursor(new).execute("SELECT count(*) FROM initiatieven").fetchone()[0] == before + 1
