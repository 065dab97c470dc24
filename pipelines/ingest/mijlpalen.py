"""Rows of a register of milestones (mijlpalen) of the pilots."""
from __future__ import annotations

import dataclasses

import pandas as pd

from pipelines.ingest.columns import Problemen, as_str, empty_result, per_waarde, report_duplicates, cells
from pipelines.ingest.fields import MIJLPAAL_STATUSSEN, vocabulaire
from pipelines.ingest.reference import Referentie
from pipelines.ingest.results import ParsedRegister
from pipelines.ingest.values import bedoelde_u, fold_series, parse_datum, slug_series, suggest


def parse_mijlpalen(df: pd.DataFrame, kop: dict[str, str], ref: Referentie, P: Problemen) -> ParsedRegister:
    out = pd.DataFrame(index=df.index)
    bijwerken = []
    pilot = pd.Series(None, index=df.index, dtype=object)
    if "pilot" in df:
        tekst = df["pilot"]
        pilot = fold_series(tekst).map(ref.pilot_index)
        fout = tekst.notna() & pilot.isna()
        P.add(fout, kop["pilot"], tekst, per_waarde(tekst[fout], lambda v: f"onbekende pilot '{v}'"
                                                    + bedoelde_u(suggest(v, ref.pilot_opties))).reindex(df.index))
        pilot = pilot.astype(object).where(pilot.notna(), None)
        out["pilot_id"] = pilot
        bijwerken.append("pilot_id")
    if "datum" in df:
        res = per_waarde(df["datum"], parse_datum)
        fout = res.map(lambda r: r[1], na_action="ignore")
        P.add(fout.notna(), kop["datum"], df["datum"], fout)
        datum = res.map(lambda r: r[0], na_action="ignore")
        out["datum"] = datum.astype(object).where(datum.notna(), None)
        bijwerken.append("datum")
    titel = df["titel"]
    P.add(titel.isna(), kop["titel"], None, "titel ontbreekt")
    out["titel"] = titel
    status = df["status"]
    P.add(status.isna(), kop["status"], None, "status ontbreekt; vul gedaan of gepland in")
    vocab = vocabulaire(MIJLPAAL_STATUSSEN)
    waarde = fold_series(status).map(vocab)
    fout = status.notna() & waarde.isna()
    P.add(fout, kop["status"], status, "onbekende status '" + status.astype(str) + "'; gebruik gedaan of gepland")
    out["status"] = waarde.astype(object).where(waarde.notna(), None)
    bijwerken += ["titel", "status"]

    gegeven = cells(df, "id")
    sleutel = as_str(pilot).fillna("") + "|" + as_str(fold_series(titel))
    bestaand = sleutel.map(ref.mijlpaal_per_sleutel)
    afgeleid = "mp-" + as_str(pilot).fillna("programma").str.removeprefix("pilot-") + "-" + as_str(slug_series(titel, 50))
    ids = gegeven.fillna(bestaand).fillna(afgeleid.where(titel.notna()))
    out.insert(0, "mijlpaal_id", ids)
    report_duplicates(P, ids, gegeven, kop.get("id", kop["titel"]), kop["titel"],
            "dezelfde mijlpaal (zelfde pilot en titel) staat ook in rij ")
    return dataclasses.replace(empty_result(df), rows=out[["mijlpaal_id", *bijwerken]], bijwerken=tuple(bijwerken))
