"""Compare a parsed register with the store: which rows are new, changed or unchanged.
`compare` answers for the preview; `diff` leaves the answer in temporary tables for `apply`."""
from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import config, store
from pipelines.ingest.results import ParsedRegister

TABELLEN = {"initiatieven": ("initiatieven", "initiatief_id"),
            "verbindingen": ("verbindingen", "verbinding_id"),
            "mijlpalen": ("mijlpalen", "mijlpaal_id")}
STANDAARD_NIEUW = {"is_pilot": "FALSE"}  # NOT NULL columns an empty cell leaves at their default



def compare(parsed: ParsedRegister, db_path: Path | str | None = None) -> pd.DataFrame:
    """What an import would do, row by row, without writing: columns rij, id, wijziging
    ('nieuw', 'gewijzigd' or 'ongewijzigd') and toelichting (a change of name, said in words:
    a matched id whose name differs renames the record). For the upload preview."""
    tabel, key = TABELLEN[parsed.kind]
    con = store.open_readonly(Path(db_path or config.db_path()))
    try:
        diff(con, parsed)
        nieuw = {r[0] for r in con.execute(f"SELECT {key} FROM _nieuw").fetchall()}
        gewijzigd = {r[0] for r in con.execute(f"SELECT {key} FROM _gewijzigd").fetchall()}
        oude_naam = {}
        if parsed.kind == "initiatieven" and "naam" in parsed.rows:
            oude_naam = dict(con.execute("SELECT t.initiatief_id, t.naam FROM initiatieven t "
                                         "JOIN _inc i USING (initiatief_id) WHERE i.naam IS DISTINCT FROM t.naam"
                                         ).fetchall())
    finally:
        con.close()
    ids = parsed.rows[key]
    wijziging = np.where(ids.isin(nieuw), "nieuw", np.where(ids.isin(gewijzigd), "gewijzigd", "ongewijzigd"))
    toelichting = pd.Series("", index=parsed.rows.index, dtype=object)
    if oude_naam:
        was = ids.map(oude_naam)
        hernoemd = was.notna() & parsed.rows["naam"].notna()
        toelichting[hernoemd] = ("naam wordt '" + parsed.rows["naam"][hernoemd].astype(str) + "' (was '"
                                 + was[hernoemd].astype(str) + "')")
    return pd.DataFrame({"rij": parsed.rows["rij"], "id": ids, "wijziging": wijziging,
                         "toelichting": toelichting.to_numpy()})


def bron_id(parsed: ParsedRegister) -> str:
    return f"{parsed.bestand} ({parsed.sha256[:8]})"


def _tijdelijk(con: duckdb.DuckDBPyConnection, naam: str, df: pd.DataFrame) -> None:
    """The file's rows as a temp table, not a view on the DataFrame: the write reads them a dozen
    times, and every scan of a DataFrame converts it again (the archive replay's hot spot)."""
    con.register("_df_tijdelijk", df)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {naam} AS SELECT * FROM _df_tijdelijk")
    finally:
        con.unregister("_df_tijdelijk")


def waarden(cols: list[str]) -> dict[str, str]:
    """Per column the file provides, SQL for its new value (`i`: the file's row, `t`: the stored
    record). An empty cell leaves the stored value alone (issue 11): only a value in the file
    changes a field. pipelines.bulk folds these rules over a run of imports; a rule it does not
    know makes it replay that run file by file."""
    waarde = {c: f"coalesce(i.{c}, t.{c})" for c in cols}
    if "kern_id" in waarde and "gemeente_code" in waarde:  # a new gemeente without a kern drops the old kern
        waarde["kern_id"] = ("CASE WHEN i.kern_id IS NULL AND i.gemeente_code IS DISTINCT FROM t.gemeente_code "
                             "AND i.gemeente_code IS NOT NULL THEN NULL ELSE coalesce(i.kern_id, t.kern_id) END")
    if "plaatsnaam" in waarde and "kern_id" in waarde:
        # The place name belongs to its kern cell: a cell naming one kern sets it (NULL for the
        # woonplaats itself), an empty cell keeps it with the kern, a dropped kern drops it.
        waarde["plaatsnaam"] = (f"CASE WHEN i.kern_id IS NOT NULL THEN i.plaatsnaam "
                                f"WHEN ({waarde['kern_id']}) IS NULL THEN NULL ELSE t.plaatsnaam END")
    return waarde


def diff(con: duckdb.DuckDBPyConnection, parsed: ParsedRegister) -> tuple[dict[str, str], dict]:
    """Compare the parsed rows with the store in `con`: temp tables _nieuw and _gewijzigd (ids),
    and _contact_gewijzigd. A row counts as changed when a column the file provides, its
    themes, its kernen or its contact person differ."""
    tabel, key = TABELLEN[parsed.kind]  # identifiers from a fixed mapping
    rows = parsed.rows.drop(columns=["rij"])
    cols = list(parsed.bijwerken)
    _tijdelijk(con, "_inc", rows)
    waarde = waarden(cols)
    verschil = " OR ".join(f"{waarde[c]} IS DISTINCT FROM t.{c}" for c in cols)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _nieuw AS SELECT {key} FROM _inc ANTI JOIN {tabel} USING ({key})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gewijzigd AS SELECT i.{key} FROM _inc i "
                f"JOIN {tabel} t USING ({key}) WHERE {verschil}")

    links = {naam: df for naam, df in parsed.koppelingen.items()}
    for naam, df in links.items():  # initiatief_themas / initiatief_kernen: symmetric difference per initiative
        kolom = "thema_id" if naam == "initiatief_themas" else "kern_id"
        _tijdelijk(con, f"_inc_{naam}", df)
        scope = f"SELECT DISTINCT initiatief_id FROM _inc_{naam}"  # an empty cell keeps the stored links
        con.execute(f"""
            INSERT INTO _gewijzigd SELECT DISTINCT initiatief_id FROM (
                (SELECT initiatief_id, {kolom} FROM {naam} WHERE initiatief_id IN ({scope})
                 EXCEPT SELECT initiatief_id, {kolom} FROM _inc_{naam})
                UNION ALL
                (SELECT initiatief_id, {kolom} FROM _inc_{naam} EXCEPT SELECT initiatief_id, {kolom} FROM {naam}))
            WHERE initiatief_id NOT IN (SELECT initiatief_id FROM _nieuw)
              AND initiatief_id NOT IN (SELECT initiatief_id FROM _gewijzigd)""")
    contacten = parsed.contactpersonen
    if contacten is not None and len(contacten):
        _tijdelijk(con, "_inc_contact", contacten)
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _contact_gewijzigd AS
            SELECT i.contact_id FROM _inc_contact i LEFT JOIN contactpersonen c USING (contact_id)
            WHERE c.contact_id IS NULL OR i.naam IS DISTINCT FROM c.naam
               OR coalesce(i.email, c.email) IS DISTINCT FROM c.email
               OR coalesce(i.telefoon, c.telefoon) IS DISTINCT FROM c.telefoon
               OR coalesce(i.rol, c.rol) IS DISTINCT FROM c.rol""")
        # Contact persons of these initiatives that the file replaces by another person.
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _contact_vervangen AS
            SELECT contact_id, initiatief_id FROM contactpersonen
            WHERE initiatief_id IN (SELECT initiatief_id FROM _inc_contact)
              AND contact_id NOT IN (SELECT contact_id FROM _inc_contact)""")
        con.execute("""
            INSERT INTO _gewijzigd SELECT DISTINCT initiatief_id FROM _inc_contact
            WHERE (contact_id IN (SELECT contact_id FROM _contact_gewijzigd)
                   OR initiatief_id IN (SELECT initiatief_id FROM _contact_vervangen))
              AND initiatief_id NOT IN (SELECT initiatief_id FROM _nieuw)
              AND initiatief_id NOT IN (SELECT initiatief_id FROM _gewijzigd)""")

    return waarde, links
