"""Load: 30 simultaneous browser sessions (the oogstfeest audience opening the link at once)
against one `streamlit run` server, while a civil servant imports a new register.

Prints p50/p95 page-ready times (navigation start until the footer, rendered last, is visible),
errors, and which version of the data each session saw: every "Initiatieven" figure must be
either the old or the new total, never something in between. Baseline in the same run: one
session alone, so the ratio shows what concurrency costs.

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
from playwright.async_api import async_playwright

from pipelines import build, synthetic
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, run_streamlit

PAGES = ["", "kaart", "themas", "pilots", "netwerk", "data"]
REPO = Path(__file__).resolve().parent.parent


async def page_ready(page, url: str) -> float:
    start = time.perf_counter()
    await page.goto(url)
    await page.get_by_text("Bronnen:", exact=False).last.wait_for(state="visible", timeout=120_000)
    await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"] button')",
                                 timeout=120_000)
    return time.perf_counter() - start


async def session(browser, base: str, results: dict, n: int) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for path in PAGES:
            t = await page_ready(page, f"{base}/{path}")
            results["times"].setdefault(path, []).append(t)
            if await page.locator('[data-testid="stException"]').count():
                errors.append(f"{path}: Python-fout op de pagina")
            if path == "":
                results["totals"].append(await initiatieven_figure(page))
    except Exception as exc:  # a timeout counts as an error, the run goes on
        errors.append(f"sessie {n}: {exc.__class__.__name__}: {str(exc)[:120]}")
    finally:
        results["errors"] += errors
        await context.close()


async def initiatieven_figure(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Initiatieven").first
    if not await metric.count():
        return "?"
    return (await metric.locator('[data-testid="stMetricValue"]').inner_text()).strip()


def write_register(path: Path, con_path: Path, n: int) -> None:
    """A register of n new initiatives as a civil servant would export it (Dutch headers, ';')."""
    con = duckdb.connect(str(con_path), read_only=True)
    frames = synthetic.frames(con, n, 0, seed=7)["initiatieven"]
    con.close()
    frames = frames.assign(naam=[f"Nieuw initiatief {i}" for i in range(1, n + 1)])
    frames[["naam", "gemeente_code", "startjaar"]].rename(
        columns={"naam": "Naam initiatief", "gemeente_code": "Gemeente", "startjaar": "Startjaar"}
    ).to_csv(path, sep=";", index=False)


async def run(sessions: int, nieuw: int) -> int:
    tmp = Path(tempfile.mkdtemp())
    db = build.build(tmp / "vliegwiel.duckdb")
    register = tmp / "register.csv"
    write_register(register, db, nieuw)
    with run_streamlit(db) as base:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm = await browser.new_page()
            await page_ready(warm, base)  # first start: connection and caches
            alone = {"times": {}, "totals": [], "errors": []}
            await session(browser, base, alone, 0)

            results = {"times": {}, "totals": [], "errors": []}

            async def importer():
                await asyncio.sleep(3)
                start = time.perf_counter()
                proc = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "pipelines.ingest", "initiatieven", str(register), "--db", str(db),
                    cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                out, _ = await proc.communicate()
                results["import"] = (proc.returncode, time.perf_counter() - start, out.decode()[-300:])

            start = time.perf_counter()
            await asyncio.gather(importer(), *(session(browser, base, results, i) for i in range(1, sessions + 1)))
            wall = time.perf_counter() - start
            await browser.close()

    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]

    print(f"Load: {sessions} gelijktijdige sessies, {len(PAGES)} pagina's elk, totale duur {wall:.1f} s")
    print(f"{'pagina':12} {'alleen (s)':>11} {'p50 (s)':>8} {'p95 (s)':>8} {'p95/alleen':>11}")
    all_times = []
    for path in PAGES:
        times = results["times"].get(path, [])
        all_times += times
        base_t = alone["times"].get(path, [float("nan")])[0]
        if times:
            print(f"{path:12} {base_t:11.2f} {statistics.median(times):8.2f} {pct(times, 0.95):8.2f} "
                  f"{pct(times, 0.95) / base_t:11.1f}")
    if all_times:
        print(f"{'alle':12} {'':11} {statistics.median(all_times):8.2f} {pct(all_times, 0.95):8.2f}")
    code, seconds, tail = results.get("import", (None, 0, ""))
    print(f"Import van {nieuw} nieuwe initiatieven tijdens het laden: exitcode {code}, {seconds:.2f} s")
    seen = sorted(set(results["totals"]))
    print(f"Gezien aantal initiatieven op Overzicht: {seen} (oud of nieuw, nooit half)")
    print(f"Fouten: {len(results['errors'])}")
    for e in results["errors"][:10]:
        print("  -", e)
    return 0 if not results["errors"] and code == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--nieuw", type=int, default=500)
    args = parser.parse_args()
    return asyncio.run(run(args.sessions, args.nieuw))


if __name__ == "__main__":
    sys.exit(main())
