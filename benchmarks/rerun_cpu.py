"""CPU cost of one warm script run per page, on one replica: what each rerun costs the server
once the caches are filled (under load, sessions share st.cache_data, so this is what counts).

Starts `streamlit run app.py` on a copy of the built store, opens one websocket session (the
protocol of benchmarks/load.py), walks load.py's pages once to warm the caches, then runs each
page --runs times and reads the server's CPU seconds (user + system, all threads, from /proc)
around each run. Wall-clock times on a shared machine are noisy; process CPU much less so, but a
busy machine still slows every process a little: to compare two versions, give the other
checkout with --against (e.g. `git worktree add /tmp/voor <commit>`); both servers then run side
by side and each page alternates between them, so both see the same machine.

    PYTHONPATH=. .venv/bin/python -m benchmarks.rerun_cpu [--runs 10] [--pages kaart ...] [--db FILE]
        [--na-import] [--against OTHER_CHECKOUT]

--na-import measures on the store as it is after load.py's import (500 more initiatives), which
is what most of load.py's page visits see.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

from benchmarks.load import PAGES, cpu_seconds, label, run_page, write_register
from benchmarks.werkkopie import werkkopie

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("streamlit exited")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit not healthy")


@contextlib.contextmanager
def server(checkout: Path, db: Path, launcher: Path | None = None):
    """(port, pid) of `streamlit run app.py` in `checkout` on `db`."""
    port = _free_port()
    command = ([str(launcher)] if launcher else
               ["-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.headless", "true"])
    proc = subprocess.Popen([sys.executable, *command, "--server.port", str(port)], cwd=checkout,
                            env={**os.environ, "VLIEGWIEL_DB": str(db)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(port, proc)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(30)


async def _session(port: int):
    ws = await websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=120)
    for path in PAGES:  # warm: every page once, in load.py's order
        await run_page(ws, path)
    return ws


async def _one_run(ws, pid: int, path: str) -> float:
    before = cpu_seconds(pid)
    _seconds, _metrics, exceptions = await run_page(ws, path)
    await asyncio.sleep(0.05)  # let the server finish sending
    if exceptions:
        raise RuntimeError(f"{label(path)}: {exceptions}")
    return cpu_seconds(pid) - before


async def measure(servers: list[tuple[int, int]], pages: list[str], runs: int) -> list[dict[str, list[float]]]:
    sessions = [await _session(port) for port, _pid in servers]
    cpu: list[dict[str, list[float]]] = [{} for _ in servers]
    try:
        for path in pages:
            for _ in range(runs):
                for i, (ws, (_port, pid)) in enumerate(zip(sessions, servers)):
                    cpu[i].setdefault(label(path), []).append(await _one_run(ws, pid, path))
    finally:
        for ws in sessions:
            await ws.close()
    return cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--pages", nargs="+", default=None, help="url paths; overzicht for the home page")
    ap.add_argument("--db", type=Path, default=None, help="an existing store (default: build a fresh one)")
    ap.add_argument("--na-import", action="store_true", help="first import load.py's 500 new initiatives")
    ap.add_argument("--against", type=Path, default=None, help="another checkout, measured alternately")
    ap.add_argument("--launcher", type=Path, default=None,
                    help="a script to run instead of `streamlit run app.py` (given the --server.port), e.g. a profiler")
    args = ap.parse_args()
    pages = [("" if p == "overzicht" else p) for p in args.pages] if args.pages else list(dict.fromkeys(PAGES))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "vliegwiel.duckdb"
        werkkopie(db, args.db)
        if args.na_import:
            register = Path(tmp) / "register.csv"
            write_register(register, db, 500)
            subprocess.run([sys.executable, "-m", "pipelines.ingest", "initiatieven", str(register), "--db", str(db)],
                           cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        checkouts = [REPO] + ([args.against.resolve()] if args.against else [])
        with contextlib.ExitStack() as stack:
            servers = [stack.enter_context(server(c, db, args.launcher)) for c in checkouts]
            cpu = asyncio.run(measure(servers, pages, args.runs))
    names = ["deze"] + ([str(args.against)] if args.against else [])
    print(f"CPU ms per warm rerun (mean of {args.runs}; the server's user + system time)")
    print(f"{'pagina':12} " + " ".join(f"{n[-20:]:>20}" for n in names))
    for page in cpu[0]:
        print(f"{page:12} " + " ".join(f"{statistics.mean(c[page]) * 1000:20.0f}" for c in cpu))
    walk = [sum(statistics.mean(c[label(p)]) for p in PAGES if label(p) in c) for c in cpu]
    print(f"{'load.py-walk':12} " + " ".join(f"{w * 1000:20.0f}" for w in walk)
          + "  (the pages of one load.py session, Overzicht twice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
