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


def kern_met_plaats(kern, plaatsnaam):
    """'Cabauw (woonplaats Lopik)' for an initiative whose register named a place that is no
    woonplaats (initiatieven.plaatsnaam), else the kern itself (None stays None)."""
    if is_leeg(plaatsnaam) or str(plaatsnaam).strip() == "":
        return None if is_leeg(kern) else kern
    return f"{plaatsnaam} (woonplaats {tekst(kern)})"


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


# Styling every cell costs time and pandas refuses more than styler.render.max_elements (262,144)
# cells; a bigger table gets its numbers as Dutch text instead (it then sorts as text).
_STYLER_MAX_CELLEN = 100_000
# A year column ("Startjaar", "Peiljaar", "Actief sinds"), not an age ("Inwoners 0 tot 15 jaar (%)").
_JAAR_KOLOM = re.compile(r"(?<!\d )jaar|sinds", re.IGNORECASE)


def _is_getal_kolom(reeks) -> bool:
    import pandas as pd
    return pd.api.types.is_numeric_dtype(reeks) and not pd.api.types.is_bool_dtype(reeks)


def _jaar(value) -> str:
    return ONBEKEND if is_leeg(value) else str(int(value))


def tabelstijl(df, decimalen: dict[str, int] | None = None, jaren: tuple[str, ...] = (),
               ongemoeid: tuple[str, ...] = (), markdown: bool = False):
    """A table for st.dataframe with numbers the Dutch way (1.234,5) whatever the browser's language.

    Returns a pandas Styler: the cells keep their numeric values, so a click on a header still sorts
    numerically, while the text shown is this module's. Columns in `decimalen` get that many decimals
    (use the same number as the text does with `getal`); other numeric columns 0. Year columns (named
    in `jaren`, or with "jaar"/"sinds" in their name) show as 2021, never 2.021. Unknown -> 'onbekend'.
    Columns in `ongemoeid` (e.g. a LinkColumn's URLs) are left as Streamlit draws them.
    st.table renders its cells as Markdown: pass `markdown=True` there, so data text shows as typed.
    A column_config `format` on these columns would win over the Styler, so pass none."""
    decimalen = decimalen or {}
    getallen = [c for c in df.columns if _is_getal_kolom(df[c]) and c not in ongemoeid]
    jaar_kolommen = [c for c in getallen if c in jaren or _JAAR_KOLOM.search(str(c))]
    if df.size > _STYLER_MAX_CELLEN:
        uit = df.copy()
        for c in getallen:
            uit[c] = uit[c].map(_jaar) if c in jaar_kolommen else uit[c].map(lambda v, n=decimalen.get(c, 0): getal(v, n))
        return uit.fillna(ONBEKEND) if len(uit.columns) else uit
    stijl = df.style
    for c in getallen:
        if c in jaar_kolommen:
            stijl = stijl.format(_jaar, subset=[c])
        else:
            stijl = stijl.format(lambda v, n=decimalen.get(c, 0): getal(v, n), subset=[c])
    andere = [c for c in df.columns if c not in getallen and c not in ongemoeid
              and df[c].dtype.kind in "OSUT" and (markdown or df[c].isna().any())]
    if andere:  # None/NaN in a text column reads "onbekend" too
        stijl = stijl.format(md if markdown else tekst, subset=andere)
    return stijl
