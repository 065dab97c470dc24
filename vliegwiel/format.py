"""Dutch formatting of numbers, dates and data text: 1.234,5, 5 november 2020, Markdown-safe names."""
from __future__ import annotations

import datetime as dt
import math
import re
import string

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


# Every ASCII punctuation character is escaped, so a name can never become a link, an image,
# HTML, a colour directive (:red[...]), an icon shortcode or LaTeX.
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def md(value) -> str:
    """Data text made literal for Markdown: every special character backslash-escaped, so a
    name like `<img src=x onerror=alert(1)>` or `**x**` shows as typed. Unknown -> 'onbekend'."""
    return _MD_SPECIAL.sub(r"\\\1", tekst(value)).replace("\n", " ")


def opsomming(values, max_n: int = 12) -> str:
    """'a, b en c' from data texts (escaped), with '… en N meer' beyond max_n."""
    items = [md(v) for v in values]
    if not items:
        return ""
    if len(items) > max_n:
        rest = len(items) - max_n
        return ", ".join(items[:max_n]) + f" en {rest} meer"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]
