"""Dutch formatting of numbers, dates and data text: 1.234,5, 5 november 2020, Markdown-safe names."""
from __future__ import annotations

import collections
import datetime as dt
import math
import re
import string
import threading

from vliegwiel import cachesleutel

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
    A column_config `format` on these columns would win over the Styler, so pass none.
    Pass the result to st.dataframe / st.table as it is (see _vertaling_gedeeld)."""
    decimalen = decimalen or {}
    getallen = [c for c in df.columns if _is_getal_kolom(df[c]) and c not in ongemoeid]
    jaar_kolommen = [c for c in getallen if c in jaren or _JAAR_KOLOM.search(str(c))]
    if df.size > _STYLER_MAX_CELLEN:
        uit = df.copy()
        for c in getallen:
            uit[c] = uit[c].map(_jaar) if c in jaar_kolommen else uit[c].map(lambda v, n=decimalen.get(c, 0): getal(v, n))
        return uit.fillna(ONBEKEND) if len(uit.columns) else uit
    stijl = df.style
    # One format call per kind (each call costs pandas an indexing pass)
    formaten = {c: (_jaar if c in jaar_kolommen else (lambda v, n=decimalen.get(c, 0): getal(v, n))) for c in getallen}
    if formaten:
        stijl = stijl.format(formaten, subset=list(formaten))
    andere = [c for c in df.columns if c not in getallen and c not in ongemoeid
              and df[c].dtype.kind in "OSUT" and (markdown or df[c].isna().any())]
    if andere:  # None/NaN in a text column reads "onbekend" too
        stijl = stijl.format(md if markdown else tekst, subset=andere)
    return _vertaling_gedeeld(stijl, (tuple(sorted(decimalen.items())), tuple(jaren), tuple(ongemoeid), markdown))


# ---------- one translation per distinct table ----------
# st.dataframe reads a Styler through pandas' Styler._translate: a dict with an entry per cell (about
# 10 µs a cell; a 700-row table was most of a Kaart or Netwerk rerun under load). The same table
# translates the same, so tabelstijl's Styler keeps the result per table (its data, tabelstijl's
# arguments, the call's arguments and pandas' styler options) in a memo shared by all sessions, least
# recently used out first beyond _VERTAALD_MAX_CELLEN. The Styler stays a plain pandas Styler
# (Streamlit checks the type by name); only its own _translate is wrapped. A Styler styled further
# after tabelstijl (another format, hide, apply, a caption, ...) is translated as usual.
# Streamlit's call, _translate(False, False), gets the body cut to what it reads: it starts from the
# table as text (astype(str)) and puts in the display value of every data cell, one column at a time,
# which is most of its work; a column whose display values are that text already is left out
# (tests/unit/test_tabellen.py compares what Streamlit sends with and without this).

_VERTAALD_MAX_CELLEN = 40_000  # cells kept, about 1 kB each: the Kaart, Netwerk and Data pages twice over
_STYLER_OPTIES = ("styler.render.max_elements", "styler.render.max_rows", "styler.render.max_columns",
                  "styler.format.precision", "styler.format.na_rep", "styler.format.decimal",
                  "styler.format.thousands", "styler.format.escape", "styler.html.mathjax")
_vertaald: collections.OrderedDict[str, tuple[dict, int]] = collections.OrderedDict()
_vertaald_cellen = 0
_vertaald_slot = threading.Lock()


def _vertaling_gedeeld(stijl, spec: tuple):
    """`stijl` with its translation taken from (and put in) the shared memo, while it stays as made here."""
    from pandas.io.formats.style import Styler

    stand = _stand(stijl)
    vertaal, opmaak = Styler._translate, Styler.format
    verder_opgemaakt = []

    def format(*args, **kwargs):  # noqa: A001 - Styler.format, counted
        verder_opgemaakt.append(True)
        return opmaak(stijl, *args, **kwargs)

    def _translate(*args, **kwargs):
        sleutel = None if verder_opgemaakt else _vertaal_sleutel(stijl, spec, stand, args, kwargs)
        if sleutel is None:
            return vertaal(stijl, *args, **kwargs)
        with _vertaald_slot:
            bekend = _vertaald.get(sleutel)
            if bekend is not None:
                _vertaald.move_to_end(sleutel)
        if bekend is None:
            d = vertaal(stijl, *args, **kwargs)
            if args == (False, False) and not kwargs:
                d = _voor_streamlit(stijl.data, d)
            bekend = (d, max(1, sum(len(rij) for rij in d["body"])))
            _bewaar(sleutel, bekend)
        # A fresh outer dict (pandas' to_html adds keys to it) with this Styler's id; the cells are only read.
        return {**bekend[0], "uuid": stijl.uuid}

    stijl.format, stijl._translate = format, _translate
    return stijl


_CEL_ID = re.compile(r"row(\d+)_col(\d+)")


def _voor_streamlit(df, d: dict) -> dict:
    """Translation `d` with only the data cells Streamlit's display values need (see above), one
    row of cells per column kept (Streamlit gathers them by the row and column in their id)."""
    import enum

    per_kolom: dict[int, list[tuple[int, dict]]] = {}
    for rij in d["body"]:
        for cel in rij:
            if m := _CEL_ID.match(cel.get("id") or ""):
                per_kolom.setdefault(int(m.group(2)), []).append((int(m.group(1)), cel))
    als_tekst = df.astype(str).to_numpy()

    def getoond(waarde) -> str:
        return str(waarde.value) if isinstance(waarde, enum.Enum) else str(waarde)

    body = [[cel for _r, cel in cellen] for c, cellen in per_kolom.items()
            if any(getoond(cel.get("display_value")) != als_tekst[r, c] for r, cel in cellen)]
    return {**d, "body": body}


def _stand(stijl) -> tuple:
    """The styling a Styler carries besides its data and formats (st.dataframe(tabelstijl(...)) passes it on
    as made, tests/unit/test_tabellen.py; this catches a Styler styled further all the same)."""
    return (len(stijl._todo), tuple(stijl.hidden_rows), tuple(stijl.hidden_columns), tuple(stijl.hide_index_),
            tuple(stijl.hide_columns_), stijl.hide_index_names, stijl.hide_column_names, repr(stijl.table_styles),
            stijl.caption, len(stijl.concatenated), stijl.tooltips is None, stijl.table_attributes, stijl.cell_ids,
            len(stijl.cell_context))


def _vertaal_sleutel(stijl, spec: tuple, stand: tuple, args: tuple, kwargs: dict) -> str | None:
    import pandas as pd

    if _stand(stijl) != stand or stijl.ctx or stijl.ctx_index or stijl.ctx_columns:
        return None
    opties = tuple(pd.get_option(o) for o in _STYLER_OPTIES)
    try:
        return cachesleutel.sleutel(stijl.data, spec, args, sorted(kwargs.items()), opties)
    except TypeError:
        return None


def _bewaar(sleutel: str, waarde: tuple[dict, int]) -> None:
    global _vertaald_cellen
    with _vertaald_slot:
        if sleutel in _vertaald or waarde[1] > _VERTAALD_MAX_CELLEN:
            return
        _vertaald[sleutel] = waarde
        _vertaald_cellen += waarde[1]
        while _vertaald_cellen > _VERTAALD_MAX_CELLEN:
            _weg, (_d, n) = _vertaald.popitem(last=False)
            _vertaald_cellen -= n
