"""Paths and thresholds shared by the pipelines and the app: one place to change them."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = Path(__file__).resolve().parent / "schema.sql"
# 3: ingest_runs.archief and record_versies (issue 13). A store with an older version is rebuilt
# from the archive on start; a newer one is refused (pipelines/upgrade.py).
# 4: kern_cijfers, kern_indicatoren, buurten (CBS 2024 village figures), plaatsnamen (issue 12).
# 5: initiatieven.plaatsnaam, the place name as the register wrote it (issue 12).
SCHEMA_VERSION = 5
SEED_DIR = REPO_ROOT / "data" / "seed"

# The status of an initiative that a complete register ("volledig register") no longer lists.
# Left out of counts unless the status filter asks for it (vliegwiel/filters.py).
STATUS_UIT_REGISTER = "niet meer in register"

# Freshness: the status derived from a record's "laatst bevestigd" date (the last import that
# contained it). (label, years since confirmation from which it applies). Three years for
# "vermoedelijk gestopt" follows the Lokale Energie Monitor. Change the rule here only.
VERSHEID: tuple[tuple[str, int], ...] = (("actief", 0), ("stil", 1), ("vermoedelijk gestopt", 3))
VERSHEID_ONBEKEND = "onbekend"

# A "kleine kern" is a woonplaats under this many inhabitants: the threshold the
# province's Vitale Kernen regeling uses.
KLEINE_KERN_DREMPEL = 10_000

# Size classes of kernen by inhabitants: (id, Dutch label, lower bound inclusive, upper bound exclusive).
GROOTTEKLASSEN: list[tuple[str, str, int, int | None]] = [
    ("tot-1000", "minder dan 1.000 inwoners", 0, 1_000),
    ("1000-2500", "1.000 tot 2.500 inwoners", 1_000, 2_500),
    ("2500-5000", "2.500 tot 5.000 inwoners", 2_500, 5_000),
    ("5000-10000", "5.000 tot 10.000 inwoners", 5_000, KLEINE_KERN_DREMPEL),
    ("10000-plus", "10.000 inwoners of meer", KLEINE_KERN_DREMPEL, None),
]


def shared_data_dir() -> Path:
    """Where the real geodata lives: ../shared/data beside the checkout, or VLIEGWIEL_SHARED_DATA."""
    return Path(os.environ.get("VLIEGWIEL_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def seeds_docs_dir() -> Path:
    """The source documents every seed record cites: ../shared/seeds, or VLIEGWIEL_SEEDS."""
    return Path(os.environ.get("VLIEGWIEL_SEEDS", REPO_ROOT.parent / "shared" / "seeds"))


def db_path() -> Path:
    """The live DuckDB file: data/vliegwiel.duckdb, or VLIEGWIEL_DB."""
    return Path(os.environ.get("VLIEGWIEL_DB", REPO_ROOT / "data" / "vliegwiel.duckdb"))


def archive_dir(db: Path | None = None) -> Path:
    """The append-only import archive beside the database: data/vliegwiel.archief/."""
    db = Path(db or db_path())
    return db.with_name(f"{db.stem}.archief")


def grootteklasse(inwoners: int | None) -> str | None:
    if inwoners is None:
        return None
    for klasse_id, _label, laag, hoog in GROOTTEKLASSEN:
        if inwoners >= laag and (hoog is None or inwoners < hoog):
            return klasse_id
    return None
