"""Read-only access to the store. The app never writes: pipelines swap in a new file."""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines import config


def database_path() -> Path:
    return config.db_path()


def connect_readonly(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(path or database_path()), read_only=True)


def version(path: Path | None = None) -> float:
    """Changes whenever a pipeline swaps in a new file: the cache key for connections and results."""
    p = path or database_path()
    return p.stat().st_mtime_ns if p.exists() else 0.0
