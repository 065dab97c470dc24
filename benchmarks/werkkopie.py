"""The store a benchmark measures on: a copy of a given file, or a fresh build from the seed register."""
from __future__ import annotations

import shutil
from pathlib import Path

from pipelines import build


def werkkopie(doel: Path, bron: Path | None = None) -> Path:
    """`bron` copied to `doel` (the original is never changed), or without `bron` a fresh build there."""
    if bron:
        shutil.copy(bron, doel)
    else:
        build.build(doel)
    return doel
