"""Witte vlekken naar behoefte: per theme a transparent need signal from the village figures
(CBS 2024), applied to the small kernen without an initiative in that theme.

A rule is a few criteria "figure >= threshold" (or <=), combined with "en" (all) or "of" (any).
The signal of a kern is the mean of value / threshold over the criteria (for "<=": threshold /
value), so 1,0 is "just at the threshold" and the list can be sorted by it. The user moves the
thresholds; the rule is written out in words beside the list. A starting point for a
conversation, not a verdict.
"""
from __future__ import annotations

import dataclasses

import duckdb
import numpy as np
import pandas as pd

from vliegwiel import themas
from vliegwiel.filters import Filters
from vliegwiel.format import getal


@dataclasses.dataclass(frozen=True)
class Criterium:
    kolom: str            # column of kern_cijfers
    label: str            # Dutch, lower case: "aandeel 65-plussers"
    teken: str            # ">=" or "<="
    standaard: float
    minimum: float
    maximum: float
    stap: float
    eenheid: str
    kort: str = ""        # the figure in a few words, "{}\u00a0km tot de huisarts" (the presentation; no-break space)


@dataclasses.dataclass(frozen=True)
class Regel:
    thema_id: str
    waarom: str
    criteria: tuple[Criterium, ...]
    combinatie: str = "en"  # "en": all criteria, "of": at least one


_65 = Criterium("pct_65plus", "aandeel 65-plussers", ">=", 25.0, 0.0, 50.0, 1.0, "%", "{}\u00a0% 65-plussers")
_HUISARTS = Criterium("afstand_huisarts_km", "afstand tot de huisartsenpraktijk", ">=", 2.0, 0.0, 10.0, 0.1, "km",
                      "{}\u00a0km tot de huisarts")
_SUPER = Criterium("afstand_supermarkt_km", "afstand tot een grote supermarkt", ">=", 3.0, 0.0, 10.0, 0.1, "km",
                   "{}\u00a0km tot een grote supermarkt")
_SCHOOL = Criterium("afstand_school_km", "afstand tot een basisschool", ">=", 1.5, 0.0, 10.0, 0.1, "km",
                    "{}\u00a0km tot een basisschool")
_HH = Criterium("gem_huishoudensgrootte", "gemiddelde huishoudensgrootte", "<=", 2.3, 1.0, 4.0, 0.1, "personen",
                "gemiddeld {} personen per huishouden")

REGELS: dict[str, Regel] = {
    "gezondheid": Regel("gezondheid", "veel ouderen en de huisarts ver weg", (_65, _HUISARTS), "en"),
    "voedsel": Regel("voedsel", "de supermarkt ver weg", (_SUPER,), "en"),
    "bereikbaarheid": Regel("bereikbaarheid", "een van de voorzieningen ver weg", (_HUISARTS, _SUPER, _SCHOOL), "of"),
    "wonen": Regel("wonen", "een vergrijzende kern met kleine huishoudens", (_65, _HH), "en"),
}


def drempel_tekst(c: Criterium, waarde: float) -> str:
    return f"{c.label} {'minstens' if c.teken == '>=' else 'hoogstens'} {getal(waarde, 1)} {c.eenheid}"


def regel_tekst(regel: Regel, drempels: dict[str, float], thema_naam: str) -> str:
    """The rule in words: 'Kleine kernen zonder initiatief in X, waar A en B.'"""
    delen = [drempel_tekst(c, drempels.get(c.kolom, c.standaard)) for c in regel.criteria]
    verbinding = " én " if regel.combinatie == "en" else " óf "
    return (f"Kleine kernen zonder initiatief in {thema_naam} waar {verbinding.join(delen)} "
            f"({regel.waarom}). Gesorteerd op de sterkte van het signaal: het gemiddelde van cijfer ÷ drempel "
            "(1,0 is precies op de drempel). Cijfers: CBS Kerncijfers wijken en buurten 2024.")


def toepassen(df: pd.DataFrame, regel: Regel, drempels: dict[str, float]) -> pd.DataFrame:
    """`df` (one row per kern with the criteria's columns) with `voldoet` and `signaal`, vectorised.
    An unknown figure never meets a criterion: the kern is not listed on a guess."""
    out = df.copy()
    if out.empty:
        return out.assign(voldoet=pd.Series(dtype=bool), signaal=pd.Series(dtype=float))
    voldoet, ratio = [], []
    for c in regel.criteria:
        w = pd.to_numeric(out[c.kolom], errors="coerce").to_numpy(dtype=float)
        d = float(drempels.get(c.kolom, c.standaard))
        with np.errstate(divide="ignore", invalid="ignore"):
            if c.teken == ">=":
                voldoet.append(w >= d)
                ratio.append(np.where(d > 0, w / d, np.where(w > 0, np.inf, 1.0)))
            else:
                voldoet.append(w <= d)
                ratio.append(np.where(w > 0, d / w, np.inf))
    m = np.vstack(voldoet)
    out["voldoet"] = m.all(axis=0) if regel.combinatie == "en" else m.any(axis=0)
    r = np.vstack(ratio)
    out["signaal"] = np.where(np.isnan(r).any(axis=0), np.nan, np.nanmean(np.where(np.isfinite(r), r, 10.0), axis=0))
    return out


def lijst(con: duckdb.DuckDBPyConnection, filters: Filters, thema_id: str,
          drempels: tuple[tuple[str, float], ...] = ()) -> pd.DataFrame:
    """The small kernen without an initiative in `thema_id` (the Witte vlekken rule) that meet the
    theme's need rule, strongest signal first, with the figures behind it."""
    regel = REGELS[thema_id]
    vlekken = themas.witte_vlekken(con, filters, (thema_id,))
    cijfers = con.execute("SELECT kern_id, n_buurten, dekking_afstanden_pct, " + ", ".join(
        dict.fromkeys(c.kolom for c in regel.criteria)) + " FROM kern_cijfers").df()  # columns from REGELS
    df = vlekken[["kern_id", "kern", "gemeente", "inwoners", "latitude", "longitude"]].merge(
        cijfers, on="kern_id", how="left")
    df = toepassen(df, regel, dict(drempels))
    return df[df["voldoet"]].sort_values(["signaal", "kern"], ascending=[False, True]).reset_index(drop=True)


def kerncijfers(rij, regel: Regel, drempels: dict[str, float] | None = None, n: int = 2) -> str:
    """The figures behind a listed kern in a few words, for the presentation: the criteria it meets, furthest
    past their threshold first, at most `n`: '5,1 km tot de huisarts en 3,6 km tot een basisschool'.
    `rij` is one row of `lijst` (a mapping or namedtuple with the criteria's columns)."""
    drempels = drempels or {}
    gemeten = []
    for c in regel.criteria:
        w = pd.to_numeric(pd.Series([_veld(rij, c.kolom)]), errors="coerce").iloc[0]
        d = float(drempels.get(c.kolom, c.standaard))
        if pd.isna(w) or not (w >= d if c.teken == ">=" else w <= d):
            continue  # an unknown figure or an unmet criterion of an "of" rule is no reason to name
        ratio = (w / d if d > 0 else np.inf) if c.teken == ">=" else (d / w if w > 0 else np.inf)
        gemeten.append((-ratio, len(gemeten), (c.kort or f"{c.label} {{}} {c.eenheid}").format(getal(w, 1))))
    delen = [tekst for *_, tekst in sorted(gemeten)[:n]]
    return " en ".join(delen)


def _veld(rij, kolom: str):
    return rij[kolom] if isinstance(rij, (dict, pd.Series)) else getattr(rij, kolom)


def tabel(df: pd.DataFrame, regel: Regel) -> pd.DataFrame:
    """Display table: kern, gemeente, inhabitants, the rule's figures and the signal."""
    kolommen = {"kern": "Kern", "gemeente": "Gemeente", "inwoners": "Inwoners (benadering, 2021)"}
    kolommen |= {c.kolom: f"{c.label[0].upper()}{c.label[1:]} ({c.eenheid}, 2024)" for c in regel.criteria}
    kolommen["signaal"] = "Signaal (cijfer ÷ drempel)"
    return df[list(kolommen)].rename(columns=kolommen)
