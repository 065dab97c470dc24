"""Benchmark: import 10,000 initiatives and 50,000 links from CSV through the real importer,
against a naive baseline (pandas rows inserted one by one with single-row INSERTs).

    .venv/bin/python -m benchmarks.ingest [--initiatieven 10000] [--verbindingen 50000] [--baseline-rijen 1000]

Set-up (not timed): the real store is built into a temporary folder; synthetic rows from
pipelines.synthetic.frames are written as CSV the way Dutch Excel exports them (';', BOM,
decimal commas, Dutch headers, gemeente and kern by name, themes in their short forms,
links by the names of their nodes). The synthetic organisations the links point to are
inserted into the store first, as the register of organisations is not what is measured.

Each measurement runs in its own Python process, so peak memory is that process's
maximum resident set size (getrusage). Timed: the import call itself (read, validate,
copy, upsert, checks, swap), not the interpreter start.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _genereer(tmp: Path, n_ini: int, n_ver: int) -> tuple[Path, Path, Path]:
    import duckdb
    import numpy as np

    from pipelines import build, coords, synthetic

    db = tmp / "vliegwiel.duckdb"
    build.build(db)
    con = duckdb.connect(str(db))
    data = synthetic.frames(con, n_ini, n_ver)
    kernen = con.execute("SELECT kern_id, naam, latitude, longitude FROM kernen").df().set_index("kern_id")
    gemeenten = dict(con.execute("SELECT gemeente_code, naam FROM gemeenten").fetchall())
    themas = con.execute("SELECT thema_id, naam, aliassen FROM themas").fetchall()
    kort = {t: (a.split("|")[0].capitalize() if a else n) for t, n, a in themas}  # 'Energie', 'Gezondheid', ...
    provincie = con.execute("SELECT geometry_geojson FROM provincie").fetchall()[0][0]

    ini = data["initiatieven"]
    lat, lon = ini["latitude"].to_numpy(), ini["longitude"].to_numpy()
    buiten = ~coords.binnen(provincie, lat, lon)  # jitter may push a border village's point outside
    lat = np.where(buiten, kernen.loc[ini["kern_id"], "latitude"].to_numpy(), lat)
    lon = np.where(buiten, kernen.loc[ini["kern_id"], "longitude"].to_numpy(), lon)
    thema_cel = (data["initiatief_themas"].assign(kort=lambda d: d["thema_id"].map(kort))
                 .groupby("initiatief_id")["kort"].agg(", ".join))
    csv_ini = tmp / "initiatieven.csv"
    import pandas as pd
    pd.DataFrame({
        "Naam initiatief": ini["naam"],
        "Gemeente": ini["gemeente_code"].map(gemeenten),
        "Dorp/kern": kernen.loc[ini["kern_id"], "naam"].to_numpy(),
        "Thema's": ini["initiatief_id"].map(thema_cel),
        "Omschrijving": ini["beschrijving"],
        "Fase": ini["fase"],
        "Status": ini["status"],
        "Startjaar": ini["startjaar"],
        "Pilot": "nee",
        "Breedtegraad": np.round(lat, 6),
        "Lengtegraad": np.round(lon, 6),
    }).to_csv(csv_ini, sep=";", decimal=",", index=False, encoding="utf-8-sig")

    orgs = data["organisaties"]
    con.register("orgs", orgs)
    con.execute("INSERT INTO organisaties BY NAME SELECT * FROM orgs")
    con.close()
    namen = dict(zip(ini["initiatief_id"], ini["naam"])) | dict(zip(orgs["organisatie_id"], orgs["naam"]))
    soort_kort = {"lid van": "lid", "begeleidt": "begeleiding", "financiert": "financiering",
                  "werkt samen met": "samenwerking", "ondersteunt": "ondersteuning"}
    ver = data["verbindingen"].drop_duplicates(["van_id", "naar_id", "soort"])
    csv_ver = tmp / "verbindingen.csv"
    pd.DataFrame({
        "Van": ver["van_id"].map(namen),
        "Naar": ver["naar_id"].map(namen),
        "Soort verbinding": ver["soort"].map(soort_kort),
        "Sinds": ver["sinds"],
    }).to_csv(csv_ver, sep=",", index=False, encoding="utf-8")
    return db, csv_ini, csv_ver


# ---------- measured in a child process ----------

def _child_importer(kind: str, csv: Path, db: Path) -> dict:
    from pipelines import ingest
    t0, c0 = time.perf_counter(), time.process_time()
    result = ingest.ingest(kind, csv, db)
    return {"seconden": time.perf_counter() - t0, "cpu": time.process_time() - c0,
            "rijen": result.toegevoegd + result.bijgewerkt + result.ongewijzigd, "toegevoegd": result.toegevoegd}


def _child_baseline(kind: str, csv: Path, db: Path, max_rijen: int) -> dict:
    """The naive way: pandas reads the file, then one INSERT per row (and per theme), lookups by dict."""
    import duckdb
    import pandas as pd
    t0, c0 = time.perf_counter(), time.process_time()
    con = duckdb.connect(str(db))
    if kind == "initiatieven":
        df = pd.read_csv(csv, sep=";", decimal=",", encoding="utf-8-sig", dtype={"Startjaar": "Int64"}).head(max_rijen)
        gemeente = {n: c for c, n in con.execute("SELECT gemeente_code, naam FROM gemeenten").fetchall()}
        kern = {(n, g): k for k, n, g in con.execute("SELECT kern_id, naam, gemeente_code FROM kernen").fetchall()}
        thema = {}
        for t, n, a in con.execute("SELECT thema_id, naam, aliassen FROM themas").fetchall():
            for x in [t, n, *(a or "").split("|")]:
                thema.setdefault(x.lower(), t)
        for i, row in df.iterrows():
            code = gemeente[row["Gemeente"]]
            ini_id = f"base-{i}"
            con.execute("INSERT INTO initiatieven (initiatief_id, naam, kern_id, gemeente_code, beschrijving, fase, "
                        "status, startjaar, is_pilot, latitude, longitude, bron) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        [ini_id, row["Naam initiatief"], kern[(row["Dorp/kern"], code)], code, row["Omschrijving"],
                         None if pd.isna(row["Fase"]) else row["Fase"],
                         None if pd.isna(row["Status"]) else row["Status"],
                         None if pd.isna(row["Startjaar"]) else int(row["Startjaar"]), False,
                         row["Breedtegraad"], row["Lengtegraad"], "synthetisch"])
            for t in str(row["Thema's"]).split(", "):
                con.execute("INSERT INTO initiatief_themas VALUES (?, ?)", [ini_id, thema[t.lower()]])
    else:
        df = pd.read_csv(csv, dtype={"Sinds": "Int64"}).head(max_rijen)
        knoop = {n: k for k, n in con.execute("SELECT knoop_id, naam FROM knopen").fetchall()}
        soort = {"lid": "lid van", "begeleiding": "begeleidt", "financiering": "financiert",
                 "samenwerking": "werkt samen met", "ondersteuning": "ondersteunt"}
        for i, row in df.iterrows():
            con.execute("INSERT INTO verbindingen (verbinding_id, van_id, naar_id, soort, sinds, bron) "
                        "VALUES (?,?,?,?,?,?)",
                        [f"base-{i}", knoop[row["Van"]], knoop[row["Naar"]], soort[row["Soort verbinding"]],
                         None if pd.isna(row["Sinds"]) else int(row["Sinds"]), "synthetisch"])
    con.close()
    return {"seconden": time.perf_counter() - t0, "cpu": time.process_time() - c0, "rijen": len(df)}


def _run_child(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "benchmarks.ingest", "--child", *args], cwd=REPO,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child_main(args: list[str]) -> None:
    mode, kind, csv, db, *rest = args
    uit = (_child_importer(kind, Path(csv), Path(db)) if mode == "importer"
           else _child_baseline(kind, Path(csv), Path(db), int(rest[0])))
    uit["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(uit))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child_main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatieven", type=int, default=10_000)
    parser.add_argument("--verbindingen", type=int, default=50_000)
    parser.add_argument("--baseline-rijen", type=int, default=1_000,
                        help="rows the naive baseline inserts per register; its time is extrapolated linearly")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        db, csv_ini, csv_ver = _genereer(tmp, args.initiatieven, args.verbindingen)
        n_ver = sum(1 for _ in open(csv_ver, encoding="utf-8")) - 1
        print(f"Set-up (not timed): store built and CSV written in {time.perf_counter() - t0:.1f} s: "
              f"{args.initiatieven:,} initiatives ({csv_ini.stat().st_size / 1e6:.1f} MB), "
              f"{n_ver:,} links ({csv_ver.stat().st_size / 1e6:.1f} MB)")
        base_db = tmp / "baseline.duckdb"
        shutil.copy(db, base_db)

        ini = _run_child(["importer", "initiatieven", str(csv_ini), str(db)])
        base_ver_db = tmp / "baseline-verbindingen.duckdb"  # the links' nodes must exist for the baseline too
        shutil.copy(db, base_ver_db)
        ver = _run_child(["importer", "verbindingen", str(csv_ver), str(db)])
        herhaal = _run_child(["importer", "initiatieven", str(csv_ini), str(db)])
        b_ini = _run_child(["baseline", "initiatieven", str(csv_ini), str(base_db), str(args.baseline_rijen)])
        b_ver = _run_child(["baseline", "verbindingen", str(csv_ver), str(base_ver_db), str(args.baseline_rijen)])

    def extrapolate(b: dict, n: int) -> float:
        return b["seconden"] / b["rijen"] * n

    b_ini_s = extrapolate(b_ini, ini["rijen"])
    b_ver_s = extrapolate(b_ver, ver["rijen"])
    print()
    print(f"{'':40} {'wall time':>10} {'CPU time':>9} {'peak RSS':>9}")

    def regel(label: str, r: dict, extra: str = "") -> None:
        print(f"{label:40} {r['seconden']:>9.2f}s {r['cpu']:>8.2f}s {r['maxrss_mb']:>7.0f}MB{extra}")

    regel(f"importer: initiatieven ({ini['rijen']:,})", ini)
    regel(f"importer: verbindingen ({ver['rijen']:,})", ver)
    regel("importer: same initiatieven again", herhaal, f"   ({herhaal['toegevoegd']} added: idempotent)")
    regel(f"baseline: initiatieven ({b_ini['rijen']:,} rows)", b_ini,
          f"   -> {b_ini_s:.1f} s for {ini['rijen']:,} (linear extrapolation)")
    regel(f"baseline: verbindingen ({b_ver['rijen']:,} rows)", b_ver,
          f"   -> {b_ver_s:.1f} s for {ver['rijen']:,} (linear extrapolation)")
    totaal = ini["seconden"] + ver["seconden"]
    print()
    print(f"Import wall time: initiatieven {ini['seconden']:.2f} s, verbindingen {ver['seconden']:.2f} s "
          f"(target < 3 s each); load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"Ratio baseline / importer: initiatieven {b_ini_s / ini['seconden']:.0f}x, "
          f"verbindingen {b_ver_s / ver['seconden']:.0f}x, together {(b_ini_s + b_ver_s) / totaal:.0f}x "
          "(target >= 10x)")

if __name__ == "__main__":
    main()
