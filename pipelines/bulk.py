"""Bulk replay of the import archive (issue 13): a run of consecutive initiative imports applied
in a handful of set-based statements instead of one upsert per file.

Replaying the entries one by one through `pipelines.ingest.writing.write_parsed` costs some
twenty statements on the whole register per file. Here all the run's rows go into one table
tagged with their entry's sequence number. A row equal to the record's row in the file before
changes nothing and is skipped (one self-join); each record's history is folded over the rest,
exactly as the per-file path would have written it:

* an empty cell leaves the stored value (the last value given, per field); a new gemeente without
  a kern drops the old kern; the place name (`plaatsnaam`, 'Cabauw' in woonplaats Lopik) follows
  its kern cell: set by a cell naming a kern, kept by an empty one, dropped with the kern
  (`diffing.waarden`' rules; a rule this module does not know sends the run to the per-file path);
* status: the file's value; a record the file lists while it is "niet meer in register" is in the
  register again (status NULL, `retire.reactivate`); a complete register retires the records of
  its gemeenten that it does not list (`retire.retire`), judged on the gemeente they had then;
* `laatst_bevestigd`: the date of the last import that listed the record;
* themes: the list of the last file that gave the record any;
* kernen and contact persons: folded per record in a short Python loop over the rows that change
  (a kern list, pruning to the gemeente and the home kern interact; a contact is added, updated or
  replaced), or left as they are when no file of the run has such a column;
* a version in `record_versies` for every record an import added, changed, reactivated or retired,
  `veld_bronnen` per changed field, one `ingest_runs` row per import with the per-file notices.

`replay` returns False, having written nothing but temporary tables, whenever a run is outside
what this path reproduces exactly (column types that differ from the table's, a record twice in a
file, a link row without its record, a contact person stored under another record, a home kern
missing from its kernen while the run has no kern column, an unknown rule): the caller then
replays those entries one by one, and the log says why. A failure while writing raises
`Mislukt`; the build then starts again without the bulk path, so the per-file replay names the
entry that does not fit. `tests/unit/test_bulk.py` compares both paths table by table on a mixed
archive and on random ones.

Columns come from the catalog (every column of the table; the ones a run's files provide are
folded), so a new column needs no change here.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import duckdb
import pandas as pd

from pipelines import archive, config
from pipelines.errors import StoreError, aantal
from pipelines.ingest.diffing import STANDAARD_NIEUW, waarden
from pipelines.ingest.results import IngestResult

log = logging.getLogger(__name__)
TABEL, KEY = "initiatieven", "initiatief_id"
UIT = config.STATUS_UIT_REGISTER
MIN_ENTRIES = 2  # a single import is replayed the ordinary way
# The rules of diffing.waarden this path folds: "the last value given" for every column, and for
# kern_id (with gemeente_code in the file) the reset below. Any other rule: file by file.
_KERN_REGEL = ("CASE WHEN i.kern_id IS NULL AND i.gemeente_code IS DISTINCT FROM t.gemeente_code "
               "AND i.gemeente_code IS NOT NULL THEN NULL ELSE coalesce(i.kern_id, t.kern_id) END")


def _plaats_regel(kern: str) -> str:
    """diffing.waarden' rule for plaatsnaam beside the kern rule `kern`: the place name follows its
    kern cell (a cell naming a kern sets it, an empty cell keeps it, a dropped kern drops it)."""
    return (f"CASE WHEN i.kern_id IS NOT NULL THEN i.plaatsnaam "
            f"WHEN ({kern}) IS NULL THEN NULL ELSE t.plaatsnaam END")


_INTS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_FLOATS = {"FLOAT", "DOUBLE"}
# Folded specially (below) or not taken from a file at all.
_BIJZONDER = {KEY, "status", "kern_id", "plaatsnaam", "laatst_bevestigd", "bron"}


class Mislukt(StoreError):
    """The bulk write failed half-way: the build's new file is spoilt, build again without bulk."""


class _NietBulk(Exception):
    """This run is outside what the bulk path reproduces exactly: replay it entry by entry."""


def bulkbaar(entry: archive.Entry) -> bool:
    """An entry the bulk path can take: an import of initiatives."""
    m = entry.meta
    return m.get("soort") == "import" and m.get("kind") == TABEL and "rows.parquet" in m.get("bestanden", {})


def groepen(entries: list[archive.Entry], bulk: bool = True) -> Iterable[tuple[list[archive.Entry], bool]]:
    """The entries in order, as (run, replay in bulk): maximal runs of bulk-able imports of at
    least MIN_ENTRIES, every other entry on its own."""
    run: list[archive.Entry] = []

    def uit() -> Iterable[tuple[list[archive.Entry], bool]]:
        if len(run) >= MIN_ENTRIES:
            yield list(run), True
        else:
            for e in run:
                yield [e], False
        run.clear()

    for e in entries:
        if bulk and bulkbaar(e):
            run.append(e)
            continue
        yield from uit()
        yield [e], False
    yield from uit()


def _q(naam: str) -> str:
    return '"' + naam.replace('"', '""') + '"'


def _lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def _past(bron: str, doel: str) -> bool:
    """A file column of type `bron` replays into a table column of type `doel` as the per-file path
    would: the same type, integers or floats of another width, or no value at all (an empty column)."""
    return (bron == doel or bron == '"NULL"' or (bron in _INTS and doel in _INTS)
            or (bron in _FLOATS and doel in _FLOATS))


def replay(con: duckdb.DuckDBPyConnection, entries: list[archive.Entry]) -> bool:
    """Apply `entries` (consecutive bulk-able imports, in order) to `con` as the per-file replay
    would. False: nothing but temporary tables was written, replay them one by one."""
    try:
        plan = _laad(con, entries)
    except (_NietBulk, duckdb.Error, OSError, ValueError, KeyError, TypeError) as exc:
        log.info("Archive entries %s to %s replayed one by one: %s", entries[0].naam, entries[-1].naam, exc)
        _opruimen(con)
        return False
    try:
        _schrijf(con, plan)
    except (duckdb.Error, KeyError, TypeError, ValueError) as exc:
        raise Mislukt(f"Het importarchief kon niet in één keer worden afgespeeld ({exc}).") from exc
    finally:
        _opruimen(con)
    return True


def _opruimen(con: duckdb.DuckDBPyConnection) -> None:
    for (naam,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary "
                               "AND table_name LIKE '\\_bulk\\_%' ESCAPE '\\'").fetchall():
        con.execute(f"DROP TABLE IF EXISTS {_q(naam)}")
    for (naam,) in con.execute("SELECT view_name FROM duckdb_views() WHERE temporary "
                               "AND view_name LIKE '\\_bulk\\_%' ESCAPE '\\'").fetchall():
        con.execute(f"DROP VIEW IF EXISTS {_q(naam)}")


def _kolommen(con: duckdb.DuckDBPyConnection, tabel: str) -> list[tuple[str, str, str | None]]:
    """(name, type, default) of every column of `tabel`, in order, from the catalog."""
    return con.execute("SELECT column_name, data_type, column_default FROM duckdb_columns() "
                       "WHERE table_name = ? AND database_name = current_database() AND NOT internal "
                       "ORDER BY column_index", [tabel]).fetchall()


def _laad(con: duckdb.DuckDBPyConnection, entries: list[archive.Entry]) -> dict:
    """Read the run's files into temporary tables and fold every record's history there; writes
    nothing else. Raises _NietBulk when the run is outside what this path reproduces."""
    kolommen = _kolommen(con, TABEL)
    typen = {c: t for c, t, _d in kolommen}
    standaard = {c: d for c, _t, d in kolommen}
    base = con.execute("SELECT coalesce(max(run_id), 0) FROM ingest_runs").fetchone()[0]

    rijen, themas, kernen, contacten, meta = [], [], [], [], []
    velden: list[str] = []
    for seq, e in enumerate(entries, 1):
        m = e.meta
        bijwerken = list(m["bijwerken"])
        int(m["n_rijen"]), str(m["bestand"]), str(m["sha256"])  # what the write needs: missing, the per-file path says so
        if not set(bijwerken) <= set(typen) or KEY in bijwerken or {"bron", "laatst_bevestigd"} & set(bijwerken):
            raise _NietBulk("a file writes a column the table does not have, or its key, source or date")
        if m.get("opties", {}).get("volledig") and "gemeente_code" not in bijwerken:
            raise _NietBulk("a complete register without gemeente column")
        regels = waarden(bijwerken)
        for c, sql in regels.items():
            if c == "plaatsnaam":  # only beside a kern column, as the kern's companion
                if "kern_id" not in regels or sql != _plaats_regel(regels["kern_id"]):
                    raise _NietBulk("diffing has a rule for plaatsnaam that this path does not fold")
            elif sql != f"coalesce(i.{c}, t.{c})" and not (c == "kern_id" and sql == _KERN_REGEL):
                raise _NietBulk(f"diffing has a rule for {c} that this path does not fold")
        velden += [c for c in bijwerken if c not in velden]
        gestart = dt.datetime.fromisoformat(m["gestart_op"])
        meta.append((seq, base + seq, f"{m['bestand']} ({m['sha256'][:8]})", gestart.date(),
                     bool(m.get("opties", {}).get("volledig")),
                     "kern_id" in bijwerken and "gemeente_code" in bijwerken,
                     "plaatsnaam" in bijwerken,
                     (e.pad / "koppeling-initiatief_kernen.parquet").exists()))
        rijen.append((str(e.pad / "rows.parquet"), seq))
        for naam, lijst in (("koppeling-initiatief_themas", themas), ("koppeling-initiatief_kernen", kernen),
                            ("contactpersonen", contacten)):
            pad = e.pad / f"{naam}.parquet"
            if pad.exists():
                lijst.append((str(pad), seq))
    for c in velden:  # a NOT NULL default the per-file insert would fill differently
        if standaard[c] is not None and c not in STANDAARD_NIEUW:
            raise _NietBulk(f"column {c} has a default the per-file insert would not give")
    for c, expr in STANDAARD_NIEUW.items():
        if c in typen and not con.execute(f"SELECT ({expr}) IS NOT DISTINCT FROM ({standaard[c] or 'NULL'})").fetchone()[0]:
            raise _NietBulk(f"the default of {c} differs from the importer's")
    velden = [c for c, _t, _d in kolommen if c in velden]  # table order

    con.execute("CREATE OR REPLACE TEMP TABLE _bulk_e (seq INTEGER, run_id INTEGER, bron VARCHAR, datum DATE, "
                "volledig BOOLEAN, kern_regel BOOLEAN, plaats_regel BOOLEAN, heeft_kernen BOOLEAN)")
    con.executemany("INSERT INTO _bulk_e VALUES (?, ?, ?, ?, ?, ?, ?, ?)", meta)
    contact_kolommen = _kolommen(con, "contactpersonen")
    if any(d is not None for _c, _t, d in contact_kolommen):  # a new contact person gets NULL in the rest
        raise _NietBulk("contactpersonen has a column with a default")
    contact_typen = {c: t for c, t, _d in contact_kolommen}
    typen_van = contact_typen | dict(typen) | {"thema_id": "VARCHAR"}

    def lees(naam: str, bestanden: list[tuple[str, int]], nodig: list[str]) -> None:
        """The files as one table with their entry's seq, cast to the table's types (which must fit)."""
        if not bestanden:
            con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_{naam} (seq INTEGER, "
                        + ", ".join(f"{_q(c)} {typen_van[c]}" for c in nodig) + ")")
            return
        con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_pad_{naam} (pad VARCHAR, seq INTEGER)")
        con.executemany(f"INSERT INTO _bulk_pad_{naam} VALUES (?, ?)", bestanden)
        paden = [p for p, _s in bestanden]
        bron = "read_parquet(?, union_by_name = true, filename = true)"
        schema = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {bron}", [paden]).fetchall()}
        uit = []
        for c in nodig:
            if c not in schema:
                uit.append(f"CAST(NULL AS {typen_van[c]}) AS {_q(c)}")
                continue
            if not _past(schema[c], typen_van[c]):
                raise _NietBulk(f"column {c} of {naam} has type {schema[c]}, the table {typen_van[c]}")
            uit.append(f"CAST(r.{_q(c)} AS {typen_van[c]}) AS {_q(c)}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_{naam} AS SELECT p.seq, {', '.join(uit)} "
                    f"FROM {bron} r JOIN _bulk_pad_{naam} p ON p.pad = r.filename", [paden])

    lees("r", rijen, [KEY, *velden])
    lees("th", themas, [KEY, "thema_id"])
    lees("ke", kernen, [KEY, "kern_id"])
    contact_velden = ["contact_id", "naam", "rol", "email", "telefoon"]
    typen_van = contact_typen  # the contact rows' columns have the types of contactpersonen
    lees("c", contacten, [KEY, *contact_velden])
    n, uniek, leeg = con.execute(f"SELECT count(*), count(DISTINCT (seq, {KEY})), count(*) FILTER ({KEY} IS NULL) "
                                 "FROM _bulk_r").fetchone()
    if n != uniek or leeg:
        raise _NietBulk("a record twice in one file, or without id")
    # Each record's theme and kern list per file (sorted: the lists a version carries); a link
    # row without a value, twice, or without its record's row is outside this path.
    for naam, kolom in (("th", "thema_id"), ("ke", "kern_id")):
        con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_{naam}l AS SELECT seq, {KEY}, list_sort(l) AS l, "
                    f"len(l) <> list_unique(l) AS fout FROM (SELECT seq, {KEY}, list({kolom}) AS l "
                    f"FROM _bulk_{naam} GROUP BY ALL)")
    # Contact persons per record and file, sorted by id. A contact listed under another record than
    # the one it is stored with (or under two) would change a record the file does not name: outside.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_cl AS
        SELECT seq, {KEY}, list({{{', '.join(f"{_lit(c)}: {_q(c)}" for c in contact_velden)}}} ORDER BY contact_id) AS l,
               count(*) <> count(DISTINCT contact_id) OR count(contact_id) <> count(*) OR count(naam) <> count(*) AS fout
        FROM _bulk_c GROUP BY ALL""")
    if con.execute(f"""
            SELECT count(*) FROM (SELECT contact_id FROM (
                SELECT DISTINCT contact_id, {KEY} FROM _bulk_c
                UNION SELECT contact_id, {KEY} FROM contactpersonen WHERE contact_id IN (SELECT contact_id FROM _bulk_c))
            GROUP BY contact_id HAVING count(*) > 1 OR bool_or({KEY} IS NULL))""").fetchone()[0]:
        raise _NietBulk("a contact person under another record than the stored one")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_rl AS SELECT r.*, th.l AS th, ke.l AS kl, cl.l AS cl FROM _bulk_r r
        LEFT JOIN _bulk_thl th USING (seq, {KEY}) LEFT JOIN _bulk_kel ke USING (seq, {KEY})
        LEFT JOIN _bulk_cl cl USING (seq, {KEY})""")
    slecht = con.execute("""
        SELECT (SELECT count(*) FILTER (fout) FROM _bulk_thl) + (SELECT count(*) FILTER (fout) FROM _bulk_kel)
             + (SELECT count(*) FILTER (fout) FROM _bulk_cl)
             + (SELECT count(*) FROM _bulk_thl) + (SELECT count(*) FROM _bulk_kel) + (SELECT count(*) FROM _bulk_cl)
             - (SELECT count(th) + count(kl) + count(cl) FROM _bulk_rl)""").fetchone()[0]
    if slecht:
        raise _NietBulk("a link or contact row without value, twice, or without its record")

    kern_in_run = "kern_id" in velden or bool(kernen)
    if not kern_in_run:  # kernen stay as they are, if every home kern is among its kernen
        if con.execute(f"SELECT count(*) FROM {TABEL} i WHERE kern_id IS NOT NULL AND NOT EXISTS ("
                       "SELECT 1 FROM initiatief_kernen k WHERE k.initiatief_id = i.initiatief_id "
                       "AND k.kern_id = i.kern_id)").fetchone()[0]:
            raise _NietBulk("a home kern missing from its kernen")

    _vouw(con, kolommen, velden, standaard, len(entries))
    plan = {"entries": entries, "kolommen": kolommen, "velden": velden, "kern_in_run": kern_in_run, "base": base,
            "contact_in_run": bool(con.execute("SELECT count(*) FROM _bulk_cl").fetchone()[0])}
    plan["vervangen"] = _per_record(con, plan)
    return plan


def _vouw(con: duckdb.DuckDBPyConnection, kolommen: list[tuple[str, str, str | None]], velden: list[str],
          standaard: dict[str, str | None], n: int) -> None:
    """Every record's state after every import of the run that changed it (temp table _bulk_2) and
    what each import did to it: added, changed fields, themes, reactivated, retired (_bulk_v)."""
    gewoon = [c for c in velden if c not in _BIJZONDER]  # folded as "the last value given"
    heeft = set(velden)
    gem = "gemeente_code" in heeft
    typen = {c: ty for c, ty, _d in kolommen}

    # A row equal to the record's row in the file just before (values, theme list, kern list)
    # changes nothing: after the first, the fields hold its values, a reset kern stays reset, the
    # status is its value or no longer "niet meer in register". Except a file that says "niet meer
    # in register" itself (reactivated again) and a kern list without its home kern (the home kern
    # is added to it, so the next list differs from the stored one). Only the other rows are folded;
    # _bulk_j also keeps, per record, where a run of files listing it ends (a_seq, the next file
    # does not list it) and begins (seq without a_seq), which give the files it is absent from.
    gelijk = " AND ".join([f"a.{_q(c)} IS NOT DISTINCT FROM b.{_q(c)}" for c in velden]
                          + ["a.th IS NOT DISTINCT FROM b.th", "a.kl IS NOT DISTINCT FROM b.kl", "a.cl IS NOT DISTINCT FROM b.cl"]
                          + ([f"b.status IS DISTINCT FROM {_lit(UIT)}"] if "status" in heeft else [])
                          + ["(b.kl IS NULL OR " + ("b.kern_id IS NOT NULL AND list_contains(b.kl, b.kern_id))"
                                                    if "kern_id" in heeft else "FALSE)")])
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_j AS
        SELECT coalesce(b.{KEY}, a.{KEY}) AS {KEY}, a.seq AS a_seq, b.* EXCLUDE ({KEY})
        FROM _bulk_rl a FULL JOIN _bulk_rl b ON b.{KEY} = a.{KEY} AND b.seq = a.seq + 1
        WHERE NOT (a.seq IS NOT NULL AND b.seq IS NOT NULL AND {gelijk})""")
    con.execute("CREATE OR REPLACE TEMP TABLE _bulk_p AS SELECT * EXCLUDE (a_seq) FROM _bulk_j WHERE seq IS NOT NULL")

    # Every record in the register or in the run: whether it existed before the run, the first
    # file of a new one, the last file that listed it.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_ids AS
        SELECT {KEY}, bool_or(bestaat) AS bestaat, CASE WHEN NOT bool_or(bestaat) THEN min(seq) END AS eerste,
               max(a_seq) AS laatste FROM (
            SELECT {KEY}, TRUE AS bestaat, NULL::INTEGER AS seq, NULL::INTEGER AS a_seq FROM {TABEL}
            UNION ALL SELECT {KEY}, FALSE, seq, a_seq FROM _bulk_j) GROUP BY ALL""")

    def begin(c: str) -> str:
        """The value before the run: the stored one, or the default a new record gets."""
        nieuw = STANDAARD_NIEUW[c] if c in STANDAARD_NIEUW else (standaard[c] or "NULL")
        return f"CASE WHEN u.bestaat THEN t.{_q(c)} ELSE CAST({nieuw} AS {typen[c]}) END"

    # Pass 1: the gemeente after each file that changed it (for the kern rule, the kernen and the
    # scope of a complete register).
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_1 AS
        SELECT seq, {KEY}, gem_na, lag(gem_na) OVER (PARTITION BY {KEY} ORDER BY seq) AS gem_voor FROM (
            SELECT seq, {KEY}, last_value(g IGNORE NULLS) OVER (PARTITION BY {KEY} ORDER BY seq
                ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS gem_na FROM (
                SELECT 0 AS seq, {KEY}, gemeente_code AS g FROM {TABEL}
                UNION ALL SELECT seq, {KEY}, {'gemeente_code' if gem else 'NULL::VARCHAR'} FROM _bulk_p))""")

    # The files a record is absent from: between the end of one run of files listing it and the
    # start of the next (before the first for a stored record, after the last for every record).
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_gat AS
        WITH van AS (SELECT {KEY}, 1 AS van FROM _bulk_ids WHERE bestaat
                     UNION ALL SELECT {KEY}, a_seq + 1 FROM _bulk_j WHERE seq IS NULL),
             tot AS (SELECT j.{KEY}, j.seq AS tot FROM _bulk_j j JOIN _bulk_ids u USING ({KEY})
                     WHERE j.seq IS NOT NULL AND j.a_seq IS NULL AND j.seq IS DISTINCT FROM u.eerste
                     UNION ALL SELECT {KEY}, {n + 1} FROM _bulk_ids)
        SELECT {KEY}, van, tot FROM
            (SELECT *, row_number() OVER (PARTITION BY {KEY} ORDER BY van) AS k FROM van)
            JOIN (SELECT *, row_number() OVER (PARTITION BY {KEY} ORDER BY tot) AS k FROM tot) USING ({KEY}, k)
        WHERE van < tot""")

    # Records a complete register retires: absent from it, in a gemeente it names (as they were
    # then). Within one absence only the first can change anything: the record is retired after it.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_uit AS
        WITH c AS (SELECT g.{KEY}, e.seq, g.van FROM _bulk_gat g JOIN _bulk_e e
                   ON e.volledig AND e.seq >= g.van AND e.seq < g.tot),
             toen AS (SELECT c.*, p.gem_na FROM c ASOF JOIN _bulk_1 p ON c.{KEY} = p.{KEY} AND c.seq > p.seq)
        SELECT seq, {KEY}, van FROM toen
        WHERE (seq, gem_na) IN (SELECT DISTINCT seq, {'gemeente_code' if gem else 'NULL::VARCHAR'} FROM _bulk_r
                                WHERE seq IN (SELECT seq FROM _bulk_e WHERE volledig))
        QUALIFY row_number() OVER (PARTITION BY {KEY}, van ORDER BY seq) = 1""")

    # Pass 2: every column after every file that changed the record. Rows: the state before the
    # run (seq 0), each such file ('p'), each complete register that retires it ('u').
    kern_ev_p = ("NULL" if "kern_id" not in heeft else
                 "CASE WHEN r.kern_id IS NOT NULL THEN {'v': r.kern_id} "
                 + ("WHEN e.kern_regel AND r.gemeente_code IS NOT NULL AND r.gemeente_code IS DISTINCT FROM g.gem_voor "
                    "THEN {'v': NULL::VARCHAR} " if gem else "")
                 + "END")
    status_p = "r.status" if "status" in heeft else "NULL::VARCHAR"
    # The place name (a file with a plaatsnaam column, always beside its kern column): a row naming
    # a kern, or adding the record, sets it (plaats_ev); an empty kern cell (plaats_nul) keeps it
    # unless the kern is gone after the file (reset, or none before), see _plaats_regel.
    plaats = "plaatsnaam" in typen
    p_type = typen.get("plaatsnaam", "VARCHAR")
    plaats_0 = (f", {{'p': {begin('plaatsnaam')}}} AS plaats_ev, FALSE AS plaats_nul" if plaats else "")
    plaats_p = ("" if not plaats else
                f", CASE WHEN e.plaats_regel AND (r.kern_id IS NOT NULL OR r.seq = u.eerste) "
                f"THEN {{'p': CAST(r.plaatsnaam AS {p_type})}} END, "
                "e.plaats_regel AND r.kern_id IS NULL AND r.seq IS DISTINCT FROM u.eerste"
                if "plaatsnaam" in heeft else
                f", CAST(NULL AS STRUCT(p {p_type})), FALSE")
    plaats_u = ", NULL, FALSE" if plaats else ""
    sep = ", " if gewoon else ""
    plain_0 = ", ".join(f"{begin(c)} AS {_q(c)}" for c in gewoon)
    plain_p = ", ".join(f"r.{_q(c)}" for c in gewoon)
    plain_u = ", ".join(f"NULL AS {_q(c)}" for c in gewoon)
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW _bulk_in AS
        SELECT 0 AS seq, u.{KEY}, 'b' AS soort, NULL::VARCHAR AS r_status, {{'v': {begin('kern_id')}}} AS kern_ev,
               {{'s': 0, 'v': {begin('status')}}} AS zet_ev, NULL::INTEGER AS wis_ev,
               {begin('laatst_bevestigd')} AS lb, {begin('bron')} AS bron{plaats_0}{sep}{plain_0}
        FROM _bulk_ids u LEFT JOIN {TABEL} t USING ({KEY})
        UNION ALL
        SELECT r.seq, r.{KEY}, 'p', {status_p}, {kern_ev_p},
               CASE WHEN {status_p} IS NOT NULL THEN {{'s': r.seq, 'v': nullif({status_p}, {_lit(UIT)})}} END,
               CASE WHEN {status_p} IS NULL THEN r.seq END,
               e.datum, CASE WHEN r.seq = u.eerste THEN e.bron END{plaats_p}{sep}{plain_p}
        FROM _bulk_p r JOIN _bulk_e e USING (seq) JOIN _bulk_ids u USING ({KEY})
        LEFT JOIN _bulk_1 g ON g.{KEY} = r.{KEY} AND g.seq = r.seq
        UNION ALL
        SELECT x.seq, x.{KEY}, 'u', NULL, NULL, {{'s': x.seq, 'v': {_lit(UIT)}}}, NULL, e.datum, NULL{plaats_u}{sep}{plain_u}
        FROM _bulk_uit x LEFT JOIN _bulk_e e ON e.seq = x.van - 1""")
    w = f"(PARTITION BY {KEY} ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
    w_lag = f"(PARTITION BY {KEY} ORDER BY seq)"
    na = [*gewoon, "kern_id", *(["plaatsnaam"] if plaats else []), "status"]
    plaats_na = (f" EXCLUDE (plaats_ev, plaats_nul), (last_value(CASE WHEN plaats_ev IS NOT NULL THEN plaats_ev "
                 f"WHEN plaats_nul AND kern_id_na IS NULL THEN {{'p': NULL::{p_type}}} END IGNORE NULLS) OVER {w}).p "
                 "AS plaatsnaam_na" if plaats else "")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_2 AS
        SELECT *, {', '.join(f'lag({_q(c + "_na")}) OVER {w_lag} AS {_q(c + "_voor")}' for c in na)} FROM (
            SELECT *{plaats_na}
            FROM (
                SELECT seq, {KEY}, soort, r_status, lb_na, bron_na,
                       {''.join(f'{_q(c + "_na")}, ' for c in gewoon)} kern_ev_na.v AS kern_id_na,
                       {'plaats_ev, plaats_nul, ' if plaats else ''}
                       CASE WHEN zet.v = {_lit(UIT)} AND coalesce(wis, -1) > zet.s THEN NULL ELSE zet.v END AS status_na
                FROM (
                    SELECT seq, {KEY}, soort, r_status, {'plaats_ev, plaats_nul, ' if plaats else ''}
                           last_value(lb IGNORE NULLS) OVER {w} AS lb_na,
                           last_value(bron IGNORE NULLS) OVER {w} AS bron_na,
                           {''.join(f'last_value({_q(c)} IGNORE NULLS) OVER {w} AS {_q(c + "_na")}, ' for c in gewoon)}
                           last_value(kern_ev IGNORE NULLS) OVER {w} AS kern_ev_na,
                           last_value(zet_ev IGNORE NULLS) OVER {w} AS zet,
                           max(wis_ev) OVER {w} AS wis
                    FROM _bulk_in)))""")

    # Themes: the list of the last file that gave the record any; a difference changes the record.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_thv AS
        SELECT seq, {KEY}, l, seq > 0 AND l IS DISTINCT FROM lag(l) OVER (PARTITION BY {KEY} ORDER BY seq) AS anders
        FROM (
            SELECT 0 AS seq, u.{KEY}, coalesce(x.l, []::VARCHAR[]) AS l FROM _bulk_ids u LEFT JOIN (
                SELECT {KEY}, list(thema_id ORDER BY thema_id) AS l FROM initiatief_themas GROUP BY ALL) x USING ({KEY})
            UNION ALL
            SELECT seq, {KEY}, th FROM _bulk_p WHERE th IS NOT NULL)""")

    veranderd = " OR ".join(
        [f"{_q(c + '_na')} IS DISTINCT FROM {_q(c + '_voor')}" for c in gewoon]
        + (["kern_id_na IS DISTINCT FROM kern_id_voor"] if "kern_id" in heeft else [])
        + (["plaatsnaam_na IS DISTINCT FROM plaatsnaam_voor"] if "plaatsnaam" in heeft else [])
        + (["coalesce(r_status, status_voor) IS DISTINCT FROM status_voor"] if "status" in heeft else [])) or "FALSE"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_v AS
        SELECT b.seq, b.{KEY}, b.soort, b.seq IS NOT DISTINCT FROM u.eerste AS nieuw,
               b.soort = 'p' AND b.seq IS DISTINCT FROM u.eerste AND ({veranderd}) AS kolom_anders,
               coalesce(t.anders, FALSE) AND b.seq IS DISTINCT FROM u.eerste AS themas_anders,
               b.soort = 'p' AND coalesce(r_status, status_voor) = {_lit(UIT)} AS terug,
               b.soort = 'u' AND coalesce(status_voor, '') <> {_lit(UIT)} AS uit,
               FALSE AS kern_contact_anders, b.kern_id_na, g.gem_na
        FROM _bulk_2 b JOIN _bulk_ids u USING ({KEY})
        LEFT JOIN _bulk_thv t ON t.{KEY} = b.{KEY} AND t.seq = b.seq
        ASOF LEFT JOIN _bulk_1 g ON g.{KEY} = b.{KEY} AND b.seq >= g.seq
        WHERE b.soort <> 'b'""")


def _per_record(con: duckdb.DuckDBPyConnection, plan: dict) -> dict[int, int]:
    """Kern lists and contact persons after every import, folded file by file per record (records
    are independent) over the folded rows, as `writing.upsert` changes them:

    * a file's kern list replaces the record's (where the file gives one); a changed record then
      loses kernen outside its gemeente (when the file has a kern column) and gets its home kern;
    * a file's contact person is added, or updated (an empty cell keeps the stored value); the
      record's other contact persons are removed ("vervangen");
    * a different kern list or a contact change changes the record.

    Tables: _bulk_kl (the kern list each version carries), _bulk_ke_eind (the end lists of the
    records touched), _bulk_c_eind (their contact persons at the end), _bulk_c_ids (whose contact
    persons those are). Returns per file how many contact persons it replaced."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_kl (seq INTEGER, {KEY} VARCHAR, l VARCHAR[])")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_ke_eind ({KEY} VARCHAR, l VARCHAR[])")
    con.execute("CREATE OR REPLACE TEMP TABLE _bulk_c_eind AS SELECT * FROM contactpersonen LIMIT 0")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_c_ids ({KEY} VARCHAR)")
    met_kern, met_contact = plan["kern_in_run"], plan["contact_in_run"]
    if not met_kern and not met_contact:
        return {}
    gemeente = dict(con.execute("SELECT kern_id, gemeente_code FROM kernen").fetchall())
    kernen: dict[str, set[str]] = {k: set(l) for k, l in con.execute(
        f"SELECT {KEY}, list(kern_id) FROM initiatief_kernen SEMI JOIN _bulk_ids USING ({KEY}) GROUP BY ALL").fetchall()}
    ckol = [c for c, _t, _d in _kolommen(con, "contactpersonen")]
    contacten: dict[str, dict[str, dict]] = {}
    for rij in con.execute(f"SELECT * FROM contactpersonen WHERE {KEY} IN (SELECT {KEY} FROM _bulk_cl)").fetchall():
        c = dict(zip(ckol, rij))
        contacten.setdefault(c[KEY], {})[c["contact_id"]] = c
    bron = dict(con.execute("SELECT seq, bron FROM _bulk_e").fetchall())
    rijen = con.execute(f"""
        SELECT v.{KEY}, v.seq, v.soort = 'p', v.nieuw, v.kolom_anders OR v.themas_anders, v.terug OR v.uit,
               v.gem_na, v.kern_id_na, p.kl, p.cl, e.heeft_kernen
        FROM _bulk_v v JOIN _bulk_e e USING (seq) LEFT JOIN _bulk_p p USING (seq, {KEY})
        ORDER BY v.{KEY}, v.seq""").fetchall()
    anders, lijsten, eind, geraakte_contacten = [], [], {}, set()
    vervangen: dict[int, int] = {}
    for rid, seq, aanwezig, nieuw, veranderd, versie, gem, kern, kl, cl, kernkolom in rijen:
        geraakt = nieuw or veranderd
        if aanwezig and cl is not None:  # contacts before the kernen: a contact change makes the record changed
            staat = contacten.setdefault(rid, {})
            gewijzigd = [c for c in cl if c["contact_id"] not in staat or c["naam"] != staat[c["contact_id"]]["naam"]
                         or any(c[v] is not None and c[v] != staat[c["contact_id"]][v] for v in ("email", "telefoon", "rol"))]
            weg = [cid for cid in staat if cid not in {c["contact_id"] for c in cl}]
            vervangen[seq] = vervangen.get(seq, 0) + len(weg)
            if gewijzigd or weg:
                if not nieuw and not geraakt:
                    anders.append((seq, rid))
                geraakt = True
                geraakte_contacten.add(rid)
                for c in gewijzigd:
                    oud = staat.get(c["contact_id"])
                    if oud is None:
                        staat[c["contact_id"]] = dict.fromkeys(ckol) | {KEY: rid, "bron": bron[seq], **c}
                    else:
                        oud.update({"naam": c["naam"], "bron": bron[seq]}
                                   | {v: c[v] for v in ("email", "telefoon", "rol") if c[v] is not None})
                for cid in weg:
                    del staat[cid]
        if met_kern:
            k = kernen.setdefault(rid, set())
            if aanwezig and kernkolom and kl is not None:
                if not nieuw and k != set(kl):
                    if not geraakt:
                        anders.append((seq, rid))
                    geraakt = True
                k = kernen[rid] = set(kl)
            if aanwezig and geraakt:
                if kernkolom and gem is not None:  # the kernen table is the catalog's: a kern not in it stays
                    k -= {x for x in k if gemeente.get(x, gem) != gem}
                if kern is not None:
                    k.add(kern)
            if versie or geraakt:
                lijsten.append((seq, rid, sorted(k)))
            eind[rid] = k

    def vul(tabel: str, rijen_uit: list, kolommen: dict[str, str], sql: str) -> None:
        if not rijen_uit:
            return
        con.register("_bulk_df", pd.DataFrame(rijen_uit, columns=list(kolommen)))
        try:
            con.execute(sql.format(tabel=tabel, selectie=", ".join(f"CAST({_q(c)} AS {t}) AS {_q(c)}"
                                                                    for c, t in kolommen.items())))
        finally:
            con.unregister("_bulk_df")

    lijst = {"seq": "INTEGER", KEY: "VARCHAR", "l": "VARCHAR[]"}
    vul("_bulk_kd", anders, {"seq": "INTEGER", KEY: "VARCHAR"}, "CREATE OR REPLACE TEMP TABLE {tabel} AS SELECT {selectie} FROM _bulk_df")
    if anders:
        con.execute(f"UPDATE _bulk_v SET kern_contact_anders = TRUE FROM _bulk_kd d "
                    f"WHERE _bulk_v.seq = d.seq AND _bulk_v.{KEY} = d.{KEY}")
    vul("_bulk_kl", lijsten, lijst, "INSERT INTO {tabel} SELECT {selectie} FROM _bulk_df")
    vul("_bulk_ke_eind", [(rid, sorted(k)) for rid, k in eind.items()], {KEY: "VARCHAR", "l": "VARCHAR[]"},
        "INSERT INTO {tabel} SELECT {selectie} FROM _bulk_df")
    vul("_bulk_c_ids", [(rid,) for rid in sorted(geraakte_contacten)], {KEY: "VARCHAR"},
        "INSERT INTO {tabel} SELECT {selectie} FROM _bulk_df")
    vul("_bulk_c_eind", [tuple(c[k] for k in ckol) for rid in sorted(geraakte_contacten) for c in contacten[rid].values()],
        {c: t for c, t, _d in _kolommen(con, "contactpersonen")}, "INSERT INTO {tabel} SELECT {selectie} FROM _bulk_df")
    return vervangen


def _schrijf(con: duckdb.DuckDBPyConnection, plan: dict) -> None:
    from pipelines.ingest.writing import _geindexeerd, _zonder_verwijzingen  # late: the importer is heavy
    vervangen = plan["vervangen"]
    kolommen, velden = plan["kolommen"], plan["velden"]
    gewoon = [c for c in velden if c not in _BIJZONDER]
    kern_in_run = plan["kern_in_run"]

    def waarde(c: str, b: str = "b", t: str = "t") -> str:
        """A column of the state after an import: folded (b), or as it was before the run (t)."""
        if c == KEY:
            return f"{b}.{KEY}"
        if c in gewoon or c in ("status", "kern_id", "plaatsnaam", "laatst_bevestigd", "bron"):
            return f"{b}.{_q({'laatst_bevestigd': 'lb', 'bron': 'bron'}.get(c, c) + '_na')}"
        return f"{t}.{_q(c)}"

    def rij(b: str = "b", t: str = "t") -> str:
        return "{" + ", ".join(f"{_lit(c)}: CAST({waarde(c, b, t)} AS {ty})" for c, ty, _d in kolommen) + "}"

    # Defaults of the columns no file of the run gives, for new records (their row in _bulk_in has them too).
    standaard = {c: d for c, _t, d in kolommen}
    nieuw_t = ", ".join(f"CAST({STANDAARD_NIEUW.get(c) or standaard[c] or 'NULL'} AS {ty}) AS {_q(c)}"
                        for c, ty, _d in kolommen)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_t AS
        SELECT * FROM {TABEL} WHERE {KEY} IN (SELECT {KEY} FROM _bulk_ids)
        UNION ALL BY NAME
        SELECT u.{KEY}, d.* EXCLUDE ({KEY}) FROM (SELECT {nieuw_t}) d CROSS JOIN (SELECT {KEY} FROM _bulk_ids
            WHERE NOT bestaat) u""")

    # Versions: the state at the end of each import for every record it added, changed, reactivated or retired.
    kernen_l = ("coalesce(kl.l, []::VARCHAR[])" if kern_in_run else "coalesce(k0.l, []::VARCHAR[])")
    kernen_join = (f"LEFT JOIN _bulk_kl kl ON kl.{KEY} = v.{KEY} AND kl.seq = v.seq" if kern_in_run else
                   f"LEFT JOIN (SELECT {KEY}, list(kern_id ORDER BY kern_id) AS l FROM initiatief_kernen GROUP BY ALL) k0 "
                   f"ON k0.{KEY} = v.{KEY}")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_versies AS
        SELECT e.run_id, v.{KEY}, v.seq,
               CASE WHEN v.uit THEN {_lit('niet meer in register')} WHEN v.terug THEN 'gewijzigd'
                    WHEN v.nieuw THEN 'nieuw' ELSE 'gewijzigd' END AS wijziging,
               json_merge_patch(to_json({rij()}), json_object('themas', th.l, 'kernen', {kernen_l})) AS gegevens
        FROM _bulk_v v JOIN _bulk_e e USING (seq) JOIN _bulk_2 b ON b.{KEY} = v.{KEY} AND b.seq = v.seq
        JOIN _bulk_t t ON t.{KEY} = v.{KEY}
        ASOF JOIN _bulk_thv th ON th.{KEY} = v.{KEY} AND v.seq >= th.seq
        {kernen_join}
        WHERE v.nieuw OR v.kolom_anders OR v.themas_anders OR v.kern_contact_anders OR v.terug OR v.uit""")

    # Per import: added, changed (fields, themes or kernen), retired.
    telling = {seq: (t, g, u) for seq, t, g, u in con.execute("""
        SELECT seq, count(*) FILTER (nieuw), count(*) FILTER (NOT nieuw AND soort = 'p' AND
               (kolom_anders OR themas_anders OR kern_contact_anders)), count(*) FILTER (uit)
        FROM _bulk_v GROUP BY seq""").fetchall()}
    runs, bronnen = [], []
    for seq, e in enumerate(plan["entries"], 1):
        m = e.meta
        t, g, u = telling.get(seq, (0, 0, 0))
        meldingen = list(m.get("meldingen", []))
        if vervangen.get(seq):  # writing._contact_notices: a count, never who
            meldingen.append(f"{aantal(vervangen[seq], 'contactpersoon', 'contactpersonen')} vervangen door de "
                             "contactpersoon uit het bestand")
        result = IngestResult(m["kind"], m["bestand"], m["sha256"], "gelukt", t, g, m["n_rijen"] - t - g, 0, meldingen)
        melding = result.samenvatting() + "".join(f"\nLet op: {x}" for x in meldingen)
        if u:
            melding += f"\nLet op: {aantal(u, 'initiatief', 'initiatieven')} niet meer in register (volledig register)"
        gestart = dt.datetime.fromisoformat(m["gestart_op"])
        runs.append((plan["base"] + seq, gestart, m["kind"], m["bestand"], m["sha256"], t, g, melding,
                     m.get("door"), e.naam))
        if t or g:
            bronnen.append((f"{m['bestand']} ({m['sha256'][:8]})", f"Geïmporteerd register ({m['kind']}): {m['bestand']}",
                            m["bestand"], gestart.date().isoformat()))

    # The end state of every record the run touched: its last folded row, confirmed by the last
    # file that listed it (which may have changed nothing).
    eind = [f"CAST({'coalesce(el.datum, b.lb_na)' if c == 'laatst_bevestigd' else waarde(c)} AS {ty}) AS {_q(c)}"
            for c, ty, _d in kolommen]
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_eind AS
        SELECT {', '.join(eind)}, u.bestaat
        FROM (SELECT * FROM _bulk_2 QUALIFY row_number() OVER (PARTITION BY {KEY} ORDER BY seq DESC) = 1) b
        JOIN _bulk_t t USING ({KEY}) JOIN _bulk_ids u USING ({KEY}) LEFT JOIN _bulk_e el ON el.seq = u.laatste
        WHERE b.seq > 0""")
    geschreven = [c for c, _t, _d in kolommen if c in gewoon or c in ("status", "kern_id", "plaatsnaam", "laatst_bevestigd")]
    geindexeerd = _geindexeerd(con, TABEL)
    los = [c for c in geschreven if c not in geindexeerd and "*" not in geindexeerd]
    vast = [c for c in geschreven if c not in los]

    def bijwerken(cols: list[str], omweg: bool) -> None:
        if not cols:
            return
        anders = " OR ".join(f"e.{_q(c)} IS DISTINCT FROM t.{_q(c)}" for c in cols)
        ids = f"SELECT e.{KEY} FROM _bulk_eind e JOIN {TABEL} t USING ({KEY}) WHERE e.bestaat AND ({anders})"
        if not con.execute(f"SELECT count(*) FROM ({ids})").fetchone()[0]:
            return
        con.execute(f"CREATE OR REPLACE TEMP TABLE _bulk_w AS {ids}")

        def wijzig() -> None:
            con.execute(f"UPDATE {TABEL} AS t SET {', '.join(f'{_q(c)} = e.{_q(c)}' for c in cols)} FROM _bulk_eind e "
                        f"WHERE t.{KEY} = e.{KEY} AND e.{KEY} IN (SELECT {KEY} FROM _bulk_w)")
        if omweg:  # an indexed column: DuckDB's update is delete + insert, see writing._zonder_verwijzingen
            _zonder_verwijzingen(con, TABEL, KEY, f"SELECT {KEY} FROM _bulk_w", wijzig)
        else:
            wijzig()

    bijwerken(los, False)
    bijwerken(vast, True)
    namen = ", ".join(_q(c) for c, _t, _d in kolommen)
    con.execute(f"INSERT INTO {TABEL} ({namen}) SELECT {namen} FROM _bulk_eind WHERE NOT bestaat")

    # Links: the end state where it differs from the stored one.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_th_eind AS
        SELECT {KEY}, l FROM _bulk_thv QUALIFY row_number() OVER (PARTITION BY {KEY} ORDER BY seq DESC) = 1
                                        AND max(seq) OVER (PARTITION BY {KEY}) > 0""")
    _links(con, "initiatief_themas", "thema_id", "_bulk_th_eind")
    if kern_in_run:
        _links(con, "initiatief_kernen", "kern_id", "_bulk_ke_eind")
    if plan["contact_in_run"]:
        con.execute(f"DELETE FROM contactpersonen WHERE {KEY} IN (SELECT {KEY} FROM _bulk_c_ids)")
        con.execute("INSERT INTO contactpersonen SELECT * FROM _bulk_c_eind")

    # Field provenance: per field the file of the last import that changed it.
    if velden:
        veld_sql = " UNION ALL ".join(
            f"SELECT b.seq, b.{KEY}, {_lit(c)} AS veld FROM _bulk_2 b JOIN _bulk_v v USING (seq, {KEY}) "
            f"WHERE v.soort = 'p' AND NOT v.nieuw AND "
            + ("coalesce(b.r_status, b.status_voor) IS DISTINCT FROM b.status_voor" if c == "status" else
               f"b.{_q(c + '_na')} IS DISTINCT FROM b.{_q(c + '_voor')}")
            for c in velden if c != KEY)
        if veld_sql:
            con.execute(f"""
                INSERT INTO veld_bronnen (tabel, record_id, veld, bron)
                SELECT {_lit(TABEL)}, {KEY}, veld, arg_max(e.bron, seq) FROM ({veld_sql}) JOIN _bulk_e e USING (seq)
                GROUP BY ALL ON CONFLICT DO UPDATE SET bron = excluded.bron""")

    con.executemany("INSERT INTO bronnen VALUES (?, ?, ?, NULL, ?, NULL, 'register') ON CONFLICT DO NOTHING", bronnen)
    con.executemany("INSERT INTO ingest_runs (run_id, gestart_op, klaar_op, soort, bestand, sha256, rijen_toegevoegd, "
                    "rijen_bijgewerkt, rijen_afgewezen, uitkomst, melding, door, archief) "
                    "VALUES (?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, 0, 'gelukt', ?, ?, ?)", runs)
    con.execute(f"INSERT INTO record_versies SELECT {_lit(TABEL)}, {KEY}, run_id, wijziging, gegevens FROM _bulk_versies")


def _links(con: duckdb.DuckDBPyConnection, tabel: str, kolom: str, eind: str) -> None:
    """Replace the rows of `tabel` of every record whose end list in `eind` differs from the stored one."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _bulk_la AS
        SELECT e.{KEY}, e.l FROM {eind} e LEFT JOIN (
            SELECT {KEY}, list({kolom} ORDER BY {kolom}) AS l FROM {tabel} GROUP BY ALL) s USING ({KEY})
        WHERE e.l IS DISTINCT FROM coalesce(s.l, []::VARCHAR[])""")
    con.execute(f"DELETE FROM {tabel} WHERE {KEY} IN (SELECT {KEY} FROM _bulk_la)")
    con.execute(f"INSERT INTO {tabel} ({KEY}, {kolom}) SELECT {KEY}, unnest(l) FROM _bulk_la")
