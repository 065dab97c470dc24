"""The importer's one error family: English class names, Dutch messages a user may read.

    IngestError          any problem; str() is a Dutch sentence for the user
    ├── FileRejected     the file as a whole (missing, unreadable, empty, no usable columns)
    ├── RowsRejected     row problems, all at once (`problemen`); nothing was written
    └── StoreError       the store: missing, refused by its checks or by DuckDB, disk full
        └── ChecksFailed the store's data tests failed (`problems`)

Also the structured problem (`Probleem`) every message is built from, so the command line
and the upload page show the same text. Top-level, not in pipelines.ingest: the build and
the app import it without loading the importer.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pandas as pd


def aantal(n: int, enkel: str, meervoud: str) -> str:
    return f"{n} {enkel if n == 1 else meervoud}"


class IngestError(Exception):
    """Base of the family: the message is Dutch and safe to show (never a contact value)."""


class FileRejected(IngestError):
    """A problem with the file as a whole."""


class StoreError(IngestError):
    """The store could not take the change; it is left as it was."""


class ChecksFailed(StoreError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Controles mislukt:\n- " + "\n- ".join(problems))


@dataclasses.dataclass(frozen=True, order=True)
class Probleem:
    """One problem in one cell (or row) of the user's file.

    rij: the row number as the user sees it in Excel (header row = 1, first data row = 2);
    kolom: the column header as written in the user's file; waarde: the cell text (None for
    contact columns: their values are never repeated).
    """
    rij: int | None
    kolom: str | None
    waarde: str | None
    reden: str

    def __str__(self) -> str:
        plek = []
        if self.rij is not None:
            plek.append(f"Rij {self.rij}")
        if self.kolom:
            plek.append(f"kolom '{self.kolom}'")
        return (", ".join(plek) + ": " if plek else "") + self.reden

    def as_dict(self) -> dict[str, object]:
        return {"Rij": self.rij, "Kolom": self.kolom, "Waarde": self.waarde, "Probleem": self.reden}


def sorteer(problemen: Iterable[Probleem], koppen: list[str] | None = None) -> list[Probleem]:
    """By row, then by the column's position in the user's file."""
    volgorde = {k: i for i, k in enumerate(koppen or [])}

    def plek(p: Probleem) -> tuple:
        eerste = (p.kolom or "").split(" / ")[0]
        return (p.rij or 0, volgorde.get(eerste, len(volgorde)), p.kolom or "", p.reden)
    return sorted(problemen, key=plek)


class RowsRejected(IngestError):
    """All row problems of one file at once; nothing was written except the rejected ingest_runs row."""

    def __init__(self, problemen: Iterable[Probleem], bestand: str = "", n_rijen: int | None = None,
                 run_id: int | None = None, koppen: list[str] | None = None):
        self.problemen = sorteer(problemen, koppen)
        self.bestand = bestand
        self.n_rijen = n_rijen
        self.run_id = run_id
        super().__init__(self.rapport())

    @property
    def foute_rijen(self) -> int:
        return len({p.rij for p in self.problemen if p.rij is not None})

    def rapport(self, max_regels: int | None = None) -> str:
        naam = f"'{self.bestand}'" if self.bestand else "Het bestand"
        van = f" van de {self.n_rijen}" if self.n_rijen is not None else ""
        kop = (f"Import afgewezen: {naam} bevat {aantal(len(self.problemen), 'probleem', 'problemen')} "
               f"in {self.foute_rijen}{van} {'rij' if self.foute_rijen == 1 and not van else 'rijen'}. "
               "Er is niets gewijzigd.")
        regels = [str(p) for p in self.problemen]
        if max_regels is not None and len(regels) > max_regels:
            regels = regels[:max_regels] + [f"... en nog {len(regels) - max_regels} problemen."]
        return "\n".join([kop, *regels, "Pas het bestand aan en importeer het opnieuw."])

    def tabel(self) -> pd.DataFrame:
        """The problems as a table (Rij, Kolom, Waarde, Probleem) for the upload page."""
        return pd.DataFrame([p.as_dict() for p in self.problemen], columns=["Rij", "Kolom", "Waarde", "Probleem"])
