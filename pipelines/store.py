"""Atomic writes to the live DuckDB file.

The dashboard opens the live file read-only. Every write happens on a private copy
that is checked and then moved onto the live path with os.replace, so readers see
either the old or the new database, never a half-written one, and a killed run
leaves the live file untouched.

Writers take an exclusive lock (fcntl.flock on `.<name>.lock` beside the database) around
copy, change and swap, so two imports at once run one after the other and neither loses
the other's changes. The kernel releases the lock when a writer dies; the next writer
removes any temporary copy a killed run left behind.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from pipelines.errors import StoreError


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.tmp-{os.getpid()}")


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def lock_path(target: Path) -> Path:
    """data/vliegwiel.duckdb -> data/.vliegwiel.lock"""
    return target.with_name(f".{target.stem}.lock")


@contextlib.contextmanager
def write_lock(target: Path) -> Iterator[None]:
    """Exclusive lock for writers of `target` (blocks until the other writer is done)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(target), "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_temps(target: Path) -> None:
    """Temporary copies of killed writers (only called while holding the write lock)."""
    for p in target.parent.glob(f".{target.name}.tmp-*"):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


@contextlib.contextmanager
def _swap_in(target: Path, start_from_copy: bool, locked: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    with contextlib.nullcontext() if locked else write_lock(target):
        _remove_stale_temps(target)
        tmp = _temp_path(target)
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


def open_readonly(db_path: Path) -> duckdb.DuckDBPyConnection:
    """A private read-only view of the live file. Through ATTACH on an in-memory database, so an
    older connection of this process (DuckDB caches instances per path) cannot hide a newer file."""
    if not Path(db_path).exists():
        raise StoreError(f"Database '{db_path}' bestaat niet; bouw hem eerst met `python -m pipelines.build`.")
    con = duckdb.connect()
    con.execute("ATTACH ? AS live (READ_ONLY)", [str(db_path)])
    con.execute("USE live")
    return con


def rebuild(target: Path, fill: Callable[[duckdb.DuckDBPyConnection], None], locked: bool = False) -> None:
    """Build a fresh database with `fill` and swap it onto `target`. `locked`: the caller
    already holds `write_lock(target)` (an flock cannot be taken twice, even by one process)."""
    with _swap_in(target, start_from_copy=False, locked=locked) as con:
        fill(con)


def update(target: Path, change: Callable[[duckdb.DuckDBPyConnection], None], locked: bool = False) -> None:
    """Apply `change` to a copy of `target` and swap it in; on any error `target` is untouched."""
    if not target.exists():
        raise FileNotFoundError(f"Database {target} bestaat niet; bouw hem eerst met `python -m pipelines.build`.")
    with _swap_in(target, start_from_copy=True, locked=locked) as con:
        change(con)


def stored_version(target: Path) -> int | None:
    """The schema_version a store was written with (None: no file, or no version in it)."""
    if not Path(target).exists():
        return None
    con = open_readonly(Path(target))
    try:
        return con.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
    except duckdb.Error:
        return None
    finally:
        con.close()
