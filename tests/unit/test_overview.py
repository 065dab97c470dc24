"""Key figures of the home page and the per-gemeente figures behind the map."""
from __future__ import annotations

import duckdb
import pytest

from vliegwiel import overzicht
from vliegwiel.filters import Filters


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
    # every row, links between two organisations included: the lines Netwerk draws (issue 10: 22 vs 24)
    assert k.verbindingen == _n(con, "SELECT count(*) FROM verbindingen") == 24
    assert 0 < k.kleine_kernen_met_initiatief <= k.kleine_kernen
    assert k.gemeenten == 26


def test_kerncijfers_follow_the_filters(con):
    k = overzicht.kerncijfers(con, Filters(gemeenten=("GM0331",), themas=("energie",)))
    assert (k.initiatieven, k.pilots, k.themas_gedekt, k.themas_totaal, k.gemeenten) == (1, 1, 1, 1, 1)
    assert k.kernen == _n(con, "SELECT count(*) FROM kernen WHERE gemeente_code = 'GM0331'")
    # both ends among the nodes: the initiative, organisations linked to it or based in Lopik
    assert k.verbindingen == _n(con, """
        WITH knopen AS (SELECT 'ini-duurzaam-lopikerwaard' AS id UNION
                        SELECT organisatie_id FROM organisaties WHERE gemeente_code = 'GM0331' UNION
                        SELECT CASE WHEN van_id = 'ini-duurzaam-lopikerwaard' THEN naar_id ELSE van_id END
                        FROM verbindingen WHERE 'ini-duurzaam-lopikerwaard' IN (van_id, naar_id))
        SELECT count(*) FROM verbindingen WHERE van_id IN (SELECT id FROM knopen) AND naar_id IN (SELECT id FROM knopen)""")
    assert overzicht.kerncijfers(con, Filters(alleen_pilots=True)).initiatieven == 4
    assert overzicht.kerncijfers(con, Filters(statussen=("bestaat-niet",))).initiatieven == 0
    klein = overzicht.kerncijfers(con, Filters(grootteklassen=("tot-1000",)))
    assert klein.kernen == klein.kleine_kernen == _n(con, "SELECT count(*) FROM kernen WHERE grootteklasse = 'tot-1000'")


def test_verbindingen_are_counted_as_netwerk_draws_them(con):
    from vliegwiel import netwerk
    for f in (Filters(), Filters(gemeenten=("GM0312",)), Filters(gemeenten=("GM0355",)), Filters(themas=("energie",)),
              Filters(alleen_pilots=True)):
        assert overzicht.verbindingen_aantal(con, f) == len(netwerk.netwerk(con, f).verbindingen)
        assert overzicht.kerncijfers(con, f).verbindingen == overzicht.verbindingen_aantal(con, f)


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
    # sorted by what the table's first number says: the count (issue 10: Utrecht's 10 below Lopik's 1)
    assert list(sterk["initiatieven"]) == sorted(sterk["initiatieven"], reverse=True)
    assert list(dun["initiatieven"]) == sorted(dun["initiatieven"])
    assert sterk.iloc[0]["naam"] == g.sort_values("initiatieven").iloc[-1]["naam"]
    gelijk = sterk[sterk["initiatieven"] == sterk.iloc[-1]["initiatieven"]]  # ties: more per 1.000 first
    assert list(gelijk["per_1000"]) == sorted(gelijk["per_1000"], reverse=True)
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
