"""The Statenbrief: what a one- or two-page factsheet of a gemeente, a kern or the province
holds, gathered from the store. Pure data (dataclasses of Dutch display text); the PDF is
drawn by `vliegwiel.figures.statenbrief`.

A Statenbrief always describes the whole register (the sidebar filters do not apply): a
document in the committee's papers must say the same whoever downloaded it.

What every document of one database version shares (geometry, figures of all gemeenten,
milestones, sources) is read once into `Gedeeld`; pass it along when making many documents.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field

import duckdb
import pandas as pd

# The query and palette functions this module builds on, in one place, so they can be re-pointed.
from pipelines.config import GROOTTEKLASSEN, KLEINE_KERN_DREMPEL
from vliegwiel import kerncijfers, overzicht, pilots, profielen, register
from vliegwiel.format import aantal, datum, getal, is_leeg, kern_met_plaats, tekst
from vliegwiel.figures.kaart import (GEMEENTE_KLEUREN, GEMEENTE_NUL, KERN_KLEUREN, KERN_NUL, klasse_index,
                                     klasse_labels, klassen, kern_straal)
from vliegwiel.kaart import kaartdata

ONBEKEND = "onbekend"
REGISTER = "register Vliegwiel"
CBS_2021 = "CBS, 1 januari 2021"
CBS_WOONPLAATSEN = "CBS woonplaatsen"
PC4 = "CBS PC4, benadering"  # inhabitants per postcode area, attributed to the kern
# Initiatives listed in one document; the rest is counted ("en nog N"), so it stays within two pages.
MAX_INITIATIEVEN = 18
KLASSEN = {k: label for k, label, _lo, _hi in GROOTTEKLASSEN}


# ---------- what a document holds ----------

@dataclass(frozen=True)
class Cijfer:
    label: str
    waarde: str
    peiljaar: str
    bron: str


@dataclass(frozen=True)
class Vlak:
    """A filled area of the map: polygons as rings of (lon, lat)."""
    ringen: tuple[tuple[tuple[float, float], ...], ...]
    kleur: str
    rand: str = "#555555"
    dikte: float = 0.5


@dataclass(frozen=True)
class Punt:
    lon: float
    lat: float
    straal: float
    kleur: str
    label: str | None = None
    nadruk: bool = False


@dataclass(frozen=True)
class Kaart:
    vlakken: tuple[Vlak, ...]
    punten: tuple[Punt, ...] = ()
    omtrek: tuple[Vlak, ...] = ()          # the locator: the province, the area highlighted
    legenda: tuple[tuple[str, str], ...] = ()  # (colour, label)
    bijschrift: str = ""


@dataclass(frozen=True)
class InitiatiefRegel:
    naam: str
    kernen: str
    themas: str
    status: str
    fase: str
    bijgewerkt: str


@dataclass(frozen=True)
class PilotRegel:
    naam: str
    fase: str
    status: str
    voortgang: str
    volgende: str


@dataclass(frozen=True)
class Brief:
    soort: str                       # 'gemeente', 'kern' or 'provincie'
    naam: str
    titel: str
    ondertitel: str
    bestandsnaam: str
    cijfers: tuple[Cijfer, ...]
    kaart: Kaart
    themas_aanwezig: tuple[str, ...]
    witte_vlekken: tuple[str, ...]
    thema_uitleg: str
    initiatieven: tuple[InitiatiefRegel, ...]
    initiatieven_meer: int
    pilots: tuple[PilotRegel, ...]
    kernen: tuple[tuple[str, str, str, str], ...]  # Kern, inwoners, kleine kern, initiatieven
    data_datum: str
    print_datum: str
    bronnen: tuple[str, ...]
    synthetisch: int = 0


@dataclass(frozen=True)
class ProvincieTabel:
    titel: str
    bestandsnaam: str
    kolommen: tuple[tuple[str, str], ...]      # (header, year and source)
    rijen: tuple[tuple[str, ...], ...]
    totaal: tuple[str, ...]
    data_datum: str
    print_datum: str
    bronnen: tuple[str, ...]
    synthetisch: int = 0


# ---------- shared per database version ----------

@dataclass
class Gedeeld:
    kaart: object                     # maps.KaartData for the whole register
    geometrie: dict[str, tuple]       # gemeente_code -> rings
    provincie: tuple
    kerncijfers: pd.DataFrame         # profielen.cbs_cijfers of every gemeente
    mijlpalen: pd.DataFrame
    voortgang: pd.DataFrame
    bronnen: tuple[str, ...]
    data_datum: str
    synthetisch: int
    vandaag: dt.date
    slugs: dict[str, str] = field(default_factory=dict)  # kern_id -> slug (unique)
    dorp: tuple = ()  # (kerncijfers.alle_kernen, kerncijfers.indicatoren, kerncijfers.provincie) or ()


def ringen(geojson: str | None) -> tuple:
    """The outer and inner rings of a (Multi)Polygon GeoJSON as tuples of (lon, lat)."""
    if not geojson:
        return ()
    g = json.loads(geojson)
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]] if g["type"] == "Polygon" else []
    return tuple(tuple((float(x), float(y)) for x, y, *_ in ring) for poly in polys for ring in poly)


def slug(naam: str) -> str:
    """'Wijk bij Duurstede' -> 'wijk-bij-duurstede', "'t Goy" -> 't-goy' (ASCII, for file names)."""
    ascii_ = unicodedata.normalize("NFKD", str(naam)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "onbekend"


def bestandsnaam(deel: str, vandaag: dt.date | None = None) -> str:
    """'statenbrief-lopik-2026-12-01.pdf'; a kern whose name occurs twice passes 'Tienhoven Stichtse Vecht'."""
    return f"statenbrief-{slug(deel)}-{(vandaag or dt.date.today()).isoformat()}.pdf"


PDF_MIME = "application/pdf"
KNOP_UITLEG = ("Een of twee A4-pagina's om mee te nemen: kerncijfers met peiljaar en bron, een kaart, thema's en "
               "witte vlekken, initiatieven en pilots. Altijd het hele register: de filters uit de zijbalk gelden "
               "hier niet.")


def _bronregels(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    b = register.bronnen(con)
    data = b[b["soort"].isin(["geodata", "statistiek", "gazetteer"])]
    regels = [f"{tekst(r.uitgever)}, {tekst(r.titel)} ({tekst(r.peildatum)})" for r in data.itertuples()]
    licenties = sorted({tekst(v) for v in data["licentie"]})
    regels.append(f"Licentie van deze gegevens: {', '.join(licenties) or ONBEKEND}")
    regels.append("Initiatieven, pilots en mijlpalen: register Vliegwiel, overgenomen uit de programmadocumenten "
                  "van Vliegwiel van gemeenschapskracht; elk record noemt zijn brondocument.")
    return tuple(regels)


def gedeeld(con: duckdb.DuckDBPyConnection, vandaag: dt.date | None = None) -> Gedeeld:
    """Everything the documents of one database version share (read once, never mutated)."""
    vandaag = vandaag or dt.date.today()
    kd = kaartdata(con)
    codes = tuple(kd.gemeenten["gemeente_code"])
    mp = pilots.mijlpalen(con)
    ids = list(con.execute("SELECT pilot_id FROM pilots ORDER BY pilot_id").df()["pilot_id"])
    run = register.laatste_run(con)
    kernen = kd.kernen
    dubbel = kernen["naam"].duplicated(keep=False)
    slugs = {r.kern_id: slug(f"{r.naam} {r.gemeente}" if d else r.naam)
             for r, d in zip(kernen.itertuples(), dubbel)}
    return Gedeeld(
        kaart=kd,
        geometrie={c: ringen(g) for c, g in zip(kd.gemeenten["gemeente_code"], kd.gemeenten["geometry_geojson"])},
        provincie=ringen(kd.provincie),
        kerncijfers=profielen.cbs_cijfers(con, codes),
        mijlpalen=mp,
        voortgang=pilots.voortgang(mp, ids, vandaag).set_index("pilot_id") if ids else pd.DataFrame(),
        bronnen=_bronregels(con),
        data_datum=datum(run["klaar_op"].iloc[0].date()) if not run.empty else ONBEKEND,
        synthetisch=int(register.synthetisch_aantal(con)),
        vandaag=vandaag,
        slugs=slugs,
        dorp=(kerncijfers.alle_kernen(con), kerncijfers.indicatoren(con), kerncijfers.provincie(con)),
    )


# ---------- parts ----------

def _cbs_cijfers(g: Gedeeld, code: str) -> list[Cijfer]:
    lang = g.kerncijfers[(g.kerncijfers["gemeente_code"] == code)
                         & g.kerncijfers["kolom"].isin(profielen.VERGELIJK_INDICATOREN)
                         & (g.kerncijfers["kolom"] != "inwoners")]
    return [Cijfer(r.label, profielen.indicator_tekst(r.waarde, r.eenheid, r.kolom), tekst(r.peiljaar),
                   _kort(r.bron)) for r in lang.itertuples()]


# Village figures in a kern's brief: the share of elderly and the three distances.
DORP_CIJFERS = ("pct_65plus", "afstand_huisarts_km", "afstand_supermarkt_km", "afstand_school_km")
CBS_2024 = "CBS 85984NED (buurten)"


def _dorp_cijfers(con: duckdb.DuckDBPyConnection, g: Gedeeld, kern_id: str, gemeente_code: str) -> tuple[list[Cijfer], str]:
    """The kern's own 2024 figures with the median of similar kernen in the label, and its caveats."""
    alle, ind, prov = g.dorp if g.dorp else (kerncijfers.alle_kernen(con), kerncijfers.indicatoren(con),
                                              kerncijfers.provincie(con))
    gem = con.execute("SELECT * FROM gemeenten WHERE gemeente_code = ?", [gemeente_code]).df().iloc[0].to_dict()
    lang = kerncijfers.vergelijking(alle, ind, kern_id, gem, prov)
    uit = []
    for r in lang[lang["kolom"].isin(DORP_CIJFERS)].to_dict("records"):
        mediaan = kerncijfers.waarde_tekst(r["soortgelijk_mediaan"], r["eenheid"], r["kolom"])
        uit.append(Cijfer(f"{r['label']} (soortgelijke kernen: mediaan {mediaan})",
                          kerncijfers.waarde_tekst(r["waarde"], r["eenheid"], r["kolom"]), tekst(r["peiljaar"]), CBS_2024))
    notes = sorted({k for k in lang["kanttekening"] if k})
    return uit, " ".join(notes)


def _kort(bron) -> str:
    """'CBS StatLine 85039NED, Kerncijfers wijken en buurten 2021 (CC BY 4.0)' -> 'CBS 85039NED'."""
    b = tekst(bron)
    return (b.split(",")[0] if len(b) > 40 else b).replace("CBS StatLine ", "CBS ")


def _themas(t: pd.DataFrame) -> tuple[tuple[str, ...], tuple[str, ...]]:
    t = t[t["soort"] == "thema"]
    return tuple(t[t["aanwezig"]]["naam"]), tuple(t[~t["aanwezig"]]["naam"])


def _bijgewerkt(rij) -> str:
    """'mei 2019, vermoedelijk gestopt': the record's laatst_bevestigd (month: a seed record's date is its
    document's month) with the status derived from it (pipelines.freshness, profielen.initiatieven)."""
    if is_leeg(rij.get("laatst_bevestigd")):
        return ONBEKEND
    versheid = rij.get("versheid")
    return datum(rij["laatst_bevestigd"], "maand") + ("" if is_leeg(versheid) else f", {versheid}")


def _initiatieven(df: pd.DataFrame) -> tuple[tuple[InitiatiefRegel, ...], int]:
    regels = []
    for _i, r in df.head(MAX_INITIATIEVEN).iterrows():
        kern = kern_met_plaats(r["hoofdkern"], r.get("plaatsnaam")) if not is_leeg(r["hoofdkern"]) else r["kernen"]
        regels.append(InitiatiefRegel(tekst(r["naam"]), tekst(kern), tekst(r["themas"]), tekst(r["status"]),
                                      tekst(r["fase"]), _bijgewerkt(r)))
    return tuple(regels), max(0, len(df) - MAX_INITIATIEVEN)


def _pilots(g: Gedeeld, pil: pd.DataFrame) -> tuple[PilotRegel, ...]:
    uit = []
    for r in pil.itertuples():
        if r.pilot_id in g.voortgang.index:
            v = g.voortgang.loc[r.pilot_id]
            voortgang, volgende = v["samenvatting"], pilots.volgende_tekst(v)
        else:
            voortgang, volgende = "Nog geen mijlpalen vastgelegd.", "geen mijlpalen vastgelegd"
        uit.append(PilotRegel(tekst(r.naam), tekst(r.fase), tekst(r.status), voortgang, volgende))
    return tuple(uit)


def _kern_kleur(n: int) -> str:
    return KERN_NUL if n <= 0 else KERN_KLEUREN[min(n, 4) - 1]


KERN_LEGENDA = ((KERN_NUL, "geen initiatief"), (KERN_KLEUREN[0], "1 initiatief"),
                (KERN_KLEUREN[1], "2 initiatieven"), (KERN_KLEUREN[2], "3 initiatieven"),
                (KERN_KLEUREN[3], "4 of meer"))


def _omtrek(g: Gedeeld, code: str) -> tuple[Vlak, ...]:
    return (Vlak(g.provincie, "#ffffff", "#777777", 0.4), Vlak(g.geometrie.get(code, ()), GEMEENTE_KLEUREN[2],
                                                              GEMEENTE_KLEUREN[3], 0.4))


def _gemeente_kaart(g: Gedeeld, code: str, kern_id: str | None = None) -> Kaart:
    kernen = g.kaart.kernen[g.kaart.kernen["gemeente_code"] == code]
    punten = []
    for r in kernen.sort_values("inwoners", ascending=False, na_position="last").itertuples():
        if is_leeg(r.latitude) or is_leeg(r.longitude):
            continue
        nadruk = r.kern_id == kern_id
        label = r.naam
        punten.append(Punt(float(r.longitude), float(r.latitude), kern_straal(r.inwoners) * 0.6,
                           _kern_kleur(int(r.initiatieven)), label, nadruk))
    naam = g.kaart.gemeenten.set_index("gemeente_code").loc[code, "naam"]
    wat = "de gekozen kern omcirkeld, " if kern_id else ""
    return Kaart(
        vlakken=(Vlak(g.geometrie.get(code, ()), GEMEENTE_KLEUREN[0], "#333333", 0.8),),
        punten=tuple(punten), omtrek=_omtrek(g, code), legenda=KERN_LEGENDA,
        bijschrift=f"Gemeente {naam} met haar kernen ({wat}cirkel naar inwoners, kleur naar initiatieven). "
                   "Grenzen: CBS/PDOK 2022; ligging kernen: GeoNames.")


def _provincie_kaart(g: Gedeeld) -> Kaart:
    gem = g.kaart.gemeenten
    iv = klassen(gem["per_1000"], 2)
    kleuren = [GEMEENTE_NUL] + GEMEENTE_KLEUREN
    vlakken = []
    for r in gem.itertuples():
        i = klasse_index(r.per_1000, iv, 2)
        vlakken.append(Vlak(g.geometrie.get(r.gemeente_code, ()), GEMEENTE_NUL if i is None else kleuren[i],
                            "#555555", 0.5))
    legenda = ((GEMEENTE_NUL, "geen initiatief"),) + tuple(
        (GEMEENTE_KLEUREN[i], lbl) for i, lbl in enumerate(klasse_labels(iv, 2)))
    return Kaart(vlakken=tuple(vlakken), legenda=legenda,
                 bijschrift="Initiatieven per 1.000 inwoners per gemeente (register Vliegwiel; inwoners CBS, "
                            "1 januari 2021). Grenzen: CBS/PDOK 2022.")


def _basis(g: Gedeeld) -> dict:
    return {"data_datum": g.data_datum, "print_datum": datum(g.vandaag), "bronnen": g.bronnen,
            "synthetisch": g.synthetisch}


# ---------- the three documents ----------

def gemeente_brief(con: duckdb.DuckDBPyConnection, gemeente_code: str, g: Gedeeld | None = None) -> Brief | None:
    g = g or gedeeld(con)
    gem = g.kaart.gemeenten.set_index("gemeente_code")
    if gemeente_code not in gem.index:
        return None
    r = gem.loc[gemeente_code]
    naam = str(r["naam"])
    t_aan, t_wit = _themas(profielen.themas(con, gemeente_code=gemeente_code))
    ini, meer = _initiatieven(profielen.initiatieven(con, gemeente_code=gemeente_code))
    cijfers = [
        Cijfer("Inwoners", getal(r["inwoners"]), "1 januari 2021", "CBS"),
        Cijfer("Kernen (woonplaatsen)", getal(r["kernen"]), "2018", CBS_WOONPLAATSEN),
        Cijfer(f"Kleine kernen (minder dan {getal(KLEINE_KERN_DREMPEL)} inwoners)", getal(r["kleine_kernen"]),
               "1 januari 2021", PC4),
        Cijfer("Kleine kernen zonder initiatief", getal(r["kleine_kernen_zonder_initiatief"]), g.data_datum, REGISTER),
        Cijfer("Initiatieven", getal(r["initiatieven"]), g.data_datum, REGISTER),
        Cijfer("Initiatieven per 1.000 inwoners", getal(r["per_1000"], 2), g.data_datum, f"{REGISTER}; {CBS_2021}"),
        Cijfer("Thema's gedekt", f"{getal(r['themas_gedekt'])} van {getal(r['themas_totaal'])}", g.data_datum,
               REGISTER),
        Cijfer("Pilots", getal(r["pilots"]), g.data_datum, REGISTER),
    ] + _cbs_cijfers(g, gemeente_code)
    kernen = g.kaart.kernen[g.kaart.kernen["gemeente_code"] == gemeente_code].sort_values(
        ["inwoners", "naam"], ascending=[False, True], na_position="last")
    return Brief(
        soort="gemeente", naam=naam, titel=f"Gemeente {naam}",
        ondertitel=f"{aantal(int(r['kernen']), 'kern', 'kernen')}, waarvan {getal(r['kleine_kernen'])} klein; "
                   f"{aantal(int(r['initiatieven']), 'initiatief', 'initiatieven')} in het register",
        bestandsnaam=bestandsnaam(naam, g.vandaag), cijfers=tuple(cijfers),
        kaart=_gemeente_kaart(g, gemeente_code), themas_aanwezig=t_aan, witte_vlekken=t_wit,
        thema_uitleg="Een witte vlek is een thema waar in deze gemeente (nog) geen initiatief uit het register "
                     "aan werkt.",
        initiatieven=ini, initiatieven_meer=meer,
        pilots=_pilots(g, profielen.pilots(con, gemeente_code=gemeente_code)),
        kernen=tuple((tekst(k.naam), getal(k.inwoners), profielen.ja_nee(k.is_kleine_kern), getal(k.initiatieven))
                     for k in kernen.itertuples()),
        **_basis(g))


def kern_brief(con: duckdb.DuckDBPyConnection, kern_id: str, g: Gedeeld | None = None) -> Brief | None:
    g = g or gedeeld(con)
    k = profielen.kern(con, kern_id)
    if k is None:
        return None
    naam = str(k["naam"])
    t_aan, t_wit = _themas(profielen.themas(con, kern_id=kern_id))
    ini_df = profielen.initiatieven(con, kern_id=kern_id)
    ini, meer = _initiatieven(ini_df)
    n_themas = len(t_aan) + len(t_wit)
    pil = profielen.pilots(con, kern_id=kern_id)
    gem_inwoners = g.kaart.gemeenten.set_index("gemeente_code")["inwoners"].get(k["gemeente_code"])
    peil = datum(k["inwoners_peildatum"]) if not is_leeg(k["inwoners_peildatum"]) else ONBEKEND
    cijfers = (
        Cijfer("Inwoners (benadering)", getal(k["inwoners"]), peil, PC4),
        Cijfer("Kleine kern", profielen.ja_nee(k["is_kleine_kern"]), peil, PC4),
        Cijfer("Grootteklasse", KLASSEN.get(k["grootteklasse"], ONBEKEND), peil, PC4),
        Cijfer("Initiatieven die hier werken", getal(len(ini_df)), g.data_datum, REGISTER),
        Cijfer("Thema's gedekt", f"{getal(len(t_aan))} van {getal(n_themas)}", g.data_datum, REGISTER),
        Cijfer("Pilots die hier werken", getal(len(pil)), g.data_datum, REGISTER),
        Cijfer(f"Inwoners van de gemeente {k['gemeente']}", getal(gem_inwoners), "1 januari 2021", "CBS"),
    )
    dorp, dorp_noot = _dorp_cijfers(con, g, kern_id, k["gemeente_code"])
    cijfers = cijfers + tuple(dorp)
    return Brief(
        soort="kern", naam=naam, titel=f"Kern {naam}",
        ondertitel=f"in de gemeente {k['gemeente']}; "
                   f"{aantal(len(ini_df), 'initiatief', 'initiatieven')} in het register",
        bestandsnaam=bestandsnaam(g.slugs.get(kern_id, naam), g.vandaag), cijfers=cijfers,
        kaart=_gemeente_kaart(g, k["gemeente_code"], kern_id), themas_aanwezig=t_aan, witte_vlekken=t_wit,
        thema_uitleg="Een witte vlek is een thema waar in deze kern (nog) geen initiatief uit het register aan "
                     "werkt. Dorpscijfers: CBS-buurten 2024 opgeteld per woonplaats (geen officieel "
                     "woonplaatscijfer); soortgelijke kernen zijn kernen van dezelfde grootteklasse. "
                     + dorp_noot,
        initiatieven=ini, initiatieven_meer=meer, pilots=_pilots(g, pil),
        kernen=(), **_basis(g))


def provincie_brief(con: duckdb.DuckDBPyConnection, g: Gedeeld | None = None) -> Brief:
    g = g or gedeeld(con)
    k = overzicht.kerncijfers(con)
    inwoners = pd.to_numeric(g.kaart.gemeenten["inwoners"], errors="coerce")
    t_aan, t_wit = _themas(profielen.themas(con))
    ini, meer = _initiatieven(profielen.initiatieven(con))
    cijfers = (
        Cijfer("Inwoners", getal(inwoners.sum()) if inwoners.notna().all() else ONBEKEND, "1 januari 2021", "CBS"),
        Cijfer("Gemeenten", getal(k.gemeenten), "2022", "CBS/PDOK"),
        Cijfer("Kernen (woonplaatsen)", getal(k.kernen), "2018", CBS_WOONPLAATSEN),
        Cijfer(f"Kleine kernen (minder dan {getal(KLEINE_KERN_DREMPEL)} inwoners)", getal(k.kleine_kernen),
               "1 januari 2021", PC4),
        Cijfer("Kleine kernen met een initiatief", getal(k.kleine_kernen_met_initiatief), g.data_datum, REGISTER),
        Cijfer("Initiatieven", getal(k.initiatieven), g.data_datum, REGISTER),
        Cijfer("Gemeenten met een initiatief", f"{getal(k.gemeenten_met_initiatief)} van {getal(k.gemeenten)}",
               g.data_datum, REGISTER),
        Cijfer("Thema's gedekt", f"{getal(k.themas_gedekt)} van {getal(k.themas_totaal)}", g.data_datum, REGISTER),
        Cijfer("Pilots", getal(k.pilots), g.data_datum, REGISTER),
        Cijfer("Verbindingen", getal(k.verbindingen), g.data_datum, REGISTER),
    )
    return Brief(
        soort="provincie", naam="Provincie Utrecht", titel="Provincie Utrecht",
        ondertitel=f"{aantal(k.gemeenten, 'gemeente', 'gemeenten')}, {aantal(k.kernen, 'kern', 'kernen')}, "
                   f"{aantal(k.initiatieven, 'initiatief', 'initiatieven')} in het register",
        bestandsnaam=bestandsnaam("provincie-utrecht", g.vandaag), cijfers=cijfers, kaart=_provincie_kaart(g),
        themas_aanwezig=t_aan, witte_vlekken=t_wit,
        thema_uitleg="Een witte vlek is een thema waar in de hele provincie (nog) geen initiatief uit het register "
                     "aan werkt.",
        initiatieven=ini, initiatieven_meer=meer, pilots=_pilots(g, profielen.pilots(con)), kernen=(), **_basis(g))


def provincie_tabel(con: duckdb.DuckDBPyConnection, g: Gedeeld | None = None) -> ProvincieTabel:
    """One line per gemeente, for the committee's annex."""
    g = g or gedeeld(con)
    gem = g.kaart.gemeenten
    kolommen = (
        ("Gemeente", "CBS/PDOK 2022"), ("Inwoners", CBS_2021), ("Kernen", f"{CBS_WOONPLAATSEN}, 2018"),
        ("Kleine kernen", f"minder dan {getal(KLEINE_KERN_DREMPEL)} inwoners; {PC4}, 1 januari 2021"),
        ("Initiatieven", f"{REGISTER}, {g.data_datum}"),
        ("Kleine kernen zonder initiatief", f"{REGISTER}, {g.data_datum}"),
        ("Pilots", f"{REGISTER}, {g.data_datum}"),
    )
    getallen = ["inwoners", "kernen", "kleine_kernen", "initiatieven", "kleine_kernen_zonder_initiatief", "pilots"]
    rijen = tuple((tekst(r["naam"]),) + tuple(getal(r[c]) for c in getallen) for _i, r in gem.iterrows())
    som = [pd.to_numeric(gem[c], errors="coerce") for c in getallen]
    totaal = ("Provincie Utrecht",) + tuple(getal(s.sum()) if s.notna().all() else ONBEKEND for s in som)
    return ProvincieTabel(titel="Gemeenten in de provincie Utrecht",
                          bestandsnaam=bestandsnaam("provincie-utrecht-gemeenten", g.vandaag),
                          kolommen=kolommen, rijen=rijen, totaal=totaal, **_basis(g))


# ---------- PDF bytes (what the pages' download buttons call) ----------

def gemeente_pdf(con: duckdb.DuckDBPyConnection, gemeente_code: str, g: Gedeeld | None = None) -> bytes:
    from vliegwiel.figures import statenbrief as pdf
    return pdf.brief_pdf(gemeente_brief(con, gemeente_code, g))


def kern_pdf(con: duckdb.DuckDBPyConnection, kern_id: str, g: Gedeeld | None = None) -> bytes:
    from vliegwiel.figures import statenbrief as pdf
    return pdf.brief_pdf(kern_brief(con, kern_id, g))


def provincie_pdf(con: duckdb.DuckDBPyConnection, g: Gedeeld | None = None) -> bytes:
    from vliegwiel.figures import statenbrief as pdf
    return pdf.brief_pdf(provincie_brief(con, g))


def provincie_tabel_pdf(con: duckdb.DuckDBPyConnection, g: Gedeeld | None = None) -> bytes:
    from vliegwiel.figures import statenbrief as pdf
    return pdf.tabel_pdf(provincie_tabel(con, g))
