"""Read a register as civil servants really export it: .xlsx or .csv, ';' ',' or tab separated,
UTF-8 with or without BOM, UTF-16 ("Unicode-tekst") or Windows-1252, title rows above the header.

Works on a path or on bytes (an upload). Every cell comes back as stripped text or None,
with the row number the user sees in Excel (header row = 1 when it is the first row).
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from pipelines.errors import FileRejected
from pipelines.ingest import limits, ods, text, workbook
from pipelines.ingest.cells import HEADER_ZOEK_RIJEN, cell_text, find_header, kolom_letter  # noqa: F401 (re-exported)
from pipelines.ingest.values import fold

Bron = str | Path | bytes | bytearray | BinaryIO


@dataclasses.dataclass
class Tabel:
    """The cells of one sheet: `kolommen` are the headers as written, `data` has one text column
    per header (positional names k0, k1, ...), `rijen` the Excel row number of each data row."""
    bestand: str
    sha256: str
    kolommen: list[str]
    data: pd.DataFrame
    rijen: np.ndarray
    blad: str | None = None
    header_rij: int = 1
    meldingen: list[str] = dataclasses.field(default_factory=list)  # about the file: which sheet was read


def header_key(text: object) -> str:
    """'Naam initiatief' / 'naam_initiatief' / 'NAAM-INITIATIEF ' -> 'naaminitiatief'; "Thema's" -> 'themas'."""
    return fold("" if text is None else text).replace(" ", "")


def read_bytes(source: Bron, filename: str | None = None) -> tuple[bytes, str]:
    """The raw bytes and a display name; Dutch FileRejected for a missing or unreadable file."""
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), filename or "upload"
    if hasattr(source, "read"):
        data = source.read()
        return data, filename or getattr(source, "name", None) or "upload"
    path = Path(source)
    name = filename or path.name
    if not path.exists():
        raise FileRejected(f"Bestand '{path}' niet gevonden.")
    if path.is_dir():
        raise FileRejected(f"'{path}' is een map, geen bestand.")
    try:
        return path.read_bytes(), name
    except OSError as exc:
        raise FileRejected(f"Bestand '{path}' kan niet worden gelezen ({exc.strerror or exc}).") from exc


def _soort(data: bytes, suffix: str) -> str:
    """What the bytes are, whatever the name says: 'xlsx', 'ods', 'zip' (another zip), 'xls',
    'versleuteld' (an encrypted or label-protected Office file), else 'tekst'."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE container: old .xls, or encrypted OOXML
        kop = data[:1 << 20]
        if "EncryptedPackage".encode("utf-16-le") in kop or "DataSpaces".encode("utf-16-le") in kop:
            return "versleuteld"
        return "xls"
    if suffix == ".xls":
        return "xls"
    if data[:4] != b"PK\x03\x04":  # a workbook name on other bytes: the reader calls it damaged
        return {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods"}.get(suffix, "tekst")
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            namen = set(zf.namelist())
            mime = zf.read("mimetype")[:100] if "mimetype" in namen else b""
    except (zipfile.BadZipFile, OSError, ValueError):
        return "xlsx" if suffix in {".xlsx", ".xlsm"} else "zip"  # damaged: the xlsx reader says so in Dutch
    if "xl/workbook.xml" in namen or any(n.startswith("xl/") for n in namen):
        return "xlsx"
    if b"opendocument.spreadsheet" in mime:
        return "ods"
    return "xlsx" if suffix in {".xlsx", ".xlsm"} else "zip"


def read_table(source: Bron, filename: str | None = None,
               is_header: Callable[[list[str]], bool] | None = None,
               blad_voorkeur: str | None = None) -> Tabel:
    """Read an .xlsx or CSV file (by extension, else by content) into a Tabel.

    is_header(cells) says whether a row looks like the header; the first such row among the
    first ten non-empty rows is taken (else the first non-empty row). blad_voorkeur: in a
    workbook, prefer the sheet with this name (case-insensitive), e.g. 'Initiatieven'.
    """
    data, naam = read_bytes(source, filename)
    if not data.strip(b" \t\r\n\x00"):
        raise FileRejected(f"Het bestand '{naam}' is leeg.")
    digest = hashlib.sha256(data).hexdigest()
    limits.check_size(len(data), naam)
    deadline = limits.Deadline(naam)
    suffix = Path(naam).suffix.lower()
    soort = _soort(data, suffix)
    meldingen: list[str] = []
    if soort == "versleuteld":
        raise FileRejected(f"'{naam}' is een beveiligde werkmap: versleuteld met een wachtwoord of met een "
                           "vertrouwelijkheidslabel. Sla in Excel een kopie op zonder wachtwoord en met een label "
                           "zonder versleuteling (bijvoorbeeld 'Openbaar') en importeer die kopie.")
    if soort == "xls":
        raise FileRejected(f"'{naam}' is in het oude Excel-formaat (.xls). Sla het bestand in Excel op als "
                         "Excel-werkmap (.xlsx) of als CSV en importeer het opnieuw.")
    if soort in {"xlsx", "ods"} and suffix not in {".xlsx", ".xlsm", ".ods", ""}:
        meldingen.append(f"'{naam}' is een {'Excel-werkmap (.xlsx)' if soort == 'xlsx' else 'OpenDocument-werkblad (.ods)'}"
                         f" met de extensie '{suffix}'; het is als werkmap gelezen")
    if soort == "xlsx":
        rows, blad, extra = workbook.xlsx_rows(data, naam, is_header, blad_voorkeur, deadline)
    elif soort == "ods":
        rows, blad, extra = ods.rows(data, naam, is_header, blad_voorkeur, deadline, workbook.choose_sheet)
    elif suffix in {".numbers", ".pdf", ".docx"} or soort == "zip":
        raise FileRejected(f"'{naam}' is geen Excel- of CSV-bestand. Sla het op als .xlsx of .csv.")
    else:
        (rows, extra), blad = _csv_rows(data, naam), None
    meldingen += extra
    tabel = _to_tabel(rows, naam, digest, blad, is_header)
    tabel.meldingen = meldingen + tabel.meldingen
    return tabel


# ---------- CSV ----------

def decode(data: bytes) -> str:
    return text.decode(data)[0]


def sniff_separator(tekst: str) -> str:
    return text.sniff_separator(tekst)


def _csv_rows(data: bytes, naam: str) -> tuple[pd.DataFrame, list[str]]:
    tekst, meldingen = text.decode(data)
    if "\x00" in tekst[:4096]:
        raise FileRejected(f"'{naam}' is geen tekstbestand (CSV) en geen Excel-werkmap (.xlsx).")
    tekst = tekst.translate(text.ONZICHTBAAR)
    if not tekst.strip():
        raise FileRejected(f"Het bestand '{naam}' is leeg.")
    tekst, hersteld = text.herstel(tekst)
    if hersteld:
        meldingen.append(text.MOJIBAKE_MELDING)
    sep, tekst = text.sep_hint(tekst)
    sep = sep or text.sniff_separator(tekst)
    tekst = text.pad_title_rows(tekst, sep)
    try:
        df = pd.read_csv(io.StringIO(tekst), sep=sep, dtype=str, header=None, keep_default_na=False,
                         skip_blank_lines=False, quotechar='"', engine="c")
    except pd.errors.EmptyDataError as exc:
        raise FileRejected(f"Het bestand '{naam}' is leeg.") from exc
    except pd.errors.ParserError as exc:
        if m := re.search(r"EOF inside string starting at row (\d+)", str(exc)):
            raise FileRejected(_open_quote(naam, int(m.group(1)) + 1)) from exc
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            raise FileRejected(
                f"Regel {m.group(2)} van '{naam}' heeft {m.group(3)} kolommen, de kopregel {m.group(1)}. "
                f"Controleer het scheidingsteken ('{'tab' if sep == chr(9) else sep}') en de aanhalingstekens "
                "in die regel.") from exc
        raise FileRejected(f"'{naam}' kan niet als CSV worden gelezen.") from exc
    # A cell that swallowed separators and line breaks after an opening quote lacks its closing quote.
    for col in df.columns:
        cel = df[col]
        kapot = cel.str.contains("\n", regex=False) & cel.str.contains(sep, regex=False)
        if kapot.any():
            raise FileRejected(_open_quote(naam, int(np.flatnonzero(kapot.to_numpy())[0]) + 1))
    return df.astype(object), meldingen


def _open_quote(naam: str, rij: int) -> str:
    return (f"Rij {rij} van '{naam}': een aanhalingsteken (\") wordt niet afgesloten, zodat de cel de volgende "
            "regels opslokt. Sluit het aanhalingsteken of verwijder het en importeer het bestand opnieuw.")


def _to_tabel(rows: list[list[object]] | pd.DataFrame, naam: str, digest: str, blad: str | None,
              is_header) -> Tabel:
    raw = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, dtype=object)  # pads short rows
    header_i = find_header(raw, is_header) if is_header else None
    if header_i is None:
        header_i = find_header(raw, lambda cells: True)  # the first non-empty row
    if header_i is None:
        raise FileRejected(f"Het bestand '{naam}' is leeg.")
    width = raw.shape[1]
    kolommen = [cell_text(c) or "" for c in raw.iloc[header_i]]
    frame = raw.iloc[header_i + 1:].reset_index(drop=True)
    frame.columns = [f"k{i}" for i in range(width)]
    body = frame
    hersteld = 0
    for col in frame.columns:
        frame[col] = _clean(frame[col])
        if blad is not None:  # CSV text was cleaned as a whole; workbook cells are cleaned here
            frame[col], n = _clean_workbook(frame[col])
            hersteld += n
    rijen = np.arange(header_i + 2, header_i + 2 + len(body))
    keep = frame.notna().any(axis=1).to_numpy() if width else np.zeros(len(body), bool)
    frame = frame[keep].reset_index(drop=True)
    return Tabel(naam, digest, kolommen, frame, rijen[keep], blad, header_i + 1,
                 [text.MOJIBAKE_MELDING] if hersteld else [])


def _clean_workbook(col: pd.Series) -> tuple[pd.Series, int]:
    """Invisible characters and twice-encoded text in workbook cells (per distinct value)."""
    uniek = pd.unique(col.dropna())
    vervang, n = {}, 0
    for v in uniek:
        schoon, k = text.herstel(v.translate(text.ONZICHTBAAR).strip())
        if schoon != v:
            vervang[v] = schoon or None
            n += k
    return (col.map(lambda v: vervang.get(v, v)) if vervang else col), n


def _clean(col: pd.Series) -> pd.Series:
    """Cells to stripped text; '' to None. Non-text cells (xlsx) through cell_text."""
    if pd.api.types.infer_dtype(col, skipna=True) not in ("string", "empty"):
        col = col.map(cell_text)
    col = col.astype("str").str.strip().where(col.notna())
    col = col.where(col != "")
    return col.astype(object).where(col.notna(), None)
