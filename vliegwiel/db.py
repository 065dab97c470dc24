"""Read-only access to the store. The app never writes: pipelines swap in a new file."""
from __future__ import annotations

import functools
from pathlib import Path

import duckdb

from pipelines import config


def database_path() -> Path:
    return config.db_path()


ALIAS = "vliegwiel"


class StoreUnavailable(Exception):
    """The store cannot be read as this version of the dashboard expects: damaged, not a DuckDB
    file, or built with an older schema. The message is Dutch and safe to show."""


MELDING_BESCHADIGD = ("De gegevens kunnen nu niet worden getoond: het databasebestand is beschadigd of "
                      "onleesbaar. Een beheerder kan het opnieuw opbouwen met `python -m pipelines.build`.")
MELDING_OUD = ("De gegevens kunnen nu niet worden getoond: de database is gemaakt met een oudere versie van "
               "het dashboard ({wat}). Een beheerder kan hem opnieuw opbouwen met `python -m pipelines.build`.")


@functools.cache
def expected_columns() -> dict[str, frozenset[str]]:
    """Every table and view of pipelines/schema.sql with its columns, from the schema itself."""
    mem = duckdb.connect(":memory:")
    try:
        mem.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
        return _columns(mem)
    finally:
        mem.close()


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_catalog = current_database() AND table_schema = 'main'").fetchall()
    out: dict[str, set[str]] = {}
    for table, column in rows:
        out.setdefault(table, set()).add(column)
    return {t: frozenset(c) for t, c in out.items()}


def check_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Raise StoreUnavailable unless every table and column the app reads is there (an old
    store lacks new columns; a damaged one fails to answer at all)."""
    try:
        present = _columns(con)
    except duckdb.Error as exc:
        raise StoreUnavailable(MELDING_BESCHADIGD) from exc
    missing = [t for t in expected_columns() if t not in present]
    if missing:
        raise StoreUnavailable(MELDING_OUD.format(wat="tabel ontbreekt: " + ", ".join(sorted(missing)[:5])))
    lacking = sorted(f"{t}.{c}" for t, cols in expected_columns().items() for c in cols - present[t])
    if lacking:
        raise StoreUnavailable(MELDING_OUD.format(wat="kolom ontbreekt: " + ", ".join(lacking[:5])))


def open_checked(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """connect_readonly plus check_schema; any failure to open is StoreUnavailable."""
    try:
        con = connect_readonly(path)
    except (duckdb.Error, OSError) as exc:  # not a DuckDB file, truncated, unreadable
        raise StoreUnavailable(MELDING_BESCHADIGD) from exc
    try:
        check_schema(con)
    except StoreUnavailable:
        con.close()
        raise
    return con


def connect_readonly(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only view of the file as it is now.

    duckdb.connect(path) would reuse an already open database instance for the same path
    (DuckDB's instance cache), which keeps showing the old file after a pipeline swapped in a
    new one. Attaching the file to a fresh in-memory instance always opens the current file.
    Cursors of this connection must `USE` the alias: see `cursor`.
    """
    con = duckdb.connect(":memory:")
    quoted = str(path or database_path()).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS {ALIAS} (READ_ONLY)")  # a configured path, never user input
    con.execute(f"USE {ALIAS}")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (own client context, safe per thread) that queries the attached store."""
    cur = con.cursor()
    cur.execute(f"USE {ALIAS}")
    return cur


def version(path: Path | None = None) -> float:
    """Changes whenever a pipeline swaps in a new file: the cache key for connections and results."""
    p = path or database_path()
    return p.stat().st_mtime_ns if p.exists() else 0.0
