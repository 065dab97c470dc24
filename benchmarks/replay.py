"""Benchmark: rebuild the store from an archive of quarterly imports, against re-running the
importer file by file (issue 13).

    .venv/bin/python -m benchmarks.replay [--initiatieven 10000] [--imports 40]

Set-up (not timed): the real store is built into a temporary folder and quarterly register files
are generated: quarter 1 lists N synthetic initiatives (ID, name, gemeente, phase, status, start
year, themes); every next quarter changes the phase or start year of 5 % of the rows, drops 1 %
(the file is a complete register: they are retired) and adds 1 % new ones.

Timed: (a) the importer, file by file through pipelines.ingest (read, validate, archive, copy,
upsert, checks, swap per file; each file a quarter after the previous one), cumulative after 10,
20 and all imports; (b) `pipelines.build` rebuilding the store from the seed register and the
archive's first 10, 20 and all entries (runs of imports in bulk, pipelines.bulk), and the same
without entries (the fixed part), so the time per import shows whether it grows linearly; (c) for
reference the rebuild of all entries replayed one by one (`bulk=False`, the path before bulk).
Printed: wall and CPU time (the machine is shared: CPU time is less sensitive to other load),
the ratio, the archive and store size, the load average before and after, and whether the
rebuild equals the imported store table by table. Target: (b) under 10 s for 40 imports of
10,000 on the 2-core machine, growing linearly with the number of imports.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

FASEN = ["verkennen", "opstart", "uitvoering", "borging"]
THEMAS = ["Energie", "Zorg", "Voedsel", "Wonen", "Mobiliteit"]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB".replace(".", ",")


# The register's tables, compared row for row between the imported store and its rebuild (the
# versions without their run number: the build's own run is numbered differently in a rebuild).
VERGELIJK = {
    "initiatieven": "SELECT * FROM initiatieven ORDER BY ALL",
    "initiatief_themas": "SELECT * FROM initiatief_themas ORDER BY ALL",
    "initiatief_kernen": "SELECT * FROM initiatief_kernen ORDER BY ALL",
    "veld_bronnen": "SELECT * FROM veld_bronnen ORDER BY ALL",
    "contactpersonen": "SELECT * FROM contactpersonen ORDER BY ALL",
    "bronnen": "SELECT * FROM bronnen ORDER BY ALL",
    "record_versies": "SELECT tabel, record_id, wijziging, gegevens::VARCHAR FROM record_versies ORDER BY ALL",
    "ingest_runs": "SELECT soort, bestand, sha256, rijen_toegevoegd, rijen_bijgewerkt, uitkomst, melding, archief "
                   "FROM ingest_runs WHERE soort <> 'build' ORDER BY run_id",
}


def _load() -> str:
    return " / ".join(f"{x:.2f}".replace(".", ",") for x in os.getloadavg())


def _tabellen(db: Path) -> dict[str, list]:
    from pipelines import store
    con = store.open_readonly(db)
    try:
        return {t: con.execute(sql).fetchall() for t, sql in VERGELIJK.items()}
    finally:
        con.close()


def quarters(tmp: Path, gemeenten: list[str], n: int, k: int, seed: int = 13,
             kernen: dict[str, list[str]] | None = None) -> list[Path]:
    """k quarterly complete-register files of about n initiatives each; with `kernen` (names per
    gemeente) a Dorp/kern column too, whose value changes with the phase of every third changed row."""
    rng = np.random.default_rng(seed)

    def kern(gems) -> list[str]:
        return [kernen[g][int(rng.integers(len(kernen[g])))] for g in gems]
    volgende = n
    df = pd.DataFrame({"ID": [f"ini-bench-{i:06d}" for i in range(n)],
                       "Naam initiatief": [f"Benchmark initiatief {i}" for i in range(n)],
                       "Gemeente": rng.choice(gemeenten, n), "Fase": rng.choice(FASEN, n), "Status": "actief",
                       "Jaar van start": rng.integers(2000, 2024, n), "Thema's": rng.choice(THEMAS, n)})
    if kernen:
        df.insert(3, "Dorp/kern", kern(df["Gemeente"]))
    paden = []
    for q in range(k):
        if q:
            m = len(df)
            wijzig = rng.choice(m, int(m * 0.05), replace=False)
            df.loc[df.index[wijzig], "Fase"] = rng.choice(FASEN, len(wijzig))
            df.loc[df.index[wijzig[::2]], "Jaar van start"] = rng.integers(2000, 2024, len(wijzig[::2]))
            if kernen:
                df.loc[df.index[wijzig[::3]], "Dorp/kern"] = kern(df["Gemeente"].iloc[wijzig[::3]])
            weg = rng.choice(m, int(m * 0.01), replace=False)
            df = df.drop(df.index[weg])
            bij = int(n * 0.01)
            nieuw = pd.DataFrame({
                "ID": [f"ini-bench-{i:06d}" for i in range(volgende, volgende + bij)],
                "Naam initiatief": [f"Benchmark initiatief {i}" for i in range(volgende, volgende + bij)],
                "Gemeente": rng.choice(gemeenten, bij), "Fase": rng.choice(FASEN, bij), "Status": "actief",
                "Jaar van start": rng.integers(2000, 2024, bij), "Thema's": rng.choice(THEMAS, bij)})
            if kernen:
                nieuw.insert(3, "Dorp/kern", kern(nieuw["Gemeente"]))
            df = pd.concat([df, nieuw], ignore_index=True)
            volgende += bij
        pad = tmp / f"register-kwartaal-{q + 1:02d}.csv"
        df.to_csv(pad, sep=";", index=False, encoding="utf-8-sig")
        paden.append(pad)
    return paden


def _getal(x: float, d: int = 1) -> str:
    return f"{x:.{d}f}".replace(".", ",")


def _herbouw(db: Path, doel: Path, zonder: frozenset[str], bulk: bool = True) -> tuple[float, float, dict]:
    from pipelines import build, store
    t0, c0 = time.perf_counter(), time.process_time()
    with store.write_lock(doel):
        telling = build.build_locked(doel, zonder=zonder, archief_van=db, bulk=bulk)
    return time.perf_counter() - t0, time.process_time() - c0, telling


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatieven", type=int, default=10_000)
    parser.add_argument("--imports", type=int, default=40)
    parser.add_argument("--kernen", action="store_true", help="ook een kolom Dorp/kern (een kernlijst per import)")
    parser.add_argument("--zonder-oud-pad", action="store_true", help="sla de herbouw per vermelding over")
    args = parser.parse_args(argv)

    from pipelines import archive, build, config, store
    from pipelines.ingest import apply, parse

    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        db = tmp / "vliegwiel.duckdb"
        build.build(db)
        con = store.open_readonly(db)
        gemeenten = [r[0] for r in con.execute("SELECT gemeente_code FROM gemeenten ORDER BY 1").fetchall()]
        kernen: dict[str, list[str]] = {}
        for code, naam in con.execute("SELECT gemeente_code, naam FROM kernen ORDER BY 1, 2").fetchall():
            kernen.setdefault(code, []).append(naam)
        con.close()
        files = quarters(tmp, gemeenten, args.initiatieven, args.imports, kernen=kernen if args.kernen else None)
        stappen = sorted({s for s in (10, 20, args.imports) if s <= args.imports})

        aantal = f"{args.initiatieven:,}".replace(",", ".")
        print(f"{args.imports} kwartaalimports van ~{aantal} initiatieven "
              "(5 % gewijzigd, 1 % uit het register, 1 % nieuw per kwartaal), volledig register"
              + (", met kolom Dorp/kern" if args.kernen else "") + "; "
              f"belasting van de machine (load average 1/5/15 min): {_load()} op {os.cpu_count()} kernen")
        start, c_start, per_stap = time.perf_counter(), time.process_time(), {}
        for i, f in enumerate(files, 1):
            parsed = parse("initiatieven", f, None, db)  # what ingest() does, each file a quarter later
            parsed = dataclasses.replace(parsed, gestart_op=dt.datetime(2015, 1, 1, 9) + dt.timedelta(days=91 * i))
            apply(parsed, db, volledig=True)
            if i in stappen:
                per_stap[i] = (time.perf_counter() - start, time.process_time() - c_start)
        verwacht = _tabellen(db)
        namen = [e.naam for e in archive.entries(db)]
        basis, basis_cpu, _ = _herbouw(db, tmp / "herbouw-0.duckdb", frozenset(namen))
        print(f"herbouw zonder imports (bronnen en seed-register): {_getal(basis, 2)} s (cpu {_getal(basis_cpu, 2)} s)")
        print("cpu: processortijd van alle threads (DuckDB rekent met 2); per import: (herbouw - herbouw zonder "
              "imports) / imports")
        print(f"{'imports':>8} {'importer per bestand':>22} {'herbouw uit archief':>21} {'cpu':>8} {'verhouding':>11} "
              f"{'per import':>11} {'archief':>10} {'database':>10}")
        for k in stappen:
            doel = tmp / f"herbouw-{k}.duckdb"
            herbouw, cpu, telling = _herbouw(db, doel, frozenset(namen[k:]))
            archief_k = sum(_size(config.archive_dir(db) / n) for n in namen[:k])
            imp = per_stap[k][0]
            print(f"{k:>8} {_getal(imp):>20} s {_getal(herbouw, 2):>19} s {_getal(cpu, 2):>6} s "
                  f"{_getal(imp / herbouw):>9} × {_getal((herbouw - basis) / k * 1000, 0):>8} ms "
                  f"{_mb(archief_k):>10} {_mb(_size(doel)):>10}")
            if k == args.imports:
                print(f"doel: herbouw van {k} imports onder 10 s: {'gehaald' if herbouw < 10 else 'NIET gehaald'}")
                anders = [t for t, rijen in _tabellen(doel).items() if rijen != verwacht[t]]
                print(f"vermeldingen in bulk / per vermelding: {telling['bulk']} / {telling['los']}")
                print("herbouw gelijk aan de geïmporteerde database: " + ("ja (" + ", ".join(VERGELIJK) + ")" if not anders
                      else "NEE: " + ", ".join(anders)))
        if not args.zonder_oud_pad:
            oud, oud_cpu, _ = _herbouw(db, tmp / "herbouw-oud.duckdb", frozenset(), bulk=False)
            anders = [t for t, rijen in _tabellen(tmp / "herbouw-oud.duckdb").items() if rijen != verwacht[t]]
            print(f"ter vergelijking, herbouw van alle {args.imports} vermeldingen één voor één: {_getal(oud, 2)} s "
                  f"(cpu {_getal(oud_cpu, 2)} s), " + ("gelijk" if not anders else "NIET gelijk: " + ", ".join(anders)))
        print(f"belasting na afloop: {_load()} op {os.cpu_count()} kernen")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
