"""Coordinates of initiatives: latitude/longitude or RD x/y (recognised by range) to WGS84,
checked against the province."""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines import coords
from pipelines.ingest.columns import Problemen, cells
from pipelines.ingest.reference import Referentie
from pipelines.ingest.values import parse_getallen


def coordinate_columns(df, kop, ref: Referentie, P: Problemen, out: pd.DataFrame) -> list[str]:
    """latitude/longitude or RD x/y (recognised by range) -> WGS84 columns; checks the province."""
    paren = [(a, b) for a, b in (("latitude", "longitude"), ("x", "y")) if a in df or b in df]
    if not paren:
        return []
    a_tekst = pd.Series(None, index=df.index, dtype=object)
    b_tekst = pd.Series(None, index=df.index, dtype=object)
    label = pd.Series("", index=df.index, dtype=object)
    for a, b in paren:
        ta, tb = cells(df, a), cells(df, b)
        neem = a_tekst.isna() & b_tekst.isna() & (ta.notna() | tb.notna())
        a_tekst = a_tekst.where(~neem, ta)
        b_tekst = b_tekst.where(~neem, tb)
        label = label.where(~neem, " / ".join(kop[v] for v in (a, b) if v in kop))
    label = label.where(label != "", " / ".join(kop[v] for p in paren for v in p if v in kop))
    half = a_tekst.notna() ^ b_tekst.notna()
    P.add(half, label, a_tekst.fillna(b_tekst), "één van de twee coördinaten ontbreekt; vul beide in of laat beide leeg")
    a_num, b_num = parse_getallen(a_tekst), parse_getallen(b_tekst)
    beide = a_tekst.notna() & b_tekst.notna()
    weergave = a_tekst.fillna("") + "; " + b_tekst.fillna("")
    geen_getal = beide & (a_num.isna() | b_num.isna())
    P.add(geen_getal, label, weergave, "coördinaten '" + weergave + "' zijn geen getallen")
    lat, lon, soort = coords.herken(a_num.to_numpy(), b_num.to_numpy())
    niet_herkend = beide & ~geen_getal & (soort == coords.ONBEKEND)
    P.add(niet_herkend, label, weergave, "coördinaten '" + weergave + "' niet herkend als breedte- en lengtegraad "
          "(WGS84) of als RD-coördinaten (x en y)")
    herkend = soort != coords.ONBEKEND
    if ref.provincie_geojson is not None and herkend.any():
        buiten = herkend & ~coords.binnen(ref.provincie_geojson, lat, lon)
        P.add(buiten, label, weergave,
              "coördinaten '" + weergave + f"' liggen buiten de provincie {ref.provincie_naam}")
    out["latitude"] = np.where(herkend, np.round(lat, 6), np.nan)
    out["longitude"] = np.where(herkend, np.round(lon, 6), np.nan)
    return ["latitude", "longitude"]
