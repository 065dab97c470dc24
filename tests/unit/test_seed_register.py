"""The seed register transcribed from the five source documents in ../shared/seeds."""
from __future__ import annotations

import csv
import re

import duckdb
import pytest

from pipelines import config
from pipelines.build import SEED_TABLES, build

SEED_DIR = config.SEED_DIR
DOCS = {p.name for p in config.seeds_docs_dir().glob("*.txt")}

# Tables whose text is shown on public and presentation screens: no personal names there.
PUBLIC_TABLES = ["initiatieven", "organisaties", "verbindingen", "pilots", "mijlpalen", "bijeenkomsten", "lessen"]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("seed_register") / "t.duckdb")
    connection = duckdb.connect(str(path), read_only=True)
    yield connection
    connection.close()


def test_five_source_documents_present():
    assert len(DOCS) == 5


@pytest.mark.parametrize("table", SEED_TABLES)
def test_every_seed_record_cites_a_source_document(table):
    path = SEED_DIR / f"{table}.csv"
    assert path.exists(), f"{path.name} ontbreekt"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows, f"{path.name} is leeg"
    if table in ("initiatief_kernen", "initiatief_themas"):
        return  # link tables without a bron column
    bad = [r for r in rows if r.get("bron") not in DOCS]
    assert not bad, f"{table}: bron ontbreekt of onbekend in {bad[:3]}"


def test_every_loaded_record_cites_a_source_document(con):
    for table in ["initiatieven", "verbindingen", "pilots", "mijlpalen", "bijeenkomsten", "lessen",
                  "contactpersonen", "themas"]:
        bronnen = {r[0] for r in con.execute(f"SELECT DISTINCT bron FROM {table}").fetchall()}
        assert bronnen <= DOCS, (table, bronnen - DOCS)
    bronnen = {r[0] for r in con.execute(
        "SELECT DISTINCT bron FROM organisaties WHERE soort NOT IN ('gemeente', 'provincie')").fetchall()}
    assert bronnen and bronnen <= DOCS


def test_exactly_the_four_pilots(con):
    rows = con.execute("""
        SELECT p.pilot_id, p.initiatief_id, i.gemeente_code, i.is_pilot
        FROM pilots p JOIN initiatieven i USING (initiatief_id) ORDER BY p.pilot_id
    """).fetchall()
    assert sorted(rows) == sorted([
        ("pilot-voedselschuur", "ini-voedselschuur-eiland-van-schalkwijk", "GM0321", True),
        ("pilot-mastenbroek", "ini-plan-mastenbroek", None, True),
        ("pilot-lopikerwaard", "ini-duurzaam-lopikerwaard", "GM0331", True),
        ("pilot-gelukkig-vitaal", "ini-gelukkig-en-vitaal", "GM0312", True),
    ])
    assert con.execute("SELECT count(*) FROM initiatieven WHERE is_pilot").fetchone()[0] == 4


def test_voedselschuur_in_schalkwijk(con):
    kern = con.execute("""
        SELECT k.naam FROM initiatieven i JOIN kernen k USING (kern_id)
        WHERE i.initiatief_id = 'ini-voedselschuur-eiland-van-schalkwijk'
    """).fetchone()
    assert kern == ("Schalkwijk",)


def test_lopikerwaard_has_thema_energie(con):
    themas = {r[0] for r in con.execute(
        "SELECT thema_id FROM initiatief_themas WHERE initiatief_id = 'ini-duurzaam-lopikerwaard'").fetchall()}
    assert "energie" in themas


def test_gelukkig_en_vitaal_works_in_three_kernen(con):
    kernen = {r[0] for r in con.execute("""
        SELECT k.naam FROM initiatief_kernen ik JOIN kernen k USING (kern_id)
        WHERE ik.initiatief_id = 'ini-gelukkig-en-vitaal'
    """).fetchall()}
    assert kernen == {"Werkhoven", "Bunnik", "Odijk"}
    assert con.execute(
        "SELECT kern_id FROM initiatieven WHERE initiatief_id = 'ini-gelukkig-en-vitaal'").fetchone() == (None,)


def test_plan_mastenbroek_location_unknown(con):
    row = con.execute(
        "SELECT kern_id, gemeente_code FROM initiatieven WHERE initiatief_id = 'ini-plan-mastenbroek'").fetchone()
    assert row == (None, None)
    assert con.execute(
        "SELECT count(*) FROM initiatief_kernen WHERE initiatief_id = 'ini-plan-mastenbroek'").fetchone()[0] == 0


def test_no_personal_names_outside_contactpersonen(con):
    names = [r[0] for r in con.execute("SELECT naam FROM contactpersonen").fetchall()]
    assert names
    patterns = [re.compile(rf"\b{re.escape(n)}\b", re.IGNORECASE) for n in names]
    hits = []
    for table in PUBLIC_TABLES:
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND data_type = 'VARCHAR'",
            [table]).fetchall()]
        for row in con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall():
            for col, value in zip(cols, row):
                if value and any(p.search(value) for p in patterns):
                    hits.append((table, col, value[:80]))
    assert not hits, hits


def test_key_events_exist(con):
    dates = {str(r[0]) for r in con.execute(
        "SELECT datum FROM bijeenkomsten WHERE datum_precisie = 'dag'").fetchall()}
    assert {"2020-11-05", "2020-12-08"} <= dates


def test_pilot_milestones(con):
    rows = con.execute("""
        SELECT pilot_id, count(*) FILTER (WHERE datum = DATE '2020-11-05' AND status = 'gedaan'),
               count(*) FILTER (WHERE datum = DATE '2020-12-08' AND status = 'gepland')
        FROM mijlpalen GROUP BY pilot_id
    """).fetchall()
    assert sorted(rows) == sorted([(p, 1, 1) for p in
                                   ["pilot-voedselschuur", "pilot-mastenbroek", "pilot-lopikerwaard",
                                    "pilot-gelukkig-vitaal"]])


def test_lessons_and_quotes_use_roles_not_names(con):
    counts = dict(con.execute("SELECT soort, count(*) FROM lessen GROUP BY soort").fetchall())
    assert 8 <= counts.get("citaat", 0) <= 12
    assert counts.get("werkend element", 0) >= 5
    assert counts.get("aanbeveling", 0) >= 10
    assert con.execute(
        "SELECT pilot_id FROM lessen WHERE les_id = 'les-regie-en-beleid'").fetchone() == ("pilot-lopikerwaard",)
