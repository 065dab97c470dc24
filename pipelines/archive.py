"""The append-only archive of accepted imports, beside the database (data/vliegwiel.archief/).

The dashboard file is derived: `pipelines.build` makes it from CBS/PDOK, the seed register
and a replay of this archive in order. Layout (documented in the README too):

    vliegwiel.archief/
        000001-initiatieven/        one entry per accepted import, undo or migration
            entry.json              what it is (volgnummer, soort, kind, bestand, sha256 of the
                                    user's file, time, door, options) and the sha256 of every
                                    data file below
            rows.parquet            the parsed rows as written (contact details only in
            contactpersonen.parquet   contactpersonen.parquet, like the store itself)
            koppeling-<tabel>.parquet
        .wacht-000002-mijlpalen/    written, its import not yet swapped in
        .afgebroken-000003-.../     its import never reached the store (kept, never replayed)

An entry is written into a temporary folder and renamed (atomic), so it exists completely or
not at all. It is renamed to its final name only after its import was swapped into the store;
a writer killed in between leaves a `.wacht-` entry that the next writer (holding the same
lock) settles: confirmed when the live store recorded its run, otherwise set aside. Nothing is
ever deleted or rewritten: an undo is an entry of its own.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import config
from pipelines.errors import StoreError

FORMAAT = 1
_NAAM = re.compile(r"^(\d{6})-([a-z-]+)$")
WACHT, AFGEBROKEN, TMP = ".wacht-", ".afgebroken-", ".tmp-"


class ArchiveDamaged(StoreError):
    """An archive entry is missing, unreadable or no longer matches its sha256: nothing is built."""

    def __init__(self, entry: str, reden: str):
        self.entry = entry
        super().__init__(f"Het importarchief is beschadigd: vermelding '{entry}' {reden}. "
                         "Er is niets gewijzigd; zet de vermelding terug uit een back-up "
                         "(`python -m pipelines.backup herstel`).")


@dataclasses.dataclass
class Entry:
    naam: str          # folder name, e.g. 000001-initiatieven
    pad: Path
    meta: dict

    @property
    def volgnummer(self) -> int:
        return int(self.meta["volgnummer"])

    @property
    def soort(self) -> str:
        return self.meta["soort"]  # import | ongedaan | migratie

    def tabel(self, naam: str, con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame | None:
        """One of the entry's parquet files; read through `con` when given (the replay's own
        connection: a new connection per file was a fifth of the replay)."""
        bestand = self.pad / f"{naam}.parquet"
        if not bestand.exists():
            return None
        eigen = con is None
        lezer = duckdb.connect() if eigen else con
        try:
            return lezer.execute("SELECT * FROM read_parquet(?)", [str(bestand)]).df()
        except duckdb.Error as exc:
            raise ArchiveDamaged(self.naam, "kan niet worden gelezen") from exc
        finally:
            if eigen:
                lezer.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")  # COPY takes no parameter for its target; the path is ours


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _next_number(root: Path) -> int:
    hoogste = 0
    for p in root.iterdir() if root.exists() else []:
        naam = p.name
        for prefix in (WACHT, AFGEBROKEN):
            naam = naam.removeprefix(prefix)
        m = _NAAM.match(naam)
        if m:
            hoogste = max(hoogste, int(m.group(1)))
    return hoogste + 1


def write_pending(db: Path, soort: str, meta: dict, tabellen: dict[str, pd.DataFrame]) -> Path:
    """Write one entry completely as `.wacht-NNNNNN-<soort>` and return its path. Call with the
    store's write lock held (numbering and settling rely on one writer at a time)."""
    root = config.archive_dir(db)
    root.mkdir(parents=True, exist_ok=True)
    nummer = _next_number(root)
    naam = f"{nummer:06d}-{soort}"
    tmp = root / f"{TMP}{naam}-{os.getpid()}"
    tmp.mkdir()
    bestanden = {}
    con = duckdb.connect()  # DuckDB writes the parquet: the types the replay registers are the ones the import had
    try:
        for tabel, df in tabellen.items():
            if df is None:
                continue
            pad = tmp / f"{tabel}.parquet"
            con.register("_df", df)
            con.execute(f"COPY (SELECT * FROM _df) TO '{_quoted(pad)}' (FORMAT parquet)")
            con.unregister("_df")
            bestanden[pad.name] = _sha(pad)
    finally:
        con.close()
    meta = {"formaat": FORMAAT, "volgnummer": nummer, **meta, "gearchiveerd_op": dt.datetime.now().isoformat(),
            "bestanden": bestanden}
    (tmp / "entry.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    for p in tmp.iterdir():
        with open(p, "rb") as fh:
            os.fsync(fh.fileno())
    wacht = root / f"{WACHT}{naam}"
    os.replace(tmp, wacht)
    _fsync_dir(root)
    return wacht


def confirm(pending: Path) -> str:
    """The entry's import is in the store: give it its final name (atomic)."""
    naam = pending.name.removeprefix(WACHT)
    os.replace(pending, pending.with_name(naam))
    _fsync_dir(pending.parent)
    return naam


def abandon(pending: Path) -> None:
    """The import never reached the store: keep the entry aside, never replay it."""
    with contextlib.suppress(FileNotFoundError):
        os.replace(pending, pending.with_name(AFGEBROKEN + pending.name.removeprefix(WACHT)))


def settle(db: Path) -> None:
    """Finish what a killed writer left (call holding the write lock): a `.wacht-` entry whose
    run the live store recorded is confirmed, any other is set aside; temporary folders of
    writers that died before their rename are set aside too."""
    root = config.archive_dir(db)
    if not root.exists():
        return
    in_store = recorded_entries(db)
    for p in sorted(root.iterdir()):
        if p.name.startswith(WACHT):
            if p.name.removeprefix(WACHT) in in_store:
                confirm(p)
            else:
                abandon(p)
        elif p.name.startswith(TMP):
            with contextlib.suppress(OSError):
                os.replace(p, p.with_name(AFGEBROKEN + "onvolledig" + p.name))


def archived_update(db: Path, soort: str, meta: dict, tabellen: dict[str, pd.DataFrame],
                    change: Callable[[duckdb.DuckDBPyConnection, str], None]) -> str:
    """Archive an entry and swap in its change as one step under the write lock: the entry is
    written first (complete, as `.wacht-`), then `change(con, entry_name)` runs on a copy of the
    store and is swapped in, then the entry is confirmed. A failure sets the entry aside."""
    from pipelines import store
    with store.write_lock(db):
        settle(db)
        pending = write_pending(db, soort, meta, tabellen)
        naam = pending.name.removeprefix(WACHT)
        try:
            store.update(db, lambda con: change(con, naam), locked=True)
        except BaseException:
            abandon(pending)
            raise
        return confirm(pending)


def recorded_entries(db: Path) -> set[str]:
    if not Path(db).exists():
        return set()
    from pipelines import store  # late: store imports nothing of ours, but keep the archive light
    con = store.open_readonly(Path(db))
    try:
        return {r[0] for r in con.execute("SELECT archief FROM ingest_runs WHERE archief IS NOT NULL").fetchall()}
    except duckdb.Error:  # an older store without the column
        return set()
    finally:
        con.close()


def entries(db: Path, verify: bool = True) -> list[Entry]:
    """The confirmed entries in order; with `verify`, every data file is checked against its
    sha256 and a damaged entry raises ArchiveDamaged naming it."""
    root = config.archive_dir(db)
    if not root.exists():
        return []
    gevonden = []
    for p in sorted(root.iterdir()):
        m = _NAAM.match(p.name)
        if not m or not p.is_dir():
            continue
        try:
            meta = json.loads((p / "entry.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ArchiveDamaged(p.name, "mist zijn entry.json") from None
        except (OSError, ValueError) as exc:
            raise ArchiveDamaged(p.name, "heeft een onleesbare entry.json") from exc
        if not isinstance(meta, dict) or meta.get("volgnummer") != int(m.group(1)) or "soort" not in meta:
            raise ArchiveDamaged(p.name, "heeft een entry.json die niet bij de vermelding past")
        if meta.get("formaat", 0) > FORMAAT:
            raise ArchiveDamaged(p.name, "is geschreven door een nieuwere versie van Vliegwiel")
        if verify:
            for bestand, sha in meta.get("bestanden", {}).items():
                pad = p / bestand
                if not pad.exists():
                    raise ArchiveDamaged(p.name, f"mist het bestand '{bestand}'")
                if _sha(pad) != sha:
                    raise ArchiveDamaged(p.name, f"heeft een bestand '{bestand}' waarvan de sha256 niet meer klopt")
        gevonden.append(Entry(p.name, p, meta))
    return gevonden


def active(alle: list[Entry], zonder: set[str] = frozenset()) -> list[Entry]:
    """The entries a build replays, minus the imports an undo took back (and minus `zonder`, for
    an undo and its preview). The undo entries stay: their replay logs the undo."""
    ongedaan = {e.meta["ongedaan_maken"] for e in alle if e.soort == "ongedaan"} | set(zonder)
    return [e for e in alle if e.naam not in ongedaan]
