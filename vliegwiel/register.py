"""Shared lookups of the register every page needs (gemeente, kern, thema and status options, the
filtered initiative list, sources, the last import): f(con, **params) -> DataFrame, parameters bound as `?`.

Page-specific queries live in the page's own data module (kaart, themas, pilots, netwerk, ...).
"""
from __future__ import annotations

import duckdb
import pandas as pd

from vliegwiel.filters import Filters

# The initiative's theme names as one text, in the themes' order; `{alias}` is the initiatives' alias.
THEMA_NAMEN_SQL = ("(SELECT string_agg(t.naam, ', ' ORDER BY t.volgorde) FROM initiatief_themas it "
                   "JOIN themas t USING (thema_id) WHERE it.initiatief_id = {alias}.initiatief_id)")


def thema_namen(alias: str = "i") -> str:
    """SQL for the comma-separated theme names of the initiative with alias `alias`."""
    return THEMA_NAMEN_SQL.format(alias=alias)


def gemeente_opties(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT gemeente_code, naam FROM gemeenten ORDER BY naam").df()


def themas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT thema_id, naam, soort, groep, omschrijving, volgorde FROM themas ORDER BY volgorde").df()


def statussen(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT coalesce(status, 'onbekend') FROM initiatieven ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def synthetisch_aantal(con: duckdb.DuckDBPyConnection) -> int:
    """Number of synthetic records loaded; > 0 means the app must say so on screen."""
    return con.execute(
        "SELECT (SELECT count(*) FROM initiatieven WHERE is_synthetisch) "
        "+ (SELECT count(*) FROM verbindingen WHERE is_synthetisch)").fetchone()[0]


def bronnen(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT bron_id, titel, bestand, uitgever, peildatum, licentie, soort FROM bronnen ORDER BY soort, bron_id").df()


def laatste_run(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT soort, bestand, klaar_op, uitkomst FROM ingest_runs WHERE uitkomst = 'gelukt' ORDER BY run_id DESC LIMIT 1").df()


def initiatieven(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """The filtered initiative register with kern, gemeente and themes (comma-separated names)."""
    where, params = filters.initiatief_clause()
    return con.execute(f"""
        SELECT i.initiatief_id, i.naam, k.naam AS kern, g.naam AS gemeente, i.gemeente_code, i.kern_id,
               {thema_namen('i')} AS themas,
               i.organisatievorm, i.fase, i.status, i.startjaar, i.is_pilot, i.website, i.beschrijving,
               i.bron, i.is_synthetisch
        FROM initiatieven i
        LEFT JOIN kernen k ON k.kern_id = i.kern_id
        LEFT JOIN gemeenten g ON g.gemeente_code = i.gemeente_code
        WHERE {where}
        ORDER BY i.naam
    """, params).df()


def kern_opties(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """kern_id, label, gemeente_code: the label is the name, with the gemeente added where
    two kernen share a name (Tienhoven)."""
    df = con.execute("""
        SELECT k.kern_id, k.naam, k.gemeente_code, g.naam AS gemeente,
               count(*) OVER (PARTITION BY k.naam) AS n
        FROM kernen k JOIN gemeenten g ON g.gemeente_code = k.gemeente_code
        ORDER BY k.naam, g.naam
    """).df()
    df["label"] = [f"{r.naam} ({r.gemeente})" if r.n > 1 else r.naam for r in df.itertuples()]
    return df[["kern_id", "label", "naam", "gemeente_code", "gemeente"]]


PLAATS_PREFIX = "plaats:"


def plaats_opties(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Known places that are no woonplaats (pipelines/gazetteer.py) as picker options:
    optie ('plaats:<key>:<kern_id>'), label ('Cabauw (deel van woonplaats Lopik)'), naam, kern_id, kern."""
    df = con.execute("""
        SELECT p.sleutel, p.naam, p.kern_id, k.naam AS kern, g.naam AS gemeente,
               count(*) OVER (PARTITION BY p.sleutel) AS n
        FROM plaatsnamen p JOIN kernen k USING (kern_id) JOIN gemeenten g ON g.gemeente_code = k.gemeente_code
        ORDER BY p.naam, g.naam
    """).df()
    df["optie"] = PLAATS_PREFIX + df["sleutel"] + ":" + df["kern_id"]
    df["label"] = [f"{r.naam} (deel van woonplaats {r.kern}" + (f", gemeente {r.gemeente})" if r.n > 1 else ")")
                   for r in df.itertuples()]
    return df[["optie", "label", "naam", "kern_id", "kern"]]
