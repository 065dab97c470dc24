"""The data behind the "Data & bronnen" page: public tables, import history, downloadable sets.

Contact persons are deliberately absent here; see `contactpersonen` for the protected view.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from vliegwiel.auth import door_weergave
from vliegwiel.filters import Filters
from vliegwiel.register import thema_namen
from vliegwiel.format import datumtijd


def import_geschiedenis(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every import and build, newest first, times written the Dutch way."""
    df = con.execute("""
        SELECT run_id AS "Nr.", gestart_op AS "Gestart", klaar_op AS "Klaar", soort AS "Soort",
               bestand AS "Bestand", door AS "Door", rijen_toegevoegd AS "Toegevoegd", rijen_bijgewerkt AS "Bijgewerkt",
               rijen_afgewezen AS "Afgewezen", uitkomst AS "Uitkomst", melding AS "Melding",
               sha256 AS "SHA-256"
        FROM ingest_runs ORDER BY run_id DESC
    """).df()
    df["Door"] = [door_weergave(d) for d in df["Door"]]  # a name or 'redacteur', never an address
    for kolom in ("Gestart", "Klaar"):
        df[kolom] = [datumtijd(t) for t in df[kolom]]
    return df


def bronnenlijst(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("""
        SELECT titel AS "Bron", uitgever AS "Uitgever", peildatum AS "Peildatum / jaar",
               licentie AS "Licentie", bestand AS "Bestand",
               CASE soort WHEN 'geodata' THEN 'Geodata' WHEN 'statistiek' THEN 'Statistiek'
                          WHEN 'gazetteer' THEN 'Plaatsnamen' WHEN 'register' THEN 'Geïmporteerd register'
                          ELSE 'Programmadocument' END AS "Soort"
        FROM bronnen ORDER BY soort, bron_id
    """).df()


def indicatoren(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("""
        SELECT label AS "Kerncijfer", eenheid AS "Eenheid", peiljaar AS "Peiljaar", bron AS "Bron"
        FROM indicatoren ORDER BY volgorde
    """).df()


def download_sets(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> dict[str, pd.DataFrame]:
    """The filtered public data, one DataFrame per sheet, Dutch column names. An initiative's
    "Kern" is the place as its register wrote it (Cabauw), "CBS-woonplaats" the kern it counts
    under (Lopik): imported again, the file changes nothing."""
    iw, ip = filters.initiatief_clause()
    kw, kp = filters.kern_clause()
    initiatieven = con.execute(f"""
        SELECT i.initiatief_id AS "ID", i.naam AS "Naam", coalesce(i.plaatsnaam, k.naam) AS "Kern",
               k.naam AS "CBS-woonplaats", g.naam AS "Gemeente",
               {thema_namen('i')} AS "Thema's",
               i.organisatievorm AS "Organisatievorm", i.fase AS "Fase", i.status AS "Status",
               i.startjaar AS "Startjaar", CASE WHEN i.is_pilot THEN 'ja' ELSE 'nee' END AS "Pilot",
               i.website AS "Website", i.beschrijving AS "Beschrijving", i.bron AS "Bron",
               CASE WHEN i.is_synthetisch THEN 'ja' ELSE 'nee' END AS "Synthetisch"
        FROM initiatieven i
        LEFT JOIN kernen k ON k.kern_id = i.kern_id
        LEFT JOIN gemeenten g ON g.gemeente_code = i.gemeente_code
        WHERE {iw} ORDER BY i.naam
    """, ip).df()
    kernen = con.execute(f"""
        SELECT k.kern_id AS "Woonplaatscode", k.naam AS "Kern", g.naam AS "Gemeente",
               k.inwoners AS "Inwoners (benadering, 1-1-2021)",
               CASE WHEN k.is_kleine_kern THEN 'ja' WHEN NOT k.is_kleine_kern THEN 'nee' END AS "Kleine kern",
               k.latitude AS "Breedtegraad", k.longitude AS "Lengtegraad", k.bron AS "Bron"
        FROM kernen k JOIN gemeenten g USING (gemeente_code)
        WHERE {kw} ORDER BY g.naam, k.naam
    """, kp).df()
    gemeenten = con.execute("""
        SELECT * EXCLUDE (geometry_geojson) FROM gemeenten ORDER BY naam
    """).df()
    if filters.gemeenten:
        gemeenten = gemeenten[gemeenten["gemeente_code"].isin(filters.gemeenten)]
    verbindingen = con.execute(f"""
        SELECT v.verbinding_id AS "ID", a.naam AS "Van", b.naam AS "Naar", v.soort AS "Soort verbinding",
               v.sinds AS "Sinds", v.toelichting AS "Toelichting", v.bron AS "Bron"
        FROM verbindingen v
        JOIN knopen a ON a.knoop_id = v.van_id
        JOIN knopen b ON b.knoop_id = v.naar_id
        WHERE {"TRUE" if filters.is_leeg else
               f"v.van_id IN (SELECT i.initiatief_id FROM initiatieven i WHERE {iw}) OR "
               f"v.naar_id IN (SELECT i.initiatief_id FROM initiatieven i WHERE {iw})"}
        ORDER BY a.naam, b.naam
    """, [] if filters.is_leeg else ip + ip).df()
    return {"Initiatieven": initiatieven, "Kernen": kernen, "Gemeenten (CBS 2021)": gemeenten,
            "Verbindingen": verbindingen}


def contactpersonen(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Personal data: only for signed-in civil servants on the Data & bronnen page."""
    return con.execute("""
        SELECT c.naam AS "Naam", c.rol AS "Rol", coalesce(i.naam, o.naam) AS "Initiatief / organisatie",
               c.email AS "E-mail", c.telefoon AS "Telefoon", c.bron AS "Bron"
        FROM contactpersonen c
        LEFT JOIN initiatieven i USING (initiatief_id)
        LEFT JOIN organisaties o USING (organisatie_id)
        ORDER BY c.naam
    """).df()


WIJZIGING_LABELS = {"nieuw": "nieuw", "gewijzigd": "gewijzigd", "niet meer in register": "niet meer in register"}


def imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Accepted imports (and migrations, undos), newest first: run_id, archief, label."""
    df = con.execute("""
        SELECT run_id, archief, soort, bestand, gestart_op FROM ingest_runs
        WHERE archief IS NOT NULL AND uitkomst = 'gelukt' ORDER BY run_id DESC""").df()
    df["label"] = [f"{datumtijd(t)}: {b or s} ({s})" for t, b, s in zip(df["gestart_op"], df["bestand"], df["soort"])]
    return df[["run_id", "archief", "soort", "label"]]


def import_wijzigingen(con: duckdb.DuckDBPyConnection, run_id: int) -> pd.DataFrame:
    """What one import changed: new records, changed fields old -> new, retired records."""
    from pipelines import history
    df = history.changes(con, run_id)
    return pd.DataFrame({
        "Soort": df["tabel"].map(history.LABELS), "Id": df["record_id"], "Naam": df["naam"],
        "Wijziging": df["wijziging"].map(WIJZIGING_LABELS), "Veld": df["veld"], "Oud": df["oud"], "Nieuw": df["nieuw"]})


def record_geschiedenis(con: duckdb.DuckDBPyConnection, tabel: str, record_id: str) -> pd.DataFrame:
    """Every version of one record, oldest first, with the run that made it."""
    from pipelines import history
    df = history.versions(con, tabel, record_id)
    return pd.DataFrame({"Run": df["run_id"], "Tijd": [datumtijd(t) for t in df["tijd"]], "Bron": df["bron"],
                         "Wijziging": df["wijziging"], "Gewijzigde velden (oud → nieuw)": df["velden"]})


def versheid_per_gemeente(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """How fresh the register is, per gemeente: initiatives per derived status (config.VERSHEID)
    and the most recent confirmation. Retired records ("niet meer in register") are not counted."""
    from pipelines import config, freshness
    labels = [label for label, _j in config.VERSHEID] + [config.VERSHEID_ONBEKEND]
    kolommen = ", ".join(f"count(*) FILTER (WHERE v = ?) AS \"{label}\"" for label in labels)  # labels from config
    df = con.execute(f"""
        SELECT g.naam AS "Gemeente", count(i.initiatief_id) AS "Initiatieven", {kolommen},
               max(i.laatst_bevestigd) AS "Laatst bevestigd"
        FROM gemeenten g LEFT JOIN (
            SELECT *, {freshness.status_sql('laatst_bevestigd')} AS v FROM initiatieven
            WHERE coalesce(status, '') <> ?) i USING (gemeente_code)
        GROUP BY g.naam ORDER BY g.naam""", [*labels, config.STATUS_UIT_REGISTER]).df()
    from vliegwiel.format import datum
    df["Laatst bevestigd"] = [datum(d) if pd.notna(d) else None for d in df["Laatst bevestigd"]]
    return df
