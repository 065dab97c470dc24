"""Read-only access to the store. The app never writes: pipelines swap in a new file."""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import config


def database_path() -> Path:
    return config.db_path()


ALIAS = "vliegwiel"


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
