"""Dutch formatting of numbers and dates: 1.234,5 and 5 november 2020."""
from __future__ import annotations

import datetime as dt
import math

MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"]
ONBEKEND = "onbekend"


def is_leeg(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))  # NaN, pd.NA
    except TypeError:  # pd.NA comparisons raise
        return True


def getal(value, decimalen: int = 0, eenheid: str = "") -> str:
    """1234.5 -> '1.234,5' (Dutch separators); unknown -> 'onbekend'."""
    if is_leeg(value):
        return ONBEKEND
    text = f"{float(value):,.{decimalen}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"{text} {eenheid}".strip() if eenheid else text


def procent(value, decimalen: int = 1) -> str:
    return getal(value, decimalen, "%") if not is_leeg(value) else ONBEKEND


def datum(value, precisie: str = "dag") -> str:
    """date -> '5 november 2020'; precisie 'maand' -> 'januari 2021', 'jaar' -> '2021'."""
    if is_leeg(value):
        return ONBEKEND
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if precisie == "jaar":
        return str(value.year)
    if precisie == "maand":
        return f"{MAANDEN[value.month - 1]} {value.year}"
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


def aantal(n, enkelvoud: str, meervoud: str) -> str:
    """3 -> '3 initiatieven', 1 -> '1 initiatief' (Dutch numbers, singular for exactly one)."""
    return f"{getal(n)} {enkelvoud if n == 1 else meervoud}"


def datumtijd(value) -> str:
    """A timestamp -> '23 november 2026, 00:49'; unknown -> 'onbekend'."""
    if is_leeg(value):
        return ONBEKEND
    return f"{datum(value.date())}, {value:%H:%M}"


def tekst(value) -> str:
    """A possibly-unknown text value for display."""
    return ONBEKEND if is_leeg(value) or str(value).strip() == "" else str(value)
