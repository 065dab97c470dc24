"""Helpers for the importer tests: read a store without DuckDB's per-path instance cache,
snapshot whole tables, and the fixture folder."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipelines import store

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "ingest"


def lees(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Query a store file through a private in-memory connection (a fresh view of the file)."""
    con = store.open_readonly(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def tabellen(db: Path) -> list[str]:
    return [r[0] for r in lees(db, "SELECT table_name FROM information_schema.tables "
                                   "WHERE table_catalog = 'live' AND table_type = 'BASE TABLE' ORDER BY 1")]


def snapshot(db: Path, zonder: tuple[str, ...] = ("ingest_runs",)) -> dict[str, list[tuple]]:
    """Every row of every table (sorted), except the run log, which a rerun legitimately extends,
    and the stored network measures: a cache of the graph layout, whose force-directed positions
    are not bit-for-bit stable between two writers (tests/unit/test_network.py checks the cache)."""
    con = store.open_readonly(db)
    try:
        out = {}
        for t in tabellen(db):
            if t not in zonder and t != "netwerk_maten":  # table names from information_schema
                out[t] = sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        return out
    finally:
        con.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def runs(db: Path) -> list[tuple]:
    return lees(db, "SELECT soort, bestand, rijen_toegevoegd, rijen_bijgewerkt, rijen_afgewezen, uitkomst, melding "
                    "FROM ingest_runs ORDER BY run_id")


def eigen_export(db: Path) -> dict:
    """The dashboard's own download sets (Data & bronnen) for the store, as a user would export them."""
    from vliegwiel import bronnen
    con = store.open_readonly(db)
    try:
        return bronnen.download_sets(con)
    finally:
        con.close()
