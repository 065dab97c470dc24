"""The province map's data (`kaartdata`) and the tables that are its accessible equivalent.

Nothing is placed on the map without a known location: an initiative stands on its own
coordinates, else at the GeoNames point of the place its register named when that is no
woonplaats (initiatieven.plaatsnaam, 'Cabauw' in woonplaats Lopik; table plaatsnamen), else on
its home kern, else on the kernen it works in (initiatief_kernen); with only a gemeente or
nothing known it is listed under the map instead. The map itself is drawn
by `vliegwiel.figures.kaart`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import duckdb
import pandas as pd

from pipelines import freshness
from pipelines.ingest.values import fold_series
from vliegwiel import kerncijfers, overzicht
from vliegwiel.filters import Filters
from vliegwiel.format import datum, kern_met_plaats, tekst
from vliegwiel.register import thema_namen

PLAATSING_EIGEN = "eigen locatie"


PLAATSING_HOOFDKERN = "bij de kern"


PLAATSING_PLAATS = "bij de plaats"   # the tables add its name: "bij de plaats Cabauw"


PLAATSING_KERNEN = "bij de kernen waar het werkt"


NIET_GEMEENTE = "niet op de kaart: alleen gemeente bekend"


NIET_ONBEKEND = "niet op de kaart: locatie onbekend"


@dataclass
class KaartData:
    provincie: str | None                 # GeoJSON of the province outline
    gemeenten: pd.DataFrame               # gemeente_cijfers + geometry_geojson
    kernen: pd.DataFrame                  # filtered kernen with initiative counts
    punten: pd.DataFrame                  # one row per marker
    initiatieven: pd.DataFrame            # one row per filtered initiative, with its placement
    themas: pd.DataFrame                  # thema_id, naam, volgorde, soort
    filters: Filters = field(default_factory=Filters)
    kernmaat: KernMaat | None = None      # the village figure that colours the kernen (met_kernmaat)

    @property
    def leeg(self) -> bool:
        return self.initiatieven.empty


def kaartdata(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> KaartData:
    """Everything the map and its tables show, for the given filters."""
    iw, ip = filters.initiatief_clause("i")
    kw, kp = filters.kern_clause("k")

    prov = con.execute("SELECT geometry_geojson FROM provincie LIMIT 1").fetchone()
    geo = con.execute("SELECT gemeente_code, geometry_geojson FROM gemeenten").df()
    gemeenten = overzicht.gemeente_cijfers(con, filters).merge(geo, on="gemeente_code", how="left")

    kernen = con.execute(f"""
        WITH f AS (SELECT i.initiatief_id FROM initiatieven i WHERE {iw}),
        n AS (SELECT ik.kern_id, count(*) AS n FROM initiatief_kernen ik
              JOIN f ON f.initiatief_id = ik.initiatief_id GROUP BY 1)
        SELECT k.kern_id, k.naam, k.gemeente_code, g.naam AS gemeente, k.latitude, k.longitude,
               k.inwoners, k.is_kleine_kern, k.grootteklasse, coalesce(n.n, 0) AS initiatieven
        FROM kernen k JOIN gemeenten g ON g.gemeente_code = k.gemeente_code
        LEFT JOIN n ON n.kern_id = k.kern_id
        WHERE {kw}
        ORDER BY k.naam, g.naam
    """, ip + kp).df()
    kernen["initiatieven"] = kernen["initiatieven"].astype("int64")

    # The first theme (by volgorde) colours the marker; under a thema filter, the first selected one.
    thema_sel, tp = filters.thema_clause("t")
    ini = con.execute(f"""
        WITH f AS (SELECT i.* FROM initiatieven i WHERE {iw})
        SELECT f.initiatief_id, f.naam, f.gemeente_code, g.naam AS gemeente, f.kern_id,
               hk.naam AS hoofdkern, f.plaatsnaam, f.status, f.is_pilot, f.latitude, f.longitude,
               f.laatst_bevestigd, {freshness.status_sql('f.laatst_bevestigd')} AS versheid,
               {thema_namen('f')} AS themas,
               (SELECT t.thema_id FROM initiatief_themas it JOIN themas t ON t.thema_id = it.thema_id
                  WHERE it.initiatief_id = f.initiatief_id AND {thema_sel}
                  ORDER BY t.volgorde LIMIT 1) AS eerste_thema,
               (SELECT string_agg(k.naam, ', ' ORDER BY k.naam) FROM initiatief_kernen ik
                  JOIN kernen k ON k.kern_id = ik.kern_id WHERE ik.initiatief_id = f.initiatief_id) AS kernen
        FROM f
        LEFT JOIN gemeenten g ON g.gemeente_code = f.gemeente_code
        LEFT JOIN kernen hk ON hk.kern_id = f.kern_id
        ORDER BY f.naam
    """, ip + tp).df()

    plekken = con.execute(f"""
        WITH f AS (SELECT i.* FROM initiatieven i WHERE {iw})
        SELECT f.initiatief_id, f.kern_id, hk.naam AS kern, f.latitude, f.longitude, ? AS plaatsing
        FROM f LEFT JOIN kernen hk ON hk.kern_id = f.kern_id
        WHERE f.latitude IS NOT NULL AND f.longitude IS NOT NULL
        UNION ALL
        SELECT f.initiatief_id, k.kern_id, k.naam, k.latitude, k.longitude, ?
        FROM f JOIN kernen k ON k.kern_id = f.kern_id
        WHERE (f.latitude IS NULL OR f.longitude IS NULL) AND k.latitude IS NOT NULL AND k.longitude IS NOT NULL
        UNION ALL
        SELECT f.initiatief_id, k.kern_id, k.naam, k.latitude, k.longitude, ?
        FROM f JOIN initiatief_kernen ik ON ik.initiatief_id = f.initiatief_id
        JOIN kernen k ON k.kern_id = ik.kern_id
        WHERE (f.latitude IS NULL OR f.longitude IS NULL) AND f.kern_id IS NULL
          AND k.latitude IS NOT NULL AND k.longitude IS NOT NULL
    """, ip + [PLAATSING_EIGEN, PLAATSING_HOOFDKERN, PLAATSING_KERNEN]).df()
    plekken = _bij_de_plaats(con, plekken, iw, ip)

    punten = plekken.merge(
        ini[["initiatief_id", "naam", "gemeente_code", "gemeente", "status", "is_pilot", "themas", "eerste_thema"]],
        on="initiatief_id", how="inner")

    geplaatst = plekken.groupby("initiatief_id")["plaatsing"].first()
    ini["op_de_kaart"] = ini["initiatief_id"].map(geplaatst).astype(object)
    ini.loc[ini["op_de_kaart"].isna() & ini["gemeente_code"].notna(), "op_de_kaart"] = NIET_GEMEENTE
    ini.loc[ini["op_de_kaart"].isna(), "op_de_kaart"] = NIET_ONBEKEND

    themas = con.execute("SELECT thema_id, naam, volgorde, soort FROM themas ORDER BY volgorde").df()
    return KaartData(provincie=prov[0] if prov else None, gemeenten=gemeenten, kernen=kernen,
                     punten=punten, initiatieven=ini, themas=themas, filters=filters)


def _bij_de_plaats(con: duckdb.DuckDBPyConnection, plekken: pd.DataFrame, iw: str, ip: list) -> pd.DataFrame:
    """An initiative without own coordinates whose register named a place of its home kern with a
    GeoNames point ('Cabauw', in woonplaats Lopik) stands at that point instead of the kern's.
    Names are matched folded, as the importer matched them (pipelines.ingest.values.fold)."""
    plaats = con.execute(f"""
        WITH f AS (SELECT i.* FROM initiatieven i WHERE {iw})
        SELECT f.initiatief_id, f.kern_id, f.plaatsnaam, hk.naam AS kern, p.sleutel, p.latitude, p.longitude
        FROM f JOIN kernen hk ON hk.kern_id = f.kern_id JOIN plaatsnamen p ON p.kern_id = f.kern_id
        WHERE f.plaatsnaam IS NOT NULL AND (f.latitude IS NULL OR f.longitude IS NULL)
          AND p.latitude IS NOT NULL AND p.longitude IS NOT NULL
        ORDER BY f.initiatief_id, p.soort
    """, ip).df()
    if plaats.empty:
        return plekken
    plaats = plaats[plaats["sleutel"] == fold_series(plaats["plaatsnaam"])].drop_duplicates("initiatief_id")
    if plaats.empty:
        return plekken
    nieuw = pd.DataFrame({
        "initiatief_id": plaats["initiatief_id"], "kern_id": plaats["kern_id"],
        "kern": [kern_met_plaats(k, n) for k, n in zip(plaats["kern"], plaats["plaatsnaam"])],
        "latitude": plaats["latitude"], "longitude": plaats["longitude"], "plaatsing": PLAATSING_PLAATS})
    bij_kern = (plekken["plaatsing"] == PLAATSING_HOOFDKERN) & plekken["initiatief_id"].isin(nieuw["initiatief_id"])
    return pd.concat([plekken[~bij_kern], nieuw.astype(plekken.dtypes.to_dict())], ignore_index=True)


def gemeenten_tabel(data: KaartData) -> pd.DataFrame:
    g = data.gemeenten[data.gemeenten["in_selectie"]]
    return pd.DataFrame({
        "Gemeente": g["naam"],
        "Initiatieven": g["initiatieven"],
        "Initiatieven per 1.000 inwoners": g["per_1000"].round(3),
        "Thema's gedekt": g["themas_gedekt"],
        "Thema's in de meting": g["themas_totaal"],
        "Pilots": g["pilots"],
        "Kernen": g["kernen"],
        "Kleine kernen": g["kleine_kernen"],
        "Kleine kernen zonder initiatief": g["kleine_kernen_zonder_initiatief"],
        "Inwoners (CBS, 1 januari 2021)": g["inwoners"],
    }).reset_index(drop=True)


INWONERS_KERN = "Inwoners (benadering, 1 januari 2021)"


def kernen_tabel(data: KaartData) -> pd.DataFrame:
    """The kernen as a table; an unknown number of inhabitants (Haarzuilens) stays missing, so the
    column stays numeric and sorts by number: the page shows it as "onbekend" (format.tabelstijl).
    With a village figure chosen (`data.kernmaat`), its column (unit and year in the header) and,
    where CBS states one, its coverage follow: the values the map colours by."""
    k = data.kernen
    tabel = pd.DataFrame({
        "Kern": k["naam"],
        "Gemeente": k["gemeente"],
        INWONERS_KERN: k["inwoners"],
        "Kleine kern": k["is_kleine_kern"].map(lambda v: "onbekend" if pd.isna(v) else ("ja" if v else "nee")),
        "Initiatieven": k["initiatieven"],
    })
    km = data.kernmaat
    if km is not None:  # beside the name, so the chosen figure is in view without scrolling sideways
        tabel.insert(2, km.kop, pd.to_numeric(k["maat_waarde"], errors="coerce").astype("float64"))
        if km.heeft_dekking:
            tabel.insert(3, DEKKING_KOP, pd.to_numeric(k["maat_dekking"], errors="coerce").astype("float64"))
    return tabel.reset_index(drop=True)


def kernen_decimalen(data: KaartData) -> dict[str, int]:
    """Decimals per column of `kernen_tabel` for format.tabelstijl (a figure as on the Kernprofiel)."""
    km = data.kernmaat
    return {} if km is None else {km.kop: km.decimalen, DEKKING_KOP: 0}


def initiatieven_tabel(data: KaartData) -> pd.DataFrame:
    i = data.initiatieven
    hoofdkern = pd.Series([kern_met_plaats(k, n) for k, n in zip(i["hoofdkern"], i["plaatsnaam"])],
                          index=i.index, dtype=object)
    kern = hoofdkern.where(hoofdkern.notna(), i["kernen"])
    plaats = (i["op_de_kaart"] == PLAATSING_PLAATS) & i["plaatsnaam"].notna()
    op_de_kaart = i["op_de_kaart"].where(~plaats, PLAATSING_PLAATS + " " + i["plaatsnaam"].astype(object).fillna(""))
    return pd.DataFrame({
        "Initiatief": i["naam"],
        "Gemeente": i["gemeente"].map(tekst),
        "Kern(en)": kern.map(tekst),
        "Thema's": i["themas"].map(tekst),
        "Status": i["status"].map(tekst),
        "Pilot": i["is_pilot"].map(lambda v: "ja" if v else "nee"),
        "Actualiteit": i["versheid"].map(tekst),
        "Laatst bevestigd": i["laatst_bevestigd"].map(datum),
        "Op de kaart": op_de_kaart,
    }).reset_index(drop=True)


def niet_op_de_kaart(data: KaartData) -> pd.DataFrame:
    """Initiatives without a known place: naam, gemeente ('onbekend') and the reason."""
    i = data.initiatieven
    n = i[i["op_de_kaart"].isin([NIET_GEMEENTE, NIET_ONBEKEND])]
    return pd.DataFrame({
        "naam": n["naam"], "gemeente": n["gemeente"].map(tekst),
        "reden": n["op_de_kaart"].map({NIET_GEMEENTE: "alleen gemeente bekend", NIET_ONBEKEND: "locatie onbekend"}),
    }).reset_index(drop=True)


# ---------- colouring the kernen by a village figure (issue 12) ----------

STANDAARD_KERNMAAT = "initiatieven"
KERNMAAT_INITIATIEVEN = "Aantal initiatieven"
DEKKING_KOP = "Dekking (% van de inwoners)"


@dataclass(frozen=True)
class KernMaat:
    """A CBS village figure that colours the kernen: its metadata from `kern_indicatoren` and, per
    kern, the value, coverage and coverage caveat from `kern_cijfers` (the Kernprofiel's numbers)."""
    kolom: str
    label: str
    eenheid: str
    peiljaar: str                     # '1 januari 2024' or 'editie 2024'
    bron: str                         # as stored (long: table, edition, method, licence)
    heeft_dekking: bool               # CBS states how many inhabitants the figure covers
    cijfers: pd.DataFrame = field(repr=False, compare=False)  # kern_id, maat_waarde, maat_dekking, maat_kanttekening

    @property
    def decimalen(self) -> int:
        return kerncijfers.decimalen(self.eenheid, self.kolom)

    @property
    def kop(self) -> str:
        """'Afstand tot grote supermarkt (km, editie 2024)'; a unit the label already names is left out."""
        e = self.eenheid or ""
        zelfde = not e or e.lower() in self.label.lower() or (e == "personen" and self.label.startswith("Inwoners"))
        return f"{self.label} ({self.peiljaar})" if zelfde else f"{self.label} ({e}, {self.peiljaar})"

    @property
    def bron_kort(self) -> str:
        """'CBS Kerncijfers wijken en buurten 2024' from the stored source (else the source itself)."""
        m = re.search(r"Kerncijfers wijken en buurten \d{4}", self.bron or "")
        return f"CBS {m.group(0)}" if m else (self.bron or "onbekend")

    def waarde_tekst(self, waarde) -> str:
        return kerncijfers.waarde_tekst(waarde, self.eenheid, self.kolom)


def kernmaat_opties(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """What the kernen can be coloured by: the number of initiatives, then every village figure."""
    ind = kerncijfers.indicatoren(con)
    return {STANDAARD_KERNMAAT: KERNMAAT_INITIATIEVEN, **dict(zip(ind["kolom"], ind["label"]))}


def kernmaat(con: duckdb.DuckDBPyConnection, kolom: str) -> KernMaat | None:
    """The village figure `kolom` for every kern (None for an unknown figure), taken from the same
    rows as the Kernprofiel (kerncijfers.alle_kernen), with the caveat when its coverage is low
    (below kerncijfers.DEKKING_DREMPEL) or the kern tiny."""
    ind = kerncijfers.indicatoren(con)
    rij = ind[ind["kolom"] == kolom]
    if rij.empty:
        return None
    r = rij.iloc[0]
    alle = kerncijfers.alle_kernen(con)
    dekking_kolom = r["dekking_kolom"] if isinstance(r["dekking_kolom"], str) else None
    dekking = alle[dekking_kolom] if dekking_kolom else pd.Series(float("nan"), index=alle.index)
    cijfers = pd.DataFrame({
        "kern_id": alle["kern_id"],
        "maat_waarde": pd.to_numeric(alle[kolom], errors="coerce").astype("float64"),
        "maat_dekking": pd.to_numeric(dekking, errors="coerce").astype("float64"),
        # low coverage, and CBS's rounding in a tiny kern (Ossenwaard): what makes this figure rough
        "maat_kanttekening": [kerncijfers.kanttekening(d, None, None, n) for d, n in zip(dekking, alle["inwoners"])],
    })
    return KernMaat(kolom=kolom, label=str(r["label"]), eenheid=str(r["eenheid"] or ""), peiljaar=str(r["peiljaar"]),
                    bron=str(r["bron"]), heeft_dekking=dekking_kolom is not None, cijfers=cijfers)


def met_kernmaat(data: KaartData, km: KernMaat | None) -> KaartData:
    """`data` with the figure beside each kern (a kern without a row keeps it unknown)."""
    if km is None:
        return data
    kernen = data.kernen.merge(km.cijfers, on="kern_id", how="left")
    return replace(data, kernen=kernen, kernmaat=km)
