"""Freshness: every record's "laatst bevestigd" date (the last import that contained it; for the
seed register its document's date) and the status derived from it by the rule in
pipelines.config.VERSHEID (one place)."""
from __future__ import annotations

import datetime as dt
import re

import duckdb

from pipelines import config

MAANDEN = {m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                        "september", "oktober", "november", "december"], 1)}
TABELLEN = {"initiatieven": "initiatief_id", "verbindingen": "verbinding_id", "mijlpalen": "mijlpaal_id"}


def peildatum(tekst: str | None) -> dt.date | None:
    """A document's peildatum as written ('mei 2019', '1 januari 2021', '2020', '2019-05-01') -> a date
    (the first day of the period it names); None when it names none."""
    if not tekst:
        return None
    t = tekst.strip().lower()
    with_iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    if with_iso:
        return dt.date(*map(int, with_iso.groups()))
    m = re.fullmatch(r"(?:(\d{1,2}) )?([a-z]+) (\d{4})", t)
    if m and m.group(2) in MAANDEN:
        return dt.date(int(m.group(3)), MAANDEN[m.group(2)], int(m.group(1) or 1))
    jaar = re.fullmatch(r"(\d{4})", t)
    return dt.date(int(jaar.group(1)), 1, 1) if jaar else None


def stamp_seeds(con: duckdb.DuckDBPyConnection) -> None:
    """The seed register's records: confirmed on the date of the document they cite."""
    datums = [(b, peildatum(p)) for b, p in con.execute("SELECT bron_id, peildatum FROM bronnen").fetchall()]
    con.execute("CREATE OR REPLACE TEMP TABLE _peil (bron_id VARCHAR, datum DATE)")
    con.executemany("INSERT INTO _peil VALUES (?, ?)", [d for d in datums if d[1] is not None])
    for tabel in TABELLEN:  # names from a fixed mapping
        con.execute(f"UPDATE {tabel} AS t SET laatst_bevestigd = p.datum FROM _peil p WHERE p.bron_id = t.bron")
    con.execute("DROP TABLE _peil")


def stamp_import(con: duckdb.DuckDBPyConnection, tabel: str, op: dt.date) -> None:
    """Every record the import's file contains (`_inc`) is confirmed on `op`."""
    key = TABELLEN[tabel]
    con.execute(f"UPDATE {tabel} SET laatst_bevestigd = ? WHERE {key} IN (SELECT {key} FROM _inc)", [op])


def status_sql(kolom: str, peil: str = "current_date") -> str:
    """SQL for the derived freshness status of a `laatst_bevestigd` column (config.VERSHEID)."""
    delen = [f"WHEN {kolom} IS NULL THEN '{config.VERSHEID_ONBEKEND}'"]
    for label, jaren in sorted(config.VERSHEID, key=lambda r: -r[1]):
        if jaren:
            delen.append(f"WHEN {kolom} <= {peil} - INTERVAL {int(jaren)} YEAR THEN '{label}'")
    eerste = min(config.VERSHEID, key=lambda r: r[1])[0]
    return f"CASE {' '.join(delen)} ELSE '{eerste}' END"
