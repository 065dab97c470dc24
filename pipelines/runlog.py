"""The one writer of the run log (`ingest_runs`): builds, imports, synthetic data and removals."""
from __future__ import annotations

import datetime as dt

import duckdb


def log_run(con: duckdb.DuckDBPyConnection, *, soort: str, gestart: dt.datetime, uitkomst: str, melding: str,
            bestand: str | None = None, sha256: str | None = None, toegevoegd: int = 0, bijgewerkt: int = 0,
            afgewezen: int = 0, door: str | None = None, archief: str | None = None) -> int:
    """Append one run to `ingest_runs` in `con` and return its run_id. `door`: who ran it
    (filled once users sign in by name; None for the command line and the build); `archief`: the
    archive entry the run made or replays."""
    run_id = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM ingest_runs").fetchall()[0][0]
    con.execute("INSERT INTO ingest_runs (run_id, gestart_op, klaar_op, soort, bestand, sha256, rijen_toegevoegd, "
                "rijen_bijgewerkt, rijen_afgewezen, uitkomst, melding, door, archief) "
                "VALUES (?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [run_id, gestart, soort, bestand, sha256, toegevoegd, bijgewerkt, afgewezen, uitkomst, melding, door, archief])
    return run_id
