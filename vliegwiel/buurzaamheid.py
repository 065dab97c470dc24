"""Buurzaamheidsindex (verkenning): a first, open index of community strength per small kern,
asked for by seed document 004 (DOE Agenda Bewonersinitiatief, programme line 4). Not an
official index.

Components come from the register (initiatives per 1.000 inhabitants, themes covered, links in
the network) and from the CBS 2024 village figures (facilities nearby, young inhabitants). Each
is normalised min-max over the kernen with a value (0 = lowest, 1 = highest, "lower is better"
reversed). The score is the weighted mean of the components (weights 0-5, default all equal as
the OECD Better Life Index does). A kern missing a component with a weight above 0 has no
score: unknown, never zero. The stability band: the kern's rank over 1.000 draws of the weights,
each multiplied by a uniform factor in [0,5; 1,5] with a fixed seed (5th to 95th percentile).
"""
from __future__ import annotations

import dataclasses

import duckdb
import numpy as np
import pandas as pd

from vliegwiel.filters import Filters

SEED = 20260404
TREKKINGEN = 1_000
SPREIDING = 0.5  # each weight varies by up to ±50 % in the stability band
BRON = "seed-document 004, DOE Agenda Bewonersinitiatief Provincie Utrecht 2018-2022, programmalijn 4"


@dataclasses.dataclass(frozen=True)
class Component:
    id: str
    label: str
    uitleg: str
    hoger_is_sterker: bool
    bron: str


COMPONENTEN = (
    Component("initiatieven_per_1000", "Initiatieven per 1.000 inwoners",
              "initiatieven uit het register die in de kern werken, per 1.000 inwoners (CBS 2024)", True, "register"),
    Component("themas", "Thema's gedekt", "verschillende thema's waaraan die initiatieven werken", True, "register"),
    Component("verbindingen", "Verbindingen", "verbindingen van die initiatieven in het netwerk", True, "register"),
    Component("afstand_voorzieningen", "Voorzieningen dichtbij",
              "gemiddelde afstand tot huisarts, grote supermarkt en basisschool (km; korter is sterker)", False,
              "CBS 2024"),
    Component("pct_0_14", "Jonge inwoners", "aandeel inwoners van 0 tot 15 jaar (%)", True, "CBS 2024"),
)
IDS = tuple(c.id for c in COMPONENTEN)


def ruwe_cijfers(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """One row per small kern: name, gemeente, inhabitants 2024 and the raw components.
    Register components follow the status and pilot filters; places follow the place filters."""
    kern_where, kern_params = filters.kern_clause("k")
    ini_where, ini_params = Filters(statussen=filters.statussen, alleen_pilots=filters.alleen_pilots,
                                    themas=filters.themas).initiatief_clause("i")
    df = con.execute(f"""
        WITH ini AS (
            SELECT ik.kern_id, i.initiatief_id FROM initiatief_kernen ik
            JOIN initiatieven i ON i.initiatief_id = ik.initiatief_id WHERE {ini_where}
        ), per_kern AS (
            SELECT ini.kern_id, count(DISTINCT ini.initiatief_id) AS n_ini,
                   count(DISTINCT it.thema_id) FILTER (t.soort = 'thema') AS themas,
                   (SELECT count(*) FROM verbindingen v WHERE v.van_id IN (SELECT initiatief_id FROM ini i2
                        WHERE i2.kern_id = ini.kern_id) OR v.naar_id IN (SELECT initiatief_id FROM ini i3
                        WHERE i3.kern_id = ini.kern_id)) AS verbindingen
            FROM ini LEFT JOIN initiatief_themas it ON it.initiatief_id = ini.initiatief_id
            LEFT JOIN themas t ON t.thema_id = it.thema_id
            GROUP BY ini.kern_id
        )
        SELECT k.kern_id, k.naam AS kern, g.naam AS gemeente, c.inwoners,
               coalesce(p.n_ini, 0) AS initiatieven,
               CASE WHEN c.inwoners > 0 THEN 1000.0 * coalesce(p.n_ini, 0) / c.inwoners END AS initiatieven_per_1000,
               coalesce(p.themas, 0) AS themas, coalesce(p.verbindingen, 0) AS verbindingen,
               (c.afstand_huisarts_km + c.afstand_supermarkt_km + c.afstand_school_km) / 3 AS afstand_voorzieningen,
               c.pct_0_14
        FROM kernen k JOIN gemeenten g ON g.gemeente_code = k.gemeente_code
        LEFT JOIN kern_cijfers c ON c.kern_id = k.kern_id
        LEFT JOIN per_kern p ON p.kern_id = k.kern_id
        WHERE k.is_kleine_kern AND {kern_where}
        ORDER BY k.naam, g.naam
    """, ini_params + kern_params).df()
    for c in IDS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return df


def normaliseer(x: np.ndarray, hoger_is_sterker: np.ndarray) -> np.ndarray:
    """Min-max per column over the known values (kernen × components); NaN stays NaN. A column
    with one distinct value gets 0,5 everywhere (it does not tell kernen apart)."""
    lo, hi = np.nanmin(x, axis=0, initial=np.inf, where=~np.isnan(x)), np.nanmax(x, axis=0, initial=-np.inf,
                                                                                   where=~np.isnan(x))
    bereik = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(bereik > 0, (x - lo) / np.where(bereik > 0, bereik, 1), 0.5)
    n = np.where(hoger_is_sterker, n, 1 - n)
    return np.where(np.isnan(x), np.nan, n)


def scores(n: np.ndarray, gewichten: np.ndarray) -> np.ndarray:
    """Weighted mean per kern; NaN where a component with a weight above 0 is unknown or all weights are 0."""
    w = np.asarray(gewichten, dtype=float)
    if w.sum() <= 0:
        return np.full(n.shape[0], np.nan)
    gebruikt = w > 0
    s = np.nan_to_num(n[:, gebruikt]) @ w[gebruikt] / w.sum()
    return np.where(np.isnan(n[:, gebruikt]).any(axis=1), np.nan, s)


def rangen(s: np.ndarray) -> np.ndarray:
    """Rank per row (1 = highest) of a draws × kernen score matrix without NaN; equal scores keep
    the kernen's order. One quicksort per row (a tiny index term breaks ties: 3x faster than a
    stable sort) and a scatter, no second argsort."""
    k = s.shape[-1]
    orde = np.argsort(np.arange(k) * 1e-12 - s, axis=-1)
    r = np.empty_like(orde)
    rijen = np.arange(s.shape[0])[:, None] if s.ndim == 2 else slice(None)
    r[rijen, orde] = np.arange(1, k + 1)
    return r


def _percentielen(r: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
    """np.percentile(r, q, axis=0) (linear), from one sort of the transposed matrix: faster."""
    klein = np.int16 if r.shape[-1] < np.iinfo(np.int16).max else np.int32  # ranks: numpy radix-sorts int16
    v = np.sort(np.ascontiguousarray(r.T, dtype=klein), axis=1, kind="stable").astype(np.float64)
    m = v.shape[1]
    uit = []
    for q in qs:
        pos = q / 100 * (m - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, m - 1)
        uit.append(v[:, lo] + (pos - lo) * (v[:, hi] - v[:, lo]))
    return uit


def stabiliteit(n: np.ndarray, gewichten: np.ndarray, trekkingen: int = TREKKINGEN, seed: int = SEED,
                spreiding: float = SPREIDING) -> tuple[np.ndarray, np.ndarray]:
    """(5th, 95th percentile) of each scored kern's rank over `trekkingen` weight draws; NaN rows unscored."""
    w = np.asarray(gewichten, dtype=float)
    gebruikt = w > 0
    lo = np.full(n.shape[0], np.nan)
    hi = np.full(n.shape[0], np.nan)
    bekend = ~np.isnan(n[:, gebruikt]).any(axis=1) if gebruikt.any() else np.zeros(n.shape[0], bool)
    if not bekend.any():
        return lo, hi
    rng = np.random.default_rng(seed)
    W = w[gebruikt] * rng.uniform(1 - spreiding, 1 + spreiding, size=(trekkingen, int(gebruikt.sum())))
    x = n[bekend][:, gebruikt]
    # draws × kernen, one broadcast per component: no BLAS call, whose threads fight on a busy machine
    S = sum(W[:, j, None] * x[None, :, j] for j in range(x.shape[1])) / W.sum(axis=1, keepdims=True)
    R = rangen(S)
    lo[bekend], hi[bekend] = _percentielen(R, (5, 95))
    return lo, hi


def index(ruw: pd.DataFrame, gewichten: dict[str, float], trekkingen: int = TREKKINGEN, seed: int = SEED) -> pd.DataFrame:
    """`ruw` with the normalised components (`n_<id>`), score, rank and stability band. Unknown stays unknown."""
    x = ruw[list(IDS)].to_numpy(dtype=float) if len(ruw) else np.empty((0, len(IDS)))
    richting = np.array([c.hoger_is_sterker for c in COMPONENTEN])
    w = np.array([float(gewichten.get(c, 1.0)) for c in IDS])
    out = ruw.copy()
    if not len(ruw):
        for c in ("score", "rang", "band_van", "band_tot", *(f"n_{i}" for i in IDS)):
            out[c] = pd.Series(dtype=float)
        return out
    n = normaliseer(x, richting)
    for j, c in enumerate(IDS):
        out[f"n_{c}"] = n[:, j]
    s = scores(n, w)
    out["score"] = s
    rang = np.full(len(s), np.nan)
    bekend = ~np.isnan(s)
    if bekend.any():
        rang[bekend] = rangen(s[bekend][None, :])[0]
    out["rang"] = rang
    out["band_van"], out["band_tot"] = stabiliteit(n, w, trekkingen, seed)
    return out.sort_values(["rang", "kern"], na_position="last").reset_index(drop=True)


def tabel(df: pd.DataFrame, gewichten: dict[str, float]) -> pd.DataFrame:
    """Display table: rank, band, score, and per component the raw figure and its normalised value."""
    t = pd.DataFrame({"Rang": df["rang"], "Rang bij andere gewichten (5–95 %)": [
        "onbekend" if pd.isna(a) else f"{int(a)} – {int(b)}" for a, b in zip(df["band_van"], df["band_tot"])],
        "Kern": df["kern"], "Gemeente": df["gemeente"], "Score (0–1)": df["score"]})
    for c in COMPONENTEN:
        if gewichten.get(c.id, 1.0) > 0:
            t[c.label] = df[c.id]
            t[f"{c.label} (genormaliseerd)"] = df[f"n_{c.id}"]
    return t


def register_rijen(con: duckdb.DuckDBPyConnection, kern_id: str, filters: Filters = Filters()) -> pd.DataFrame:
    """The register rows behind a kern's register components: its initiatives, themes and links."""
    ini_where, ini_params = Filters(statussen=filters.statussen, alleen_pilots=filters.alleen_pilots,
                                    themas=filters.themas).initiatief_clause("i")
    return con.execute(f"""
        SELECT i.naam AS "Initiatief", string_agg(DISTINCT t.naam, ', ' ORDER BY t.naam) AS "Thema's",
               (SELECT count(*) FROM verbindingen v WHERE i.initiatief_id IN (v.van_id, v.naar_id)) AS "Verbindingen",
               i.bron AS "Bron"
        FROM initiatief_kernen ik JOIN initiatieven i ON i.initiatief_id = ik.initiatief_id
        LEFT JOIN initiatief_themas it ON it.initiatief_id = i.initiatief_id
        LEFT JOIN themas t ON t.thema_id = it.thema_id AND t.soort = 'thema'
        WHERE ik.kern_id = ? AND {ini_where}
        GROUP BY i.initiatief_id, i.naam, i.bron ORDER BY i.naam
    """, [kern_id, *ini_params]).df()
