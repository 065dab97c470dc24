"""Erase a volunteer's contact details on request (AVG): the removal is logged, the data is not."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from pipelines import archive, config, store
from pipelines.errors import FileRejected, StoreError, aantal
from pipelines.runlog import log_run


def remove_contact_persons(initiatief_id: str, db_path: Path | str | None = None, door: str | None = None) -> int:
    """Delete every contact person of initiative `initiatief_id`; returns how many. The run log
    records the initiative and the count (public facts), never a name, address or number."""
    db = Path(db_path or config.db_path())
    gestart = dt.datetime.now()
    con = store.open_readonly(db)
    try:
        bekend = con.execute("SELECT count(*) FROM initiatieven WHERE initiatief_id = ?", [initiatief_id]).fetchall()
    finally:
        con.close()
    if not bekend[0][0]:
        raise FileRejected(f"Er is geen initiatief met id '{initiatief_id}'.")
    verwijderd: list[int] = []

    def change(c: duckdb.DuckDBPyConnection, entry: str) -> None:
        verwijderd.append(erase(c, initiatief_id, gestart, door, entry))

    # Archived, so a rebuild from the archive erases them again (the build replays it in order).
    meta = {"soort": "verwijdering", "kind": "contactpersonen", "initiatief_id": initiatief_id,
            "gestart_op": gestart.isoformat(), "door": door}
    try:
        archive.archived_update(db, "verwijdering", meta, {}, change)
    except (OSError, duckdb.Error) as exc:
        raise StoreError("Verwijderen mislukt: de database kan niet worden bijgewerkt. Er is niets gewijzigd.") from exc
    return verwijderd[0]


def erase(c: duckdb.DuckDBPyConnection, initiatief_id: str, gestart: dt.datetime, door: str | None,
          entry: str | None) -> int:
    n = c.execute("SELECT count(*) FROM contactpersonen WHERE initiatief_id = ?", [initiatief_id]).fetchall()[0][0]
    c.execute("DELETE FROM contactpersonen WHERE initiatief_id = ?", [initiatief_id])
    log_run(c, soort="contactpersonen", gestart=gestart, uitkomst="gelukt", door=door, archief=entry,
            melding=f"{aantal(n, 'contactpersoon', 'contactpersonen')} van initiatief '{initiatief_id}' "
                    "verwijderd op verzoek")
    return n
