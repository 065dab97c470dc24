"""Take back an import: rebuild the store from the archive without it, after a preview.

Nothing is deleted from the archive: the undo is an entry of its own ('ongedaan', naming the
import it takes back), and the rebuilt store logs it as a run. It runs under the write lock,
so an undo while an import runs waits for it (and the other way round).
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import archive, config, history, store, upgrade
from pipelines.errors import FileRejected
from pipelines.runlog import log_run


def _target(db: Path, naam: str) -> archive.Entry:
    alle = archive.entries(db)
    gevonden = [e for e in alle if e.naam == naam]
    if not gevonden or gevonden[0].soort != "import":
        keuzes = ", ".join(e.naam for e in alle if e.soort == "import") or "geen"
        raise FileRejected(f"'{naam}' is geen import in het archief (imports: {keuzes}).")
    if naam in {e.meta.get("ongedaan_maken") for e in alle if e.soort == "ongedaan"}:
        raise FileRejected(f"De import '{naam}' is al ongedaan gemaakt.")
    return gevonden[0]


def preview(naam: str, db_path: Path | str | None = None) -> pd.DataFrame:
    """What undoing import `naam` would change, per record: columns Soort, Id, Naam, Wijziging
    ('verdwijnt', 'komt terug', 'gewijzigd'), Veld, Nu, Daarna (for the page). Writes nothing live."""
    db = Path(db_path or config.db_path())
    upgrade.ensure_current(db)
    _target(db, naam)
    from pipelines import build  # late: build imports the importer lazily, and we import build lazily
    with tempfile.TemporaryDirectory(dir=db.parent) as tmp:
        proef = Path(tmp) / db.name  # built from the archive beside `db`, never swapped onto it
        build.build_locked(proef, zonder=frozenset({naam}), archief_van=db)
        return _verschil(db, proef)


def _verschil(live: Path, daarna: Path) -> pd.DataFrame:
    con = duckdb.connect()
    con.execute("ATTACH ? AS nu (READ_ONLY)", [str(live)])
    con.execute("ATTACH ? AS daarna (READ_ONLY)", [str(daarna)])
    rijen = []
    for tabel, key in history.TABELLEN.items():
        def records(db: str) -> dict[str, dict]:
            con.execute(f"USE {db}")
            return {r[0]: json.loads(r[1]) for r in con.execute(
                f"SELECT t.{key}, {history._gegevens(tabel, key)}::VARCHAR FROM {tabel} t").fetchall()}
        nu, later = records("nu"), records("daarna")
        for rid in sorted(set(nu) | set(later)):
            a, b = nu.get(rid), later.get(rid)
            titel = (a or b).get("naam") or (a or b).get("titel") or rid
            if b is None:
                rijen.append((tabel, rid, titel, "verdwijnt", None, None, None))
            elif a is None:
                rijen.append((tabel, rid, titel, "komt terug", None, None, None))
            else:
                for veld, o, n in history._velden(a, b):
                    rijen.append((tabel, rid, titel, "gewijzigd", veld, history._tekst(o), history._tekst(n)))
    con.close()
    df = pd.DataFrame(rijen, columns=["Soort", "Id", "Naam", "Wijziging", "Veld", "Nu", "Daarna"])
    return df.assign(Soort=df["Soort"].map(history.LABELS))


def undo(naam: str, db_path: Path | str | None = None, door: str | None = None) -> str:
    """Rebuild the store without import `naam` and record the undo; returns the undo's entry name."""
    db = Path(db_path or config.db_path())
    upgrade.ensure_current(db)
    from pipelines import build
    gestart = dt.datetime.now()
    with store.write_lock(db):
        archive.settle(db)
        doel = _target(db, naam)
        meta = {"soort": "ongedaan", "kind": doel.meta.get("kind"), "ongedaan_maken": naam,
                "bestand": doel.meta.get("bestand"), "gestart_op": gestart.isoformat(), "door": door}
        pending = archive.write_pending(db, "ongedaan", meta, {})
        eigen = pending.name.removeprefix(archive.WACHT)

        def log(con: duckdb.DuckDBPyConnection) -> None:
            log_undo(con, meta, eigen)
        try:
            build.build_locked(db, zonder=frozenset({naam}), extra=log)
        except BaseException:
            archive.abandon(pending)
            raise
        return archive.confirm(pending)


def log_undo(con: duckdb.DuckDBPyConnection, meta: dict, entry: str) -> int:
    """The undo's run (also when a later build replays it)."""
    return log_run(con, soort="ongedaan", gestart=dt.datetime.fromisoformat(meta["gestart_op"]), uitkomst="gelukt",
                   bestand=meta.get("bestand"), door=meta.get("door"), archief=entry,
                   melding=f"Import '{meta['ongedaan_maken']}' ongedaan gemaakt: de database is opnieuw opgebouwd "
                           "zonder deze import. Het archief bewaart hem.")
