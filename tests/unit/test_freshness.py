"""Freshness (issue 13): "laatst bevestigd" per record, the derived status by the rule in config."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipelines import build, config, freshness, store
from pipelines.ingest import ingest
from tests.ingest_util import FIXTURES, lees
from vliegwiel import bronnen
from vliegwiel.filters import Filters


def test_peildatum_of_documents():
    assert freshness.peildatum("mei 2019") == dt.date(2019, 5, 1)
    assert freshness.peildatum("1 januari 2021") == dt.date(2021, 1, 1)
    assert freshness.peildatum("2020") == dt.date(2020, 1, 1)
    assert freshness.peildatum("") is None and freshness.peildatum("onbekend") is None


def test_the_rule_in_one_place():
    import duckdb
    c = duckdb.connect()
    peil = "DATE '2026-06-01'"
    def status(d):
        return c.execute(f"SELECT {freshness.status_sql('x', peil)} FROM (SELECT ?::DATE AS x)", [d]).fetchall()[0][0]
    assert status("2026-01-01") == "actief"
    assert status("2025-05-31") == "stil"
    assert status("2023-06-01") == "vermoedelijk gestopt"
    assert status(None) == config.VERSHEID_ONBEKEND


def test_seed_records_carry_their_documents_date_and_imports_confirm(writable_db):
    seed = lees(writable_db, """SELECT count(*) FROM initiatieven i JOIN bronnen b ON b.bron_id = i.bron
                                WHERE b.peildatum = 'mei 2019' AND i.laatst_bevestigd <> DATE '2019-05-01'""")
    assert seed == [(0,)]
    ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    vandaag = dt.date.today()
    assert lees(writable_db, "SELECT DISTINCT laatst_bevestigd FROM initiatieven WHERE bron LIKE 'initiatieven_excel_nl%'") == [(vandaag,)]
    where, params = Filters(versheid=("actief",)).initiatief_clause("i")
    assert lees(writable_db, f"SELECT count(*) FROM initiatieven i WHERE {where}", params) == [(4,)]
    build.build(writable_db)  # the replay keeps the import's date
    assert lees(writable_db, "SELECT DISTINCT laatst_bevestigd FROM initiatieven WHERE bron LIKE 'initiatieven_excel_nl%'") == [(vandaag,)]
    con = store.open_readonly(writable_db)
    try:
        per_gemeente = bronnen.versheid_per_gemeente(con)
    finally:
        con.close()
    assert len(per_gemeente) == 26
    assert per_gemeente["actief"].sum() == 4
    assert (per_gemeente[[l for l, _ in config.VERSHEID] + [config.VERSHEID_ONBEKEND]].sum(axis=1)
            == per_gemeente["Initiatieven"]).all()
