"""Read a register as civil servants really export it: .xlsx or .csv, ';' ',' or tab separated,
UTF-8 with or without BOM, UTF-16 ("Unicode-tekst") or Windows-1252, title rows above the header.

Works on a path or on bytes (an upload). Every cell comes back as stripped text or None,
with the row number the user sees in Excel (header row = 1 when it is the first row).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from pipelines.errors import FileRejected
from pipelines.ingest import limits, ods, sheetxml, text
from pipelines.ingest.values import fold

Bron = str | Path | bytes | bytearray | BinaryIO
HEADER_ZOEK_RIJEN = 10  # a header may sit below a few title rows


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


def kolom_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


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
    if data[:4] != b"PK\x03\x04":
        return "tekst"
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
        rows, blad, extra = _xlsx_rows(data, naam, is_header, blad_voorkeur, deadline)
    elif soort == "ods":
        rows, blad, extra = ods.rows(data, naam, is_header, blad_voorkeur, deadline, _choose_sheet)
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


# ---------- xlsx ----------

_CONTACT_BLAD = ("contact", "persoon", "personen", "adres")  # a sheet of people is never the register
MAX_KOLOMMEN = 200  # columns past the header that hold data are reported, not read


def _xlsx_rows(data: bytes, naam: str, is_header, blad_voorkeur,
               deadline: limits.Deadline) -> tuple[list[list[object]], str, list[str]]:
    """The rows of the sheet that matches the register best, cut to the header's columns and
    to the last non-empty row, whatever used range the file claims; hidden rows skipped and
    merged ranges filled (sheetxml); plus notices."""
    import zipfile

    import openpyxl
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileRejected(f"'{naam}' is geen geldige Excel-werkmap (.xlsx); is het bestand beschadigd?") from exc
    try:
        if not wb.worksheets:
            raise FileRejected(f"De werkmap '{naam}' bevat geen werkbladen.")
        paden = {ws.title: getattr(ws, "_worksheet_path", "") for ws in wb.worksheets}
        limits.check_workbook(data, naam)
        bladen = [(ws.title, *_sheet_rows(ws, is_header, deadline)) for ws in wb.worksheets]
    finally:
        wb.close()
    rows, titel, meldingen = _choose_sheet(bladen, naam, blad_voorkeur)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        extras = sheetxml.scan(zf, paden.get(titel) or "")
    return rows, titel, meldingen + _apply_extras(rows, extras, is_header, naam, titel)


def _choose_sheet(bladen, naam: str, blad_voorkeur) -> tuple[list[list[object]], str, list[str]]:
    titels = [t for t, *_ in bladen]
    if blad_voorkeur:
        for titel, rows, score, extra in bladen:
            if fold(titel) == fold(blad_voorkeur):
                return rows, titel, _sheet_notices(titel, titels, extra)
    kandidaten = [b for b in bladen if b[2] and not any(w in fold(b[0]) for w in _CONTACT_BLAD)]
    if not kandidaten:
        titel, rows, _, extra = next((b for b in bladen if not any(w in fold(b[0]) for w in _CONTACT_BLAD)),
                                     bladen[0])
        return rows, titel, _sheet_notices(titel, titels, extra)
    kandidaten.sort(key=lambda b: -b[2])
    if len(kandidaten) > 1 and kandidaten[0][2] == kandidaten[1][2]:
        gelijk = [f"'{b[0]}'" for b in kandidaten if b[2] == kandidaten[0][2]]
        raise FileRejected(f"In '{naam}' lijken meer werkbladen op het register: {', '.join(gelijk)}. "
                           "Laat alleen het werkblad met het register staan (of geef het de naam van het "
                           "register) en importeer het bestand opnieuw.")
    titel, rows, _, extra = kandidaten[0]
    return rows, titel, _sheet_notices(titel, titels, extra)


def _rijen_tekst(rijen: list[int]) -> str:
    getoond = [str(r) for r in rijen[:10]]
    if len(rijen) > 10:
        getoond.append(f"{len(rijen) - 10} andere")
    return ("rij " if len(rijen) == 1 else "rijen ") + (getoond[0] if len(getoond) == 1
                                                         else ", ".join(getoond[:-1]) + " en " + getoond[-1])


def _apply_extras(rows: list[list[object]], extras: sheetxml.SheetExtras, is_header, naam: str,
                  titel: str) -> list[str]:
    """Refuse formulas without a saved value in the data; fill ranges merged over several rows
    from their first cell; empty the hidden rows. Changes `rows` in place; returns notices."""
    if not rows:
        return []
    header_i = (_find_header(rows, is_header) if is_header else None)
    header_i = header_i if header_i is not None else (_find_header(rows, lambda cells: True) or 0)
    breedte = max(len(r) for r in rows)
    kop = {c for c in range(breedte) if header_i < len(rows) and c < len(rows[header_i])
           and _cell_text(rows[header_i][c])}
    formules = sorted((r, c) for r, c in extras.formulas_without_value
                      if header_i + 1 < r <= len(rows) and c - 1 in kop)
    if formules:
        cellen = [f"{kolom_letter(c - 1)}{r}" for r, c in formules]
        opsomming = (f"cel {cellen[0]} bevat een formule" if len(cellen) == 1 else
                     f"cellen {', '.join(cellen[:5])}{f' en {len(cellen) - 5} andere' if len(cellen) > 5 else ''} "
                     "bevatten formules")
        raise FileRejected(f"Werkblad '{titel}' van '{naam}': {opsomming} zonder berekende waarde; open en bewaar "
                           "het bestand in Excel en importeer het opnieuw.")
    meldingen = []
    for c1, r1, c2, r2 in sorted(extras.merges):
        if r2 <= r1 or r1 <= header_i + 1 or r1 > len(rows):
            continue  # a merge within one row (a heading) or in the header stays as Excel shows it
        eerste = rows[r1 - 1][c1 - 1] if c1 - 1 < len(rows[r1 - 1]) else None
        for r in range(r1, min(r2, len(rows)) + 1):
            rij = rows[r - 1]
            for c in range(c1, min(c2, breedte) + 1):
                if c - 1 < len(rij):
                    rij[c - 1] = eerste
        meldingen.append(f"de cellen {kolom_letter(c1 - 1)}{r1}:{kolom_letter(c2 - 1)}{r2} zijn samengevoegd; "
                         f"elke rij heeft de waarde van {kolom_letter(c1 - 1)}{r1} gekregen")
    verborgen = sorted(r for r in extras.hidden_rows if header_i + 1 < r <= len(rows)
                       and any(_cell_text(v) for v in rows[r - 1]))
    for r in verborgen:
        rows[r - 1] = [None] * len(rows[r - 1])
    if verborgen:
        meldingen.append(f"{_rijen_tekst(verborgen)} {'is' if len(verborgen) == 1 else 'zijn'} verborgen in "
                         "Excel en overgeslagen; maak een rij zichtbaar om hem te importeren")
    return meldingen


def _sheet_notices(titel: str, titels: list[str], extra: list[int]) -> list[str]:
    out = [f"werkblad '{titel}' is gelezen" + (f" (de werkmap heeft ook {', '.join(repr(t) for t in titels if t != titel)})"
                                                 if len(titels) > 1 else "")]
    if extra:
        out.append(f"kolom {kolom_letter(extra[0])} en verder hebben geen kop en zijn genegeerd")
    return out


def _sheet_rows(ws, is_header, deadline: limits.Deadline) -> tuple[list[list[object]], int, list[int]]:
    """(rows cut to the header's width, header score (recognised columns x 10_000 + rows),
    first column index past the header that holds data, if any). Streams the sheet once."""
    ws.reset_dimensions()  # ignore a claimed used range such as A1:XFD1048576: only real cells count
    rows: list[list[object]] = []
    breedte: int | None = None
    score = 0
    extra: list[int] = []
    gezien = 0
    laatste = 0
    for n, row in enumerate(ws.iter_rows(values_only=True)):
        if not n % 1000:
            deadline.check()
        if breedte is None:
            cells = [_cell_text(c) for c in row[:MAX_KOLOMMEN]]
            if any(cells):
                gezien += 1
                s = is_header([c or "" for c in cells]) if is_header else 0
                if s or gezien >= HEADER_ZOEK_RIJEN:
                    breedte = max((i + 1 for i, c in enumerate(cells) if c), default=0)
                    score = int(s) * 10_000
            rows.append(list(row[:MAX_KOLOMMEN]))
            if any(cells):
                laatste = len(rows)
            continue
        if not extra and any(c is not None for c in row[breedte:]):
            extra.append(breedte + next(i for i, c in enumerate(row[breedte:]) if c is not None))
        cut = list(row[:breedte])
        rows.append(cut)
        if any(c is not None and (not isinstance(c, str) or c.strip()) for c in cut):
            laatste = len(rows)
            score += 1
    if breedte is not None:
        rows = [r[:breedte] for r in rows]
    return rows[:laatste], score, extra


def _cell_text(value: object) -> str | None:
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

def _find_header(rows: pd.DataFrame | list[list[object]], is_header) -> int | None:
    seen = 0
    tuples = rows.itertuples(index=False, name=None) if isinstance(rows, pd.DataFrame) else rows
    for i, row in enumerate(tuples):
        cells = [_cell_text(c) for c in row]
        if not any(cells):
            continue
        if is_header([c or "" for c in cells]):
            return i
        seen += 1
        if seen >= HEADER_ZOEK_RIJEN:
            break
    return None


def _to_tabel(rows: list[list[object]] | pd.DataFrame, naam: str, digest: str, blad: str | None,
              is_header) -> Tabel:
    raw = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, dtype=object)  # pads short rows
    header_i = _find_header(raw, is_header) if is_header else None
    if header_i is None:
        header_i = _find_header(raw, lambda cells: True)  # the first non-empty row
    if header_i is None:
        raise FileRejected(f"Het bestand '{naam}' is leeg.")
    width = raw.shape[1]
    kolommen = [_cell_text(c) or "" for c in raw.iloc[header_i]]
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
    """Cells to stripped text; '' to None. Non-text cells (xlsx) through _cell_text."""
    if pd.api.types.infer_dtype(col, skipna=True) not in ("string", "empty"):
        col = col.map(_cell_text)
    col = col.astype("str").str.strip().where(col.notna())
    col = col.where(col != "")
    return col.astype(object).where(col.notna(), None)
