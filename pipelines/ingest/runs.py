"""The run log of imports: a rejected or failed run is recorded on its own, atomically
(a successful run is recorded inside its own write, see `apply`)."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb

from pipelines import store
from pipelines.errors import IngestError
from pipelines.ingest.reading import Bron, read_bytes
from pipelines.runlog import log_run


def record_rejection(db_path: Path | str, *, kind: str, bestand: str | None, sha256: str | None,
                     melding: str, afgewezen: int = 0, gestart: dt.datetime | None = None,
                     uitkomst: str = "afgewezen", door: str | None = None) -> int | None:
    """Write only an ingest_runs row for a rejected (or failed) run, itself atomically.
    Returns its run_id, or None when there is no store or it cannot be written."""
    db = Path(db_path)
    if not db.exists():
        return None
    run: list[int] = []
    try:
        store.update(db, lambda con: run.append(log_run(
            con, soort=kind, gestart=gestart or dt.datetime.now(), bestand=bestand, sha256=sha256,
            afgewezen=afgewezen, uitkomst=uitkomst, melding=melding, door=door)))
    except (OSError, duckdb.Error):  # disk full or unwritable: the caller still reports the rejection itself
        return None
    return run[0]


def name_and_sha(source: Bron, filename: str | None) -> tuple[str | None, str | None]:
    """Display name and digest of a source for the log, also when it cannot be read."""
    try:
        data, naam = read_bytes(source, filename)
        return naam, hashlib.sha256(data).hexdigest()
    except IngestError:
        return (filename or (Path(source).name if isinstance(source, (str, Path)) else None)), None
