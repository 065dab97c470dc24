"""The store's guarantees: a rebuild is idempotent, a failed or killed write changes nothing,
readers keep their data during a swap, and concurrent imports serialise on a lock."""
from __future__ import annotations

import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines import build, config, ingest, store
from tests.ingest_util import FIXTURES, lees, runs, sha256, snapshot

REPO = Path(__file__).resolve().parents[2]


def temp_copies(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.tmp-*"))


def test_build_twice_gives_the_same_database(tmp_path):
    db = build.build(tmp_path / "vliegwiel.duckdb")
    first = snapshot(db, zonder=("ingest_runs", "schema_version"))
    first_runs = lees(db, "SELECT run_id, soort, bestand, sha256, rijen_toegevoegd, uitkomst FROM ingest_runs")
    build.build(db)
    assert snapshot(db, zonder=("ingest_runs", "schema_version")) == first
    assert lees(db, "SELECT run_id, soort, bestand, sha256, rijen_toegevoegd, uitkomst FROM ingest_runs") == first_runs
    assert lees(db, "SELECT version FROM schema_version") == [(config.SCHEMA_VERSION,)]
    assert temp_copies(db) == []


def test_a_failed_build_leaves_the_old_database(tmp_path):
    db = build.build(tmp_path / "vliegwiel.duckdb")
    digest = sha256(db)
    seeds = tmp_path / "seed"
    shutil.copytree(config.SEED_DIR, seeds)
    with (seeds / "initiatieven.csv").open("a", encoding="utf-8") as f:
        f.write("ini-kapot,Kapot,,GM9999,,,,,,false,,000_f4f79d5f64aeb0f1.txt\n")  # unknown gemeente: FK error
    with pytest.raises(ValueError, match="Seed initiatieven.csv past niet in tabel initiatieven"):
        build.build(db, seed_dir=seeds)
    assert sha256(db) == digest
    assert temp_copies(db) == []


def test_lock_file_sits_next_to_the_database():
    assert store.lock_path(Path("data/vliegwiel.duckdb")) == Path("data/.vliegwiel.lock")


# The child pauses after its upsert, with the private copy half done: the test injects the
# pause by wrapping the importer's upsert step (no hook in production code).
_PAUSED_IMPORT = """
import sys, time
from pipelines.ingest import writing as step
upsert = step.upsert
def paused(con, parsed, bron):
    out = upsert(con, parsed, bron)
    print("PAUZE: kopie half geschreven", file=sys.stderr, flush=True)
    time.sleep(float(sys.argv[1]))
    return out
step.upsert = paused
from pipelines.ingest.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _start_import(db: Path, fixture: str, pauze: float | None = None) -> subprocess.Popen:
    args = ["initiatieven", str(FIXTURES / fixture), "--db", str(db)]
    cmd = ([sys.executable, "-c", _PAUSED_IMPORT, str(pauze), *args] if pauze is not None
           else [sys.executable, "-m", "pipelines.ingest", *args])
    return subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_pause(proc: subprocess.Popen, timeout: float = 60) -> None:
    """Block until the child reports it has written part of its private copy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 0.5)
        if ready:
            line = proc.stderr.readline()
            if line.startswith("PAUZE"):
                return
            if not line and proc.poll() is not None:
                break
    proc.kill()
    raise AssertionError(f"import never paused: {proc.stderr.read()}")


def test_kill_mid_import_leaves_the_live_database_intact(writable_db):
    digest, before, before_runs = sha256(writable_db), snapshot(writable_db), runs(writable_db)
    proc = _start_import(writable_db, "initiatieven_excel_nl.csv", pauze=120)
    try:
        _wait_for_pause(proc)
        assert temp_copies(writable_db), "the import should be writing its private copy"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    # the live file is byte for byte the old one, opens, and holds no half state
    assert sha256(writable_db) == digest
    assert snapshot(writable_db) == before and runs(writable_db) == before_runs
    con = duckdb.connect(str(writable_db), read_only=True)
    assert con.execute("SELECT count(*) FROM initiatieven WHERE naam = 'Dorpshuis De Schakel'").fetchall() == [(0,)]
    con.close()
    # the lock died with the process; the next import succeeds and clears the stale copy
    result = ingest.ingest("initiatieven", FIXTURES / "initiatieven_excel_nl.csv", writable_db)
    assert result.toegevoegd == 4
    assert temp_copies(writable_db) == []


def test_readers_keep_the_old_data_during_and_after_a_swap(writable_db):
    old = duckdb.connect(str(writable_db), read_only=True)  # as the dashboard holds it
    count = "SELECT count(*) FROM initiatieven"
    [(n,)] = old.execute(count).fetchall()
    proc = _start_import(writable_db, "initiatieven_excel_nl.csv")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert old.execute(count).fetchall() == [(n,)]  # still the old, complete data
    # a new reader in another process sees the new data
    fresh = subprocess.run([sys.executable, "-c", "import duckdb,sys; print(duckdb.connect(sys.argv[1], "
                            "read_only=True).execute('SELECT count(*) FROM initiatieven').fetchall()[0][0])",
                            str(writable_db)], capture_output=True, text=True, timeout=60)
    assert int(fresh.stdout) == n + 4
    # in this process: a private ATTACH sees the new file even while the old connection is open
    assert lees(writable_db, count) == [(n + 4,)]
    # DuckDB caches one instance per path: a plain connect sees the new file once the old one is closed
    old.close()
    new = duckdb.connect(str(writable_db), read_only=True)
    assert new.execute(count).fetchall() == [(n + 4,)]
    new.close()


def test_two_imports_at_once_both_land(writable_db):
    first = _start_import(writable_db, "initiatieven_excel_nl.csv", pauze=1.5)
    _wait_for_pause(first)  # the first holds the write lock now
    second = _start_import(writable_db, "initiatieven_rd.csv")
    out2, err2 = second.communicate(timeout=120)
    out1, err1 = first.communicate(timeout=120)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    namen = {n for (n,) in lees(writable_db, "SELECT naam FROM initiatieven")}
    assert {"Dorpshuis De Schakel", "Kernenoverleg Bunnik", "Moestuin Amersfoort", "Zonneweide Lopikerkapel"} <= namen
    bestanden = [r[1] for r in runs(writable_db)[-2:]]
    assert bestanden == ["initiatieven_excel_nl.csv", "initiatieven_rd.csv"]  # the second waited for the first
