"""Coverage matrix and white spots for 10,000 synthetic initiatives over all kernen:
DuckDB SQL (vliegwiel.themas) against the same computed with pandas row loops (iterrows).

    PYTHONPATH=. .venv/bin/python -m benchmarks.coverage [--initiatieven 10000] [--herhalingen 5]

Target: the SQL path under 200 ms (gemeente x thema + kern x thema over all 104 kernen +
white spots for gezondheid), measured on a read-only connection like the app's.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import build, synthetic
from vliegwiel import themas
from vliegwiel.filters import Filters

DOEL_MS = 200


def sql_pad(con: duckdb.DuckDBPyConnection) -> dict:
    return {
        "gemeente": themas.dekking(con, Filters(), "gemeente"),
        "kern": themas.dekking(con, Filters(), "kern"),
        "vlekken": themas.witte_vlekken(con, Filters(), ("gezondheid",)),
    }


def laad(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {t: con.execute(f"SELECT * FROM {t}").df()  # table names from this fixed list
            for t in ("initiatieven", "initiatief_themas", "initiatief_kernen", "themas", "kernen", "gemeenten")}


def pandas_pad(t: dict[str, pd.DataFrame]) -> dict:
    """The naive way: loop over rows, build dictionaries."""
    themas_per_ini = defaultdict(list)
    for _, r in t["initiatief_themas"].iterrows():
        themas_per_ini[r["initiatief_id"]].append(r["thema_id"])
    kernen_per_ini = defaultdict(list)
    for _, r in t["initiatief_kernen"].iterrows():
        kernen_per_ini[r["initiatief_id"]].append(r["kern_id"])
    thema_ids = [r["thema_id"] for _, r in t["themas"].iterrows() if r["soort"] == "thema"]
    gem = {(g["gemeente_code"], th): [] for _, g in t["gemeenten"].iterrows() for th in thema_ids}
    kern = {(k["kern_id"], th): [] for _, k in t["kernen"].iterrows() for th in thema_ids}
    for _, i in t["initiatieven"].iterrows():
        for th in themas_per_ini[i["initiatief_id"]]:
            if th not in thema_ids:
                continue
            if isinstance(i["gemeente_code"], str):
                gem[(i["gemeente_code"], th)].append(i["naam"])
            for k in kernen_per_ini[i["initiatief_id"]]:
                kern[(k, th)].append(i["naam"])
    gedekt = set()
    for _, r in t["initiatief_kernen"].iterrows():
        if "gezondheid" in themas_per_ini[r["initiatief_id"]]:
            gedekt.add(r["kern_id"])
    vlekken = [k["kern_id"] for _, k in t["kernen"].iterrows()
               if k["is_kleine_kern"] is True and k["kern_id"] not in gedekt]
    return {"gemeente": {key: len(v) for key, v in gem.items()},
            "kern": {key: len(v) for key, v in kern.items()},
            "vlekken": vlekken}


def controleer(sql: dict, naief: dict) -> None:
    """Both paths must give the same answer, or the timing means nothing."""
    for niveau in ("gemeente", "kern"):
        m = sql[niveau]
        sql_tel = dict(zip(zip(m["rij_id"], m["thema_id"]), m["aantal"]))
        assert sql_tel == naief[niveau], f"{niveau}: SQL en pandas verschillen"
    assert set(sql["vlekken"]["kern_id"]) == set(naief["vlekken"]), "witte vlekken verschillen"


def meet(fn, herhalingen: int) -> list[float]:
    tijden = []
    for _ in range(herhalingen):
        t0 = time.perf_counter()
        fn()
        tijden.append((time.perf_counter() - t0) * 1000)
    return tijden


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatieven", type=int, default=10_000)
    parser.add_argument("--herhalingen", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.duckdb"
        build.build(path)
        synthetic.add(path, initiatieven=args.initiatieven, verbindingen=0)
        con = duckdb.connect(str(path), read_only=True)
        n_ini = con.execute("SELECT count(*) FROM initiatieven").fetchone()[0]
        n_kern = con.execute("SELECT count(*) FROM kernen").fetchone()[0]
        sql_pad(con)  # warm-up (first query plans, file pages)
        sql_ms = meet(lambda: sql_pad(con), args.herhalingen)
        laad_ms = meet(lambda: laad(con), 1)[0]
        tabellen = laad(con)
        pandas_ms = meet(lambda: pandas_pad(tabellen), max(1, min(args.herhalingen, 2)))
        controleer(sql_pad(con), pandas_pad(tabellen))
        con.close()
    sql_med, pandas_med = statistics.median(sql_ms), statistics.median(pandas_ms)
    aantal = f"{n_ini:,}".replace(",", ".")
    print(f"Dekking (gemeente x thema, kern x thema over {n_kern} kernen) + witte vlekken, {aantal} initiatieven")
    print(f"  DuckDB SQL       : mediaan {sql_med:8.1f} ms  (min {min(sql_ms):.1f}, max {max(sql_ms):.1f}, "
          f"{len(sql_ms)} keer)")
    print(f"  pandas iterrows  : mediaan {pandas_med:8.1f} ms  (+ {laad_ms:.1f} ms tabellen laden)")
    print(f"  verhouding       : SQL is {pandas_med / sql_med:.1f}x zo snel "
          f"({(pandas_med + laad_ms) / sql_med:.1f}x met laden)")
    print(f"  doel < {DOEL_MS} ms  : {'gehaald' if sql_med < DOEL_MS else 'NIET gehaald'}")
    print("  uitkomsten van beide paden gecontroleerd: gelijk")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
