"""What openpyxl's streaming reader does not report about a worksheet: hidden rows, merged
ranges and formulas without a saved value. Scanned from the sheet's XML in chunks, so a large
sheet costs no more memory than a chunk."""
from __future__ import annotations

import dataclasses
import re
import zipfile

_CHUNK = 8 * 1024 * 1024
_OVERLAP = 64 * 1024  # a row tag or a formula cell is far shorter
_ROW = re.compile(rb'<(?:\w+:)?row\b([^>]*)>')
_R = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*[^/>])?>(.*?)</(?:\w+:)?c>', re.S)
_CELL_R = re.compile(rb'\br="([A-Z]+)(\d+)"')
_HAS_F = re.compile(rb'<(?:\w+:)?f[\s>/]')
_VALUE = re.compile(rb'<(?:\w+:)?v>[^<]+</(?:\w+:)?v>|<(?:\w+:)?is>')


@dataclasses.dataclass
class SheetExtras:
    hidden_rows: set[int] = dataclasses.field(default_factory=set)              # Excel row numbers
    merges: set[tuple[int, int, int, int]] = dataclasses.field(default_factory=set)  # col1, row1, col2, row2 (1-based)
    formulas_without_value: set[tuple[int, int]] = dataclasses.field(default_factory=set)  # (row, col), 1-based


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def scan(data_zip: zipfile.ZipFile, path: str) -> SheetExtras:
    out = SheetExtras()
    try:
        stream = data_zip.open(path.lstrip("/"))
    except KeyError:
        return out
    rest = b""
    with stream:
        while True:
            chunk = stream.read(_CHUNK)
            buf = rest + chunk
            if not buf:
                break
            _scan_chunk(buf, out)
            if not chunk:
                break
            rest = buf[-_OVERLAP:]
    return out


def _scan_chunk(buf: bytes, out: SheetExtras) -> None:
    if b'hidden="' in buf:
        for m in _ROW.finditer(buf):
            attrs = m.group(1)
            if _HIDDEN.search(attrs) and (r := _R.search(attrs)):
                out.hidden_rows.add(int(r.group(1)))
    for m in _MERGE.finditer(buf):
        out.merges.add((col_index(m.group(1).decode()), int(m.group(2)), col_index(m.group(3).decode()),
                        int(m.group(4))))
    if _HAS_F.search(buf):
        for m in _CELL.finditer(buf):
            body = m.group(2)
            if _HAS_F.search(body) and not _VALUE.search(body) and (r := _CELL_R.search(m.group(1) or b"")):
                out.formulas_without_value.add((int(r.group(2)), col_index(r.group(1).decode())))
