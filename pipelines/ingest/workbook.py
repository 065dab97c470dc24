"""Workbooks (.xlsx): the sheet that matches the register best, read as streamed rows cut to the
header's columns and the last real row; hidden rows, merged ranges and formulas without a saved
value from sheetxml."""
from __future__ import annotations

import io

from pipelines.errors import FileRejected
from pipelines.ingest import limits, sheetxml
from pipelines.ingest.cells import HEADER_ZOEK_RIJEN, cell_text, find_header, kolom_letter
from pipelines.ingest.values import fold


_CONTACT_BLAD = ("contact", "persoon", "personen", "adres")  # a sheet of people is never the register
MAX_KOLOMMEN = 200  # columns past the header that hold data are reported, not read


def xlsx_rows(data: bytes, naam: str, is_header, blad_voorkeur,
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
    rows, titel, meldingen = choose_sheet(bladen, naam, blad_voorkeur)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        extras = sheetxml.scan(zf, paden.get(titel) or "")
    return rows, titel, meldingen + _apply_extras(rows, extras, is_header, naam, titel)


def choose_sheet(bladen, naam: str, blad_voorkeur) -> tuple[list[list[object]], str, list[str]]:
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
    header_i = (find_header(rows, is_header) if is_header else None)
    header_i = header_i if header_i is not None else (find_header(rows, lambda cells: True) or 0)
    breedte = max(len(r) for r in rows)
    kop = {c for c in range(breedte) if header_i < len(rows) and c < len(rows[header_i])
           and cell_text(rows[header_i][c])}
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
                       and any(cell_text(v) for v in rows[r - 1]))
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
            cells = [cell_text(c) for c in row[:MAX_KOLOMMEN]]
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
