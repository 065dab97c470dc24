"""Import a register exported from Excel into the live store (command line: `python -m
pipelines.ingest`, see cli.py). The upload page calls the same functions:

    parsed = parse(kind, path_or_bytes, filename, db_path)  # read + validate, writes nothing
    preview = compare(parsed, db_path)                      # per row: nieuw / gewijzigd / ongewijzigd
    result = apply(parsed, db_path, door=None)              # upsert atomically, or record the rejection
    result = ingest(kind, path, db_path)                    # parse + apply

All or nothing: one bad row and nothing is written except the ingest_runs row that records
the rejection. A good file is upserted on a private copy of the database, checked and
swapped in (pipelines.store.update), so readers never see a half-imported register.
Records keep a stable id (an id column, or one derived from the name and gemeente), so
importing the same file twice changes nothing and a changed row updates its record.
Errors are one family (pipelines.errors), always with a Dutch message.

One module per step: fields (vocabulary of headers), reading (file -> cells; with text for encodings,
workbook + sheetxml for .xlsx, ods, cells, limits for size and time), headers
(header row and column mapping), reference (lookups in the store), initiatieven /
verbindingen / mijlpalen (one row parser per kind, with columns, locations and contacts),
parsing, diffing (compare with the store), writing (upsert and swap), runs (run log), cli.
"""
from pipelines.errors import ChecksFailed, FileRejected, IngestError, Probleem, RowsRejected, StoreError
from pipelines.ingest.writing import apply, ingest
from pipelines.ingest.diffing import compare
from pipelines.ingest.fields import KINDS
from pipelines.ingest.parsing import parse
from pipelines.ingest.removal import remove_contact_persons
from pipelines.ingest.results import IngestResult, ParsedRegister
from pipelines.ingest.runs import record_rejection

__all__ = ["KINDS", "ChecksFailed", "FileRejected", "IngestError", "IngestResult", "ParsedRegister", "Probleem",
           "RowsRejected", "StoreError", "apply", "compare", "ingest", "parse", "record_rejection",
           "remove_contact_persons"]
