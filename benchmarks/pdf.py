"""A Statenbrief for each of the 26 gemeenten and 104 kernen: median and p95 time per
document and the file sizes, against a naive baseline in the same run that re-reads every
shared part (geometry, figures of all gemeenten, milestones, sources) for each document.

    PYTHONPATH=. .venv/bin/python -m benchmarks.pdf [--db data/vliegwiel.duckdb] [--synthetisch 2000]

Targets: under 1.5 s per document and under 1 MB, on the 2-core machine, measured on a
read-only connection like the app's.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.werkkopie import werkkopie
from pipelines import synthetic
from vliegwiel import db, statenbrief

DOEL_S = 1.5
DOEL_BYTES = 1_000_000


def p95(waarden: list[float]) -> float:
    s = sorted(waarden)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def documenten(con) -> list[tuple[str, str]]:
    gem = [("gemeente", r[0]) for r in con.execute("SELECT gemeente_code FROM gemeenten ORDER BY 1").fetchall()]
    ker = [("kern", r[0]) for r in con.execute("SELECT kern_id FROM kernen ORDER BY 1").fetchall()]
    return gem + ker


def maak(con, soort: str, sleutel: str, g) -> bytes:
    return statenbrief.gemeente_pdf(con, sleutel, g) if soort == "gemeente" else statenbrief.kern_pdf(con, sleutel, g)


def meet(con, docs, gedeeld_eenmaal: bool) -> tuple[list[float], list[int], float]:
    """Per-document seconds and bytes; with gedeeld_eenmaal the shared part is read once
    (its time is spread over the documents), else for every document (the baseline)."""
    start = time.perf_counter()
    g = statenbrief.gedeeld(con) if gedeeld_eenmaal else None
    eenmalig = time.perf_counter() - start
    tijden, groottes = [], []
    for soort, sleutel in docs:
        t0 = time.perf_counter()
        data = maak(con, soort, sleutel, g)
        tijden.append(time.perf_counter() - t0 + eenmalig / len(docs))
        groottes.append(len(data))
    return tijden, groottes, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, help="an existing store (default: a fresh build from the seed register)")
    ap.add_argument("--synthetisch", type=int, default=0, help="add this many synthetic initiatives first")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pad = Path(tmp) / "vliegwiel.duckdb"
        werkkopie(pad, args.db)
        if args.synthetisch:
            synthetic.add(pad, initiatieven=args.synthetisch, verbindingen=args.synthetisch * 2)
        con = db.cursor(db.connect_readonly(pad))
        docs = documenten(con)
        maak(con, *docs[0], None)  # warm-up: fonts, imports, DuckDB's first queries

        tijden, groottes, totaal = meet(con, docs, gedeeld_eenmaal=True)
        b_tijden, _b_groottes, b_totaal = meet(con, docs, gedeeld_eenmaal=False)

    n_gem = sum(1 for s, _k in docs if s == "gemeente")
    print(f"Statenbrief: {n_gem} gemeenten + {len(docs) - n_gem} kernen = {len(docs)} documenten"
          + (f" ({args.synthetisch} synthetische initiatieven)" if args.synthetisch else ""))
    print(f"  gedeeld eenmaal gelezen : mediaan {statistics.median(tijden) * 1000:7.1f} ms, "
          f"p95 {p95(tijden) * 1000:7.1f} ms, max {max(tijden) * 1000:7.1f} ms per document; totaal {totaal:6.1f} s")
    print(f"  naïef, alles per document: mediaan {statistics.median(b_tijden) * 1000:7.1f} ms, "
          f"p95 {p95(b_tijden) * 1000:7.1f} ms per document; totaal {b_totaal:6.1f} s")
    print(f"  verhouding naïef / gedeeld (totaal): {b_totaal / totaal:4.1f}x")
    print(f"  bestandsgrootte: mediaan {statistics.median(groottes) / 1024:6.1f} KB, max {max(groottes) / 1024:6.1f} KB")
    ok_tijd, ok_grootte = max(tijden) < DOEL_S, max(groottes) < DOEL_BYTES
    print(f"  doel < {DOEL_S} s per document: {'gehaald' if ok_tijd else 'NIET gehaald'}; "
          f"doel < 1 MB: {'gehaald' if ok_grootte else 'NIET gehaald'}")
    # the app's path: a click computes the shared part itself (no cache), like the baseline
    print(f"  een klik in de app (zonder gedeelde cache): p95 {p95(b_tijden) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
