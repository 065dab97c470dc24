"""Files to download the numbers behind a chart: CSV that Dutch Excel opens correctly
(';' separator, decimal comma, UTF-8 with BOM) and .xlsx with one sheet per table."""
from __future__ import annotations

import io

import pandas as pd
from pandas.io.formats.style import Styler

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plat(df) -> pd.DataFrame:
    """Lists (e.g. names per cell) become '; '-joined text; the index is kept only when named.
    Only object columns can hold lists; other dtypes are left alone (mapping an empty datetime
    column keeps its dtype, and `.any()` on datetimes raises: issue 10, item 1)."""
    out = (df.data if isinstance(df, Styler) else df).copy()  # a styled table downloads its values
    for col in out.columns:
        if out[col].dtype == object and any(isinstance(v, (list, tuple)) for v in out[col]):
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def met_onbekend(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for display: missing values in text columns read 'onbekend' (never 'None')."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].astype(object).where(out[col].notna(), "onbekend")
    return out


def csv_bytes(df: pd.DataFrame, index: bool = False) -> bytes:
    return _plat(df).to_csv(sep=";", decimal=",", index=index).encode("utf-8-sig")


def excel_bytes(sheets: dict[str, pd.DataFrame], index: bool = False) -> bytes:
    """One .xlsx with a sheet per table (sheet names cut to Excel's 31 characters)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, df in sheets.items():
            _plat(df).to_excel(writer, sheet_name=name[:31], index=index)
    return buf.getvalue()
