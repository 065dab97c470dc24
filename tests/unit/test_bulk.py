"""The bulk replay of the import archive (pipelines.bulk, issue 13) builds exactly the store that
replaying the entries one by one builds: on a hand-made mixed archive (complete registers that
retire and reactivate, kern lists, a gemeente move that drops the kern, theme changes, a file
without a kern column, an older file, place names that are no woonplaats (Cabauw, in Lopik), contacts,
links, milestones and an undo) and on random quarterly archives. Every table is compared row for row, except the clock times of the runs."""
from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines import archive, build, bulk, store
from pipelines.errors import RowsRejected
from pipelines.ingest import apply, parse
from pipelines.undo import undo
from tests.ingest_util import FIXTURES, lees

KOPPEN = ["ID", "Naam initiatief", "Gemeente", "Dorp/kern", "Thema's", "Fase", "Status", "Jaar van start",
          "Breedtegraad", "Lengtegraad"]


def _alles(db: Path) -> dict[str, list[tuple]]:
    """Every table, sorted; the runs without their clock times (a rebuild's own run starts now)."""
    con = store.open_readonly(db)
    try:
        namen = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'live' "
                                           "ORDER BY 1").fetchall()]
        uit = {}
        for t in namen:  # names from the catalog
            if t == "netwerk_maten":  # a cache of the graph layout (tests/unit/test_network.py)
                continue
            sql = {"ingest_runs": "SELECT * EXCLUDE (klaar_op) REPLACE (CASE WHEN soort = 'build' THEN NULL "
                                  "ELSE gestart_op END AS gestart_op) FROM ingest_runs",
                   "schema_version": "SELECT version FROM schema_version",
                   "record_versies": "SELECT tabel, record_id, run_id, wijziging, gegevens::VARCHAR FROM record_versies",
                   }.get(t, f"SELECT * FROM {t}")
            uit[t] = sorted(con.execute(sql).fetchall(), key=repr)
        return uit
    finally:
        con.close()


def _herbouw(db: Path, doel: Path, bulk_aan: bool) -> dict[str, int]:
    with store.write_lock(doel):
        return build.build_locked(doel, archief_van=db, bulk=bulk_aan)


def _vergelijk(db: Path, tmp_path: Path) -> dict[str, int]:
    """Rebuild `db`'s archive both ways; the tables must be equal. Returns the bulk build's counts."""
    telling = _herbouw(db, tmp_path / "bulk.duckdb", True)
    los = _herbouw(db, tmp_path / "los.duckdb", False)
    assert los == {"bulk": 0, "los": sum(telling.values())}
    a, b = _alles(tmp_path / "bulk.duckdb"), _alles(tmp_path / "los.duckdb")
    assert a.keys() == b.keys()
    for t in a:
        if a[t] != b[t]:
            extra = [r for r in a[t] if r not in b[t]][:3]
            mist = [r for r in b[t] if r not in a[t]][:3]
            pytest.fail(f"{t}: bulk heeft {extra}, per vermelding {mist}")
    return telling


_KWARTAAL = itertools.count()


def ingest(kind: str, pad: Path, db: Path, volledig: bool = False):
    """Import as the command line does, each file a quarter after the previous one (so every
    import confirms its records on a date of its own)."""
    parsed = parse(kind, pad, None, db)
    op = dt.datetime(2020, 1, 1, 9) + dt.timedelta(days=91 * next(_KWARTAAL))
    return apply(dataclasses.replace(parsed, gestart_op=op), db, volledig=volledig)


def _csv(pad: Path, rijen: list[list], koppen: list[str] = KOPPEN) -> Path:
    pd.DataFrame(rijen, columns=koppen).to_csv(pad, sep=";", index=False, encoding="utf-8-sig")
    return pad


# id, naam, gemeente, kern(en), thema's, fase, status, startjaar, lat, lon
A = [
    ["b-1", "Dorpsraad Werkhoven", "Bunnik", "Werkhoven", "Energie", "opstart", "actief", 2019, "52,02", "5,23"],
    ["b-2", "Samen Odijk", "Bunnik", "Odijk, Werkhoven", "Zorg; Voedsel", "uitvoering", "actief", 2018, "", ""],
    ["b-3", "Buurtbus Bunnik", "Bunnik", "Bunnik", "Mobiliteit", "verkennen", "", 2021, "", ""],
    ["l-1", "Energie Benschop", "Lopik", "Benschop", "Energie", "uitvoering", "actief", 2017, "", ""],
    ["l-2", "Zorgcoöperatie Lopik", "Lopik", "", "Zorg", "borging", "actief", 2015, "", ""],
    ["l-3", "Moestuin Jaarsveld", "Lopik", "Jaarsveld", "Voedsel", "opstart", "actief", 2022, "", ""],
    ["ini-gelukkig-en-vitaal", "Gelukkig en vitaal Werkhoven, Bunnik en Odijk", "Bunnik", "Werkhoven, Bunnik, Odijk",
     "Zorg", "uitvoering", "actief", 2020, "", ""],
]
B = [
    ["b-1", "Dorpsraad Werkhoven", "Bunnik", "Werkhoven", "Energie; Wonen", "uitvoering", "actief", 2019, "52,02", "5,23"],
    ["b-2", "Samen Odijk", "Bunnik", "Odijk", "Zorg; Voedsel", "uitvoering", "gestopt", 2018, "", ""],
    ["b-3", "Buurtbus Bunnik", "Lopik", "", "Mobiliteit", "verkennen", "", 2021, "", ""],  # moves, kern dropped
    ["l-1", "Energie Benschop", "Lopik", "Benschop, Polsbroek", "", "uitvoering", "actief", 2016, "", ""],
    ["l-4", "Dorpshuis Polsbroek", "Lopik", "Polsbroek", "Wonen", "verkennen", "actief", 2024, "", ""],
    ["ini-gelukkig-en-vitaal", "Gelukkig en vitaal Werkhoven, Bunnik en Odijk", "Bunnik", "Werkhoven, Odijk",
     "Zorg; Energie", "uitvoering", "actief", 2020, "", ""],
]  # l-2 and l-3 are left out: retired (complete register of Bunnik and Lopik)


def _p(id_: str, naam: str, gem: str, kern: str, fase: str = "opstart") -> list:
    return [id_, naam, gem, kern, "Voedsel", fase, "actief", 2021, "", ""]


# The place name follows its kern cell (initiatieven.plaatsnaam, diffing.waarden): Cabauw is a place
# of woonplaats Lopik, so 'Cabauw' and 'Lopik' give the same kern and differ only in the place name.
PLAATSEN = [
    [_p("p-1", "Dorpstafel Cabauw", "Lopik", "Cabauw"), _p("p-2", "Kerkje", "Lopik", "Lopik"),
     _p("p-3", "Speeltuin", "Lopik", "Cabauw")],
    [_p("p-1", "Dorpstafel Cabauw", "Lopik", ""),  # an empty cell keeps kern and place
     _p("p-2", "Kerkje", "Lopik", "Cabauw"),  # the same kern, only the place name changes
     _p("p-3", "Speeltuin", "Lopik", "Lopik")],  # the woonplaats itself: the place name goes
    [_p("p-1", "Dorpstafel Cabauw", "Bunnik", ""),  # moves: kern and place dropped
     _p("p-2", "Kerkje", "Lopik", "", "uitvoering"),  # another field changes, the place stays
     _p("p-3", "Speeltuin", "Lopik", "Cabauw")],
    [_p("p-1", "Dorpstafel Cabauw", "Lopik", "Cabauw"),  # back, with its place
     _p("p-3", "Speeltuin", "Lopik", "Jaarsveld")],  # another kern drops the place
]


@pytest.fixture(scope="module")
def gemengd(seed_db, tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("gemengd")
    db = tmp_path / "vliegwiel.duckdb"
    shutil.copy(seed_db, db)
    ingest("initiatieven", _csv(tmp_path / "a.csv", A), db, volledig=True)
    ingest("initiatieven", _csv(tmp_path / "b.csv", B), db, volledig=True)
    # No kern column: l-2 is back (reactivated, status empty), b-2's status changes, l-3 stays retired.
    ingest("initiatieven", _csv(tmp_path / "c.csv", [["l-2", "Zorgcoöperatie Lopik", "Lopik", "opstart", ""],
                                                     ["b-2", "Samen Odijk", "", "", "actief"]],
                                ["ID", "Naam initiatief", "Gemeente", "Fase", "Status"]), db)
    ingest("initiatieven", _csv(tmp_path / "a-oud.csv", A), db, volledig=True)  # an older export after a newer one
    for i, rijen in enumerate(PLAATSEN):
        ingest("initiatieven", _csv(tmp_path / f"p{i}.csv", rijen), db)
    ingest("verbindingen", _csv(tmp_path / "v.csv", [["b-1", "Gemeente Bunnik", "financiering", 2020],
                                                     ["l-1", "l-2", "samenwerking", 2021]],
                                ["Van", "Naar", "Soort verbinding", "Sinds"]), db)
    # Contact persons: added; an empty e-mail cell keeps the stored one; another person replaces one.
    contact = ["ID", "Naam initiatief", "Gemeente", "Naam contactpersoon", "E-mail", "Telefoon"]
    ingest("initiatieven", _csv(tmp_path / "c1.csv", [["l-3", "Moestuin Jaarsveld", "Lopik", "Ria Jansen", "ria@example.nl", ""],
                                                      ["b-1", "Dorpsraad Werkhoven", "Bunnik", "Piet Bos", "", "030-1234567"]],
                                contact), db)
    ingest("initiatieven", _csv(tmp_path / "c2.csv", [["l-3", "Moestuin Jaarsveld", "Lopik", "Ria Jansen", "", "0348-1"],
                                                      ["b-1", "Dorpsraad Werkhoven", "Bunnik", "Kees Smit", "kees@example.nl", ""],
                                                      ["l-1", "Energie Benschop", "Lopik", "", "", ""]], contact), db)
    ingest("initiatieven", _csv(tmp_path / "c3.csv", [["l-3", "Moestuin Jaarsveld", "Lopik", "Ria Jansen", "", "0348-1"]],
                                contact), db)
    ingest("initiatieven", _csv(tmp_path / "b2.csv", B), db, volledig=True)
    ingest("initiatieven", _csv(tmp_path / "b3.csv", B[:3]), db)  # the same rows again: nothing changes
    ingest("mijlpalen", FIXTURES / "mijlpalen.csv", db)
    ingest("initiatieven", _csv(tmp_path / "d.csv", [r[:2] + ["Utrechtse Heuvelrug", "Doorn"] + r[4:8] + ["", ""]
                                                   for r in A[:2]]), db)
    ingest("initiatieven", _csv(tmp_path / "a2.csv", A), db, volledig=True)
    undo("000002-initiatieven", db)
    return db


@pytest.fixture(scope="module")
def herbouwd(gemengd, tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The mixed archive rebuilt both ways (compared table by table): the bulk build and its counts."""
    tmp_path = tmp_path_factory.mktemp("herbouwd")
    return tmp_path / "bulk.duckdb", _vergelijk(gemengd, tmp_path)


def test_bulk_and_per_entry_replay_build_the_same_store(herbouwd):
    _db, telling = herbouwd
    assert telling["bulk"] >= 5, telling  # runs of imports did go through the bulk path
    assert telling["los"] >= 3, telling  # links, milestones and the undo did not


def test_the_mixed_archive_exercises_what_the_bulk_path_folds(herbouwd):
    db, _telling = herbouwd
    wijzigingen = {r[0] for r in lees(db, "SELECT DISTINCT wijziging FROM record_versies")}
    assert wijzigingen == {"nieuw", "gewijzigd", "niet meer in register"}
    assert lees(db, "SELECT count(*) FROM veld_bronnen")[0][0] > 0
    # The last complete register (A) retired l-4 again; the undo took back the first B.
    assert lees(db, "SELECT status FROM initiatieven WHERE initiatief_id = 'l-4'") == [("niet meer in register",)]
    assert lees(db, "SELECT count(*) FROM ingest_runs WHERE archief = '000002-initiatieven'")[0][0] == 0
    assert lees(db, "SELECT naam, email, telefoon FROM contactpersonen WHERE initiatief_id IN ('l-3', 'b-1') "
                    "ORDER BY naam") == [("Kees Smit", "kees@example.nl", None), ("Ria Jansen", "ria@example.nl", "0348-1")]
    assert lees(db, "SELECT count(*) FROM ingest_runs WHERE melding LIKE '%1 contactpersoon vervangen%'")[0][0] == 1
    # The place names changed in the run of PLAATSEN (the complete register B retired p-* later).
    assert lees(db, "SELECT count(*) FROM veld_bronnen WHERE veld = 'plaatsnaam'")[0][0] == 3  # p-1, p-2, p-3
    assert lees(db, "SELECT count(DISTINCT gegevens->>'plaatsnaam') FROM record_versies "
                    "WHERE gegevens->>'plaatsnaam' = 'Cabauw'")[0][0] == 1


def _plaatsen_verloop(db: Path) -> dict[str, list[tuple]]:
    """Per record its (kern, place name) in every version, in order."""
    uit: dict[str, list[tuple]] = {}
    for rid, kern, plaats in lees(db, "SELECT v.record_id, k.naam, v.gegevens->>'plaatsnaam' FROM record_versies v "
                                      "LEFT JOIN kernen k ON k.kern_id = v.gegevens->>'kern_id' "
                                      "WHERE v.record_id LIKE 'p-%' ORDER BY v.record_id, v.run_id"):
        uit.setdefault(rid, []).append((kern, plaats))
    return uit


def test_place_names_replay_in_bulk_as_the_imports_wrote_them(writable_db, tmp_path):
    """A run whose files have a kern column goes through the bulk path and gives the place names
    (and their versions and field sources) the imports gave, file by file."""
    db = writable_db
    for i, rijen in enumerate(PLAATSEN):
        ingest("initiatieven", _csv(tmp_path / f"p{i}.csv", rijen), db)
    verwacht = {"p-1": [("Lopik", "Cabauw"), (None, None), ("Lopik", "Cabauw")],
                "p-2": [("Lopik", None), ("Lopik", "Cabauw"), ("Lopik", "Cabauw")],
                "p-3": [("Lopik", "Cabauw"), ("Lopik", None), ("Lopik", "Cabauw"), ("Jaarsveld", None)]}
    assert _plaatsen_verloop(db) == verwacht  # the reference: the imports, one by one
    telling = _vergelijk(db, tmp_path)
    assert telling == {"bulk": 4, "los": 0}
    assert _plaatsen_verloop(tmp_path / "bulk.duckdb") == verwacht
    a, b = _alles(db), _alles(tmp_path / "bulk.duckdb")
    for t in a:
        assert a[t] == b[t], t
    assert lees(db, "SELECT record_id, bron FROM veld_bronnen WHERE veld = 'plaatsnaam' ORDER BY 1") == [
        ("p-1", "p3.csv (" + lees(db, "SELECT sha256 FROM ingest_runs WHERE bestand = 'p3.csv'")[0][0][:8] + ")"),
        ("p-2", "p1.csv (" + lees(db, "SELECT sha256 FROM ingest_runs WHERE bestand = 'p1.csv'")[0][0][:8] + ")"),
        ("p-3", "p3.csv (" + lees(db, "SELECT sha256 FROM ingest_runs WHERE bestand = 'p3.csv'")[0][0][:8] + ")")]


def test_the_bulk_build_equals_the_store_the_imports_wrote(writable_db, tmp_path):
    """Without an undo the live store (written import by import) is the reference too."""
    db = writable_db
    ingest("initiatieven", _csv(tmp_path / "a.csv", A), db, volledig=True)
    ingest("initiatieven", _csv(tmp_path / "b.csv", B), db, volledig=True)
    ingest("initiatieven", _csv(tmp_path / "a2.csv", A), db, volledig=True)
    telling = _herbouw(db, tmp_path / "bulk.duckdb", True)
    assert telling == {"bulk": 3, "los": 0}
    a, b = _alles(db), _alles(tmp_path / "bulk.duckdb")
    for t in a:
        assert a[t] == b[t], t


def test_a_run_outside_the_bulk_path_is_replayed_entry_by_entry(writable_db, tmp_path, monkeypatch):
    db = writable_db
    ingest("initiatieven", _csv(tmp_path / "a.csv", A), db)
    ingest("initiatieven", _csv(tmp_path / "b.csv", B), db)
    monkeypatch.setattr(bulk, "_past", lambda bron, doel: False)  # as if a column's type did not fit
    assert _herbouw(db, tmp_path / "x.duckdb", True) == {"bulk": 0, "los": 2}


def test_a_failed_bulk_write_builds_again_entry_by_entry(writable_db, tmp_path, monkeypatch):
    db = writable_db
    ingest("initiatieven", _csv(tmp_path / "a.csv", A), db)
    ingest("initiatieven", _csv(tmp_path / "b.csv", B), db)
    verwacht = _alles(db)

    def kapot(con, plan):
        con.execute("INSERT INTO ingest_runs (run_id) VALUES (NULL)")  # half-way: a constraint error
    monkeypatch.setattr(bulk, "_schrijf", kapot)
    assert _herbouw(db, tmp_path / "x.duckdb", True) == {"bulk": 0, "los": 2}
    assert _alles(tmp_path / "x.duckdb") == verwacht


def _kwartalen(tmp_path: Path, seed: int, n: int = 40, k: int = 8) -> list[tuple[Path, bool]]:
    """k random registers of about n initiatives in three gemeenten: values, kern lists, themes and
    statuses change, cells are emptied, records move, leave (a complete register) and come back;
    every third file has no kern column."""
    rng = np.random.default_rng(seed)
    kernen = {"Bunnik": ["Bunnik", "Odijk", "Werkhoven"], "Lopik": ["Benschop", "Cabauw", "Jaarsveld", "Lopik", "Polsbroek"],
              "Utrechtse Heuvelrug": ["Doorn", "Leersum", "Maarn", "Amerongen"]}
    themas = ["Energie", "Zorg", "Voedsel", "Wonen", "Mobiliteit"]
    fasen = ["verkennen", "opstart", "uitvoering", "borging", ""]
    statussen = ["actief", "actief", "gestopt", "afgerond", ""]

    def kies_kernen(gem: str) -> str:
        m = int(rng.choice([0, 1, 1, 2]))
        return ", ".join(rng.choice(kernen[gem], m, replace=False)) if m else ""

    rec = {}
    for i in range(n):
        gem = str(rng.choice(list(kernen)))
        rec[f"r-{seed}-{i}"] = [f"r-{seed}-{i}", f"Initiatief {seed}-{i}", gem, kies_kernen(gem),
                                "; ".join(rng.choice(themas, int(rng.integers(1, 3)), replace=False)),
                                str(rng.choice(fasen[:4])), "actief", int(rng.integers(2000, 2024)), "", ""]
    weg: set[str] = set()
    contact: dict[str, list[str]] = {}
    paden = []
    for q in range(k):
        zonder_kern = q % 3 == 2  # a move there would contradict the stored kern: refused, so none
        if q:
            for r in rec.values():
                x = rng.random()
                if x < 0.15:
                    r[5] = str(rng.choice(fasen))
                elif x < 0.25:
                    r[3] = kies_kernen(r[2])
                elif x < 0.32:
                    r[4] = "" if rng.random() < 0.3 else "; ".join(rng.choice(themas, int(rng.integers(1, 4)), replace=False))
                elif x < 0.38:
                    r[6] = str(rng.choice(statussen))
                elif x < 0.42 and not zonder_kern:
                    r[2] = str(rng.choice(list(kernen)))  # moves; its kern cell empty or in the new gemeente
                    r[3] = "" if rng.random() < 0.5 else kies_kernen(r[2])
                elif x < 0.46:
                    r[7] = "" if rng.random() < 0.5 else int(rng.integers(2000, 2024))
            ids = list(rec)
            weg = set(rng.choice(ids, 4, replace=False)) | {i for i in weg if rng.random() < 0.5}
        rijen = [r for i, r in rec.items() if i not in weg]
        koppen = KOPPEN
        if zonder_kern:
            koppen = [c for c in KOPPEN if c != "Dorp/kern"]
            rijen = [r[:3] + r[4:] for r in rijen]
        if q % 4 != 3:  # contact persons, from a small pool: kept, changed, replaced, left empty
            koppen = [*koppen, "Naam contactpersoon", "E-mail"]
            for r in rijen:
                if r[0] not in contact or rng.random() < 0.15:
                    contact[r[0]] = [str(rng.choice(["", "Ria Jansen", "Piet Bos", "Kees Smit"])),
                                     str(rng.choice(["", "a@example.nl", "b@example.nl"]))]
            rijen = [r + (contact[r[0]] if contact[r[0]][0] else ["", ""]) for r in rijen]
        paden.append((_csv(tmp_path / f"s{seed}-q{q}.csv", rijen, koppen), not zonder_kern))
    return paden


@pytest.mark.parametrize("seed", [1, 2])
def test_random_quarterly_archives_replay_the_same_both_ways(writable_db, tmp_path, seed):
    db = writable_db
    gelukt = 0
    for pad, volledig in _kwartalen(tmp_path, seed):
        try:
            ingest("initiatieven", pad, db, volledig=volledig)
            gelukt += 1
        except RowsRejected:
            pass
    assert gelukt >= 7
    telling = _vergelijk(db, tmp_path)
    assert telling["bulk"] == gelukt
    assert len(archive.entries(db)) == gelukt


def test_a_rule_of_the_importer_the_bulk_path_does_not_know_makes_it_replay_file_by_file(writable_db, tmp_path,
                                                                                        monkeypatch):
    """Say another column gets a rule of its own in diffing.waarden (like the kern's): the bulk path
    does not guess, it leaves the run to the per-file replay."""
    db = writable_db
    ingest("initiatieven", _csv(tmp_path / "a.csv", A), db)
    ingest("initiatieven", _csv(tmp_path / "b.csv", B), db)
    assert _herbouw(db, tmp_path / "x.duckdb", True) == {"bulk": 2, "los": 0}
    echt = bulk.waarden
    monkeypatch.setattr(bulk, "waarden", lambda cols: echt(cols) | (
        {"fase": "CASE WHEN i.status = 'gestopt' THEN NULL ELSE coalesce(i.fase, t.fase) END"} if "fase" in cols else {}))
    assert _herbouw(db, tmp_path / "y.duckdb", True) == {"bulk": 0, "los": 2}


def test_a_store_the_bulk_path_built_that_fails_the_checks_is_built_again_entry_by_entry(writable_db, tmp_path,
                                                                                         monkeypatch, caplog):
    db = writable_db
    ingest("initiatieven", _csv(tmp_path / "a.csv", A), db)
    ingest("initiatieven", _csv(tmp_path / "b.csv", B), db)
    verwacht = _alles(db)
    echt = bulk._schrijf

    def fout(con, plan):
        echt(con, plan)
        con.execute("UPDATE initiatieven SET is_pilot = FALSE WHERE initiatief_id = 'ini-gelukkig-en-vitaal'")
    monkeypatch.setattr(bulk, "_schrijf", fout)
    with caplog.at_level("WARNING", logger="pipelines.bulk"):
        assert _herbouw(db, tmp_path / "x.duckdb", True) == {"bulk": 0, "los": 2}
    assert _alles(tmp_path / "x.duckdb") == verwacht
    assert "failed the checks" in caplog.text  # a pilot that is no pilot: the checks, not DuckDB
