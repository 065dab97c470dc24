"""OpenDocument spreadsheets (.ods, LibreOffice): read with pandas' odf engine (odfpy), every
sheet scored like a workbook's so the register is chosen the same way."""
from __future__ import annotations

import io

from pipelines.errors import FileRejected

ZONDER_ODFPY = ("'{naam}' is een OpenDocument-werkblad (.ods), en die kan deze installatie niet lezen (het pakket "
                "odfpy ontbreekt). Sla het bestand in LibreOffice of Excel op als Excel-werkmap (.xlsx) of als CSV "
                "en importeer het opnieuw.")


def rows(data: bytes, naam: str, is_header, blad_voorkeur, deadline, choose_sheet):
    """(rows, sheet title, notices) of the sheet that matches the register best."""
    import pandas as pd
    try:
        import odf  # noqa: F401 (pandas' odf engine needs it)
    except ImportError as exc:
        raise FileRejected(ZONDER_ODFPY.format(naam=naam)) from exc
    _check_bounds(data, naam)
    try:
        bladen = pd.read_excel(io.BytesIO(data), engine="odf", sheet_name=None, header=None, dtype=object)
    except Exception as exc:  # noqa: BLE001 (odfpy raises many kinds on a damaged file)
        raise FileRejected(f"'{naam}' is geen geldig OpenDocument-werkblad (.ods); is het bestand beschadigd?") from exc
    deadline.check()
    if not bladen:
        raise FileRejected(f"De werkmap '{naam}' bevat geen werkbladen.")
    gescoord = []
    for titel, df in bladen.items():
        lijst = [[None if (isinstance(v, float) and v != v) else v for v in r] for r in df.itertuples(index=False)]
        gescoord.append((str(titel), lijst, _score(lijst, is_header), []))
    return choose_sheet(gescoord, naam, blad_voorkeur)


MAX_RIJEN = 100_000
MAX_KOLOMMEN = 1_000
_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _check_bounds(data: bytes, naam: str) -> None:
    """pandas' odf reader builds every row up to the last filled cell, so one stray cell far below
    (or beside) the table would fill the memory: stream the sheet XML first and refuse such a file."""
    import xml.etree.ElementTree as ET
    import zipfile
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("content.xml") as f:
            blad, rij = "", 0
            for event, el in ET.iterparse(f, events=("start", "end")):
                if event == "start" and el.tag == f"{_T}table":
                    blad, rij = el.get(f"{_T}name", ""), 0
                elif event == "end" and el.tag == f"{_T}table-row":
                    kolom = 0
                    for cel in el:
                        if len(cel) or cel.get(f"{_O}value-type"):
                            if kolom >= MAX_KOLOMMEN or rij >= MAX_RIJEN:
                                raise FileRejected(
                                    f"Werkblad '{blad}' van '{naam}' heeft een gevulde cel ver buiten de tabel "
                                    f"(voorbij rij {_getal(MAX_RIJEN)} of kolom {_getal(MAX_KOLOMMEN)}). Wis die cel, of sla "
                                    "het blad op als Excel-werkmap (.xlsx), en importeer het opnieuw.")
                        kolom += int(cel.get(f"{_T}number-columns-repeated", "1"))
                    rij += int(el.get(f"{_T}number-rows-repeated", "1"))
                    el.clear()
    except (zipfile.BadZipFile, KeyError, ET.ParseError, ValueError) as exc:
        raise FileRejected(f"'{naam}' is geen geldig OpenDocument-werkblad (.ods); is het bestand beschadigd?") from exc


def _score(lijst: list[list[object]], is_header) -> int:
    """As the xlsx reader: recognised header columns x 10_000 + non-empty rows."""
    if not is_header:
        return 0
    gezien = 0
    for i, r in enumerate(lijst):
        cellen = ["" if v is None else str(v).strip() for v in r]
        if not any(cellen):
            continue
        if s := is_header(cellen):
            return int(s) * 10_000 + sum(1 for rij in lijst[i + 1:] if any(v is not None for v in rij))
        gezien += 1
        if gezien >= 10:
            break
    return 0
