"""One cell as text, and where the header row is: shared by the CSV, workbook and .ods readers."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from pipelines.ingest import text

HEADER_ZOEK_RIJEN = 10  # a header may sit below a few title rows


def kolom_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN (padding)
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    tekst = str(value).translate(text.ONZICHTBAAR).strip()
    return tekst or None


# ---------- common ----------

def find_header(rows: pd.DataFrame | list[list[object]], is_header) -> int | None:
    seen = 0
    tuples = rows.itertuples(index=False, name=None) if isinstance(rows, pd.DataFrame) else rows
    for i, row in enumerate(tuples):
        cells = [cell_text(c) for c in row]
        if not any(cells):
            continue
        if is_header([c or "" for c in cells]):
            return i
        seen += 1
        if seen >= HEADER_ZOEK_RIJEN:
            break
    return None
