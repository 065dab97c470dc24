"""Gemeente and kern profiles and the side-by-side comparison of gemeenten.

`f(con, ...) -> DataFrame | dict` queries with bound parameters, and pure helpers
(formatting of CBS figures, neighbour detection with shapely). Initiative lists apply the
global filters except the gemeente filter: a profile always shows the place it is about.
"""
from __future__ import annotations

import dataclasses
import json

import duckdb
import pandas as pd

from pipelines import freshness
from vliegwiel import overzicht
from vliegwiel.filters import Filters
from vliegwiel.register import thema_namen
from vliegwiel.format import datum, getal, kern_met_plaats, tekst

# CBS figures shown in the compare view (a readable subset; the profile shows all of them).
VERGELIJK_INDICATOREN = ["inwoners", "pct_65_plus", "pct_0_14", "bevolkingsdichtheid", "stedelijkheid",
                         "pct_eenpersoonshuishoudens", "gem_inkomen_per_inwoner_keur",
                         "afstand_huisarts_km", "afstand_supermarkt_km"]

_DECIMALEN_KOLOM = {"gem_huishoudgrootte": 1}
_DECIMALEN = {"personen": 0, "%": 1, "per km²": 0, "klasse": 0, "km²": 1, "× € 1.000": 1, "km": 1,
              "per huishouden": 2}


def zonder_gemeentefilter(filters: Filters) -> Filters:
    return dataclasses.replace(filters, gemeenten=())


def indicator_tekst(waarde, eenheid: str | None, kolom: str | None = None) -> str:
    """A CBS figure in Dutch notation with its unit: '15.341', '23,4 %', '1,9 km', '€ 28.300'."""
    if waarde is None or pd.isna(waarde):
        return "onbekend"
    dec = _DECIMALEN_KOLOM.get(kolom or "", _DECIMALEN.get(eenheid or "", 1))
    if eenheid == "× € 1.000":
        return f"€ {getal(float(waarde) * 1000, 0)}"
    if eenheid in ("personen", "klasse", None, ""):
        return getal(waarde, dec)
    if eenheid == "per huishouden":
        return getal(waarde, dec)
    return f"{getal(waarde, dec)} {eenheid}"


# ---------- options for the pickers ----------

# ---------- gemeente ----------

def gemeente(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> dict | None:
    row = con.execute("SELECT gemeente_code, naam, inwoners, grens_bron, cijfers_bron, geometry_geojson "
                      "FROM gemeenten WHERE gemeente_code = ?", [gemeente_code]).fetchone()
    if row is None:
        return None
    return dict(zip(["gemeente_code", "naam", "inwoners", "grens_bron", "cijfers_bron", "geometry_geojson"], row))


def indicatoren(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT kolom, label, eenheid, peiljaar, bron, volgorde FROM indicatoren ORDER BY volgorde").df()


def cbs_cijfers(con: duckdb.DuckDBPyConnection, gemeente_codes: tuple[str, ...],
                kolommen: tuple[str, ...] | None = None) -> pd.DataFrame:
    """CBS figures of the gemeenten, long form: kolom, label, eenheid, peiljaar, bron,
    gemeente_code, naam, waarde. Column names come from the indicatoren table (allowlist)."""
    ind = indicatoren(con)
    bestaand = {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'gemeenten'").fetchall()}
    ind = ind[ind["kolom"].isin(bestaand)]
    if kolommen is not None:
        ind = ind[ind["kolom"].isin(kolommen)]
    if not gemeente_codes or ind.empty:
        return pd.DataFrame(columns=["kolom", "label", "eenheid", "peiljaar", "bron", "volgorde",
                                     "gemeente_code", "naam", "waarde"])
    cols = ", ".join(f'"{c}"' for c in ind["kolom"])  # identifiers from the allowlist above
    marks = ", ".join("?" for _ in gemeente_codes)
    wide = con.execute(f"SELECT gemeente_code, naam, {cols} FROM gemeenten WHERE gemeente_code IN ({marks})",
                       list(gemeente_codes)).df()
    for c in ind["kolom"]:
        wide[c] = pd.to_numeric(wide[c], errors="coerce").astype("float64")
    lang = wide.melt(id_vars=["gemeente_code", "naam"], var_name="kolom", value_name="waarde")
    return ind.merge(lang, on="kolom").sort_values(["volgorde", "gemeente_code"]).reset_index(drop=True)


def cbs_cijfers_tabel(lang: pd.DataFrame, gemeente_codes: tuple[str, ...]) -> pd.DataFrame:
    """Wide display table: Kenmerk, one column per gemeente (in the given order), Peiljaar, Bron."""
    if lang.empty:
        return pd.DataFrame(columns=["Kenmerk", "Peiljaar", "Bron"])
    namen = dict(zip(lang["gemeente_code"], lang["naam"]))
    rijen = []
    for kolom, groep in lang.groupby("kolom", sort=False):
        eerste = groep.iloc[0]
        rij = {"Kenmerk": eerste["label"]}
        waarden = dict(zip(groep["gemeente_code"], groep["waarde"]))
        for code in gemeente_codes:
            if code in namen:
                rij[namen[code]] = indicator_tekst(waarden.get(code), eerste["eenheid"], kolom)
        rij["Peiljaar"] = eerste["peiljaar"]
        rij["Bron"] = eerste["bron"]
        rijen.append((eerste["volgorde"], rij))
    return pd.DataFrame([r for _v, r in sorted(rijen, key=lambda x: x[0])])


def _area_where(gemeente_code: str | None, kern_id: str | None) -> tuple[str, list]:
    if kern_id is not None:
        return "EXISTS (SELECT 1 FROM initiatief_kernen ik2 WHERE ik2.initiatief_id = i.initiatief_id " \
               "AND ik2.kern_id = ?)", [kern_id]
    if gemeente_code is not None:
        return "i.gemeente_code = ?", [gemeente_code]
    return "TRUE", []


def initiatieven(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), gemeente_code: str | None = None,
                 kern_id: str | None = None) -> pd.DataFrame:
    """Initiatives of a gemeente (its own gemeente_code) or a kern (every initiative that
    works there), with kernen, themes and status; unknown values as 'onbekend'."""
    iw, ip = zonder_gemeentefilter(filters).initiatief_clause("i")
    aw, ap = _area_where(gemeente_code, kern_id)
    df = con.execute(f"""
        SELECT i.initiatief_id, i.naam, g.naam AS gemeente, hk.naam AS hoofdkern, i.plaatsnaam,
               (SELECT string_agg(k.naam, ', ' ORDER BY k.naam) FROM initiatief_kernen ik
                  JOIN kernen k ON k.kern_id = ik.kern_id WHERE ik.initiatief_id = i.initiatief_id) AS kernen,
               {thema_namen('i')} AS themas,
               i.status, i.fase, i.is_pilot, i.startjaar, i.organisatievorm,
               i.laatst_bevestigd, {freshness.status_sql('i.laatst_bevestigd')} AS versheid
        FROM initiatieven i
        LEFT JOIN gemeenten g ON g.gemeente_code = i.gemeente_code
        LEFT JOIN kernen hk ON hk.kern_id = i.kern_id
        WHERE {iw} AND {aw}
        ORDER BY i.naam
    """, ip + ap).df()
    return df


def initiatieven_tabel(df: pd.DataFrame) -> pd.DataFrame:
    """The profile's table; a place its register named reads 'Cabauw (woonplaats Lopik)'."""
    hoofdkern = pd.Series([kern_met_plaats(k, n) for k, n in zip(df["hoofdkern"], df["plaatsnaam"])],
                          index=df.index, dtype=object)
    kern = hoofdkern.where(hoofdkern.notna(), df["kernen"])
    return pd.DataFrame({
        "Initiatief": df["naam"].astype(str),
        "Kern(en)": kern.map(tekst),
        "Thema's": df["themas"].map(tekst),
        "Status": df["status"].map(tekst),
        "Fase": df["fase"].map(tekst),
        "Pilot": df["is_pilot"].map(lambda v: "ja" if v else "nee"),
        "Actualiteit": df["versheid"].map(tekst),
        "Laatst bevestigd": df["laatst_bevestigd"].map(datum),
    }).reset_index(drop=True)


def zonder_kern(df: pd.DataFrame) -> pd.DataFrame:
    """The initiatives of a gemeente whose kern is unknown (no home kern and no kernen)."""
    return df[df["hoofdkern"].isna() & df["kernen"].isna()].reset_index(drop=True)


def themas(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), gemeente_code: str | None = None,
           kern_id: str | None = None) -> pd.DataFrame:
    """Every theme with the number of (filtered) initiatives in the area working on it:
    thema_id, naam, soort, groep, volgorde, aantal, aanwezig. Themes outside the thema
    filter are left out."""
    iw, ip = zonder_gemeentefilter(filters).initiatief_clause("i")
    aw, ap = _area_where(gemeente_code, kern_id)
    tsel, tp = filters.thema_clause("t")
    df = con.execute(f"""
        WITH f AS (SELECT i.initiatief_id FROM initiatieven i WHERE {iw} AND {aw})
        SELECT t.thema_id, t.naam, t.soort, t.groep, t.volgorde,
               (SELECT count(*) FROM initiatief_themas it JOIN f ON f.initiatief_id = it.initiatief_id
                WHERE it.thema_id = t.thema_id) AS aantal
        FROM themas t WHERE {tsel}
        ORDER BY t.volgorde
    """, ip + ap + tp).df()
    df["aantal"] = df["aantal"].astype("int64")
    df["aanwezig"] = df["aantal"] > 0
    return df


def pilots(con: duckdb.DuckDBPyConnection, gemeente_code: str | None = None, kern_id: str | None = None) -> pd.DataFrame:
    aw, ap = _area_where(gemeente_code, kern_id)
    return con.execute(f"""
        SELECT p.pilot_id, p.naam, coalesce(p.fase, i.fase) AS fase, coalesce(p.status, i.status) AS status,
               p.vrije_actor, i.initiatief_id
        FROM pilots p JOIN initiatieven i ON i.initiatief_id = p.initiatief_id
        WHERE {aw} ORDER BY p.naam
    """, ap).df()


def organisaties(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), gemeente_code: str | None = None,
                 kern_id: str | None = None) -> pd.DataFrame:
    """Organisations linked (verbindingen, either direction) to the area's initiatives."""
    iw, ip = zonder_gemeentefilter(filters).initiatief_clause("i")
    aw, ap = _area_where(gemeente_code, kern_id)
    return con.execute(f"""
        WITH f AS (SELECT i.initiatief_id, i.naam FROM initiatieven i WHERE {iw} AND {aw}),
        l AS (SELECT v.naar_id AS org, v.van_id AS ini, v.soort FROM verbindingen v
              UNION ALL SELECT v.van_id, v.naar_id, v.soort FROM verbindingen v)
        SELECT o.naam AS organisatie, o.soort AS soort_organisatie, l.soort AS verbinding, f.naam AS initiatief,
               o.website
        FROM l JOIN f ON f.initiatief_id = l.ini JOIN organisaties o ON o.organisatie_id = l.org
        ORDER BY o.naam, f.naam
    """, ip + ap).df()


def organisaties_tabel(df: pd.DataFrame) -> pd.DataFrame:
    """Display table; the Website column only when some organisation has one."""
    out = pd.DataFrame({
        "Organisatie": df["organisatie"].astype(str),
        "Soort": df["soort_organisatie"].map(tekst),
        "Verbinding": df["verbinding"].map(tekst),
        "Met initiatief": df["initiatief"].astype(str),
        "Website": df["website"],
    }).reset_index(drop=True)
    if out["Website"].isna().all():
        out = out.drop(columns="Website")
    return out


def kernen_van_gemeente(con: duckdb.DuckDBPyConnection, gemeente_code: str, filters: Filters = Filters()) -> pd.DataFrame:
    iw, ip = zonder_gemeentefilter(filters).initiatief_clause("i")
    return con.execute(f"""
        WITH f AS (SELECT i.initiatief_id FROM initiatieven i WHERE {iw})
        SELECT k.kern_id, k.naam, k.inwoners, k.is_kleine_kern,
               (SELECT count(*) FROM initiatief_kernen ik JOIN f ON f.initiatief_id = ik.initiatief_id
                WHERE ik.kern_id = k.kern_id) AS initiatieven
        FROM kernen k WHERE k.gemeente_code = ? ORDER BY k.inwoners DESC NULLS LAST, k.naam
    """, ip + [gemeente_code]).df()


def ja_nee(value) -> str:
    return "onbekend" if value is None or pd.isna(value) else ("ja" if value else "nee")


def kernen_tabel(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Kern": df["naam"].astype(str),
        "Inwoners (ca.)": df["inwoners"],
        "Kleine kern": df["is_kleine_kern"].map(ja_nee),
        "Initiatieven": df["initiatieven"].astype("int64"),
    }).reset_index(drop=True)


# ---------- kern ----------

def kern(con: duckdb.DuckDBPyConnection, kern_id: str) -> dict | None:
    row = con.execute("""
        SELECT k.kern_id, k.naam, k.gemeente_code, g.naam AS gemeente, k.latitude, k.longitude, k.inwoners,
               k.inwoners_peildatum, k.is_kleine_kern, k.grootteklasse, k.bron, k.locatie_bron
        FROM kernen k JOIN gemeenten g ON g.gemeente_code = k.gemeente_code WHERE k.kern_id = ?
    """, [kern_id]).fetchone()
    if row is None:
        return None
    return dict(zip(["kern_id", "naam", "gemeente_code", "gemeente", "latitude", "longitude", "inwoners",
                     "inwoners_peildatum", "is_kleine_kern", "grootteklasse", "bron", "locatie_bron"], row))


# ---------- comparing gemeenten ----------

def buurgemeenten(geometrieen: dict[str, str], gemeente_code: str) -> list[str]:
    """Codes of the gemeenten whose boundary touches that of `gemeente_code`, longest shared
    border first. A small tolerance (about 10 m) absorbs gaps from generalised boundaries;
    a contact of less than about 100 m (a corner) does not count."""
    from shapely.geometry import shape
    if gemeente_code not in geometrieen or not geometrieen[gemeente_code]:
        return []
    eigen = shape(json.loads(geometrieen[gemeente_code])).buffer(1e-4)
    grenzen = []
    for code, gj in geometrieen.items():
        if code == gemeente_code or not gj:
            continue
        ander = shape(json.loads(gj))
        if not eigen.intersects(ander):
            continue
        lengte = eigen.intersection(ander.boundary).length
        if lengte > 1e-3:
            grenzen.append((-lengte, code))
    return [code for _l, code in sorted(grenzen)]


def buren(con: duckdb.DuckDBPyConnection, gemeente_code: str) -> list[str]:
    """Neighbouring gemeenten of `gemeente_code`, longest shared border first."""
    df = con.execute("SELECT gemeente_code, geometry_geojson FROM gemeenten ORDER BY naam").df()
    return buurgemeenten(dict(zip(df["gemeente_code"], df["geometry_geojson"])), gemeente_code)


def pilot_gemeenten(con: duckdb.DuckDBPyConnection, n: int = 4) -> list[str]:
    """The gemeenten with a pilot (a natural first comparison), at most `n`, by name."""
    return [r[0] for r in con.execute("""
        SELECT DISTINCT i.gemeente_code, g.naam FROM initiatieven i JOIN gemeenten g USING (gemeente_code)
        WHERE i.is_pilot ORDER BY g.naam LIMIT ?
    """, [n]).fetchall()]


def vergelijking(con: duckdb.DuckDBPyConnection, gemeente_codes: tuple[str, ...],
                 filters: Filters = Filters()) -> pd.DataFrame:
    """The register's figures side by side: Kenmerk, one column per gemeente, Bron."""
    cijfers = overzicht.gemeente_cijfers(con, zonder_gemeentefilter(filters))
    cijfers = cijfers.set_index("gemeente_code")
    codes = [c for c in gemeente_codes if c in cijfers.index]
    rijen = [
        ("Initiatieven", lambda r: getal(r.initiatieven), "register Vliegwiel"),
        ("Initiatieven per 1.000 inwoners", lambda r: getal(r.per_1000, 2),
         "register Vliegwiel; inwoners CBS, 1 januari 2021"),
        ("Thema's gedekt", lambda r: f"{getal(r.themas_gedekt)} van {getal(r.themas_totaal)}", "register Vliegwiel"),
        ("Pilots", lambda r: getal(r.pilots), "register Vliegwiel"),
        ("Kernen", lambda r: getal(r.kernen), "CBS woonplaatsen"),
        ("Kleine kernen (minder dan 10.000 inwoners)", lambda r: getal(r.kleine_kernen),
         "CBS woonplaatsen; inwoners benaderd uit PC4, 1 januari 2021"),
        ("Kleine kernen zonder initiatief", lambda r: getal(r.kleine_kernen_zonder_initiatief), "register Vliegwiel"),
    ]
    uit = []
    for label, f, bron in rijen:
        rij = {"Kenmerk": label}
        for c in codes:
            r = cijfers.loc[c]
            rij[str(r["naam"])] = f(r)
        rij["Bron"] = bron
        uit.append(rij)
    return pd.DataFrame(uit)


def themas_vergelijking(con: duckdb.DuckDBPyConnection, gemeente_codes: tuple[str, ...],
                        filters: Filters = Filters()) -> pd.DataFrame:
    """Thema × gemeente: the number of initiatives per theme (themes filtered as usual)."""
    kolommen = {}
    basis = None
    for code in gemeente_codes:
        g = gemeente(con, code)
        if g is None:
            continue
        t = themas(con, filters, gemeente_code=code)
        if basis is None:
            basis = t[["naam", "soort"]].rename(columns={"naam": "Thema", "soort": "Soort"})
        kolommen[g["naam"]] = t["aantal"].to_numpy()
    if basis is None:
        return pd.DataFrame(columns=["Thema", "Soort"])
    out = basis.copy()
    for naam, waarden in kolommen.items():
        out[naam] = waarden
    return out.reset_index(drop=True)


def telbare_themas(themas_df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The witte-vlekken rule of a profile: the themes that count are every soort 'thema', or under a
    thema filter the selected ones (which `themas` already narrowed the frame to)."""
    return themas_df if filters.themas else themas_df[themas_df["soort"] == "thema"]
