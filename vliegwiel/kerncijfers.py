"""Village figures of the Kernprofiel: a kern's own CBS 2024 figures, each with year, source and
a plain-Dutch caveat, beside similar kernen (same size class), its gemeente (2021 edition) and
the province (2024, summed over all buurten by the same rule as the village figures).

Years are never mixed into one number: the gemeente column is the 2021 edition and says so.
"""
from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from pipelines import config
from vliegwiel.format import getal, tekst

# Below this share of inhabitants (in buurten that published the value) a figure gets a caveat.
DEKKING_DREMPEL = 80.0
# Under this many inhabitants CBS's rounding to multiples of 5 makes shares rough.
KLEIN_AANTAL = 100
GEMEENTE_EDITIE = "editie 2021"
PROVINCIE_PEILJAAR = "2024"

_EENHEID_DECIMALEN = {"personen": 0, "huishoudens": 0, "%": 1, "per km²": 0, "km": 1}
_KOLOM_DECIMALEN = {"gem_huishoudensgrootte": 1}


def decimalen(eenheid: str | None, kolom: str | None = None) -> int:
    """How many decimals a figure is shown with (the same everywhere: profile, map, tables)."""
    return _KOLOM_DECIMALEN.get(kolom or "", _EENHEID_DECIMALEN.get(eenheid or "", 1))


def waarde_tekst(waarde, eenheid: str | None, kolom: str | None = None) -> str:
    """'3,6 km', '24,6 %', '2.635', or 'onbekend'."""
    if waarde is None or pd.isna(waarde):
        return "onbekend"
    dec = decimalen(eenheid, kolom)
    if eenheid in ("%", "km", "per km²"):
        return f"{getal(waarde, dec)} {eenheid}"
    return getal(waarde, dec)


def kanttekening(dekking, n_buurten, opmerking=None, inwoners=None) -> str:
    """The caveat a reader needs: one buurt (its countryside included) or low coverage; '' if none."""
    delen = []
    if n_buurten is not None and not pd.isna(n_buurten) and int(n_buurten) == 1:
        delen.append("Berekend uit één CBS-buurt: de cijfers zijn die van die buurt, met het buitengebied erbij.")
    if dekking is not None and not pd.isna(dekking) and float(dekking) < DEKKING_DREMPEL:
        delen.append(f"Alleen {getal(dekking, 0)} % van de inwoners woont in buurten waarvoor CBS dit cijfer "
                     "publiceert: voorzichtig gebruiken.")
    if inwoners is not None and not pd.isna(inwoners) and float(inwoners) < KLEIN_AANTAL:
        delen.append("CBS rondt de aantallen per buurt af op vijftallen: bij zo weinig inwoners zijn de "
                     "aandelen en het gemiddelde grof.")
    if isinstance(opmerking, str) and "PC4" in opmerking:
        delen.append(f"Let op de koppeling van buurten: {tekst(opmerking)}.")
    return " ".join(delen)


def indicatoren(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT kolom, label, eenheid, peiljaar, bron, dekking_kolom, gemeente_kolom, volgorde "
                       "FROM kern_indicatoren ORDER BY volgorde").df()


def alle_kernen(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """kern_cijfers of every kern with its name, gemeente and size class (the app's class, from the
    PC4 approximation; a kern without it gets the class of its 2024 buurt sum)."""
    df = con.execute("""
        SELECT c.*, k.naam, k.gemeente_code, g.naam AS gemeente, k.grootteklasse, k.is_kleine_kern
        FROM kern_cijfers c JOIN kernen k USING (kern_id) JOIN gemeenten g ON g.gemeente_code = k.gemeente_code
        ORDER BY k.naam
    """).df()
    df["klasse"] = [k if isinstance(k, str) else config.grootteklasse(None if pd.isna(n) else int(n))
                    for k, n in zip(df["grootteklasse"], df["inwoners"])]
    return df


def provincie(con: duckdb.DuckDBPyConnection) -> dict:
    """The province's 2024 figures from all buurten, by the rule of the village figures
    (sums; shares over the buurten with the age groups; population-weighted distances)."""
    row = con.execute("""
        WITH b AS (SELECT *, inwoners_0_14 IS NOT NULL OR inwoners_65plus IS NOT NULL AS met_leeftijd FROM buurten)
        SELECT sum(inwoners) AS inwoners,
               100 * sum(coalesce(inwoners_0_14, 0)) FILTER (met_leeftijd) / sum(inwoners) FILTER (met_leeftijd) AS pct_0_14,
               100 * sum(coalesce(inwoners_65plus, 0)) FILTER (met_leeftijd) / sum(inwoners) FILTER (met_leeftijd) AS pct_65plus,
               sum(huishoudens) AS huishoudens,
               sum(gem_huishoudensgrootte * huishoudens) / sum(huishoudens) FILTER (gem_huishoudensgrootte IS NOT NULL)
                   AS gem_huishoudensgrootte,
               sum(inwoners) / (sum(oppervlakte_land_ha) / 100) AS inwoners_per_km2_land,
               sum(afstand_huisarts_km * inwoners) / sum(inwoners) FILTER (afstand_huisarts_km IS NOT NULL) AS afstand_huisarts_km,
               sum(afstand_supermarkt_km * inwoners) / sum(inwoners) FILTER (afstand_supermarkt_km IS NOT NULL)
                   AS afstand_supermarkt_km,
               sum(afstand_school_km * inwoners) / sum(inwoners) FILTER (afstand_school_km IS NOT NULL) AS afstand_school_km
        FROM b
    """).df()
    return {k: (None if pd.isna(v) else float(v)) for k, v in row.iloc[0].items()}


def vergelijking(kernen: pd.DataFrame, ind: pd.DataFrame, kern_id: str, gemeente: dict, prov: dict) -> pd.DataFrame:
    """Long form, one row per figure: the kern's value with year, source, coverage and caveat;
    the median, minimum, maximum and count of the other kernen of its size class; the gemeente's
    value of the 2021 edition (or None); the province's 2024 value. Vectorised over `kernen`."""
    eigen = kernen[kernen["kern_id"] == kern_id]
    kolommen = ["kolom", "label", "eenheid", "peiljaar", "bron", "waarde", "dekking", "kanttekening",
                "soortgelijk_mediaan", "soortgelijk_min", "soortgelijk_max", "soortgelijk_n",
                "gemeente_waarde", "gemeente_peiljaar", "provincie_waarde", "provincie_peiljaar"]
    if eigen.empty:
        return pd.DataFrame(columns=kolommen)
    k = eigen.iloc[0]
    soort = kernen[(kernen["klasse"] == k["klasse"]) & (kernen["kern_id"] != kern_id)] if isinstance(k["klasse"], str) \
        else kernen.iloc[0:0]
    rijen = []
    for r in ind.itertuples():
        vals = pd.to_numeric(soort[r.kolom], errors="coerce").dropna().to_numpy(dtype=float)
        dekking = k[r.dekking_kolom] if isinstance(r.dekking_kolom, str) else None
        gem = gemeente.get(r.gemeente_kolom) if isinstance(r.gemeente_kolom, str) else None
        rijen.append({
            "kolom": r.kolom, "label": r.label, "eenheid": r.eenheid, "peiljaar": r.peiljaar, "bron": r.bron,
            "waarde": None if pd.isna(k[r.kolom]) else float(k[r.kolom]),
            "dekking": None if dekking is None or pd.isna(dekking) else float(dekking),
            "kanttekening": kanttekening(dekking, k["n_buurten"], k["opmerking"], k["inwoners"]),
            "soortgelijk_mediaan": float(np.median(vals)) if vals.size else None,
            "soortgelijk_min": float(vals.min()) if vals.size else None,
            "soortgelijk_max": float(vals.max()) if vals.size else None,
            "soortgelijk_n": int(vals.size),
            "gemeente_waarde": None if gem is None or pd.isna(gem) else float(gem),
            "gemeente_peiljaar": GEMEENTE_EDITIE if isinstance(r.gemeente_kolom, str) else None,
            "provincie_waarde": prov.get(r.kolom), "provincie_peiljaar": PROVINCIE_PEILJAAR,
        })
    return pd.DataFrame(rijen, columns=kolommen)


def kern_vergelijking(con: duckdb.DuckDBPyConnection, kern_id: str) -> pd.DataFrame:
    """`vergelijking` for one kern straight from the store."""
    gem_code = con.execute("SELECT gemeente_code FROM kernen WHERE kern_id = ?", [kern_id]).fetchone()
    if gem_code is None:
        return vergelijking(pd.DataFrame(columns=["kern_id"]), indicatoren(con), kern_id, {}, {})
    gem = con.execute("SELECT * FROM gemeenten WHERE gemeente_code = ?", [gem_code[0]]).df().iloc[0].to_dict()
    return vergelijking(alle_kernen(con), indicatoren(con), kern_id, gem, provincie(con))


def bereik_tekst(r) -> str:
    """'mediaan 2,1 km (0,6 – 4,4 km; 17 kernen)' or 'onbekend'."""
    if r["soortgelijk_n"] == 0 or r["soortgelijk_mediaan"] is None or pd.isna(r["soortgelijk_mediaan"]):
        return "onbekend"
    e, k = r["eenheid"], r["kolom"]
    return (f"mediaan {waarde_tekst(r['soortgelijk_mediaan'], e, k)} ({waarde_tekst(r['soortgelijk_min'], e, k)} – "
            f"{waarde_tekst(r['soortgelijk_max'], e, k)}; {getal(r['soortgelijk_n'])} kernen)")


def tabel(lang: pd.DataFrame, kern_naam: str, gemeente_naam: str) -> pd.DataFrame:
    """The display table with the same numbers as the figures above it; every column names its year."""
    rijen = []
    for _i, r in lang.iterrows():
        rijen.append({
            "Kenmerk": r["label"],
            kern_naam: waarde_tekst(r["waarde"], r["eenheid"], r["kolom"]),
            "Peiljaar": r["peiljaar"],
            "Soortgelijke kernen (2024)": bereik_tekst(r),
            f"Gemeente {gemeente_naam} ({GEMEENTE_EDITIE})": (
                waarde_tekst(r["gemeente_waarde"], r["eenheid"], r["kolom"]) if isinstance(r["gemeente_peiljaar"], str)
                else "niet in deze editie"),
            f"Provincie Utrecht ({PROVINCIE_PEILJAAR})": waarde_tekst(r["provincie_waarde"], r["eenheid"], r["kolom"]),
            "Kanttekening": r["kanttekening"] or "geen",
            "Bron": r["bron"],
        })
    return pd.DataFrame(rijen)


def buurten(con: duckdb.DuckDBPyConnection, kern_id: str) -> pd.DataFrame:
    """The buurten behind a kern's figures, to trace them."""
    return con.execute("""
        SELECT buurt_code AS "Buurtcode", naam AS "Buurt", inwoners AS "Inwoners",
               afstand_huisarts_km AS "Huisarts (km)", afstand_supermarkt_km AS "Supermarkt (km)",
               afstand_school_km AS "Basisschool (km)", koppeling AS "Gekoppeld via"
        FROM buurten WHERE kern_id = ? ORDER BY naam
    """, [kern_id]).df()
