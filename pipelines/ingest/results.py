"""The importer's results: a parsed (not yet written) register and the outcome of writing it."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from pipelines.errors import Probleem, RowsRejected, aantal


@dataclasses.dataclass
class ParsedRegister:
    """A read and validated register, not yet written. `rows` holds the target-table rows
    (never contact details) with `rij`, the row number in the user's file."""
    kind: str
    bestand: str
    sha256: str
    n_rijen: int
    kolommen: dict[str, str]
    rows: pd.DataFrame
    problemen: list[Probleem]
    meldingen: list[str]
    bijwerken: tuple[str, ...]
    koppelingen: dict[str, pd.DataFrame] = dataclasses.field(default_factory=dict)
    contactpersonen: pd.DataFrame | None = None
    blad: str | None = None
    gestart_op: dt.datetime = dataclasses.field(default_factory=dt.datetime.now)
    koppen: list[str] = dataclasses.field(default_factory=list)  # all headers, in file order

    @property
    def ok(self) -> bool:
        return not self.problemen

    @property
    def foute_rijen(self) -> int:
        return len({p.rij for p in self.problemen if p.rij is not None})

    def fout(self, run_id: int | None = None) -> RowsRejected:
        return RowsRejected(self.problemen, self.bestand, self.n_rijen, run_id, self.koppen)


@dataclasses.dataclass
class IngestResult:
    kind: str
    bestand: str
    sha256: str | None
    uitkomst: str  # 'gelukt' | 'afgewezen' | 'mislukt'
    toegevoegd: int = 0
    bijgewerkt: int = 0
    ongewijzigd: int = 0
    afgewezen: int = 0
    meldingen: list[str] = dataclasses.field(default_factory=list)
    run_id: int | None = None

    def samenvatting(self) -> str:
        totaal = self.toegevoegd + self.bijgewerkt + self.ongewijzigd + self.afgewezen
        return (f"Import gelukt: '{self.bestand}' ({self.kind}, {aantal(totaal, 'rij', 'rijen')}): "
                f"{self.toegevoegd} toegevoegd, {self.bijgewerkt} bijgewerkt, {self.ongewijzigd} ongewijzigd, "
                f"{self.afgewezen} afgewezen.")
