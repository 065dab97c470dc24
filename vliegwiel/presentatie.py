"""The harvest-festival story: the slides, their order, and the data each needs. Pure
functions over the store; the page only renders them."""
from __future__ import annotations

import os
from dataclasses import dataclass

import duckdb
import pandas as pd

from vliegwiel.filters import Filters

FONT = 24  # plotly font size on slides: readable on a shared 1280x720 screen
DIA_SECONDEN = 30  # auto-advance: seconds per slide (VLIEGWIEL_DIA_SECONDEN overrides)


@dataclass(frozen=True)
class Dia:
    sleutel: str
    titel: str


DIAS = [
    Dia("provincie", "In één oogopslag"),
    Dia("kaart", "De kleine kernen op de kaart"),
    Dia("themas", "Thema's en witte vlekken"),
    Dia("vliegwiel", "Het vliegwiel in de tijd"),
    Dia("pilots", "De vier pilots"),
    Dia("netwerk", "Het netwerk en zijn verbinders"),
    Dia("slot", "Tot slot: wat deelnemers zeiden"),
]


def dia_seconden() -> float:
    """Seconds per slide when auto-advancing; a click by the presenter pauses twice as long."""
    try:
        return max(1.0, float(os.environ.get("VLIEGWIEL_DIA_SECONDEN", DIA_SECONDEN)))
    except ValueError:
        return float(DIA_SECONDEN)


def automatisch_verder(nu: float, gepland: float, laatste_interactie: float | None,
                       seconden: float) -> tuple[bool, float]:
    """Auto-advance: whether to go to the next slide now, and when the next change is due.
    A presenter's click holds the slide for 2 x `seconden` after that click."""
    moment = max(gepland, (laatste_interactie or 0.0) + 2 * seconden)
    if nu >= moment:
        return True, nu + seconden
    return False, moment


def dia_nummer(waarde: str | None) -> int:
    """The slide number (1-based) from the URL; anything else is slide 1."""
    try:
        n = int(waarde or 1)
    except ValueError:
        return 1
    return min(max(n, 1), len(DIAS))


def gebied_naam(con: duckdb.DuckDBPyConnection, filters: Filters) -> str:
    """'de provincie Utrecht', 'gemeente Bunnik' or 'gemeenten Bunnik en Houten'."""
    if not filters.gemeenten:
        return "de provincie Utrecht"
    where, params = filters.gemeente_clause("g")
    namen = [r[0] for r in con.execute(
        f"SELECT naam FROM gemeenten g WHERE {where} ORDER BY naam", params).fetchall()]
    if len(namen) == 1:
        return f"gemeente {namen[0]}"
    return "gemeenten " + ", ".join(namen[:-1]) + " en " + namen[-1]


def gemeenten_geo(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT gemeente_code, naam, geometry_geojson FROM gemeenten ORDER BY naam").df()


def kernen_met_aantallen(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Every kern with the number of (filtered) initiatives working there."""
    where, params = filters.initiatief_clause("i")
    return con.execute(f"""
        SELECT k.kern_id, k.naam, k.gemeente_code, k.latitude, k.longitude, k.inwoners, k.is_kleine_kern,
               count(DISTINCT i.initiatief_id) AS aantal_initiatieven
        FROM kernen k
        LEFT JOIN initiatief_kernen ik ON ik.kern_id = k.kern_id
        LEFT JOIN initiatieven i ON i.initiatief_id = ik.initiatief_id AND {where}
        GROUP BY ALL ORDER BY k.naam
    """, params).df()


def citaten(con: duckdb.DuckDBPyConnection, n: int = 3) -> pd.DataFrame:
    """Short quotes from the documents, with the speaker's role and the source's title."""
    return con.execute("""
        SELECT coalesce(l.tekst, l.titel) AS citaat, l.spreker, coalesce(b.titel, l.bron) AS bron
        FROM lessen l LEFT JOIN bronnen b ON b.bron_id = l.bron
        WHERE l.soort = 'citaat' AND length(coalesce(l.tekst, l.titel)) BETWEEN 20 AND 220
        ORDER BY length(coalesce(l.tekst, l.titel)), l.les_id
        LIMIT ?
    """, [n]).df()


def verbinders(knopen: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The nodes that bridge most (betweenness), for the network slide."""
    if knopen.empty:
        return knopen
    top = knopen[knopen["verbinder_score"] > 0].sort_values(
        ["verbinder_score", "aantal_verbindingen"], ascending=False)
    return top.head(n)
