"""Back-up and restore of what the store is built from: the import archive and the seed register,
as one file (`.tar.gz`). The CBS/PDOK data is not in it: it is public and read from ../shared/data.

    python -m pipelines.backup maak vliegwiel-backup.tar.gz [--db PATH]
    python -m pipelines.backup herstel vliegwiel-backup.tar.gz LEGE_MAP

`herstel` unpacks into an empty folder (LEGE_MAP/seed, LEGE_MAP/vliegwiel.archief), checks every
archive entry against its sha256 and builds LEGE_MAP/vliegwiel.duckdb from them.
"""
from __future__ import annotations

import argparse
import io
import sys
import tarfile
from pathlib import Path

from pipelines import archive, build, config, store
from pipelines.errors import IngestError, StoreError

ARCHIEF, SEED = "archief", "seed"


def make(target: Path, db_path: Path | None = None, seed_dir: Path | None = None) -> Path:
    """Write the archive (every entry, also the set-aside ones) and the seed CSVs into `target`,
    under the write lock so no import is half in it."""
    db = Path(db_path or config.db_path())
    seed_dir = Path(seed_dir or config.SEED_DIR)
    root = config.archive_dir(db)
    target = Path(target)
    tmp = target.with_name(f".{target.name}.tmp")
    with store.write_lock(db):
        archive.settle(db)
        archive.entries(db)  # a damaged archive is reported now, not at restore time
        with tarfile.open(tmp, "w:gz") as tar:
            if root.exists():
                tar.add(root, arcname=ARCHIEF)
            else:
                info = tarfile.TarInfo(ARCHIEF)
                info.type = tarfile.DIRTYPE
                tar.addfile(info, io.BytesIO())
            for csv in sorted(seed_dir.glob("*.csv")):
                tar.add(csv, arcname=f"{SEED}/{csv.name}")
    tmp.replace(target)
    return target


def restore(source: Path, folder: Path) -> Path:
    """Unpack `source` into the empty `folder` and build the store there; returns its path."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise StoreError(f"De map '{folder}' is niet leeg; herstel een back-up alleen in een lege map.")
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "vliegwiel.duckdb"
    try:
        with tarfile.open(source, "r:gz") as tar:
            tar.extractall(folder, filter="data")
    except (OSError, tarfile.TarError) as exc:
        raise StoreError(f"De back-up '{Path(source).name}' kan niet worden gelezen.") from exc
    if not (folder / SEED).is_dir() or not (folder / ARCHIEF).is_dir():
        raise StoreError(f"'{Path(source).name}' is geen Vliegwiel-back-up (map '{SEED}' of '{ARCHIEF}' ontbreekt).")
    (folder / ARCHIEF).rename(config.archive_dir(db))
    build.build(db, seed_dir=folder / SEED)
    return db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.backup",
                                     description="Back-up en herstel van het importarchief en het seed-register.")
    sub = parser.add_subparsers(dest="opdracht", required=True)
    maak = sub.add_parser("maak", help="schrijf een back-up")
    maak.add_argument("bestand", type=Path)
    maak.add_argument("--db", type=Path, default=None, help="pad van de database")
    herstel = sub.add_parser("herstel", help="herstel een back-up in een lege map en bouw de database")
    herstel.add_argument("bestand", type=Path)
    herstel.add_argument("map", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.opdracht == "maak":
            print(f"Back-up geschreven: {make(args.bestand, args.db)}")
        else:
            print(f"Hersteld en gebouwd: {restore(args.bestand, args.map)}")
    except IngestError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
