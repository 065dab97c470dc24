"""Downloads: DataFrames as CSV (Excel-friendly: ';' and BOM, as Dutch Excel expects) and as .xlsx."""
from __future__ import annotations

import io

import pandas as pd


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV that Dutch Excel opens correctly: ';' separator, decimal comma, UTF-8 with BOM."""
    return df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per DataFrame (sheet names cut to Excel's 31 characters)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, df in sheets.items():
            df.to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()
