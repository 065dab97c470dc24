"""Read and validate a register: file -> header mapping -> reference data -> row parser."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd

from pipelines import config, store
from pipelines.errors import FileRejected, sorteer
from pipelines.ingest import limits
from pipelines.ingest.columns import Problemen
from pipelines.ingest.fields import KINDS
from pipelines.ingest.headers import header_test, map_columns
from pipelines.ingest.initiatieven import parse_initiatieven
from pipelines.ingest.mijlpalen import parse_mijlpalen
from pipelines.ingest.reading import Bron, read_table
from pipelines.ingest.reference import Referentie
from pipelines.ingest.results import ParsedRegister
from pipelines.ingest.values import of_lijst
from pipelines.ingest.verbindingen import parse_verbindingen

PARSERS = {"initiatieven": parse_initiatieven, "verbindingen": parse_verbindingen, "mijlpalen": parse_mijlpalen}


def parse(kind: str, source: Bron, filename: str | None = None, db_path: Path | str | None = None) -> ParsedRegister:
    """Read and validate a register (path, bytes or file object); writes nothing.

    Raises FileRejected for problems with the file as a whole (StoreError when there is no
    store); row problems are collected in `ParsedRegister.problemen`.
    """
    if kind not in KINDS:
        raise FileRejected(f"Onbekend soort register '{kind}'; kies {of_lijst(list(KINDS))}.")
    gestart = dt.datetime.now()
    db = Path(db_path or config.db_path())
    deadline = limits.Deadline(filename or (Path(source).name if isinstance(source, (str, Path)) else "upload"))
    tabel = read_table(source, filename, header_test(kind), blad_voorkeur=kind)
    kolom, kop, meldingen = map_columns(kind, tabel)
    if tabel.data.empty:
        raise FileRejected(f"'{tabel.bestand}' bevat alleen een kopregel en geen gegevens.")
    df = pd.DataFrame({veld: tabel.data[col] for veld, col in kolom.items()})
    con = store.open_readonly(db)
    try:
        ref = Referentie(con, kind)
    finally:
        con.close()
    problemen = Problemen(tabel.rijen)
    parsed = PARSERS[kind](df, kop, ref, problemen)
    deadline.check()  # the readers check as they go; the row checks are vectorised and checked once
    parsed.rows.insert(0, "rij", tabel.rijen)
    return dataclasses.replace(parsed, kind=kind, bestand=tabel.bestand, sha256=tabel.sha256,
                               n_rijen=len(df), kolommen=kop, problemen=sorteer(problemen.items, tabel.kolommen),
                               meldingen=tabel.meldingen + meldingen + parsed.meldingen, blad=tabel.blad, gestart_op=gestart,
                               koppen=list(tabel.kolommen))
