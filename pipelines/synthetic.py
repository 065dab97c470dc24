"""A clearly flagged synthetic data set for scale tests and demos:
`python -m pipelines.synthetic --initiatives N --verbindingen M` (or `--verwijder`).

Names say "Synthetisch", every row has is_synthetisch = TRUE, and the app shows a banner
whenever any is loaded. Initiatives are placed at real kernen (with a small jitter so
markers do not coincide); no statistics are invented.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipelines import config, store, vocabulary
from pipelines.netwerk_maten import vul as vul_netwerk_maten
from pipelines.runlog import log_run

BRON = "synthetisch"
STATUSSEN = ["actief", "actief", "actief", "afgerond", "gestopt", None]  # keys of vocabulary.STATUSSEN, weighted
FASEN = [*vocabulary.FASEN, None]
ORG_SOORTEN = ["koepel", "netwerk", "fonds", "begeleider", "financier"]
VERBINDING_SOORTEN = list(vocabulary.VERBINDING_SOORTEN)


def _remove(con: duckdb.DuckDBPyConnection) -> int:
    """Remove every synthetic record and every link to one (a real link to a synthetic node
    would dangle and fail every later import's checks). Returns how many real links went."""
    nodes = ("(SELECT initiatief_id FROM initiatieven WHERE is_synthetisch "
             "UNION ALL SELECT organisatie_id FROM organisaties WHERE is_synthetisch)")
    echte = con.execute(f"SELECT count(*) FROM verbindingen WHERE NOT is_synthetisch "
                        f"AND (van_id IN {nodes} OR naar_id IN {nodes})").fetchall()[0][0]
    con.execute(f"DELETE FROM verbindingen WHERE is_synthetisch OR van_id IN {nodes} OR naar_id IN {nodes}")
    con.execute(f"DELETE FROM contactpersonen WHERE initiatief_id IN {nodes} OR organisatie_id IN {nodes}")
    con.execute(f"DELETE FROM veld_bronnen WHERE record_id IN {nodes}")
    con.execute("DELETE FROM mijlpalen WHERE is_synthetisch")
    synthetic = "(SELECT initiatief_id FROM initiatieven WHERE is_synthetisch)"
    con.execute(f"DELETE FROM initiatief_themas WHERE initiatief_id IN {synthetic}")
    con.execute(f"DELETE FROM initiatief_kernen WHERE initiatief_id IN {synthetic}")
    con.execute("DELETE FROM initiatieven WHERE is_synthetisch")
    con.execute("DELETE FROM organisaties WHERE is_synthetisch")
    return echte


def frames(con: duckdb.DuckDBPyConnection, initiatieven: int, verbindingen: int, seed: int = 42) -> dict[str, pd.DataFrame]:
    """The synthetic rows as DataFrames (also used by benchmarks to write CSV files)."""
    rng = np.random.default_rng(seed)
    kernen = con.execute("SELECT kern_id, gemeente_code, latitude, longitude FROM kernen WHERE latitude IS NOT NULL").df()
    thema_ids = [r[0] for r in con.execute("SELECT thema_id FROM themas ORDER BY volgorde").fetchall()]
    pick = rng.integers(0, len(kernen), initiatieven)
    ids = [f"syn-{i:06d}" for i in range(1, initiatieven + 1)]
    ini = pd.DataFrame({
        "initiatief_id": ids,
        "naam": [f"Synthetisch initiatief {i}" for i in range(1, initiatieven + 1)],
        "kern_id": kernen["kern_id"].to_numpy()[pick],
        "gemeente_code": kernen["gemeente_code"].to_numpy()[pick],
        "beschrijving": "Verzonnen record voor test- en demodoeleinden.",
        "fase": rng.choice(np.array(FASEN, dtype=object), initiatieven),
        "status": rng.choice(np.array(STATUSSEN, dtype=object), initiatieven),
        "startjaar": rng.integers(2005, 2025, initiatieven),
        "is_pilot": False,
        "latitude": kernen["latitude"].to_numpy()[pick] + rng.normal(0, 0.004, initiatieven),
        "longitude": kernen["longitude"].to_numpy()[pick] + rng.normal(0, 0.006, initiatieven),
        "bron": BRON,
        "is_synthetisch": True,
    })
    n_themas = rng.integers(1, 4, initiatieven)
    themas = pd.DataFrame({
        "initiatief_id": np.repeat(ids, n_themas),
        "thema_id": [t for n in n_themas for t in rng.choice(thema_ids, n, replace=False)],
    })
    n_org = max(1, initiatieven // 50)
    org_pick = rng.integers(0, len(kernen), n_org)
    orgs = pd.DataFrame({
        "organisatie_id": [f"syn-org-{i:05d}" for i in range(1, n_org + 1)],
        "naam": [f"Synthetische organisatie {i}" for i in range(1, n_org + 1)],
        "soort": rng.choice(ORG_SOORTEN, n_org),
        "gemeente_code": kernen["gemeente_code"].to_numpy()[org_pick],
        "latitude": kernen["latitude"].to_numpy()[org_pick],
        "longitude": kernen["longitude"].to_numpy()[org_pick],
        "bron": BRON,
        "is_synthetisch": True,
    })
    nodes = np.array(ids + orgs["organisatie_id"].tolist(), dtype=object)
    van = rng.integers(0, len(nodes), verbindingen)
    naar = (van + rng.integers(1, len(nodes), verbindingen)) % len(nodes)  # never a self-loop
    ver = pd.DataFrame({
        "verbinding_id": [f"syn-ver-{i:06d}" for i in range(1, verbindingen + 1)],
        "van_id": nodes[van],
        "naar_id": nodes[naar],
        "soort": rng.choice(VERBINDING_SOORTEN, verbindingen),
        "sinds": rng.integers(2010, 2025, verbindingen),
        "bron": BRON,
        "is_synthetisch": True,
    })
    return {"initiatieven": ini, "initiatief_themas": themas, "organisaties": orgs, "verbindingen": ver}


def add(path: Path, initiatieven: int, verbindingen: int, seed: int = 42) -> None:
    """Replace any synthetic data in the store at `path` with a fresh set (atomically)."""
    started = dt.datetime.now()

    def change(con: duckdb.DuckDBPyConnection) -> None:
        _remove(con)
        data = frames(con, initiatieven, verbindingen, seed)
        for table in ("organisaties", "initiatieven", "initiatief_themas", "verbindingen"):
            con.register("syn_df", data[table])
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM syn_df")  # table from a fixed list
            con.unregister("syn_df")
        con.execute("INSERT INTO initiatief_kernen SELECT initiatief_id, kern_id FROM initiatieven WHERE is_synthetisch")
        vul_netwerk_maten(con)
        log_run(con, soort="synthetisch", gestart=started, uitkomst="gelukt",
                toegevoegd=initiatieven + len(data["organisaties"]) + verbindingen,
                melding=f"Synthetische testdata: {initiatieven} initiatieven, {verbindingen} verbindingen")

    store.update(path, change)


def remove(path: Path) -> int:
    """Remove all synthetic data and the links to it; returns how many real links were removed."""
    started = dt.datetime.now()
    echte: list[int] = []

    def change(con: duckdb.DuckDBPyConnection) -> None:
        echte.append(_remove(con))
        vul_netwerk_maten(con)
        log_run(con, soort="synthetisch", gestart=started, uitkomst="gelukt",
                melding="Synthetische testdata verwijderd" + _links_text(echte[0]))

    store.update(path, change)
    return echte[0]

def _links_text(n: int) -> str:
    if not n:
        return ""
    return f", met {n} {'verbinding' if n == 1 else 'verbindingen'} van echte records naar synthetische"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Laad (of verwijder) synthetische testdata, duidelijk gemarkeerd.")
    parser.add_argument("--initiatives", "--initiatieven", type=int, default=1000, dest="initiatieven")
    parser.add_argument("--verbindingen", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--verwijder", action="store_true", help="verwijder alle synthetische data")
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    path = args.db or config.db_path()
    if args.verwijder:
        n = remove(path)
        print(f"Synthetische data verwijderd uit {path}" + _links_text(n))
    else:
        add(path, args.initiatieven, args.verbindingen, args.seed)
        print(f"Synthetische data geladen in {path}: {args.initiatieven} initiatieven, {args.verbindingen} verbindingen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
