"""CPU cost of one warm script run per page, on one replica: what each rerun costs the server
once the caches are filled (under load, sessions share st.cache_data, so this is what counts).

Starts `streamlit run app.py` on a fresh copy of the built store, opens one websocket session
(the protocol of benchmarks/load.py), walks load.py's pages once to warm the caches, then runs
each page --runs times and reads the server's CPU seconds (user + system, all threads, from
/proc) around each run. Wall-clock times on a shared machine are noisy; process CPU much less.

    PYTHONPATH=. .venv/bin/python -m benchmarks.rerun_cpu [--runs 10] [--port 8640] [--pages kaart ...]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets

from benchmarks.load import PAGES, cpu_seconds, label, run_page
from pipelines import build

REPO = Path(__file__).resolve().parent.parent


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


async def measure(port: int, pid: int, pages: list[str], runs: int) -> dict[str, list[float]]:
    ws = await websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=120)
    cpu: dict[str, list[float]] = {}
    async with ws:
        for path in PAGES:  # warm: every page once, in load.py's order
            await run_page(ws, path)
        for path in pages:
            for _ in range(runs):
                before = cpu_seconds(pid)
                _seconds, _metrics, exceptions = await run_page(ws, path)
                await asyncio.sleep(0.05)  # let the server finish sending
                cpu.setdefault(label(path), []).append(cpu_seconds(pid) - before)
                if exceptions:
                    raise RuntimeError(f"{label(path)}: {exceptions}")
    return cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--port", type=int, default=8640)
    ap.add_argument("--pages", nargs="+", default=None, help="url paths; '' or overzicht for the home page")
    ap.add_argument("--db", type=Path, default=None, help="an existing store (default: build a fresh one)")
    ap.add_argument("--launcher", type=Path, default=None,
                    help="a script to run instead of `streamlit run app.py` (given the --server.port), e.g. a profiler")
    args = ap.parse_args()
    pages = [("" if p == "overzicht" else p) for p in args.pages] if args.pages else list(dict.fromkeys(PAGES))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build.build(Path(tmp) / "vliegwiel.duckdb")
        env = {**os.environ, "VLIEGWIEL_DB": str(db)}
        command = ([str(args.launcher)] if args.launcher else
                   ["-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1", "--server.headless", "true"])
        proc = subprocess.Popen([sys.executable, *command, "--server.port", str(args.port)],
                                cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_healthy(args.port, proc)
            cpu = asyncio.run(measure(args.port, proc.pid, pages, args.runs))
        finally:
            proc.terminate()
            proc.wait(30)
    print(f"{'pagina':12} {'CPU ms/run (mediaan)':>21} {'gemiddeld':>10}")
    for name, values in cpu.items():
        print(f"{name:12} {statistics.median(values) * 1000:21.0f} {statistics.mean(values) * 1000:10.0f}")
    total = sum(statistics.mean(v) for v in cpu.values())
    print(f"{'walk':12} {'':21} {total * 1000:10.0f}  (one session's walk of these pages, once each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
