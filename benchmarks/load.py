"""Load: the oogstfeest audience opening the link at once, while a civil servant imports a
new register; one Streamlit replica against two behind the proxy (`deploy/run.sh`).

For 1 and then 2 replicas, each behind the same HAProxy (so the comparison is fair), on a
fresh copy of the same database:

1. Server: 30 simultaneous sessions speaking Streamlit's own websocket protocol, as a browser
   tab does: fetch the page through the proxy (which hands out the sticky-session cookie),
   open the websocket with that cookie, walk six pages over it and end on Overzicht again.
   Page-ready = the server has sent the whole page (script_finished). While the same
   register is imported halfway, every Overzicht visit reads the "Initiatieven" figure, which
   must be the old or the new total, never in between, and a session that saw the new total
   never sees the old one again. Each replica shows the new version once it has warmed it
   (vliegwiel.versiekeuze); the report says when a session first saw it and, after the load,
   every replica must show it within NEW_WITHIN seconds. With --rondes 3 the sessions walk
   three times, so part of the load reads the new, larger register. Baseline: one session
   alone. Throughput = pages served per second of the whole load. Resident memory (VmRSS from /proc) per replica, idle and at the peak, and
   the extra per connected session; CPU seconds of each replica and of the load generator.
2. With --browsers: 30 real Chromium tabs (Playwright, Debian's Chromium) opening the home
   page and the map at once against the last deployment; on a 2-core machine the tabs share
   the CPU with the server, so these times mostly measure the clients.

    PYTHONPATH=. .venv/bin/python benchmarks/load.py [--sessions 30] [--nieuw 500] [--replicas 1 2] [--rondes 1]
        [--browsers]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import duckdb
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from pipelines import build, synthetic
from tests.browser.deploy_util import Deployment, run_deployment

# "" is Overzicht, the home page; the walk ends there again, after the import has finished.
PAGES = ["", "kaart", "themas", "pilots", "netwerk", "data", ""]
REPO = Path(__file__).resolve().parent.parent
TARGET_P95 = 2.5
TARGET_SPEEDUP = 1.6
NEW_WITHIN = 60.0  # seconds after the import within which every replica must show it


def label(path: str) -> str:
    return path or "overzicht"


def sticky_cookie(base: str) -> str:
    """What a browser does first: GET the page; the proxy answers with its replica cookie."""
    with urllib.request.urlopen(base + "/", timeout=120) as r:
        r.read()
        cookie = r.headers.get("Set-Cookie", "")
    return cookie.split(";", 1)[0]


async def run_page(ws, page: str) -> tuple[float, dict[str, str], list[str]]:
    """Run one page in an open session; return (seconds, metrics, exceptions)."""
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
        elif kind == "page_not_found":
            exceptions.append("page not found")
        elif kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return time.perf_counter() - start, metrics, exceptions


async def protocol_session(base: str, results: dict, cookie: str | None = None,
                           pages: list[str] = PAGES) -> None:
    """One browser tab: one sticky websocket session walking the pages."""
    try:
        cookie = cookie or await asyncio.to_thread(sticky_cookie, base)
        ws = await websockets.connect(base.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"],
                                      additional_headers={"Cookie": cookie}, max_size=None, open_timeout=120)
    except Exception as exc:
        results["errors"].append(f"verbinding: {exc.__class__.__name__} {str(exc)[:120]}")
        walked(results)
        return
    results["replicas"][cookie] = results["replicas"].get(cookie, 0) + 1
    session_totals: list[str] = []
    results["sessions"].append(session_totals)
    async with ws:
        for path in pages:
            try:
                seconds, metrics, exceptions = await run_page(ws, path)
            except Exception as exc:  # a timeout counts as an error; the session goes on
                results["errors"].append(f"{label(path)}: {exc.__class__.__name__} {str(exc)[:120]}")
                continue
            results["times"].setdefault(label(path), []).append(seconds)
            results["errors"] += [f"{label(path)}: {e}" for e in exceptions]
            if path == "":
                total = metrics.get("Initiatieven", "?")
                results["totals"].append(total)
                results["seen"].append((time.perf_counter(), cookie, total))
                session_totals.append(total)
        walked(results)
        # Stay connected until every session has walked its pages, so the memory peak holds
        # all sessions at once, as 30 open tabs do.
        await results["all_done"].wait()


def walked(results: dict) -> None:
    """A session is through its pages (or failed to connect); the last one ends the load."""
    results["walked"] += 1
    if results["walked"] >= results["expected"]:
        results["all_done"].set()


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/PID/stat fields 14 and 15)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def replica_cpu(deployment: Deployment) -> dict[str, float]:
    return {name: cpu_seconds(pid) for name, (pid, _port) in sorted(deployment.replicas.items())}


def replica_rss(deployment: Deployment) -> dict[str, float]:
    return {name: rss_mb(pid) for name, (pid, _port) in sorted(deployment.replicas.items())}


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


def new_results(expected: int = 1) -> dict:
    return {"times": {}, "totals": [], "seen": [], "sessions": [], "errors": [], "replicas": {}, "walked": 0,
            "expected": expected,
            "all_done": asyncio.Event()}


async def measure(deployment: Deployment, replicas: int, sessions: int, register: Path, db: Path,
                  new_total: int, rounds: int = 1) -> dict:
    base = deployment.base
    # Warm every replica's caches, as its first visitors do; round robin gives each one a turn.
    for _ in range(replicas):
        await protocol_session(base, new_results())
    alone = new_results()
    await protocol_session(base, alone)
    idle = replica_rss(deployment)

    results = new_results(sessions)
    peak: dict[str, float] = dict(idle)

    async def importer():
        await asyncio.sleep(1.0)
        start = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "pipelines.ingest", "initiatieven", str(register), "--db", str(db),
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        out, _ = await proc.communicate()
        results["import"] = (proc.returncode, time.perf_counter() - start, out.decode()[-200:])
        results["import_done"] = time.perf_counter()

    async def sampler():
        while not results["all_done"].is_set():
            for name, mb in replica_rss(deployment).items():
                peak[name] = max(peak[name], mb)
            await asyncio.sleep(0.2)

    cpu_before, client_before = replica_cpu(deployment), time.process_time()
    start = time.perf_counter()
    tasks = [asyncio.create_task(c) for c in (importer(), sampler())]
    tasks += [asyncio.create_task(protocol_session(base, results, pages=PAGES * rounds)) for _ in range(sessions)]
    await results["all_done"].wait()
    wall = time.perf_counter() - start
    cpu = {name: t - cpu_before[name] for name, t in replica_cpu(deployment).items()}
    client_cpu = time.process_time() - client_before
    for name, mb in replica_rss(deployment).items():  # all sessions still connected here
        peak[name] = max(peak[name], mb)
    await asyncio.gather(*tasks)
    # After the import every replica must show the new total, once it has warmed it (vliegwiel.versiekeuze):
    # visit each one by its cookie until it does, for at most NEW_WITHIN seconds after the import ended.
    after, shown_after = {}, {}
    for name in sorted(deployment.replicas):
        while True:
            one = new_results()
            await protocol_session(base, one, cookie=f"vw_replica={name}", pages=[""])
            after[name] = one["totals"][0] if one["totals"] else "?"
            waited = time.perf_counter() - results["import_done"]
            if after[name] == str(new_total) or waited > NEW_WITHIN:
                break
            await asyncio.sleep(0.5)
        shown_after[name] = waited
    return {"alone": alone, "results": results, "wall": wall, "idle": idle, "peak": peak, "after": after,
            "shown_after": shown_after,
            "cpu": cpu, "client_cpu": client_cpu, "load": os.getloadavg()[0]}


def report(replicas: int, sessions: int, nieuw: int, old_total: int, m: dict) -> dict:
    results, alone = m["results"], m["alone"]
    all_times = [t for times in results["times"].values() for t in times]
    pages = len(all_times)
    throughput = pages / m["wall"] if m["wall"] else 0.0
    print(f"\n== {replicas} replica('s) achter de proxy: {sessions} gelijktijdige sessies, {pages // sessions} pagina's elk, "
          f"{pages} pagina's in {m['wall']:.1f} s = {throughput:.2f} pagina's/s")
    spread = ", ".join(f"{k or '?'}: {v}" for k, v in sorted(results["replicas"].items()))
    print(f"Sessies per replica (cookie): {spread}")
    print(f"{'pagina':12} {'alleen (s)':>11} {'p50 (s)':>8} {'p95 (s)':>8} {'p95/alleen':>11}")
    for path in dict.fromkeys(PAGES):
        times = results["times"].get(label(path), [])
        base_t = alone["times"].get(label(path), [float("nan")])[0]
        if times:
            print(f"{label(path):12} {base_t:11.2f} {statistics.median(times):8.2f} {pct(times, 0.95):8.2f} "
                  f"{pct(times, 0.95) / base_t:11.1f}")
    p50 = statistics.median(all_times) if all_times else float("nan")
    p95 = pct(all_times, 0.95) if all_times else float("nan")
    print(f"{'alle':12} {'':11} {p50:8.2f} {p95:8.2f}")
    code, seconds, tail = results.get("import", (None, 0.0, ""))
    print(f"Import van {nieuw} nieuwe initiatieven tijdens het laden: exitcode {code}, {seconds:.2f} s")
    if code != 0:
        print("  ", tail)
    seen = sorted(set(results["totals"]))
    allowed = {str(old_total), str(old_total + nieuw)}
    consistent = set(seen) <= allowed
    print(f"Gezien aantal initiatieven op Overzicht: {seen}; toegestaan: oud {old_total} of nieuw "
          f"{old_total + nieuw} -> {'in orde' if consistent else 'FOUT: half-nieuwe data gezien'}")
    # A session never goes back: once it saw the new total, every later visit shows it too.
    back = sum(1 for totals in results["sessions"]
               if str(old_total + nieuw) in totals and str(old_total) in totals[totals.index(str(old_total + nieuw)):])
    print(f"Sessies die na het nieuwe totaal weer het oude zagen: {back} "
          f"-> {'in orde' if back == 0 else 'FOUT: een sessie ging terug naar oude data'}")
    done = results.get("import_done")
    first_new = {}
    for moment, cookie, total in sorted(results["seen"]):
        if total == str(old_total + nieuw) and done is not None:
            first_new.setdefault(cookie.split("=", 1)[-1], moment - done)
    print("Nieuw totaal het eerst getoond tijdens de belasting, na het einde van de import: "
          + (", ".join(f"{k} {v:.1f} s" for k, v in sorted(first_new.items())) or "niet (de sessies waren eerder klaar)"))
    consistent &= back == 0
    after_ok = set(m["after"].values()) == {str(old_total + nieuw)}
    print("Na de belasting op elke replica: " + ", ".join(f"{k} {v} ({m['shown_after'][k]:.1f} s na de import)" for k, v in m["after"].items())
          + f" -> {'in orde' if after_ok else 'FOUT: een replica toont de oude data'}")
    print(f"Fouten: {len(results['errors'])}")
    for e in results["errors"][:10]:
        print("  -", e)
    print("CPU tijdens de belasting: " + ", ".join(f"{k} {v:.1f} s" for k, v in m["cpu"].items())
          + f", belastingsgenerator {m['client_cpu']:.1f} s, in {m['wall']:.1f} s op {os.cpu_count()} cores "
          f"(load average van de machine {m['load']:.1f})")
    idle, peak = m["idle"], m["peak"]
    extra = sum(peak.values()) - sum(idle.values())
    print("Geheugen (RSS) per replica, rust -> piek: "
          + ", ".join(f"{name} {idle[name]:.0f} -> {peak[name]:.0f} MB" for name in sorted(idle))
          + f"; per sessie ~{extra / sessions:.1f} MB extra bij {sessions} open sessies")
    return {"p50": p50, "p95": p95, "throughput": throughput,
            "ok": not results["errors"] and code == 0 and consistent and after_ok}


async def browsers(base: str, sessions: int) -> bool:
    from playwright.async_api import async_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    async def tab(context, url: str) -> float:
        page = await context.new_page()
        try:
            start = time.perf_counter()
            await page.goto(url, timeout=180_000)
            await page.get_by_text("Bronnen:", exact=False).last.wait_for(state="visible", timeout=180_000)
            return time.perf_counter() - start
        finally:
            await page.close()

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        alone = {}
        for path in ("", "kaart"):
            context = await browser.new_context(viewport={"width": 1280, "height": 720})
            alone[path] = await tab(context, f"{base}/{path}")
            await context.close()
        times: dict[str, list[float]] = {}
        errors: list[str] = []
        for path in ("", "kaart"):
            # A context per tab: its own cookie jar, so the proxy spreads the tabs as it would
            # spread 30 people's browsers.
            contexts = [await browser.new_context(viewport={"width": 1280, "height": 720}) for _ in range(sessions)]
            outcome = await asyncio.gather(*(tab(c, f"{base}/{path}") for c in contexts), return_exceptions=True)
            times[label(path)] = [t for t in outcome if isinstance(t, float)]
            errors += [f"{label(path)}: {e.__class__.__name__}" for e in outcome if not isinstance(e, float)]
            for c in contexts:
                await c.close()
        await browser.close()
    print(f"\n== Browsers: {sessions} Chromium-tabbladen tegelijk op dezelfde 2 cores als de server")
    print(f"{'pagina':12} {'alleen (s)':>11} {'p50 (s)':>8} {'p95 (s)':>8}")
    for path in ("", "kaart"):
        if times[label(path)]:
            t = times[label(path)]
            print(f"{label(path):12} {alone[path]:11.2f} {statistics.median(t):8.2f} {pct(t, 0.95):8.2f}")
    print(f"Fouten: {len(errors)} {errors[:5]}")
    return not errors


async def run(sessions: int, nieuw: int, replica_counts: list[int], with_browsers: bool, rounds: int = 1) -> int:
    tmp = Path(tempfile.mkdtemp())
    pristine = build.build(tmp / "pristine.duckdb")
    old_total = duckdb.connect(str(pristine), read_only=True).execute("SELECT count(*) FROM initiatieven").fetchone()[0]
    register = tmp / "register.csv"
    write_register(register, pristine, nieuw)
    summary: dict[int, dict] = {}
    ok = True
    for n in replica_counts:
        db = tmp / f"vliegwiel-{n}.duckdb"
        shutil.copy(pristine, db)  # every configuration starts from the same data and imports the same file
        with run_deployment(db, n) as deployment:
            m = await measure(deployment, n, sessions, register, db, old_total + nieuw, rounds)
            summary[n] = report(n, sessions, nieuw, old_total, m)
            ok &= summary[n]["ok"]
            if with_browsers and n == replica_counts[-1]:
                ok &= await browsers(deployment.base, sessions)
    if 1 in summary and len(summary) > 1:
        one = summary[1]
        print("\n== Vergelijking (p95 moet onder de 2,5 s; doorvoer minstens 1,6x die van 1 replica)")
        for n, s in summary.items():
            speedup = s["throughput"] / one["throughput"] if one["throughput"] else float("nan")
            print(f"{n} replica('s): p50 {s['p50']:.2f} s, p95 {s['p95']:.2f} s, {s['throughput']:.2f} pagina's/s, "
                  f"{speedup:.2f}x" + ("" if n == 1 else
                  f" -> p95 {'gehaald' if s['p95'] < TARGET_P95 else 'NIET gehaald'}, "
                  f"doorvoer {'gehaald' if speedup >= TARGET_SPEEDUP else 'NIET gehaald'}"))
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--nieuw", type=int, default=500)
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--browsers", action="store_true", help="also open 30 Chromium tabs (slow)")
    parser.add_argument("--rondes", type=int, default=1,
                        help="walks per session: with 3 or more the sessions also read the new version under load")
    args = parser.parse_args()
    return asyncio.run(run(args.sessions, args.nieuw, args.replicas, args.browsers, args.rondes))


if __name__ == "__main__":
    sys.exit(main())
