"""Files to download the numbers behind a chart: CSV that Dutch Excel opens correctly
(';' separator, decimal comma, UTF-8 with BOM) and .xlsx with one sheet per table.

Text from the register is data, never a formula: a name like `=HYPERLINK(...)` is written as
text in .xlsx (string cell with Excel's quote prefix) and with a leading `'` in CSV, as
OWASP recommends against CSV injection. Numbers stay numbers."""
from __future__ import annotations

import io
import re

import pandas as pd
from pandas.io.formats.style import Styler

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain number written as text ("-3", "+31,5") is harmless and would only get uglier.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(value) -> bool:
    return (isinstance(value, str) and value.startswith(FORMULA_START)
            and not _PLAIN_NUMBER.fullmatch(value))


def neutraliseer(value):
    """A text that a spreadsheet would execute gets a leading single quote; anything else as is."""
    return "'" + value if is_formula_like(value) else value


def _plat(df) -> pd.DataFrame:
    """Lists (e.g. names per cell) become '; '-joined text; the index is kept only when named.
    Only object columns can hold lists; other dtypes are left alone (mapping an empty datetime
    column keeps its dtype, and `.any()` on datetimes raises: issue 10, item 1)."""
    out = (df.data if isinstance(df, Styler) else df).copy()  # a styled table downloads its values
    for col in out.columns:
        if out[col].dtype == object and any(isinstance(v, (list, tuple)) for v in out[col]):
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def _tekstkolommen(df: pd.DataFrame) -> list:
    return [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]


def met_onbekend(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for display: missing values in text columns read 'onbekend' (never 'None')."""
    out = df.copy()
    for col in out.columns:
        # Only columns with a gap: converting every text column to object was most of a page's table cost.
        if (out[col].dtype == object or pd.api.types.is_string_dtype(out[col])) and out[col].hasnans:
            out[col] = out[col].astype(object).where(out[col].notna(), "onbekend")
    return out


def _veilig_csv(df: pd.DataFrame, index: bool) -> pd.DataFrame:
    out = _plat(df)
    for col in _tekstkolommen(out):
        out[col] = out[col].astype(object).map(neutraliseer)
    out.columns = [neutraliseer(c) for c in out.columns]
    if index and (out.index.dtype == object or pd.api.types.is_string_dtype(out.index)):
        out.index = out.index.map(neutraliseer)
    return out


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    return _veilig_csv(df, index).to_csv(sep=";", decimal=",", index=index).encode("utf-8-sig")


def _als_tekst(ws) -> None:
    """openpyxl turns any string starting with '=' into a formula: make every such cell, and
    every text starting with another formula character, a text cell with the quote prefix."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def excel_bytes(sheets: dict[str, pd.DataFrame], index: bool = False) -> bytes:
    """One .xlsx with a sheet per table (sheet names cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            _plat(df).to_excel(writer, sheet_name=name[:31], index=index)
            _als_tekst(writer.sheets[name[:31]])
    return buf.getvalue()
