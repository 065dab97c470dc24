"""Theme coverage: who works on which theme where, where nobody does ("witte vlekken"),
the theme groups and collaboration forms, and the flywheel over time.

All counting happens in DuckDB SQL (`f(con, filters, ...) -> DataFrame`); values are bound
as `?`, identifiers come from the fixed `_NIVEAUS` table. Coverage per kern uses
initiatief_kernen, so an initiative working in three kernen counts in each of them, and an
initiative with two themes counts in both theme columns.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from vliegwiel.filters import Filters
from vliegwiel.format import aantal, datum

# Names shown per matrix cell (hover); the rest is summarised as "+ N meer".
NAMEN_MAX = 10

# Default theme for the white spots when the global filter selects none (the journey:
# "small kernen with no initiative on health and vitality").
STANDAARD_THEMA_WITTE_VLEKKEN = "gezondheid"

GROEP_LABELS = {"fysiek": "Fysieke doelen", "sociaal": "Sociale doelen", "samenwerking": "Samenwerkingsvormen"}
NIVEAU_LABELS = {"gemeente": "Gemeente", "kern": "Kern"}

# Dutch column headers of the tables and downloads on the Thema's page.
WITTE_VLEKKEN_LABELS = {
    "kern_id": "Woonplaatscode", "kern": "Kern", "gemeente": "Gemeente", "gemeente_code": "Gemeentecode",
    "inwoners": "Inwoners (benadering)", "inwoners_peildatum": "Peildatum inwoners",
    "grootteklasse": "Grootteklasse", "initiatieven_andere_themas": "Initiatieven met andere thema's"}
GROEPEN_LABELS = {"groep": "Groep", "thema": "Thema of samenwerkingsvorm", "initiatieven": "Initiatieven",
                  "gemeenten": "Gemeenten", "kernen": "Kernen", "namen": "Voorbeelden"}
PER_JAAR_LABELS = {"jaar": "Startjaar", "nieuw": "Gestart", "cumulatief": "Opgeteld", "pilots": "Pilots gestart"}
PER_THEMA_LABELS = {"jaar": "Startjaar", "thema_id": "Thema-id", "thema": "Thema", "nieuw": "Gestart",
                    "cumulatief": "Opgeteld"}
ZONDER_STARTJAAR_LABELS = {"naam": "Initiatief", "gemeente": "Gemeente", "is_pilot": "Pilot"}

_NIVEAUS = {
    # niveau: (rows with label columns, initiative-to-row link)
    "gemeente": (
        "SELECT g.gemeente_code AS rij_id, g.naam AS rij_naam, g.naam AS gemeente FROM gemeenten g "
        "WHERE {plaats}",
        "SELECT i.initiatief_id, i.naam, i.gemeente_code AS rij_id FROM ini i WHERE i.gemeente_code IS NOT NULL",
    ),
    "kern": (
        "SELECT k.kern_id AS rij_id, k.naam AS rij_naam, g.naam AS gemeente FROM kernen k "
        "JOIN gemeenten g ON g.gemeente_code = k.gemeente_code WHERE {plaats}",
        "SELECT i.initiatief_id, i.naam, ik.kern_id AS rij_id FROM ini i "
        "JOIN initiatief_kernen ik ON ik.initiatief_id = i.initiatief_id",
    ),
}

MATRIX_COLUMNS = ["rij_id", "rij", "gemeente", "thema_id", "thema", "groep", "volgorde", "aantal", "namen",
                  "rij_totaal"]


def _kolommen_where(filters: Filters, soort: str) -> tuple[str, list]:
    """Matrix columns: the themes selected in the global filter, else every theme of `soort`."""
    if filters.themas:
        return filters.thema_clause("t")
    return "t.soort = ?", [soort]


def _plaats_where(filters: Filters, niveau: str) -> tuple[str, list]:
    if niveau == "kern":
        return filters.kern_clause("k")
    return filters.gemeente_clause("g")


def dekking(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), niveau: str = "gemeente",
            soort: str = "thema") -> pd.DataFrame:
    """Coverage matrix in long form: one row per (place, theme), zero cells included.

    niveau 'gemeente': the initiative's gemeente; 'kern': every kern it works in
    (initiatief_kernen). Places follow the global place filters (gemeente, size class),
    initiatives all global filters. `namen` holds at most NAMEN_MAX names (sorted);
    `aantal` is the full count; `rij_totaal` the distinct initiatives of the row over the
    shown themes (the sort key "totaal"). `rij` is unique: a kern name that occurs twice
    gets its gemeente added.
    """
    if niveau not in _NIVEAUS:
        raise ValueError(f"onbekend niveau {niveau!r}")
    rijen_sql, koppel_sql = _NIVEAUS[niveau]
    ini_where, ini_params = filters.initiatief_clause("i")
    plaats_where, plaats_params = _plaats_where(filters, niveau)
    kol_where, kol_params = _kolommen_where(filters, soort)
    sql = f"""
        WITH ini AS (SELECT i.initiatief_id, i.naam, i.gemeente_code FROM initiatieven i WHERE {ini_where}),
        rijen AS ({rijen_sql.format(plaats=plaats_where)}),
        kol AS (SELECT t.thema_id, t.naam AS thema, t.groep, t.volgorde FROM themas t WHERE {kol_where}),
        koppel AS ({koppel_sql}),
        paren AS (
            SELECT DISTINCT koppel.rij_id, it.thema_id, koppel.initiatief_id, koppel.naam
            FROM koppel JOIN initiatief_themas it ON it.initiatief_id = koppel.initiatief_id
            WHERE it.thema_id IN (SELECT thema_id FROM kol)
        ),
        cel AS (
            SELECT rij_id, thema_id, count(*) AS aantal,
                   list_slice(list(naam ORDER BY naam, initiatief_id), 1, ?) AS namen
            FROM paren GROUP BY rij_id, thema_id
        ),
        totaal AS (SELECT rij_id, count(DISTINCT initiatief_id) AS rij_totaal FROM paren GROUP BY rij_id),
        uniek AS (
            SELECT *, count(*) OVER (PARTITION BY rij_naam) AS naam_telt FROM rijen
        )
        SELECT u.rij_id,
               CASE WHEN u.naam_telt > 1 THEN u.rij_naam || ' (' || u.gemeente || ')' ELSE u.rij_naam END AS rij,
               u.gemeente, kol.thema_id, kol.thema, kol.groep, kol.volgorde,
               coalesce(cel.aantal, 0) AS aantal,
               coalesce(cel.namen, []::VARCHAR[]) AS namen,
               coalesce(totaal.rij_totaal, 0) AS rij_totaal
        FROM uniek u CROSS JOIN kol
        LEFT JOIN cel ON cel.rij_id = u.rij_id AND cel.thema_id = kol.thema_id
        LEFT JOIN totaal ON totaal.rij_id = u.rij_id
        ORDER BY rij, kol.volgorde
    """
    df = con.execute(sql, ini_params + plaats_params + kol_params + [NAMEN_MAX]).df()
    df["aantal"] = df["aantal"].astype("int64")
    df["namen"] = df["namen"].map(_lijst)
    df["rij_totaal"] = df["rij_totaal"].astype("int64")
    return df[MATRIX_COLUMNS]


def sorteer_sleutel(naam: str) -> str:
    """Alphabetical key that ignores case and a leading apostrophe ('s-Graveland sorts under G)."""
    return naam.lstrip("'’ ").casefold().replace("'s-", "").replace("’s-", "")


def rij_volgorde(matrix: pd.DataFrame, op: str = "totaal") -> list[str]:
    """Row labels in display order: by total initiatives (most first, then name) or by name."""
    rijen = matrix.drop_duplicates("rij")[["rij", "rij_totaal"]]
    namen = sorted(rijen["rij"], key=sorteer_sleutel)
    if op == "naam":
        return namen
    if op != "totaal":
        raise ValueError(f"onbekende sortering {op!r}")
    totaal = dict(zip(rijen["rij"], rijen["rij_totaal"]))
    return sorted(namen, key=lambda r: -totaal[r])  # stable: ties stay alphabetical


def breed(matrix: pd.DataFrame, volgorde: list[str] | None = None) -> pd.DataFrame:
    """The matrix as a table (rows x themes, plus 'Totaal initiatieven'), for display and download."""
    if matrix.empty:
        return pd.DataFrame()
    kolommen = matrix.drop_duplicates("thema_id").sort_values("volgorde")["thema"].tolist()
    tabel = matrix.pivot(index="rij", columns="thema", values="aantal")[kolommen]
    tabel.insert(0, "Totaal initiatieven", matrix.drop_duplicates("rij").set_index("rij")["rij_totaal"])
    tabel = tabel.reindex(volgorde or rij_volgorde(matrix, "naam"))
    tabel.index.name = None
    tabel.columns.name = None
    return tabel.astype("int64")


def buiten_matrix(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), niveau: str = "gemeente",
                  soort: str = "thema") -> pd.DataFrame:
    """Filtered initiatives that cannot appear in the matrix, named with the reason
    (no gemeente / no kern known, or none of the shown themes), so nothing drops silently."""
    if niveau not in _NIVEAUS:
        raise ValueError(f"onbekend niveau {niveau!r}")
    ini_where, ini_params = filters.initiatief_clause("i")
    kol_where, kol_params = _kolommen_where(filters, soort)
    plaats = ("i.gemeente_code IS NULL" if niveau == "gemeente" else
              "NOT EXISTS (SELECT 1 FROM initiatief_kernen ik WHERE ik.initiatief_id = i.initiatief_id)")
    reden_plaats = "gemeente onbekend" if niveau == "gemeente" else "kern onbekend"
    sql = f"""
        SELECT i.naam, g.naam AS gemeente,
               CASE WHEN {plaats} AND NOT heeft_thema THEN ? || ' en geen thema'
                    WHEN {plaats} THEN ?
                    ELSE 'geen thema' END AS reden
        FROM (SELECT i.*, EXISTS (SELECT 1 FROM initiatief_themas it JOIN themas t ON t.thema_id = it.thema_id
                                  WHERE it.initiatief_id = i.initiatief_id AND {kol_where}) AS heeft_thema
              FROM initiatieven i WHERE {ini_where}) i
        LEFT JOIN gemeenten g ON g.gemeente_code = i.gemeente_code
        WHERE {plaats} OR NOT heeft_thema
        ORDER BY i.naam
    """
    return con.execute(sql, [reden_plaats, reden_plaats] + kol_params + ini_params).df()


def _lijst(value) -> list:
    """A DuckDB list cell as a plain Python list (NULL -> [])."""
    if value is None or isinstance(value, float) or value is pd.NA:
        return []
    return list(value)


# ---------- white spots ----------

def _witte_vlekken(con, filters: Filters, themas: tuple[str, ...], grootte_sql: str) -> pd.DataFrame:
    if not themas:
        raise ValueError("kies minstens één thema voor de witte vlekken")
    # Places follow the place filters; initiatives count when they work in the kern, have
    # one of the themes and pass the status / pilot filters. Their own gemeente does not
    # matter: an initiative from elsewhere that works in the kern covers it.
    plaats_where, plaats_params = filters.kern_clause("k")
    ini_where, ini_params = Filters(themas=tuple(themas), statussen=filters.statussen,
                                     alleen_pilots=filters.alleen_pilots).initiatief_clause("i")
    sql = f"""
        SELECT k.kern_id, k.naam AS kern, g.naam AS gemeente, k.gemeente_code, k.inwoners,
               k.inwoners_peildatum, k.grootteklasse, k.latitude, k.longitude,
               (SELECT count(*) FROM initiatief_kernen ik WHERE ik.kern_id = k.kern_id) AS initiatieven_andere_themas
        FROM kernen k JOIN gemeenten g ON g.gemeente_code = k.gemeente_code
        WHERE {plaats_where} AND {grootte_sql}
          AND NOT EXISTS (SELECT 1 FROM initiatief_kernen ik JOIN initiatieven i ON i.initiatief_id = ik.initiatief_id
                          WHERE ik.kern_id = k.kern_id AND {ini_where})
        ORDER BY k.inwoners DESC NULLS LAST, k.naam
    """
    df = con.execute(sql, plaats_params + ini_params).df()
    df["initiatieven_andere_themas"] = df["initiatieven_andere_themas"].astype("int64")
    return df


def witte_vlekken(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
                  themas: tuple[str, ...] = (STANDAARD_THEMA_WITTE_VLEKKEN,)) -> pd.DataFrame:
    """Small kernen (is_kleine_kern TRUE) where no initiative works in any of `themas`.

    `initiatieven_andere_themas` counts the initiatives that do work there (other themes),
    which helps a civil servant ask why. Largest kernen first.
    """
    return _witte_vlekken(con, filters, themas, "k.is_kleine_kern")


def witte_vlekken_grootte_onbekend(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
                                   themas: tuple[str, ...] = (STANDAARD_THEMA_WITTE_VLEKKEN,)) -> pd.DataFrame:
    """Kernen without an initiative in `themas` whose inhabitants are unknown, so whether they
    are small is unknown (is_kleine_kern NULL): listed apart, never counted as small."""
    return _witte_vlekken(con, filters, themas, "k.is_kleine_kern IS NULL")


def kleine_kernen_aantal(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    where, params = filters.kern_clause("k")
    return con.execute(f"SELECT count(*) FROM kernen k WHERE {where} AND k.is_kleine_kern", params).fetchone()[0]


# ---------- theme groups and collaboration forms ----------

def thema_overzicht(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Per theme and collaboration form: initiatives, gemeenten and kernen reached, for the
    filtered initiatives; every theme listed, also with zero."""
    ini_where, ini_params = filters.initiatief_clause("i")
    df = con.execute(f"""
        WITH ini AS (SELECT i.initiatief_id, i.naam, i.gemeente_code FROM initiatieven i WHERE {ini_where}),
        paren AS (SELECT it.thema_id, ini.* FROM ini JOIN initiatief_themas it ON it.initiatief_id = ini.initiatief_id)
        SELECT t.thema_id, t.naam AS thema, t.soort, t.groep, t.volgorde, t.omschrijving,
               count(DISTINCT p.initiatief_id) AS initiatieven,
               count(DISTINCT p.gemeente_code) AS gemeenten,
               (SELECT count(DISTINCT ik.kern_id) FROM paren p2 JOIN initiatief_kernen ik
                  ON ik.initiatief_id = p2.initiatief_id WHERE p2.thema_id = t.thema_id) AS kernen,
               coalesce(list_slice(list(DISTINCT p.naam ORDER BY p.naam) FILTER (WHERE p.naam IS NOT NULL), 1, ?),
                        []::VARCHAR[]) AS namen
        FROM themas t LEFT JOIN paren p ON p.thema_id = t.thema_id
        GROUP BY ALL
        ORDER BY t.volgorde
    """, ini_params + [NAMEN_MAX]).df()
    df["namen"] = df["namen"].map(_lijst)
    return df.astype({"initiatieven": "int64", "gemeenten": "int64", "kernen": "int64"})


def groep_totalen(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Distinct initiatives per group (fysiek, sociaal, samenwerking): an initiative with two
    physical themes counts once for 'fysiek'."""
    ini_where, ini_params = filters.initiatief_clause("i")
    df = con.execute(f"""
        WITH ini AS (SELECT i.initiatief_id FROM initiatieven i WHERE {ini_where})
        SELECT g.groep, count(DISTINCT it.initiatief_id) AS initiatieven,
               (SELECT count(*) FROM themas t2 WHERE t2.groep = g.groep) AS themas,
               count(DISTINCT it.thema_id) AS themas_met_initiatief
        FROM (SELECT DISTINCT groep FROM themas) g
        LEFT JOIN themas t ON t.groep = g.groep
        LEFT JOIN initiatief_themas it ON it.thema_id = t.thema_id AND it.initiatief_id IN (SELECT initiatief_id FROM ini)
        GROUP BY g.groep
    """, ini_params).df()
    df["label"] = df["groep"].map(GROEP_LABELS)
    df["orde"] = df["groep"].map({g: n for n, g in enumerate(GROEP_LABELS)})
    return df.sort_values("orde").drop(columns="orde").reset_index(drop=True).astype(
        {"initiatieven": "int64", "themas": "int64", "themas_met_initiatief": "int64"})


# ---------- the flywheel over time ----------

def vliegwiel_per_jaar(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Initiatives started per year and cumulative (every year from first to last start year,
    gaps filled with 0), with the names of pilots that started that year."""
    ini_where, ini_params = filters.initiatief_clause("i")
    df = con.execute(f"""
        WITH ini AS (SELECT * FROM initiatieven i WHERE {ini_where} AND i.startjaar IS NOT NULL),
        jaren AS (SELECT unnest(generate_series(min(startjaar), max(startjaar))) AS jaar FROM ini HAVING count(*) > 0)
        SELECT j.jaar, count(ini.initiatief_id) AS nieuw,
               sum(count(ini.initiatief_id)) OVER (ORDER BY j.jaar) AS cumulatief,
               coalesce(list(ini.naam ORDER BY ini.naam) FILTER (WHERE ini.is_pilot), []::VARCHAR[]) AS pilots
        FROM jaren j LEFT JOIN ini ON ini.startjaar = j.jaar
        GROUP BY j.jaar ORDER BY j.jaar
    """, ini_params).df()
    df["pilots"] = df["pilots"].map(_lijst)
    return df.astype({"jaar": "int64", "nieuw": "int64", "cumulatief": "int64"})


def vliegwiel_per_thema(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
                        soort: str = "thema") -> pd.DataFrame:
    """Per theme (the filtered ones, else every theme of `soort` with a dated initiative) and
    year: started and cumulative. An initiative with two themes counts in both."""
    ini_where, ini_params = filters.initiatief_clause("i")
    kol_where, kol_params = _kolommen_where(filters, soort)
    df = con.execute(f"""
        WITH ini AS (SELECT * FROM initiatieven i WHERE {ini_where} AND i.startjaar IS NOT NULL),
        paren AS (SELECT it.thema_id, ini.startjaar, ini.initiatief_id
                  FROM ini JOIN initiatief_themas it ON it.initiatief_id = ini.initiatief_id
                  JOIN themas t ON t.thema_id = it.thema_id WHERE {kol_where}),
        jaren AS (SELECT unnest(generate_series(min(startjaar), max(startjaar))) AS jaar FROM ini HAVING count(*) > 0),
        kol AS (SELECT t.thema_id, t.naam AS thema, t.volgorde FROM themas t
                WHERE t.thema_id IN (SELECT thema_id FROM paren))
        SELECT j.jaar, kol.thema_id, kol.thema, kol.volgorde, count(p.initiatief_id) AS nieuw,
               sum(count(p.initiatief_id)) OVER (PARTITION BY kol.thema_id ORDER BY j.jaar) AS cumulatief
        FROM jaren j CROSS JOIN kol
        LEFT JOIN paren p ON p.thema_id = kol.thema_id AND p.startjaar = j.jaar
        GROUP BY j.jaar, kol.thema_id, kol.thema, kol.volgorde ORDER BY kol.volgorde, j.jaar
    """, ini_params + kol_params).df()
    return df.astype({"jaar": "int64", "nieuw": "int64", "cumulatief": "int64"})


def zonder_startjaar(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """The filtered initiatives without a known start year, by name: counted, never dropped."""
    ini_where, ini_params = filters.initiatief_clause("i")
    return con.execute(f"""
        SELECT i.naam, g.naam AS gemeente, i.is_pilot
        FROM initiatieven i LEFT JOIN gemeenten g ON g.gemeente_code = i.gemeente_code
        WHERE {ini_where} AND i.startjaar IS NULL
        ORDER BY i.is_pilot DESC, i.naam
    """, ini_params).df()


def initiatieven_aantal(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> int:
    ini_where, ini_params = filters.initiatief_clause("i")
    return con.execute(f"SELECT count(*) FROM initiatieven i WHERE {ini_where}", ini_params).fetchone()[0]


def pilot_starts(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """When each filtered pilot started: its start year when known, else the date of its first
    dated milestone (the documents date the pilots by the 5 November 2020 pitches)."""
    ini_where, ini_params = filters.initiatief_clause("i")
    return con.execute(f"""
        SELECT p.naam, i.startjaar, min(m.datum) AS eerste_mijlpaal
        FROM pilots p JOIN initiatieven i ON i.initiatief_id = p.initiatief_id
        LEFT JOIN mijlpalen m ON m.pilot_id = p.pilot_id AND m.datum IS NOT NULL
        WHERE {ini_where}
        GROUP BY p.naam, i.startjaar ORDER BY p.naam
    """, ini_params).df()


def pilot_markeringen(starts: pd.DataFrame) -> list[tuple[int, str]]:
    """Vertical flywheel markers for pilots without a start year, at the year of their first
    milestone: [(2020, '4 pilots: eerste mijlpaal 5 november 2020')]. Pilots with a start
    year are drawn as stars on the line instead."""
    zonder = starts[starts["startjaar"].isna() & starts["eerste_mijlpaal"].notna()]
    uit = []
    for jaar, deel in zonder.groupby(pd.to_datetime(zonder["eerste_mijlpaal"]).dt.year):
        eerste = pd.to_datetime(deel["eerste_mijlpaal"]).min().date()
        n = len(deel)
        uit.append((int(jaar), f"{aantal(n, 'pilot', 'pilots')}: eerste mijlpaal {datum(eerste)}"))
    return uit


def gemeentegrenzen(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Gemeente outlines (GeoJSON text) for orientation on a tile-less map."""
    where, params = filters.gemeente_clause("g")
    return con.execute(f"SELECT g.gemeente_code, g.naam, g.geometry_geojson FROM gemeenten g WHERE {where} "
                       "ORDER BY g.naam", params).df()


def kernen_thema_dekking(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(),
                         themas: tuple[str, ...] = ("gezondheid",)) -> pd.DataFrame:
    """Small kernen (place filters applied) with the number of initiatives working there in
    any of `themas` (status and pilot filters applied, as for the white spots)."""
    plaats_where, plaats_params = filters.kern_clause("k")
    ini_where, ini_params = Filters(themas=tuple(themas), statussen=filters.statussen,
                                     alleen_pilots=filters.alleen_pilots).initiatief_clause("i")
    df = con.execute(f"""
        SELECT k.kern_id, k.naam AS kern, g.naam AS gemeente, k.inwoners, k.latitude, k.longitude,
               (SELECT count(DISTINCT i.initiatief_id) FROM initiatief_kernen ik
                  JOIN initiatieven i ON i.initiatief_id = ik.initiatief_id
                  WHERE ik.kern_id = k.kern_id AND {ini_where}) AS in_themas
        FROM kernen k JOIN gemeenten g ON g.gemeente_code = k.gemeente_code
        WHERE {plaats_where} AND k.is_kleine_kern
        ORDER BY k.naam
    """, ini_params + plaats_params).df()
    df["in_themas"] = df["in_themas"].astype("int64")
    return df


def groepen_tabel(overzicht: pd.DataFrame) -> pd.DataFrame:
    """`thema_overzicht` as the table behind the group charts, with Dutch headers and group names."""
    return overzicht.assign(groep=overzicht["groep"].map(GROEP_LABELS))[list(GROEPEN_LABELS)].rename(
        columns=GROEPEN_LABELS)
