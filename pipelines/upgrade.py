"""Schema versions: a store written by an older version is rebuilt before it is served, one
written by a newer version is refused.

An older store may hold imports that no archive knows of (the archive came with schema 3). So
the upgrade first archives a snapshot of the old store's register tables (a 'migratie' entry),
then rebuilds: the seed register, that snapshot on top (replacing the register tables as the
old store had them) and any later entry. All under the write lock, through pipelines.store's
temp-file-and-swap, so readers keep the old file until the new one is complete.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

from pipelines import archive, config, store
from pipelines.errors import StoreError

# Register tables a migration carries over, in foreign-key order (parents first).
REGISTER_TABLES = ["themas", "organisaties", "initiatieven", "initiatief_kernen", "initiatief_themas",
                   "verbindingen", "pilots", "mijlpalen", "bijeenkomsten", "lessen", "contactpersonen",
                   "veld_bronnen"]
RUN_TABLES = ["ingest_runs", "record_versies"]  # run_id is renumbered after the new build's own runs
ADD_ONLY = ["bronnen"]  # the new build's sources stay; the old store's imported registers are added


class NewerStore(StoreError):
    def __init__(self, db: Path, version: int):
        super().__init__(
            f"De database '{Path(db).name}' is gemaakt door een nieuwere versie van Vliegwiel "
            f"(schemaversie {version}; deze versie kent {config.SCHEMA_VERSION}). Hij wordt niet geopend "
            "en niet gewijzigd. Werk Vliegwiel bij naar de nieuwste versie.")


def needs_upgrade(db: Path) -> bool:
    """True for an older store; raises NewerStore for a newer one; False when current or absent."""
    if not Path(db).exists():
        return False
    version = store.stored_version(db) or 0
    if version > config.SCHEMA_VERSION:
        raise NewerStore(db, version)
    return version < config.SCHEMA_VERSION


def ensure_current(db: Path | None = None) -> bool:
    """Read schema_version on start (the app and every pipeline call this): rebuild an older
    store, refuse a newer one. Returns True when it rebuilt."""
    db = Path(db or config.db_path())
    if not needs_upgrade(db):
        return False
    from pipelines import build  # late: build imports this module
    with store.write_lock(db):
        if not needs_upgrade(db):  # another process upgraded it while we waited
            return False
        archive.settle(db)
        archive_snapshot(db)
        build.build_locked(db)
    return True


def archive_snapshot(db: Path) -> str | None:
    """Archive the register tables of the old store `db` as a confirmed 'migratie' entry (once
    per store file: a second call for the same file, after a kill, finds it and does nothing)."""
    digest = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    if any(e.meta.get("sha256") == digest for e in archive.entries(db, verify=False) if e.soort == "migratie"):
        return None
    con = store.open_readonly(Path(db))
    try:
        bestaand = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() "
                                              "WHERE database_name = current_database()").fetchall()}
        tabellen = {f"tabel-{t}": con.execute(f"SELECT * FROM {t}").df()  # names from the fixed lists
                    for t in REGISTER_TABLES + RUN_TABLES + ADD_ONLY if t in bestaand}
        versie = con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
    finally:
        con.close()
    meta = {"soort": "migratie", "kind": None, "bestand": Path(db).name, "sha256": digest,
            "schemaversie": versie, "tabellen": [k.removeprefix("tabel-") for k in tabellen]}
    return archive.confirm(archive.write_pending(db, "migratie", meta, tabellen))


def replay_snapshot(con: duckdb.DuckDBPyConnection, entry: archive.Entry) -> None:
    """Replace the register tables in `con` by the snapshot: what the old store held, columns the
    new schema shares with the old one (a new column keeps its default)."""
    tabellen = entry.meta["tabellen"]
    for t in reversed(REGISTER_TABLES):
        if t in tabellen:
            con.execute(f"DELETE FROM {t}")
    offset = con.execute("SELECT coalesce(max(run_id), 0) FROM ingest_runs").fetchall()[0][0]
    for t in REGISTER_TABLES + RUN_TABLES + ADD_ONLY:
        if t not in tabellen:
            continue
        df = entry.tabel(f"tabel-{t}")
        if t in RUN_TABLES:
            df = df.assign(run_id=df["run_id"] + offset)
        if t == "record_versies":
            df = df.assign(gegevens=[v if isinstance(v, str) else json.dumps(v) for v in df["gegevens"]])
        nieuw = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                           "AND database_name = current_database()", [t]).fetchall()]
        gedeeld = [c for c in df.columns if c in nieuw]
        con.register("_snapshot", df[gedeeld])
        try:
            con.execute(f"INSERT INTO {t} ({', '.join(gedeeld)}) SELECT {', '.join(gedeeld)} FROM _snapshot"
                        + (" ON CONFLICT DO NOTHING" if t in ADD_ONLY else ""))
        finally:
            con.unregister("_snapshot")
