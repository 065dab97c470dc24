"""Bounds on what one file may cost (denial of service, issue 11): its size, the unpacked size
of a workbook (a zip bomb) and the time spent reading it."""
from __future__ import annotations

import io
import time
import zipfile

from pipelines.errors import FileRejected

MAX_BYTES = 100 * 1024 ** 2           # an upload; the largest real register is a few MB
MAX_UITGEPAKT = 1024 ** 3             # all parts of a workbook unpacked
MAX_SECONDEN = 120.0                  # reading and checking one file (a 300k-row CSV takes ~15 s)


def check_size(n: int, naam: str) -> None:
    if n > MAX_BYTES:
        raise FileRejected(f"'{naam}' is te groot ({n / 1024 ** 2:.0f} MB; de grens is "
                           f"{MAX_BYTES // 1024 ** 2} MB). Splits het register of verwijder overbodige werkbladen "
                           "en importeer het opnieuw.")


def check_workbook(data: bytes, naam: str) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UITGEPAKT (what the zip itself claims)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            totaal = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if totaal > MAX_UITGEPAKT:
        raise FileRejected(f"'{naam}' is uitgepakt groter dan {MAX_UITGEPAKT // 1024 ** 3} GB en wordt niet gelezen. "
                           "Sla het register op in een nieuwe, kleine werkmap en importeer het opnieuw.")


class Deadline:
    """A time bound for one file, checked by the readers' loops (a thread cannot be interrupted
    from outside, and Streamlit runs pages outside the main thread, so no signal)."""

    def __init__(self, naam: str, seconden: float | None = None):
        self.naam = naam
        self.seconden = MAX_SECONDEN if seconden is None else seconden
        self.einde = time.monotonic() + self.seconden

    def check(self) -> None:
        if time.monotonic() > self.einde:
            raise FileRejected(f"Het inlezen van '{self.naam}' duurde langer dan {self.seconden:g} seconden en is "
                               "afgebroken. Splits het register of verwijder lege en overbodige rijen, kolommen en "
                               "werkbladen, en importeer het opnieuw.")
