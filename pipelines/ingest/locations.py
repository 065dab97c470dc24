"""Coordinates of initiatives: latitude/longitude or RD x/y (recognised by range) to WGS84,
checked against the province."""
from __future__ import annotations

import functools
import json

import numpy as np
import pandas as pd

from pipelines import config, coords
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
    # RD written with thousands dots ('124.863; 448.143'): only when the plain reading is no coordinate.
    punten = (a_tekst.fillna("").str.fullmatch(_DUIZENDTAL) & b_tekst.fillna("").str.fullmatch(_DUIZENDTAL)
              & (soort == coords.ONBEKEND)).to_numpy()
    if punten.any():
        a2 = parse_getallen(a_tekst.str.replace(".", "", regex=False)).to_numpy()
        b2 = parse_getallen(b_tekst.str.replace(".", "", regex=False)).to_numpy()
        lat2, lon2, soort2 = coords.herken(np.where(punten, a2, np.nan), np.where(punten, b2, np.nan))
        rd = punten & (soort2 == coords.RD)
        lat, lon, soort = np.where(rd, lat2, lat), np.where(rd, lon2, lon), np.where(rd, soort2, soort)
    niet_herkend = beide & ~geen_getal & (soort == coords.ONBEKEND)
    P.add(niet_herkend, label, weergave, "coördinaten '" + weergave + "' niet herkend als breedte- en lengtegraad "
          "(WGS84) of als RD-coördinaten (x en y)")
    herkend = soort != coords.ONBEKEND
    if ref.provincie_geojson is not None and herkend.any():
        binnen_gem = herkend & coords.binnen(ref.provincie_geojson, lat, lon)
        P.add(herkend & ~binnen_gem, label, weergave,
              "coördinaten '" + weergave + f"' liggen buiten de provincie {ref.provincie_naam}")
    else:
        binnen_gem = herkend
    if "gemeente_code" in out and np.any(binnen_gem):
        _check_gemeente(out["gemeente_code"], lat, lon, np.asarray(binnen_gem, bool), label, weergave, ref, P)
    out["latitude"] = np.where(herkend, np.round(lat, 6), np.nan)
    out["longitude"] = np.where(herkend, np.round(lon, 6), np.nan)
    return ["latitude", "longitude"]


_DUIZENDTAL = r"\s*\d{1,3}(?:\.\d{3})+(?:,\d+)?\s*"
GEMEENTE_MARGE_M = 500  # boundaries are generalised; a point this close outside its gemeente still counts


@functools.lru_cache(maxsize=2)
def gemeente_vormen(pad: str) -> dict[str, tuple[object, object]] | None:
    """gemeente_code -> (shape, shape buffered by the margin) in RD metres (CBS 2022 boundaries);
    None without the shared data. Shapely and pyproj only: GDAL would cost ~80 MB per process."""
    import shapely
    from pyproj import Transformer
    try:
        with open(pad, encoding="utf-8") as f:
            features = json.load(f)["features"]
    except (OSError, ValueError, KeyError):
        return None  # no shared data here: the province check still holds
    naar_rd = Transformer.from_crs(4326, 28992, always_xy=True)
    vormen = {}
    for feat in features:
        vorm = shapely.transform(shapely.geometry.shape(feat["geometry"]),
                                 lambda xy: np.column_stack(naar_rd.transform(xy[:, 0], xy[:, 1])))
        ruim = vorm.buffer(GEMEENTE_MARGE_M)
        shapely.prepare(vorm)
        shapely.prepare(ruim)
        vormen[feat["properties"]["gemeente_code"]] = (vorm, ruim)
    return vormen


def _check_gemeente(gem: pd.Series, lat, lon, mask: np.ndarray, label: pd.Series, weergave: pd.Series,
                    ref: Referentie, P: Problemen) -> None:
    """A point must lie in its row's gemeente (with a margin): a point in Amersfoort is not in Lopik."""
    import shapely
    from pyproj import Transformer
    vormen = gemeente_vormen(str(config.shared_data_dir() / "gemeenten_utrecht_2022.geojson"))
    gem = gem.to_numpy(dtype=object)
    te_toetsen = mask & pd.notna(gem)
    if vormen is None or not te_toetsen.any():
        return
    idx = np.flatnonzero(te_toetsen)
    x, y = Transformer.from_crs(4326, 28992, always_xy=True).transform(np.asarray(lon, float)[idx],
                                                                       np.asarray(lat, float)[idx])
    for i, px, py in zip(idx, np.atleast_1d(x), np.atleast_1d(y)):
        code = gem[i]
        if code not in vormen or shapely.contains_xy(vormen[code][1], px, py):
            continue
        elders = [c for c, (vorm, _) in vormen.items() if shapely.contains_xy(vorm, px, py)]
        waar = f" maar in {ref.gemeente_naam.get(elders[0], elders[0])}" if elders else ""
        P.add(np.arange(len(gem)) == i, label, weergave,
              f"coördinaten '{weergave.iloc[i]}' liggen niet in gemeente {ref.gemeente_naam.get(code, code)}{waar}")
