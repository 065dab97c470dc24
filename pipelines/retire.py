""""Volledig register": a file declared complete retires the records of its kind and scope that
it does not contain. They are marked "niet meer in register" (never deleted), listed in the
preview, left out of counts by default (vliegwiel.filters) and visible through the status filter.

Scope: initiatieven of the gemeenten the file names. (Verbindingen and mijlpalen have no status
of their own to mark; a complete file of those kinds is refused.)
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from pipelines import config, history, store
from pipelines.errors import FileRejected

if TYPE_CHECKING:
    from pipelines.ingest.results import ParsedRegister

UIT = config.STATUS_UIT_REGISTER


def check_kind(kind: str) -> None:
    if kind != "initiatieven":
        raise FileRejected(f"'Volledig register' kan alleen bij initiatieven (niet bij {kind}): alleen een "
                           "initiatief kan als 'niet meer in register' worden gemarkeerd.")


_ZONDER = f"""
    SELECT t.initiatief_id FROM initiatieven t
    WHERE t.gemeente_code IN (SELECT DISTINCT gemeente_code FROM _inc WHERE gemeente_code IS NOT NULL)
      AND t.initiatief_id NOT IN (SELECT initiatief_id FROM _inc)
      AND coalesce(t.status, '') <> '{UIT}'"""


def preview(parsed: ParsedRegister, db_path: Path | str | None = None) -> pd.DataFrame:
    """The records a complete file would retire: columns id, naam, gemeente_code, gemeente (its name)."""
    check_kind(parsed.kind)
    con = store.open_readonly(Path(db_path or config.db_path()))
    try:
        con.register("_inc", parsed.rows.drop(columns=["rij"]))
        return con.execute(f"SELECT i.initiatief_id AS id, i.naam, i.gemeente_code, g.naam AS gemeente "
                           f"FROM initiatieven i LEFT JOIN gemeenten g USING (gemeente_code) "
                           f"WHERE i.initiatief_id IN ({_ZONDER}) ORDER BY i.naam, i.initiatief_id").df()
    finally:
        con.close()


def retire(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """Mark the absent records in scope (`_inc` holds the file's rows); returns how many."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _uit AS {_ZONDER}")
    n = con.execute("SELECT count(*) FROM _uit").fetchall()[0][0]
    if n:
        con.execute("UPDATE initiatieven SET status = ? WHERE initiatief_id IN (SELECT initiatief_id FROM _uit)", [UIT])
        history.record(con, "initiatieven", "SELECT initiatief_id FROM _uit", run_id, "niet meer in register")
    return n


def reactivate(con: duckdb.DuckDBPyConnection, run_id: int) -> int:
    """A retired record that is back in a file (without a status of its own) is in the register again."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _terug AS SELECT initiatief_id FROM initiatieven
                    WHERE status = '{UIT}' AND initiatief_id IN (SELECT initiatief_id FROM _inc)""")
    n = con.execute("SELECT count(*) FROM _terug").fetchall()[0][0]
    if n:
        con.execute("UPDATE initiatieven SET status = NULL WHERE initiatief_id IN (SELECT initiatief_id FROM _terug)")
        history.record(con, "initiatieven", "SELECT initiatief_id FROM _terug", run_id, "gewijzigd")
    return n
