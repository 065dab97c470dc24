"""Rows of a register of links (verbindingen) between initiatives and organisations."""
from __future__ import annotations

import dataclasses
import hashlib

import pandas as pd

from pipelines.ingest.columns import Problemen, as_str, empty_result, report_duplicates, cells, vocab_column, year_column
from pipelines.ingest.fields import VERBINDING_SOORTEN, vocabulaire
from pipelines.ingest.reference import Referentie
from pipelines.ingest.results import ParsedRegister
from pipelines.ingest.values import bedoelde_u, fold, of_lijst, suggest


def _knoop(tekst: str, ref: Referentie, met_suggestie: bool) -> tuple[str | None, str | None]:
    key = fold(tekst)
    if key in ref.knoop_id_index:
        return ref.knoop_id_index[key], None
    for index in (ref.knoop_naam_index, ref.knoop_extra_index):
        ids = index.get(key)
        if ids and len(ids) == 1:
            return ids[0], None
        if ids:
            return None, f"'{tekst}' is niet eenduidig ({', '.join(sorted(ids))}); gebruik het id"
    namen = suggest(tekst, ref.knoop_opties) if met_suggestie else []
    return None, f"onbekend initiatief of organisatie '{tekst}'" + bedoelde_u(namen)


def parse_verbindingen(df: pd.DataFrame, kop: dict[str, str], ref: Referentie, P: Problemen) -> ParsedRegister:
    out = pd.DataFrame(index=df.index)
    max_suggesties = 50  # difflib over every node name is costly; suggest for the first distinct unknowns
    for veld in ("van", "naar"):
        tekst = df[veld]
        P.add(tekst.isna(), kop[veld], None, f"{veld} ontbreekt")
        uniek = pd.unique(tekst.dropna())
        opgelost, n_onbekend = {}, 0
        for v in uniek:
            knoop, reden = _knoop(v, ref, n_onbekend < max_suggesties)
            n_onbekend += reden is not None
            opgelost[v] = (knoop, reden)
        res = tekst.map(opgelost, na_action="ignore")
        reden = res.map(lambda r: r[1], na_action="ignore")
        P.add(reden.notna(), kop[veld], tekst, reden)
        out[f"{veld}_id"] = res.map(lambda r: r[0], na_action="ignore")
    zelf = out["van_id"].notna() & (out["van_id"] == out["naar_id"])
    P.add(zelf, f"{kop['van']} / {kop['naar']}", df["van"],
          "van en naar zijn hetzelfde ('" + df["van"].astype(str) + "')")
    soort = df["soort"]
    P.add(soort.isna(), kop["soort"], None, f"soort ontbreekt; kies uit {of_lijst(list(VERBINDING_SOORTEN))}")
    out["soort"] = vocab_column(df, kop, P, "soort", vocabulaire(VERBINDING_SOORTEN), "soort verbinding",
                                list(VERBINDING_SOORTEN))
    bijwerken = ["van_id", "naar_id", "soort"]
    if "sinds" in df:
        out["sinds"] = year_column(df, kop, P, "sinds")
        bijwerken.append("sinds")
    if "toelichting" in df:
        out["toelichting"] = df["toelichting"]
        bijwerken.append("toelichting")

    gegeven = cells(df, "id")
    triple = as_str(out["van_id"]) + "|" + as_str(out["naar_id"]) + "|" + as_str(out["soort"])
    bestaand = triple.map(ref.verbinding_per_sleutel)
    afgeleid = triple.map(lambda t: "ver-" + hashlib.sha1(t.encode()).hexdigest()[:12], na_action="ignore")
    ids = gegeven.fillna(bestaand).fillna(afgeleid)
    out.insert(0, "verbinding_id", ids)
    report_duplicates(P, ids, gegeven, kop.get("id", kop["van"]), kop["van"],
            "dezelfde verbinding (van, naar en soort) staat ook in rij ")
    return dataclasses.replace(empty_result(df), rows=out[["verbinding_id", *bijwerken]], bijwerken=tuple(bijwerken))
