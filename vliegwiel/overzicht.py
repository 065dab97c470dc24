"""Key figures for the home page and per-gemeente figures shared by the map and the profiles.

Every function takes the global `Filters` and applies them through `Filters.initiatief_clause` /
`kern_clause`, so all pages count the same way:

- places (kernen) follow the place filters (gemeente, size class), initiatives all filters;
- "thema's gedekt" counts the themes (soort 'thema') an initiative of the selection works
  on; when the thema filter is set, the selected themes (of any soort) are the yardstick;
- "verbindingen" are counted by `verbindingen_aantal`, the one definition every page uses:
  the links whose two ends are both nodes of the selection, exactly the lines Netwerk draws.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from vliegwiel import netwerk
from vliegwiel.filters import Filters


def verbindingen_aantal(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    """How many links the selection has: rows of `verbindingen` whose two ends are both nodes
    of the selection (`netwerk.knopen_en_verbindingen`: the filtered initiatives plus the
    organisations linked to them or based in a selected gemeente; without filters every node).
    Links between two organisations count too, and two rows between the same pair are two.
    Overzicht, the slides, the Statenbrief and Netwerk all count this way (24 in the seed)."""
    return len(netwerk.knopen_en_verbindingen(con, filters)[1])


def _themas_where(filters: Filters, alias: str) -> tuple[str, list]:
    """The themes that count for coverage: the selected ones, else every soort 'thema'."""
    if filters.themas:
        return filters.thema_clause(alias)
    return f"{alias}.thema_id IN (SELECT thema_id FROM themas WHERE soort = 'thema')", []


@dataclass(frozen=True)
class Kerncijfers:
    kernen: int
    kleine_kernen: int
    kleine_kernen_met_initiatief: int
    initiatieven: int
    themas_gedekt: int
    themas_totaal: int
    pilots: int
    verbindingen: int
    gemeenten_met_initiatief: int
    gemeenten: int


def kerncijfers(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> Kerncijfers:
    """The home page's headline numbers, each respecting the filters."""
    iw, ip = filters.initiatief_clause("i")
    kw, kp = filters.kern_clause("k")
    tw, tp = _themas_where(filters, "t")
    gem_where, gp = filters.gemeente_clause("g")
    row = con.execute(f"""
        WITH f AS (SELECT i.initiatief_id, i.gemeente_code, i.is_pilot FROM initiatieven i WHERE {iw}),
        kf AS (SELECT k.kern_id, k.is_kleine_kern FROM kernen k WHERE {kw}),
        tf AS (SELECT t.thema_id FROM themas t WHERE {tw})
        SELECT
            (SELECT count(*) FROM kf),
            (SELECT count(*) FROM kf WHERE kf.is_kleine_kern),
            (SELECT count(*) FROM kf WHERE kf.is_kleine_kern AND EXISTS (
                SELECT 1 FROM initiatief_kernen ik JOIN f ON f.initiatief_id = ik.initiatief_id
                WHERE ik.kern_id = kf.kern_id)),
            (SELECT count(*) FROM f),
            (SELECT count(DISTINCT it.thema_id) FROM initiatief_themas it
               JOIN f ON f.initiatief_id = it.initiatief_id JOIN tf ON tf.thema_id = it.thema_id),
            (SELECT count(*) FROM tf),
            (SELECT count(*) FROM pilots p JOIN f ON f.initiatief_id = p.initiatief_id),
            0,  -- verbindingen: filled in below by verbindingen_aantal, the shared definition
            (SELECT count(DISTINCT f.gemeente_code) FROM f),
            (SELECT count(*) FROM gemeenten g WHERE {gem_where})
    """, ip + kp + tp + gp).fetchone()
    waarden = [int(v or 0) for v in row]
    waarden[7] = verbindingen_aantal(con, filters)
    return Kerncijfers(*waarden)


GEMEENTE_COLUMNS = ["gemeente_code", "naam", "inwoners", "in_selectie", "initiatieven", "per_1000",
                    "themas_gedekt", "themas_totaal", "pilots", "kernen", "kleine_kernen",
                    "kleine_kernen_zonder_initiatief"]


def gemeente_cijfers(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per gemeente (all 26, sorted by name) with the filtered counts.

    `in_selectie` is False for gemeenten outside the gemeente filter (their counts are 0);
    `per_1000` is initiatives per 1,000 inhabitants (CBS, 1 januari 2021), NaN without
    inhabitants or outside the selection.
    """
    iw, ip = filters.initiatief_clause("i")
    kw, kp = filters.kern_clause("k")
    tw, tp = _themas_where(filters, "t")
    sel, gp = filters.gemeente_clause("g")
    df = con.execute(f"""
        WITH f AS (SELECT i.initiatief_id, i.gemeente_code FROM initiatieven i WHERE {iw}),
        kf AS (SELECT k.kern_id, k.gemeente_code, k.is_kleine_kern FROM kernen k WHERE {kw}),
        tf AS (SELECT t.thema_id FROM themas t WHERE {tw}),
        met_ini AS (SELECT DISTINCT ik.kern_id FROM initiatief_kernen ik
                    JOIN f ON f.initiatief_id = ik.initiatief_id),
        ini AS (SELECT gemeente_code, count(*) AS n FROM f GROUP BY 1),
        pil AS (SELECT f.gemeente_code, count(*) AS n FROM f JOIN pilots p ON p.initiatief_id = f.initiatief_id
                GROUP BY 1),
        thm AS (SELECT f.gemeente_code, count(DISTINCT it.thema_id) AS n FROM f
                JOIN initiatief_themas it ON it.initiatief_id = f.initiatief_id
                JOIN tf ON tf.thema_id = it.thema_id GROUP BY 1),
        krn AS (SELECT kf.gemeente_code, count(*) AS n,
                       count(*) FILTER (WHERE kf.is_kleine_kern) AS klein,
                       count(*) FILTER (WHERE kf.is_kleine_kern AND met_ini.kern_id IS NULL) AS klein_zonder
                FROM kf LEFT JOIN met_ini ON met_ini.kern_id = kf.kern_id GROUP BY 1)
        SELECT g.gemeente_code, g.naam, g.inwoners, ({sel}) AS in_selectie,
               coalesce(ini.n, 0) AS initiatieven,
               coalesce(thm.n, 0) AS themas_gedekt,
               (SELECT count(*) FROM tf) AS themas_totaal,
               coalesce(pil.n, 0) AS pilots,
               coalesce(krn.n, 0) AS kernen,
               coalesce(krn.klein, 0) AS kleine_kernen,
               coalesce(krn.klein_zonder, 0) AS kleine_kernen_zonder_initiatief
        FROM gemeenten g
        LEFT JOIN ini ON ini.gemeente_code = g.gemeente_code
        LEFT JOIN pil ON pil.gemeente_code = g.gemeente_code
        LEFT JOIN thm ON thm.gemeente_code = g.gemeente_code
        LEFT JOIN krn ON krn.gemeente_code = g.gemeente_code
        ORDER BY g.naam
    """, ip + kp + tp + gp).df()
    for col in ("initiatieven", "themas_gedekt", "themas_totaal", "pilots", "kernen", "kleine_kernen",
                "kleine_kernen_zonder_initiatief"):
        df[col] = df[col].astype("int64")
    df["in_selectie"] = df["in_selectie"].astype(bool)
    inwoners = pd.to_numeric(df["inwoners"], errors="coerce").astype("float64")
    per = df["initiatieven"].astype("float64") / inwoners * 1000.0
    df["per_1000"] = per.where(df["in_selectie"] & (inwoners > 0))
    return df[GEMEENTE_COLUMNS]


RANGORDE_UITLEG = ("Gesorteerd op het aantal initiatieven; bij een gelijk aantal telt het aantal per 1.000 "
                   "inwoners en daarna het aantal thema's.")


def sterkst_en_dunst(cijfers: pd.DataFrame, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Of the selected gemeenten with at least one initiative: the n with the most initiatives
    (ties: more per 1,000 inhabitants, then more themes), and the n with the fewest (ties: fewer
    per 1,000, then fewer themes). Sorted by the count the table's first number column shows,
    so a large city with 10 initiatives is not ranked below a village with 1 (issue 10, item 8);
    the per-1,000 figure is shown beside it. Gemeenten without any initiative:
    see `gemeenten_zonder_initiatief`."""
    met = cijfers[cijfers["in_selectie"] & (cijfers["initiatieven"] > 0)]
    sterk = met.sort_values(["initiatieven", "per_1000", "themas_gedekt", "naam"],
                            ascending=[False, False, False, True], na_position="last").head(n)
    dun = met.sort_values(["initiatieven", "per_1000", "themas_gedekt", "naam"],
                          ascending=[True, True, True, True], na_position="last").head(n)
    return sterk.reset_index(drop=True), dun.reset_index(drop=True)


def gemeenten_zonder_initiatief(cijfers: pd.DataFrame) -> list[str]:
    """Names of the selected gemeenten with no initiative in the (filtered) register."""
    sel = cijfers[cijfers["in_selectie"] & (cijfers["initiatieven"] == 0)]
    return sel["naam"].tolist()
