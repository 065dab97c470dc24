"""Load: the oogstfeest audience opening the link at once, while a civil servant imports a
new register.

Two measurements against one `streamlit run` server on this machine, in one run:

1. Server: 30 simultaneous sessions speaking Streamlit's own websocket protocol (what a
   browser tab opens), each walking six pages. Page-ready = the server has sent the whole
   page (script_finished). Every Overzicht visit reads the "Initiatieven" figure, which must be
   the old or the new total, never in between. Baseline: one session alone.
2. Browsers: 30 real Chromium tabs (Playwright, Debian's Chromium) opening the home page and
   the map at once; page-ready = the footer, rendered last, is visible. On a 2-core machine
   the 30 tabs share the CPU with the server, so these times mostly measure the clients.

    PYTHONPATH=. .venv/bin/python benchmarks/load.py [--sessions 30] [--nieuw 500]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import websockets
from playwright.async_api import async_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from pipelines import build, synthetic
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, run_streamlit

PAGES = ["", "kaart", "themas", "pilots", "netwerk", "data"]  # "" is Overzicht, the home page
REPO = Path(__file__).resolve().parent.parent


def label(path: str) -> str:
    return path or "overzicht"


async def protocol_visit(base: str, page: str) -> tuple[float, dict[str, str], list[str]]:
    """Open a session, run one page, return (seconds, metrics, exceptions)."""
    async with websockets.connect(base.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=120) as ws:
        msg = BackMsg()
        msg.rerun_script.page_name = page
        start = time.perf_counter()
        await ws.send(msg.SerializeToString())
        metrics, exceptions = {}, []
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                if element.WhichOneof("type") == "metric":
                    metrics[element.metric.label] = element.metric.body
                elif element.WhichOneof("type") == "exception":
                    exceptions.append(element.exception.message[:200])
            elif kind == "script_finished":
                return time.perf_counter() - start, metrics, exceptions


async def protocol_session(base: str, results: dict) -> None:
    for path in PAGES:
        try:
            seconds, metrics, exceptions = await protocol_visit(base, path)
        except Exception as exc:  # a timeout counts as an error; the run goes on
            results["errors"].append(f"{label(path)}: {exc.__class__.__name__} {str(exc)[:120]}")
            continue
        results["times"].setdefault(label(path), []).append(seconds)
        results["errors"] += [f"{label(path)}: {e}" for e in exceptions]
        if path == "":
            results["totals"].append(metrics.get("Initiatieven", "?"))


async def browser_tab(context, url: str) -> float:
    page = await context.new_page()
    try:
        start = time.perf_counter()
        await page.goto(url, timeout=180_000)
        await page.get_by_text("Bronnen:", exact=False).last.wait_for(state="visible", timeout=180_000)
        return time.perf_counter() - start
    finally:
        await page.close()


def write_register(path: Path, db: Path, n: int) -> None:
    """A register of n new initiatives as a civil servant would export it (Dutch headers, ';')."""
    con = duckdb.connect(str(db), read_only=True)
    rows = synthetic.frames(con, n, 0, seed=7)["initiatieven"]
    con.close()
    rows = rows.assign(naam=[f"Nieuw initiatief {i}" for i in range(1, n + 1)])
    rows[["naam", "gemeente_code", "startjaar"]].rename(
        columns={"naam": "Naam initiatief", "gemeente_code": "Gemeente", "startjaar": "Startjaar"}
    ).to_csv(path, sep=";", index=False)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def run(sessions: int, nieuw: int) -> int:
    tmp = Path(tempfile.mkdtemp())
    db = build.build(tmp / "vliegwiel.duckdb")
    old_total = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM initiatieven").fetchone()[0]
    register = tmp / "register.csv"
    write_register(register, db, nieuw)
    with run_streamlit(db) as base:
        alone = {"times": {}, "totals": [], "errors": []}
        await protocol_session(base, alone)  # also warms the caches, as the first visitor does
        alone = {"times": {}, "totals": [], "errors": []}
        await protocol_session(base, alone)

        results: dict = {"times": {}, "totals": [], "errors": []}

        async def importer():
            await asyncio.sleep(1.0)
            start = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "pipelines.ingest", "initiatieven", str(register), "--db", str(db),
                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            out, _ = await proc.communicate()
            results["import"] = (proc.returncode, time.perf_counter() - start, out.decode()[-200:])

        start = time.perf_counter()
        await asyncio.gather(importer(), *(protocol_session(base, results) for _ in range(sessions)))
        wall = time.perf_counter() - start

        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = await browser.new_context(viewport={"width": 1280, "height": 720})
            browser_alone = {path: await browser_tab(context, f"{base}/{path}") for path in ("", "kaart")}
            browser_times: dict[str, list[float]] = {}
            browser_errors: list[str] = []
            for path in ("", "kaart"):
                outcome = await asyncio.gather(*(browser_tab(context, f"{base}/{path}") for _ in range(sessions)),
                                               return_exceptions=True)
                browser_times[label(path)] = [t for t in outcome if isinstance(t, float)]
                browser_errors += [f"{label(path)}: {e.__class__.__name__}" for e in outcome if not isinstance(e, float)]
            await browser.close()

    print(f"1. Server: {sessions} gelijktijdige sessies (websocket-protocol), {len(PAGES)} pagina's elk, "
          f"totale duur {wall:.1f} s")
    print(f"{'pagina':12} {'alleen (s)':>11} {'p50 (s)':>8} {'p95 (s)':>8} {'p95/alleen':>11}")
    all_times = []
    for path in PAGES:
        times = results["times"].get(label(path), [])
        all_times += times
        base_t = alone["times"].get(label(path), [float("nan")])[0]
        if times:
            print(f"{label(path):12} {base_t:11.2f} {statistics.median(times):8.2f} {pct(times, 0.95):8.2f} "
                  f"{pct(times, 0.95) / base_t:11.1f}")
    if all_times:
        print(f"{'alle':12} {'':11} {statistics.median(all_times):8.2f} {pct(all_times, 0.95):8.2f}")
    code, seconds, _tail = results.get("import", (None, 0.0, ""))
    print(f"Import van {nieuw} nieuwe initiatieven tijdens het laden: exitcode {code}, {seconds:.2f} s")
    seen = sorted(set(results["totals"]))
    allowed = {str(old_total), str(old_total + nieuw)}
    print(f"Gezien aantal initiatieven op Overzicht: {seen}; toegestaan: oud {old_total} of nieuw "
          f"{old_total + nieuw} -> {'in orde' if set(seen) <= allowed else 'FOUT: half-nieuwe data gezien'}")
    print(f"Fouten: {len(results['errors'])}")
    for e in results["errors"][:10]:
        print("  -", e)

    print(f"\n2. Browsers: {sessions} Chromium-tabbladen tegelijk op dezelfde 2 cores als de server")
    print(f"{'pagina':12} {'alleen (s)':>11} {'p50 (s)':>8} {'p95 (s)':>8}")
    for path in ("", "kaart"):
        times = browser_times[label(path)]
        if times:
            print(f"{label(path):12} {browser_alone[path]:11.2f} {statistics.median(times):8.2f} {pct(times, 0.95):8.2f}")
    print(f"Fouten: {len(browser_errors)} {browser_errors[:5]}")
    ok = not results["errors"] and not browser_errors and code == 0 and set(seen) <= allowed
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--nieuw", type=int, default=500)
    args = parser.parse_args()
    return asyncio.run(run(args.sessions, args.nieuw))


if __name__ == "__main__":
    sys.exit(main())
