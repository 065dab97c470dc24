"""Key figures of the home page and the per-gemeente figures behind the map."""
from __future__ import annotations

import duckdb
import pytest

from vliegwiel import overzicht
from vliegwiel.filters import Filters


@pytest.fixture(scope="module")
def con(seed_db):
    c = duckdb.connect(str(seed_db), read_only=True)
    yield c
    c.close()


def _n(con, sql, params=()):
    return con.execute(sql, list(params)).fetchone()[0]


def test_kerncijfers_unfiltered_match_the_database(con):
    k = overzicht.kerncijfers(con)
    assert k.kernen == _n(con, "SELECT count(*) FROM kernen") == 104
    assert k.kleine_kernen == _n(con, "SELECT count(*) FROM kernen WHERE is_kleine_kern")
    assert k.initiatieven == _n(con, "SELECT count(*) FROM initiatieven")
    assert k.pilots == 4
    assert k.themas_totaal == _n(con, "SELECT count(*) FROM themas WHERE soort = 'thema'")
    assert k.themas_gedekt == _n(con, """SELECT count(DISTINCT it.thema_id) FROM initiatief_themas it
                                        JOIN themas t USING (thema_id) WHERE t.soort = 'thema'""")
    assert k.verbindingen == _n(con, """SELECT count(*) FROM verbindingen v WHERE v.van_id IN
        (SELECT initiatief_id FROM initiatieven) OR v.naar_id IN (SELECT initiatief_id FROM initiatieven)""")
    assert 0 < k.kleine_kernen_met_initiatief <= k.kleine_kernen
    assert k.gemeenten == 26


def test_kerncijfers_follow_the_filters(con):
    k = overzicht.kerncijfers(con, Filters(gemeenten=("GM0331",), themas=("energie",)))
    assert (k.initiatieven, k.pilots, k.themas_gedekt, k.themas_totaal, k.gemeenten) == (1, 1, 1, 1, 1)
    assert k.kernen == _n(con, "SELECT count(*) FROM kernen WHERE gemeente_code = 'GM0331'")
    assert k.verbindingen == _n(con, """SELECT count(*) FROM verbindingen
        WHERE 'ini-duurzaam-lopikerwaard' IN (van_id, naar_id)""")
    assert overzicht.kerncijfers(con, Filters(alleen_pilots=True)).initiatieven == 4
    assert overzicht.kerncijfers(con, Filters(statussen=("bestaat-niet",))).initiatieven == 0
    klein = overzicht.kerncijfers(con, Filters(grootteklassen=("tot-1000",)))
    assert klein.kernen == klein.kleine_kernen == _n(con, "SELECT count(*) FROM kernen WHERE grootteklasse = 'tot-1000'")


def test_gemeente_cijfers(con):
    g = overzicht.gemeente_cijfers(con)
    assert len(g) == 26 and g["in_selectie"].all()
    assert g["initiatieven"].sum() == _n(con, "SELECT count(*) FROM initiatieven WHERE gemeente_code IS NOT NULL")
    assert g["kernen"].sum() == 104
    bunnik = g.set_index("gemeente_code").loc["GM0312"]
    assert bunnik["per_1000"] == pytest.approx(bunnik["initiatieven"] / bunnik["inwoners"] * 1000)
    assert bunnik["pilots"] == 1
    # kleine kernen without any initiative: Werkhoven, Bunnik and Odijk all have the pilot
    assert bunnik["kleine_kernen_zonder_initiatief"] == 0


def test_gemeente_cijfers_outside_selection(con):
    g = overzicht.gemeente_cijfers(con, Filters(gemeenten=("GM0331",)))
    assert g["in_selectie"].sum() == 1
    buiten = g[~g["in_selectie"]]
    assert (buiten["initiatieven"] == 0).all() and buiten["per_1000"].isna().all()


def test_sterkst_en_dunst(con):
    g = overzicht.gemeente_cijfers(con)
    sterk, dun = overzicht.sterkst_en_dunst(g, 3)
    assert len(sterk) == 3 and (sterk["initiatieven"] > 0).all()
    assert list(sterk["per_1000"]) == sorted(sterk["per_1000"], reverse=True)
    assert list(dun["per_1000"]) == sorted(dun["per_1000"])
    zonder = overzicht.gemeenten_zonder_initiatief(g)
    assert "Amersfoort" in zonder and "Utrecht" not in zonder
    assert len(zonder) + (g["initiatieven"] > 0).sum() == 26


def test_empty_and_synthetic(empty_db, synthetic_db):
    with duckdb.connect(str(empty_db), read_only=True) as c:
        k = overzicht.kerncijfers(c)
        assert (k.initiatieven, k.pilots, k.verbindingen, k.themas_gedekt) == (0, 0, 0, 0)
        assert k.kernen == 104
        sterk, dun = overzicht.sterkst_en_dunst(overzicht.gemeente_cijfers(c))
        assert sterk.empty and dun.empty
    with duckdb.connect(str(synthetic_db), read_only=True) as c:
        assert overzicht.kerncijfers(c).initiatieven >= 2000
