"""Write a parsed register: upsert on a private copy of the store, run the checks, log the
run and swap the copy in (pipelines.store.update), so readers never see half an import."""
from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import archive, checks, config, freshness, history, retire, upgrade
from pipelines.errors import ChecksFailed, FileRejected, StoreError, aantal
from pipelines.ingest.diffing import STANDAARD_NIEUW, TABELLEN, bron_id, diff
from pipelines.ingest.fields import KINDS
from pipelines.ingest.parsing import parse
from pipelines.ingest.reading import Bron
from pipelines.ingest.results import IngestResult, ParsedRegister
from pipelines.ingest.runs import name_and_sha, record_rejection
from pipelines.netwerk_maten import vul as vul_netwerk_maten
from pipelines.runlog import log_run


def apply(parsed: ParsedRegister, db_path: Path | str | None = None, door: str | None = None,
          volledig: bool = False) -> IngestResult:
    """Write a parsed register into the store atomically and record the run.

    A register with problems writes only its 'afgewezen' ingest_runs row and raises
    RowsRejected. A failure of the store's checks or of DuckDB leaves the store as it
    was, records a 'mislukt' run and raises StoreError. `door`: who imported (stored in
    ingest_runs.door; None until users sign in by name). `volledig`: the file is the complete
    register of its gemeenten; absent initiatives are retired (pipelines.retire).
    """
    db = Path(db_path or config.db_path())
    kind = parsed.kind
    if volledig:
        retire.check_kind(kind)
    if not parsed.ok:
        fout = parsed.fout()
        run_id = record_rejection(db, kind=kind, bestand=parsed.bestand, sha256=parsed.sha256,
                                  melding=fout.rapport(max_regels=200), afgewezen=parsed.foute_rijen,
                                  gestart=parsed.gestart_op, door=door)
        raise parsed.fout(run_id)
    upgrade.ensure_current(db)
    uitkomst: dict[str, object] = {}

    def change(con: duckdb.DuckDBPyConnection, entry: str) -> None:
        uitkomst.update(write_parsed(con, parsed, door=door, archief=entry, volledig=volledig))
        vul_netwerk_maten(con)

    try:
        archive.archived_update(db, kind, entry_meta(parsed, door, volledig), entry_tables(parsed), change)
    except (ChecksFailed, duckdb.Error) as exc:
        melding = (f"Import mislukt: '{parsed.bestand}' past niet in de database ({exc}). "
                   "Er is niets gewijzigd.")
        record_rejection(db, kind=kind, bestand=parsed.bestand, sha256=parsed.sha256, melding=melding,
                         gestart=parsed.gestart_op, uitkomst="mislukt", door=door)
        raise StoreError(melding) from exc
    except OSError as exc:  # disk full, no write permission: the swap copy cannot be written
        melding = (f"Import mislukt: de database kan niet worden bijgewerkt ({_os_reden(exc)}). "
                   "Er is niets gewijzigd.")
        record_rejection(db, kind=kind, bestand=parsed.bestand, sha256=parsed.sha256, melding=melding,
                         gestart=parsed.gestart_op, uitkomst="mislukt", door=door)
        raise StoreError(melding) from exc
    t, b = uitkomst["toegevoegd"], uitkomst["bijgewerkt"]
    return IngestResult(kind, parsed.bestand, parsed.sha256, "gelukt", t, b, parsed.n_rijen - t - b, 0,
                        uitkomst["meldingen"], uitkomst["run_id"])


def write_parsed(con: duckdb.DuckDBPyConnection, parsed: ParsedRegister, door: str | None, archief: str | None,
                 run_checks: bool = True, gestart: dt.datetime | None = None,
                 volledig: bool = False) -> dict[str, object]:
    """Upsert `parsed` into `con`, record the versions it made and log its run: the one write
    of an import, shared by `apply` and the archive replay of `pipelines.build`."""
    kind = parsed.kind
    bron = bron_id(parsed)
    meldingen = list(parsed.meldingen)
    toegevoegd, bijgewerkt = upsert(con, parsed, bron)
    if toegevoegd or bijgewerkt:
        con.execute("INSERT INTO bronnen VALUES (?, ?, ?, NULL, ?, NULL, 'register') ON CONFLICT DO NOTHING",
                    [bron, f"Geïmporteerd register ({kind}): {parsed.bestand}", parsed.bestand,
                     parsed.gestart_op.date().isoformat()])
    if run_checks:
        problemen = checks.run_all(con)
        if problemen:
            raise ChecksFailed(problemen)
    meldingen.extend(_contact_notices(con, parsed))
    result = IngestResult(kind, parsed.bestand, parsed.sha256, "gelukt", toegevoegd, bijgewerkt,
                          parsed.n_rijen - toegevoegd - bijgewerkt, 0, meldingen)
    melding = result.samenvatting() + "".join(f"\nLet op: {m}" for m in meldingen)
    run_id = log_run(con, soort=kind, gestart=gestart or parsed.gestart_op, bestand=parsed.bestand,
                     sha256=parsed.sha256, toegevoegd=toegevoegd, bijgewerkt=bijgewerkt, uitkomst="gelukt",
                     melding=melding, door=door, archief=archief)
    tabel, key = TABELLEN[kind]
    freshness.stamp_import(con, tabel, (gestart or parsed.gestart_op).date())
    history.record(con, tabel, f"SELECT {key} FROM _nieuw", run_id, "nieuw")
    history.record(con, tabel, f"SELECT {key} FROM _gewijzigd", run_id, "gewijzigd")
    if kind == "initiatieven":
        retire.reactivate(con, run_id)
    uit = retire.retire(con, run_id) if volledig else 0
    if uit:
        notice = f"{aantal(uit, 'initiatief', 'initiatieven')} niet meer in register (volledig register)"
        meldingen.append(notice)
        con.execute("UPDATE ingest_runs SET melding = melding || ? WHERE run_id = ?", [f"\nLet op: {notice}", run_id])
    return {"toegevoegd": toegevoegd, "bijgewerkt": bijgewerkt, "run_id": run_id, "meldingen": meldingen,
            "uit_register": uit}


def entry_meta(parsed: ParsedRegister, door: str | None, volledig: bool = False) -> dict:
    """What the archive keeps about an import besides its rows."""
    return {"soort": "import", "opties": {"volledig": volledig}, "kind": parsed.kind, "bestand": parsed.bestand, "sha256": parsed.sha256,
            "gestart_op": parsed.gestart_op.isoformat(), "door": door, "n_rijen": parsed.n_rijen,
            "bijwerken": list(parsed.bijwerken), "kolommen": parsed.kolommen, "meldingen": parsed.meldingen,
            "blad": parsed.blad, "koppen": parsed.koppen}


def entry_tables(parsed: ParsedRegister) -> dict[str, pd.DataFrame]:
    tabellen = {"rows": parsed.rows, "contactpersonen": parsed.contactpersonen}
    tabellen.update({f"koppeling-{naam}": df for naam, df in parsed.koppelingen.items()})
    return tabellen


def parsed_from_entry(entry: archive.Entry, con: duckdb.DuckDBPyConnection | None = None) -> ParsedRegister:
    """The ParsedRegister an archive entry was written from (for the replay; `con` reads its files)."""
    m = entry.meta
    koppelingen = {}
    for naam in ("initiatief_themas", "initiatief_kernen"):
        df = entry.tabel(f"koppeling-{naam}", con)
        if df is not None:
            koppelingen[naam] = df
    return ParsedRegister(
        kind=m["kind"], bestand=m["bestand"], sha256=m["sha256"], n_rijen=m["n_rijen"], kolommen=m["kolommen"],
        rows=entry.tabel("rows", con), problemen=[], meldingen=list(m.get("meldingen", [])),
        bijwerken=tuple(m["bijwerken"]), koppelingen=koppelingen, contactpersonen=entry.tabel("contactpersonen", con),
        blad=m.get("blad"), gestart_op=dt.datetime.fromisoformat(m["gestart_op"]), koppen=list(m.get("koppen", [])))


def _os_reden(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "de schijf is vol"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "geen schrijfrechten in de map van de database"
    return "de kopie van de database kan niet worden geschreven"


def _contact_notices(con: duckdb.DuckDBPyConnection, parsed: ParsedRegister) -> list[str]:
    """How many contact persons the file replaced: a count, never who."""
    if parsed.contactpersonen is None or not len(parsed.contactpersonen):
        return []
    n = con.execute("SELECT count(*) FROM _contact_vervangen").fetchall()[0][0]
    return [f"{aantal(n, 'contactpersoon', 'contactpersonen')} vervangen door de contactpersoon uit het bestand"] if n else []


def ingest(kind: str, source: Bron, db_path: Path | str | None = None, filename: str | None = None,
           door: str | None = None, volledig: bool = False) -> IngestResult:
    """parse + apply. A file that cannot be read at all is recorded as a rejected run too."""
    db = Path(db_path or config.db_path())
    try:
        parsed = parse(kind, source, filename, db)
    except FileRejected as exc:
        if kind in KINDS and db.exists():
            naam, sha = name_and_sha(source, filename)
            record_rejection(db, kind=kind, bestand=naam, sha256=sha, melding=str(exc), door=door)
        raise
    return apply(parsed, db, door, volledig=volledig)


def upsert(con: duckdb.DuckDBPyConnection, parsed: ParsedRegister, bron: str) -> tuple[int, int]:
    """Insert new and update changed rows of the kind's table (and its link tables) in `con`;
    returns (added, updated). Only columns the file provides are written."""
    tabel, key = TABELLEN[parsed.kind]
    cols = list(parsed.bijwerken)
    contacten = parsed.contactpersonen
    waarde, links = diff(con, parsed)
    toegevoegd = con.execute("SELECT count(*) FROM _nieuw").fetchall()[0][0]
    bijgewerkt = con.execute("SELECT count(*) FROM _gewijzigd").fetchall()[0][0]
    if not toegevoegd and not bijgewerkt:
        return 0, 0

    lijst = ", ".join(cols)
    selectie = ", ".join(f"coalesce({c}, {STANDAARD_NIEUW[c]}) AS {c}" if c in STANDAARD_NIEUW else c for c in cols)
    con.execute(f"INSERT INTO {tabel} ({key}, {lijst}, bron) SELECT {key}, {selectie}, ? FROM _inc "
                f"WHERE {key} IN (SELECT {key} FROM _nieuw)", [bron])
    # Only the columns whose value changes in some changed row are written: setting a column to
    # its own value changes nothing, and an UPDATE without an indexed column needs no detour
    # around the rows that refer to it (_zonder_verwijzingen): the archive replay's hot spot.
    veranderd = _veranderde_kolommen(con, tabel, key, waarde) if bijgewerkt else []
    _record_field_sources(con, tabel, key, {c: waarde[c] for c in veranderd}, bron)
    if veranderd:
        zet = ", ".join(f"{c} = {waarde[c]}" for c in veranderd)

        def wijzig() -> None:
            con.execute(f"UPDATE {tabel} AS t SET {zet} FROM _inc i "
                        f"WHERE t.{key} = i.{key} AND i.{key} IN (SELECT {key} FROM _gewijzigd)")
        geindexeerd = _geindexeerd(con, tabel)
        if "*" in geindexeerd or set(veranderd) & geindexeerd:
            _zonder_verwijzingen(con, tabel, key, f"SELECT {key} FROM _gewijzigd", wijzig)
        else:
            wijzig()

    if parsed.kind == "initiatieven":
        geraakt = "(SELECT initiatief_id FROM _nieuw UNION SELECT initiatief_id FROM _gewijzigd)"
        for tabel, kolom in (("initiatief_themas", "thema_id"), ("initiatief_kernen", "kern_id")):
            if tabel in links:  # the file gives this list for these records: it replaces theirs
                con.execute(f"DELETE FROM {tabel} WHERE initiatief_id IN {geraakt} "
                            f"AND initiatief_id IN (SELECT DISTINCT initiatief_id FROM _inc_{tabel})")
                con.execute(f"INSERT INTO {tabel} SELECT initiatief_id, {kolom} FROM _inc_{tabel} "
                            f"WHERE initiatief_id IN {geraakt}")
        if "initiatief_kernen" in links:
            # An empty kern cell leaves the kernen an initiative works in, minus any outside its gemeente.
            con.execute(f"""
                DELETE FROM initiatief_kernen WHERE (initiatief_id, kern_id) IN (
                    SELECT ik.initiatief_id, ik.kern_id FROM initiatief_kernen ik
                    JOIN initiatieven i USING (initiatief_id) JOIN kernen k ON k.kern_id = ik.kern_id
                    WHERE ik.initiatief_id IN {geraakt} AND i.gemeente_code IS NOT NULL
                      AND k.gemeente_code <> i.gemeente_code)""")
        con.execute(f"""
            INSERT INTO initiatief_kernen
            SELECT initiatief_id, kern_id FROM initiatieven WHERE kern_id IS NOT NULL AND initiatief_id IN {geraakt}
            EXCEPT SELECT initiatief_id, kern_id FROM initiatief_kernen""")
        if contacten is not None and len(contacten):
            con.execute("""
                INSERT INTO contactpersonen (contact_id, naam, rol, initiatief_id, email, telefoon, bron)
                SELECT contact_id, naam, rol, initiatief_id, email, telefoon, ? FROM _inc_contact
                WHERE contact_id IN (SELECT contact_id FROM _contact_gewijzigd)
                  AND contact_id NOT IN (SELECT contact_id FROM contactpersonen)""", [bron])
            con.execute("""
                UPDATE contactpersonen AS c SET naam = i.naam, email = coalesce(i.email, c.email),
                       telefoon = coalesce(i.telefoon, c.telefoon), rol = coalesce(i.rol, c.rol), bron = ?
                FROM _inc_contact i WHERE c.contact_id = i.contact_id
                  AND i.contact_id IN (SELECT contact_id FROM _contact_gewijzigd)""", [bron])
            con.execute("DELETE FROM contactpersonen WHERE contact_id IN (SELECT contact_id FROM _contact_vervangen)")
    return toegevoegd, bijgewerkt


def _veranderde_kolommen(con: duckdb.DuckDBPyConnection, tabel: str, key: str, waarde: dict[str, str]) -> list[str]:
    """The columns of `waarde` whose new value differs from the stored one in at least one changed row."""
    if not waarde:
        return []
    uit = con.execute(f"SELECT {', '.join(f'coalesce(bool_or({w} IS DISTINCT FROM t.{c}), false)' for c, w in waarde.items())} "
                      f"FROM _inc i JOIN {tabel} t USING ({key}) "
                      f"WHERE i.{key} IN (SELECT {key} FROM _gewijzigd)").fetchone()
    return [c for c, anders in zip(waarde, uit) if anders]


_GEINDEXEERD: dict[str, set[str]] = {}


def _geindexeerd(con: duckdb.DuckDBPyConnection, tabel: str) -> set[str]:
    """Columns of `tabel` under a key (DuckDB updates those as delete + insert), '*' when it has an
    index of its own (then every column counts); from the catalog once per process (this version's schema)."""
    if tabel not in _GEINDEXEERD:
        kolommen = con.execute("""
            SELECT DISTINCT unnest(constraint_column_names) FROM duckdb_constraints()
            WHERE table_name = ? AND database_name = current_database()
              AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')""", [tabel]).fetchall()
        indexen = con.execute("SELECT sql FROM duckdb_indexes() WHERE table_name = ? AND database_name = current_database()",
                              [tabel]).fetchall()
        _GEINDEXEERD[tabel] = {k for (k,) in kolommen} | ({"*"} if indexen else set())
    return _GEINDEXEERD[tabel]


def _record_field_sources(con: duckdb.DuckDBPyConnection, tabel: str, key: str, waarde: dict[str, str],
                          bron: str) -> None:
    """Provenance per field: the record keeps its own `bron` (say a seed document); every field
    this import changes names the imported file in veld_bronnen."""
    for c, nieuw in waarde.items():  # column names from the parser's fixed field list
        con.execute(f"""
            INSERT INTO veld_bronnen (tabel, record_id, veld, bron)
            SELECT ?, t.{key}, ?, ? FROM {tabel} t JOIN _inc i USING ({key})
            WHERE t.{key} IN (SELECT {key} FROM _gewijzigd) AND {nieuw} IS DISTINCT FROM t.{c}
            ON CONFLICT DO UPDATE SET bron = excluded.bron""", [tabel, c, bron])


# The foreign keys come from pipelines/schema.sql, fixed for this version of the code: read from the
# catalog once per process (a catalog query per UPDATE was a tenth of the archive replay).
_FK_KINDEREN: dict[str, list[tuple[str, str, str]]] = {}


def _fk_kinderen(con: duckdb.DuckDBPyConnection, tabel: str) -> list[tuple[str, str, str]]:
    """(child table, its foreign-key column, the referenced column) for every table referring to `tabel`."""
    if tabel not in _FK_KINDEREN:
        _FK_KINDEREN[tabel] = con.execute("""
            SELECT table_name, constraint_column_names[1], referenced_column_names[1] FROM duckdb_constraints()
            WHERE constraint_type = 'FOREIGN KEY' AND referenced_table = ? AND database_name = current_database()
            ORDER BY table_name, constraint_index""", [tabel]).fetchall()
    return _FK_KINDEREN[tabel]


def _zonder_verwijzingen(con: duckdb.DuckDBPyConnection, tabel: str, key: str, ids_sql: str,
                         wijzig: Callable[[], object]) -> None:
    """Run `wijzig`, an UPDATE of rows `ids_sql` of `tabel`, while no other row refers to them.

    DuckDB executes an UPDATE of an indexed column (a foreign key such as kern_id) as delete +
    insert and refuses it while another table still refers to the row. The referring rows, and
    theirs in turn (pilots -> mijlpalen, lessen), are set aside in temporary tables and put back
    unchanged afterwards. This runs on the private copy, so no reader ever sees the gap.
    """
    bewaard: list[tuple[str, str, str]] = []

    def verzamel(ouder: str, ouder_rijen: str) -> None:
        for kind_tabel, fk, ref in _fk_kinderen(con, ouder):  # identifiers from DuckDB's own catalog
            tmp = f"_bewaar_{len(bewaard)}"
            con.execute(f"CREATE OR REPLACE TEMP TABLE {tmp} AS SELECT * FROM {kind_tabel} "
                        f"WHERE {fk} IN (SELECT {ref} FROM ({ouder_rijen}))")
            bewaard.append((kind_tabel, fk, tmp))
            verzamel(kind_tabel, f"SELECT * FROM {tmp}")

    verzamel(tabel, f"SELECT * FROM {tabel} WHERE {key} IN ({ids_sql})")
    for kind_tabel, fk, tmp in reversed(bewaard):
        con.execute(f"DELETE FROM {kind_tabel} WHERE {fk} IN (SELECT {fk} FROM {tmp})")
    wijzig()
    for kind_tabel, _fk, tmp in bewaard:
        con.execute(f"INSERT INTO {kind_tabel} SELECT * FROM {tmp}")
        con.execute(f"DROP TABLE {tmp}")
