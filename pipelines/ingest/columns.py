"""Shared column work of the row parsers: collecting problems per row, per-distinct-value
mapping, coded and year columns, and duplicate ids."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from pipelines.errors import Probleem
from pipelines.ingest.results import ParsedRegister
from pipelines.ingest.values import fold_series, of_lijst, parse_jaar


class Problemen:
    def __init__(self, rijen: np.ndarray):
        self.rijen = rijen
        self.items: list[Probleem] = []

    def add(self, mask, kolom: str | pd.Series, waarden: pd.Series | None, reden: str | pd.Series) -> None:
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        for i in idx:
            self.items.append(Probleem(
                int(self.rijen[i]),
                kolom if isinstance(kolom, str) else kolom.iloc[i],
                None if waarden is None or pd.isna(waarden.iloc[i]) else str(waarden.iloc[i]),
                reden if isinstance(reden, str) else str(reden.iloc[i])))


def per_waarde(s: pd.Series, fn: Callable[[str], object]) -> pd.Series:
    """fn over the distinct non-empty values of s, mapped back (None where empty)."""
    uniek = pd.unique(s.dropna())
    uitkomst = {v: fn(v) for v in uniek}
    return s.map(uitkomst, na_action="ignore")


def empty_result(df: pd.DataFrame) -> ParsedRegister:
    return ParsedRegister("", "", "", len(df), {}, pd.DataFrame(index=df.index), [], [], ())


def as_str(s: pd.Series) -> pd.Series:
    """As pandas' string dtype (missing stays missing), so '+' concatenates whatever the column held."""
    return s.astype("str")


def cells(df: pd.DataFrame, veld: str) -> pd.Series:
    return df[veld] if veld in df else pd.Series(None, index=df.index, dtype=object)


def vocab_column(df, kop, P, veld: str, vocab: dict[str, str], label: str, keuzes: list[str]) -> pd.Series:
    s = cells(df, veld)
    waarde = fold_series(s).map(vocab)
    fout = s.notna() & waarde.isna()
    if fout.any():
        P.add(fout, kop[veld], s, s.map(lambda v: f"onbekende {label} '{v}'; kies uit {of_lijst(keuzes)}",
                                        na_action="ignore"))
    return waarde.astype(object).where(waarde.notna(), None)


def year_column(df, kop, P, veld: str) -> pd.Series:
    s = cells(df, veld)
    res = per_waarde(s, parse_jaar)
    jaar = res.map(lambda r: r[0], na_action="ignore")
    fout = res.map(lambda r: r[1], na_action="ignore")
    if fout.notna().any():
        P.add(fout.notna(), kop[veld], s, fout)
    return pd.array(jaar.where(jaar.notna(), None).tolist(), dtype="Int64")


def report_duplicates(P: Problemen, ids: pd.Series, gegeven: pd.Series, kolom_id: str, kolom_afgeleid: str,
            afgeleid_reden: str) -> None:
    """Report every repeat of an id (given, or derived from the identifying columns) with the first row."""
    dubbel = ids.notna() & ids.duplicated(keep="first")
    if not dubbel.any():
        return
    kolom = pd.Series(np.where(gegeven.notna(), kolom_id, kolom_afgeleid), index=ids.index)
    rijen = pd.Series(P.rijen, index=ids.index)
    eerste = rijen[ids.notna()].groupby(ids[ids.notna()]).transform("min").reindex(ids.index)
    reden = pd.Series(np.where(gegeven.notna(), "id '" + ids.astype(str) + "' komt ook voor in rij ", afgeleid_reden),
                      index=ids.index) + eerste.astype("Int64").astype(str)
    P.add(dubbel, kolom, ids, reden)
