"""Atomic writes to the live DuckDB file.

The dashboard opens the live file read-only. Every write happens on a private copy
that is checked and then moved onto the live path with os.replace, so readers see
either the old or the new database, never a half-written one, and a killed run
leaves the live file untouched.
"""
from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


@contextlib.contextmanager
def _swap_in(target: Path, start_from_copy: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(target)
    _remove(tmp)
    if start_from_copy:
        shutil.copy2(target, tmp)
    con = duckdb.connect(str(tmp))
    try:
        yield con
        con.execute("CHECKPOINT")
        con.close()
        os.replace(tmp, target)
    except BaseException:
        con.close()
        _remove(tmp)
        raise


def rebuild(target: Path, fill: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Build a fresh database with `fill` and swap it onto `target`."""
    with _swap_in(target, start_from_copy=False) as con:
        fill(con)


def update(target: Path, change: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Apply `change` to a copy of `target` and swap it in; on any error `target` is untouched."""
    if not target.exists():
        raise FileNotFoundError(f"Database {target} bestaat niet; bouw hem eerst met `python -m pipelines.build`.")
    with _swap_in(target, start_from_copy=True) as con:
        change(con)
