"""Rows of a register of initiatives: one step per column group, run in order by
`parse_initiatieven` (gemeente before kernen, kernen before the id, the id before links)."""
from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from pipelines.errors import Probleem
from pipelines.ingest.columns import (Problemen, as_str, cells, empty_result, per_waarde, report_duplicates,
                                      vocab_column, year_column)
from pipelines.ingest.contacts import contact_rows
from pipelines.ingest.fields import FASEN, STATUSSEN, vocabulaire
from pipelines.ingest.locations import coordinate_columns
from pipelines.ingest.reference import Referentie
from pipelines.ingest.results import ParsedRegister
from pipelines.ingest.values import (bedoelde_u, fold, fold_series, naam_id_series, naam_sleutel_series, of_lijst,
                                     parse_janee, splits_lijst, suggest)


# 'Totaal', 'Subtotaal: 4', 'Totaal Lopik: 3', 'Aantal initiatieven: 3': a sum below the register.
_TOTAAL = re.compile(r"(?i)^\s*(?:(?:sub)?totaal|total)\s*[:=]?\s*[\d.,]*\s*$"
                     r"|^\s*(?:(?:sub)?totaal|total|aantal|som)\b[^:=]{0,40}[:=]\s*[\d.,]+\s*$")


@dataclasses.dataclass
class _Rows:
    """What the steps share: the user's columns, their headers, the store, the problems."""
    df: pd.DataFrame
    kop: dict[str, str]
    ref: Referentie
    P: Problemen
    out: pd.DataFrame
    meldingen: list[str] = dataclasses.field(default_factory=list)


def parse_initiatieven(df: pd.DataFrame, kop: dict[str, str], ref: Referentie, P: Problemen) -> ParsedRegister:
    r = _Rows(df, kop, ref, P, pd.DataFrame(index=df.index))
    naam = cells(df, "naam")
    P.add(naam.isna(), kop["naam"], None, "naam ontbreekt")
    totaal = naam.fillna("").str.contains(_TOTAAL)
    P.add(totaal, kop["naam"], naam, "deze rij lijkt een totaalregel, geen initiatief; verwijder de rij en "
                                     "importeer het bestand opnieuw")
    r.out["naam"] = naam
    gem, gem_fout = _gemeente(r)
    gem, kernen_per_rij = _kern(r, gem, gem_fout)
    r.out["gemeente_code"] = gem
    themas_per_rij = _themas_kolom(r)
    _plain_fields(r)
    pilot = _pilot(r)
    coord_velden = coordinate_columns(df, kop, ref, P, r.out)
    ids = _ids(r, naam, gem)
    _consistency(r, ids, gem, pilot)
    koppelingen = _links(r, ids, themas_per_rij, kernen_per_rij)
    contacten = contact_rows(df, kop, ref, P, ids)
    bijwerken = _columns_to_write(r, coord_velden)
    rows = r.out[["initiatief_id", *bijwerken]].copy()
    return dataclasses.replace(empty_result(df), rows=rows, meldingen=r.meldingen, bijwerken=tuple(bijwerken),
                               koppelingen=koppelingen,
                               contactpersonen=contacten)


def _gemeente(r: _Rows) -> tuple[pd.Series, np.ndarray]:
    """Name in any case, 'Gemeente X', GM0331, 0331 or 331 -> (gemeente code per row, invalid mask)."""
    df, n = r.df, len(r.df)
    gem = pd.Series(None, index=df.index, dtype=object)
    gem_fout = np.zeros(n, bool)
    if "gemeente" not in df:
        return gem, gem_fout
    tekst = df["gemeente"]
    gem = fold_series(tekst).map(r.ref.gemeente_index)
    gem_fout = (tekst.notna() & gem.isna()).to_numpy()
    for key in dict.fromkeys(fold_series(tekst.dropna())):
        if key in r.ref.voormalig:
            r.meldingen.append(r.ref.voormalig[key])
    if gem_fout.any():
        reden = per_waarde(tekst[gem_fout], lambda v: f"onbekende gemeente '{v}'"
                           + bedoelde_u(suggest(v, r.ref.gemeente_opties)))
        r.P.add(gem_fout, r.kop["gemeente"], tekst, reden.reindex(df.index))
    return gem.astype(object).where(gem.notna(), None), gem_fout


def _kern(r: _Rows, gem: pd.Series, gem_fout: np.ndarray) -> tuple[pd.Series, pd.Series]:
    """Kern(en) matched to the gazetteer within the row's gemeente; the gemeente is derived when
    the kernen name one. Sets the home kern; returns (gemeente, kern ids per row)."""
    df, ref, P = r.df, r.ref, r.P
    kernen_per_rij = pd.Series([[] for _ in range(len(df))], index=df.index, dtype=object)
    if "kern" not in df:
        r.out["kern_id"] = pd.Series(None, index=df.index, dtype=object)
        return gem, kernen_per_rij
    tekst = df["kern"]
    gem_sleutel = gem.fillna("").where(~gem_fout, "#fout")
    paren = list(zip(tekst, gem_sleutel))
    opgelost = {p: _kernen(p[0], p[1], ref) for p in dict.fromkeys(paren) if p[0] is not None}
    leeg: tuple[list[str], None, list[str]] = ([], None, [])
    res = [opgelost.get(p, leeg) for p in paren]  # one lookup per row; the work was per distinct pair
    for (cel, _g), (ids, _gem, _r) in opgelost.items():  # 'Cabauw' -> woonplaats Lopik: say so
        r.meldingen.extend(m for m in ref.plaats_meldingen(splits_lijst(cel, ref.kern_index), ids) if m not in r.meldingen)
    for i in np.flatnonzero([bool(x[2]) for x in res]):
        for reden in res[i][2]:
            P.items.append(Probleem(int(P.rijen[i]), r.kop["kern"], tekst.iloc[i], reden))
    kernen_per_rij = pd.Series([x[0] for x in res], index=df.index, dtype=object)
    r.out["kern_id"] = pd.Series([x[0][0] if len(x[0]) == 1 else None for x in res], index=df.index, dtype=object)
    plaats = {p: _plaatsnaam(p[0], v[0], ref) for p, v in opgelost.items()}
    r.out["plaatsnaam"] = pd.Series([plaats.get(p) for p in paren], index=df.index, dtype=object)
    afgeleid_gem = pd.Series([x[1] for x in res], index=df.index, dtype=object)
    vul = gem.isna() & ~pd.Series(gem_fout, index=df.index) & afgeleid_gem.notna()
    return gem.where(~vul, afgeleid_gem), kernen_per_rij


def _plaatsnaam(cel: str, kern_ids: list[str], ref: Referentie) -> str | None:
    """The place as the register wrote it ('Cabauw') when the cell names just that one place and
    it is no woonplaats but a place of the one kern it resolved to; None for a woonplaats name,
    several names or kernen, or a name that did not resolve."""
    stukken = splits_lijst(cel, ref.kern_index)
    if len(stukken) != 1 or len(kern_ids) != 1 or (fold(stukken[0]), kern_ids[0]) not in ref.plaats_naam:
        return None
    return " ".join(stukken[0].split())


def _kernen(cel: str, gem: str, ref: Referentie) -> tuple[list[str], str | None, list[str]]:
    """Resolve a kern cell ('Werkhoven, Bunnik en Odijk') within gemeente `gem` ('' unknown,
    '#fout' invalid): (kern_ids, derived gemeente, reasons)."""
    ids: list[str] = []
    redenen: list[str] = []
    gevonden_gem: set[str] = set()
    for stuk in splits_lijst(cel, ref.kern_index):
        kandidaten = ref.kern_index.get(fold(stuk))
        if not kandidaten:
            redenen.append(f"onbekende kern '{stuk}'" + bedoelde_u(suggest(stuk, ref.kern_opties)))
            continue
        if gem == "#fout":
            continue
        if gem:
            binnen = [k for k in kandidaten if k[2] == gem]
            if not binnen:
                elders = of_lijst(sorted({ref.gemeente_naam[k[2]] for k in kandidaten}))
                redenen.append(f"kern '{stuk}' ligt niet in gemeente {ref.gemeente_naam[gem]} maar in {elders}")
                continue
            ids.append(binnen[0][0])
        elif len({k[2] for k in kandidaten}) > 1:
            namen = ", ".join(sorted({ref.gemeente_naam[k[2]] for k in kandidaten}))
            redenen.append(f"kern '{stuk}' bestaat in meer gemeenten ({namen}); vul de gemeente in")
        else:
            ids.append(kandidaten[0][0])
            gevonden_gem.add(kandidaten[0][2])
    if len(gevonden_gem) > 1:
        namen = of_lijst(sorted(ref.gemeente_naam[g] for g in gevonden_gem), "en")
        redenen.append(f"de kernen liggen in verschillende gemeenten ({namen}); "
                       "een initiatief hoort bij één gemeente")
        return [], None, redenen
    ids = list(dict.fromkeys(ids))
    return ids, (next(iter(gevonden_gem)) if gevonden_gem else None), redenen


def _themas_kolom(r: _Rows) -> pd.Series | None:
    """Several themes per cell, written the short way, matched against id, name and aliases."""
    if "themas" not in r.df:
        return None
    tekst = r.df["themas"]
    opgelost = per_waarde(tekst, lambda c: _themas(c, r.ref))
    redenen = opgelost.map(lambda x: x[1], na_action="ignore")
    for i in np.flatnonzero(redenen.map(bool, na_action="ignore").fillna(False).astype(bool).to_numpy()):
        for reden in redenen.iloc[i]:
            r.P.items.append(Probleem(int(r.P.rijen[i]), r.kop["themas"], tekst.iloc[i], reden))
    return opgelost.map(lambda x: x[0], na_action="ignore")


def _themas(cel: str, ref: Referentie) -> tuple[list[str], list[str]]:
    ids, redenen = [], []
    for stuk in splits_lijst(cel, ref.thema_index):
        thema = ref.thema_index.get(fold(stuk))
        if thema:
            ids.append(thema)
        else:
            namen = suggest(stuk, ref.thema_opties)
            redenen.append(f"onbekend thema '{stuk}'"
                           + (bedoelde_u(namen) if namen else "; geen vergelijkbaar thema gevonden"))
    return list(dict.fromkeys(ids)), redenen


def _plain_fields(r: _Rows) -> None:
    df, out = r.df, r.out
    for veld in ("beschrijving", "organisatievorm", "website"):
        if veld in df:
            out[veld] = df[veld]
    if "organisatievorm" in out:
        out["organisatievorm"] = out["organisatievorm"].str.lower().where(out["organisatievorm"].notna(), None)
    if "fase" in df:
        out["fase"] = vocab_column(df, r.kop, r.P, "fase", vocabulaire(FASEN), "fase", list(FASEN))
    if "status" in df:
        out["status"] = vocab_column(df, r.kop, r.P, "status", vocabulaire(STATUSSEN), "status", list(STATUSSEN))
    if "startjaar" in df:
        out["startjaar"] = year_column(df, r.kop, r.P, "startjaar")


def _pilot(r: _Rows) -> pd.Series | None:
    if "pilot" not in r.df:
        return None
    res = per_waarde(r.df["pilot"], parse_janee)
    fout = res.map(lambda x: x[1], na_action="ignore")
    r.P.add(fout.notna(), r.kop["pilot"], r.df["pilot"], fout)
    pilot = res.map(lambda x: x[0], na_action="ignore")
    r.out["is_pilot"] = pd.array(pilot.where(pilot.notna(), None).tolist(), dtype="boolean")
    return pilot


def _ids(r: _Rows, naam: pd.Series, gem: pd.Series) -> pd.Series:
    """Stable id: the file's id, else the stored record with this name and gemeente, else derived.
    Names are compared by naam_sleutel, so names in any script or with a '+' never fold together."""
    gegeven = _given_ids(r)
    naam_sleutel = as_str(naam_sleutel_series(naam))
    bestaand = (naam_sleutel + "|" + as_str(gem).fillna("")).map(r.ref.initiatief_per_sleutel)
    bestaand = bestaand.fillna((naam_sleutel + "|").map(r.ref.initiatief_per_sleutel))
    afgeleid = "ini-" + as_str(naam_id_series(naam)) + ("-" + as_str(gem).str.lower()).fillna("")
    ids = gegeven.fillna(bestaand).fillna(afgeleid.where(naam.notna()))
    r.out.insert(0, "initiatief_id", ids)
    report_duplicates(r.P, ids, gegeven, r.kop.get("id", r.kop["naam"]), r.kop["naam"],
                      "hetzelfde initiatief (zelfde naam en gemeente) staat ook in rij ")
    _new_id_for_stored_record(r, gegeven, bestaand)
    return ids


def _given_ids(r: _Rows) -> pd.Series:
    """The id column; a number that Excel stripped of its leading zeros ('1') is the stored '001',
    and '1' and '001' in one file are one id."""
    gegeven = cells(r.df, "id")
    getal = gegeven.where(gegeven.fillna("").str.fullmatch(r"\d+"))
    if getal.isna().all():
        return gegeven
    bekend = set(r.ref.initiatief_naam)
    eerste: dict[int, str] = {}
    for i, waarde in getal.dropna().items():
        eerste.setdefault(int(waarde), waarde)
    gelezen = {}
    for waarde in pd.unique(getal.dropna()):
        if waarde in bekend:
            continue
        opgeslagen = r.ref.initiatief_per_getal.get(int(waarde))
        doel = opgeslagen or eerste[int(waarde)]
        if doel != waarde:
            gelezen[waarde] = doel
            r.meldingen.append(f"ID '{waarde}' is gelezen als '{doel}' (Excel laat voorloopnullen weg)")
    return gegeven.replace(gelezen) if gelezen else gegeven


def _new_id_for_stored_record(r: _Rows, gegeven: pd.Series, bestaand: pd.Series) -> None:
    """A new id in the file for a record already stored under another id (same name, gemeente
    and kern) would make two records of one: refuse it and name the stored id."""
    nieuw = gegeven.notna() & ~gegeven.isin(list(r.ref.initiatief_naam)) & bestaand.notna() & (bestaand != gegeven)
    if not nieuw.any():
        return
    kern = r.out["kern_id"] if "kern_id" in r.out else pd.Series(None, index=r.df.index, dtype=object)
    oude_kern = bestaand.map(r.ref.initiatief_kern)
    zelfde_kern = (kern.isna() & oude_kern.isna()) | (kern == oude_kern) | ("kern" not in r.df)
    botst = (nieuw & zelfde_kern.fillna(False).astype(bool)).to_numpy()
    r.P.add(botst, r.kop["id"], gegeven,
            bestaand.map(lambda b: f"het register heeft al een initiatief met deze naam, gemeente en kern onder id "
                                   f"'{b}'; gebruik dat id, of een andere naam als het een ander initiatief is",
                         na_action="ignore"))


def _consistency(r: _Rows, ids: pd.Series, gem: pd.Series, pilot: pd.Series | None) -> None:
    """Ids that clash with organisations, pilots marked 'nee', a gemeente against the stored kern."""
    df, kop, ref, P = r.df, r.kop, r.ref, r.P
    botst = ids.isin(list(ref.organisaties))
    if botst.any():
        P.add(botst, kop.get("id", kop["naam"]), ids,
              ids.map(lambda i: f"id '{i}' is al in gebruik voor de organisatie '{ref.organisaties.get(i)}'",
                      na_action="ignore"))
    if pilot is not None:
        geen_pilot = (pilot == False) & ids.isin(list(ref.pilot_van))  # noqa: E712 (nullable)
        geen_pilot = geen_pilot.fillna(False).astype(bool)
        P.add(geen_pilot, kop["pilot"], df["pilot"],
              ids.map(lambda i: f"dit initiatief is een pilot ({ref.pilot_van.get(i)}); pilot kan hier niet 'nee' zijn",
                      na_action="ignore"))
    if "gemeente" in df and "kern" not in df:
        oude_kern = ids.map(ref.initiatief_kern)
        kern_gem = oude_kern.map(ref.kern_gemeente)
        conflict = (gem.notna() & kern_gem.notna() & (gem != kern_gem)).fillna(False).astype(bool)
        P.add(conflict, kop["gemeente"], df["gemeente"],
              oude_kern.map(lambda k: f"het register noemt kern {ref.kern_naam.get(k)} "
                                      f"(gemeente {ref.gemeente_naam.get(ref.kern_gemeente.get(k))}); "
                                      "voeg een kolom Kern toe om de kern te wijzigen", na_action="ignore"))


def _links(r: _Rows, ids: pd.Series, themas_per_rij: pd.Series | None,
           kernen_per_rij: pd.Series) -> dict[str, pd.DataFrame]:
    koppelingen = {}
    if themas_per_rij is not None:
        t = pd.DataFrame({"initiatief_id": ids, "thema_id": themas_per_rij}).dropna(subset=["initiatief_id"])
        t = t.explode("thema_id").dropna().drop_duplicates()
        koppelingen["initiatief_themas"] = t.reset_index(drop=True)
    if "kern" in r.df:
        k = pd.DataFrame({"initiatief_id": ids, "kern_id": kernen_per_rij}).dropna(subset=["initiatief_id"])
        k = k[k["kern_id"].map(len) > 0].explode("kern_id").drop_duplicates()
        koppelingen["initiatief_kernen"] = k.reset_index(drop=True)
    return koppelingen


def _columns_to_write(r: _Rows, coord_velden: list[str]) -> list[str]:
    """The columns the file provides (an empty cell leaves the stored value, see diffing)."""
    df, out = r.df, r.out
    bijwerken = ["naam"]
    if "gemeente" in df or "kern" in df:
        bijwerken.append("gemeente_code")
    if "kern" in df:
        bijwerken += ["kern_id", "plaatsnaam"]
    bijwerken += [c for c in ("beschrijving", "organisatievorm", "fase", "status", "startjaar", "website")
                  if c in out]
    if "is_pilot" in out:
        bijwerken.append("is_pilot")
    bijwerken += coord_velden
    return bijwerken
