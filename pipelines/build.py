"""Build the whole store from ../shared/data and the seed register: `python -m pipelines.build`.

A full rebuild into a temporary file that is checked and then swapped onto the live
path, so running it twice gives the same database and a failed run changes nothing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import archive, checks, config, freshness, gazetteer, history, store, upgrade
from pipelines import bulk as bulkreplay
from pipelines.errors import ChecksFailed, StoreError
from pipelines.netwerk_maten import vul as vul_netwerk_maten
from pipelines.runlog import log_run

# Seed tables in foreign-key order; each is data/seed/<table>.csv with the table's column names.
SEED_TABLES = [
    "themas",
    "organisaties",
    "initiatieven",
    "initiatief_kernen",
    "initiatief_themas",
    "verbindingen",
    "pilots",
    "mijlpalen",
    "bijeenkomsten",
    "lessen",
    "contactpersonen",
]

# Column of gemeenten_utrecht_cbs2021.csv -> (column in gemeenten, Dutch label, unit, reference year).
# Population figures are at 1 January 2021. Other themes of this CBS edition refer to
# earlier reference years that the bundle does not record (SOURCES.md), so they say "editie 2021".
CBS_KOLOMMEN: dict[str, tuple[str, str, str, str]] = {
    "population": ("inwoners", "Inwoners", "personen", "1 januari 2021"),
    "pct_age_0_14": ("pct_0_14", "Inwoners 0 tot 15 jaar", "%", "1 januari 2021"),
    "pct_age_15_24": ("pct_15_24", "Inwoners 15 tot 25 jaar", "%", "1 januari 2021"),
    "pct_age_25_44": ("pct_25_44", "Inwoners 25 tot 45 jaar", "%", "1 januari 2021"),
    "pct_age_45_64": ("pct_45_64", "Inwoners 45 tot 65 jaar", "%", "1 januari 2021"),
    "pct_age_65_plus": ("pct_65_plus", "Inwoners 65 jaar en ouder", "%", "1 januari 2021"),
    "avg_household_size": ("gem_huishoudgrootte", "Gemiddelde huishoudensgrootte", "personen", "1 januari 2021"),
    "pct_single_person_households": ("pct_eenpersoonshuishoudens", "Eenpersoonshuishoudens", "%", "1 januari 2021"),
    "population_density_per_km2_land": ("bevolkingsdichtheid", "Inwoners per km² land", "per km²", "editie 2021"),
    "urbanity_class_1_5": ("stedelijkheid", "Mate van stedelijkheid (1 zeer sterk stedelijk, 5 niet stedelijk)", "klasse", "editie 2021"),
    "land_area_km2": ("oppervlakte_land_km2", "Oppervlakte land", "km²", "editie 2021"),
    "water_area_km2": ("oppervlakte_water_km2", "Oppervlakte water", "km²", "editie 2021"),
    "avg_woz_value_keur": ("gem_woz_keur", "Gemiddelde WOZ-waarde woningen", "× € 1.000", "editie 2021"),
    "pct_owner_occupied_homes": ("pct_koopwoningen", "Koopwoningen", "%", "editie 2021"),
    "pct_housing_corporation_homes": ("pct_corporatiewoningen", "Huurwoningen van een woningcorporatie", "%", "editie 2021"),
    "avg_income_per_inhabitant_keur": ("gem_inkomen_per_inwoner_keur", "Gemiddeld inkomen per inwoner", "× € 1.000", "editie 2021"),
    "pct_low_income_households": ("pct_huishoudens_laag_inkomen", "Huishoudens met een laag inkomen", "%", "editie 2021"),
    "dist_gp_km": ("afstand_huisarts_km", "Afstand tot huisartsenpraktijk", "km", "editie 2021"),
    "dist_large_supermarket_km": ("afstand_supermarkt_km", "Afstand tot grote supermarkt", "km", "editie 2021"),
    "dist_school_km": ("afstand_school_km", "Afstand tot school", "km", "editie 2021"),
    "dist_daycare_km": ("afstand_kinderopvang_km", "Afstand tot kinderdagverblijf", "km", "editie 2021"),
    "cars_per_household": ("autos_per_huishouden", "Personenauto's per huishouden", "per huishouden", "editie 2021"),
}

CBS_BRON = "CBS StatLine 85039NED, Kerncijfers wijken en buurten 2021 (CC BY 4.0)"
GRENS_BRON = "CBS/PDOK gemeentegrenzen 2022, gegeneraliseerd (CC BY 4.0)"
KERN_BRON = ("CBS Woonplaatsen in Nederland (2018), gemeenten 2022; punt: GeoNames (CC BY 4.0); "
             "inwoners: CBS inwoners per postcode (PC4), 1 januari 2021, benadering")

# Village figures (kernen_utrecht_cbs2024.csv): column in kern_cijfers -> (column in the file,
# Dutch label, unit, reference year, coverage column, comparable column of gemeenten 2021).
# Population and households at 1 January 2024; the distances carry the edition only: the CBS
# metadata do not give the facilities' reference year (SOURCES.md).
KERN_KOLOMMEN: dict[str, tuple[str, str, str, str, str | None, str | None]] = {
    "inwoners": ("inwoners", "Inwoners", "personen", "1 januari 2024", None, "inwoners"),
    "pct_0_14": ("pct_0_14", "Inwoners 0 tot 15 jaar", "%", "1 januari 2024", "dekking_leeftijd_pct", "pct_0_14"),
    "pct_65plus": ("pct_65plus", "Inwoners 65 jaar en ouder", "%", "1 januari 2024", "dekking_leeftijd_pct", "pct_65_plus"),
    "huishoudens": ("huishoudens", "Huishoudens", "huishoudens", "1 januari 2024", "dekking_huishoudens_pct", None),
    "gem_huishoudensgrootte": ("gem_huishoudensgrootte", "Gemiddelde huishoudensgrootte", "personen",
                               "1 januari 2024", "dekking_huishoudens_pct", "gem_huishoudgrootte"),
    "inwoners_per_km2_land": ("inwoners_per_km2_land", "Inwoners per km² land", "per km²", "1 januari 2024",
                              None, "bevolkingsdichtheid"),
    "afstand_huisarts_km": ("afstand_huisartsenpraktijk_km", "Afstand tot huisartsenpraktijk", "km", "editie 2024",
                            "dekking_afstanden_pct", "afstand_huisarts_km"),
    "afstand_supermarkt_km": ("afstand_grote_supermarkt_km", "Afstand tot grote supermarkt", "km", "editie 2024",
                              "dekking_afstanden_pct", "afstand_supermarkt_km"),
    "afstand_school_km": ("afstand_school_km", "Afstand tot basisschool", "km", "editie 2024",
                          "dekking_afstanden_pct", "afstand_school_km"),
}
KERN_CIJFERS_BRON = ("CBS StatLine 85984NED, Kerncijfers wijken en buurten 2024, opgeteld over de buurten "
                     "van de woonplaats (CC BY 4.0)")

BRONNEN = [
    ("S1", "Gemeentegrenzen 2022 (gegeneraliseerd)", "gemeenten_utrecht_2022.geojson", "CBS / PDOK", "2022", "CC BY 4.0", "geodata"),
    ("S2", "Kerncijfers wijken en buurten 2021 (85039NED)", "gemeenten_utrecht_cbs2021.csv", "CBS", "1 januari 2021", "CC BY 4.0", "statistiek"),
    ("S5", "Woonplaatsen in Nederland", "woonplaatsen_utrecht_cbs2018.csv", "CBS", "2018", "CC BY 4.0", "gazetteer"),
    ("S6", "GeoNames plaatsen Nederland (locaties)", "woonplaatsen_utrecht_locaties.csv", "GeoNames", "2024-01-25", "CC BY 4.0", "gazetteer"),
    ("S7", "Inwoners per postcode (PC4), 83503NED", "woonplaatsen_utrecht_locaties.csv", "CBS", "1 januari 2021", "CC BY 4.0", "statistiek"),
    ("K1", "Kerncijfers wijken en buurten 2024 (85984NED), per buurt en per woonplaats",
     "kernen_utrecht_cbs2024.csv", "CBS", "1 januari 2024", "CC BY 4.0", "statistiek"),
    ("S4", "GeoNames plaatsen (ook plaatsen die geen woonplaats zijn)", "kernen_utrecht_geonames.csv", "GeoNames",
     "2024", "CC BY 4.0", "gazetteer"),
    ("PROV", "Provinciegrens Utrecht (samengevoegd uit S1)", "provincie_utrecht.geojson", "CBS / PDOK", "2022", "CC BY 4.0", "geodata"),
]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_seed(name: str, seed_dir: Path) -> pd.DataFrame:
    """A seed CSV as strings; empty cells become NULL (unknown), never ''."""
    return pd.read_csv(seed_dir / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")


def load_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))
    con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [config.SCHEMA_VERSION])


def load_bronnen(con: duckdb.DuckDBPyConnection, seed_dir: Path, seed_docs: Path) -> None:
    con.executemany("INSERT INTO bronnen VALUES (?, ?, ?, ?, ?, ?, ?)", BRONNEN)
    documenten = read_seed("documenten", seed_dir).set_index("bron_id")
    for doc in sorted(seed_docs.glob("*.txt")):
        meta = documenten.loc[doc.name] if doc.name in documenten.index else None
        con.execute(
            "INSERT INTO bronnen VALUES (?, ?, ?, ?, ?, NULL, 'document')",
            [doc.name, doc.name if meta is None else meta["titel"], doc.name,
             None if meta is None or pd.isna(meta["uitgever"]) else meta["uitgever"],
             None if meta is None or pd.isna(meta["peildatum"]) else meta["peildatum"]],
        )


def load_geografie(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    geo = json.loads((data_dir / "gemeenten_utrecht_2022.geojson").read_text(encoding="utf-8"))
    grenzen = {f["properties"]["gemeente_code"]: json.dumps(f["geometry"], separators=(",", ":"))
               for f in geo["features"]}
    cbs = pd.read_csv(data_dir / "gemeenten_utrecht_cbs2021.csv")
    gemeenten = cbs[["gemeente_code", "gemeente_naam", *CBS_KOLOMMEN]].rename(
        columns={"gemeente_naam": "naam", **{k: v[0] for k, v in CBS_KOLOMMEN.items()}})
    missing = set(grenzen) ^ set(gemeenten["gemeente_code"])
    if missing:
        raise ValueError(f"Gemeenten zonder grens of zonder cijfers: {sorted(missing)}")
    gemeenten["geometry_geojson"] = gemeenten["gemeente_code"].map(grenzen)
    gemeenten["grens_bron"] = GRENS_BRON
    gemeenten["cijfers_bron"] = CBS_BRON
    con.register("gemeenten_df", gemeenten)
    con.execute("INSERT INTO gemeenten BY NAME SELECT * FROM gemeenten_df")
    con.unregister("gemeenten_df")
    con.executemany(
        "INSERT INTO indicatoren VALUES (?, ?, ?, ?, ?, ?)",
        [(kolom, label, eenheid, jaar, CBS_BRON, i) for i, (kolom, label, eenheid, jaar) in enumerate(CBS_KOLOMMEN.values())],
    )

    prov = json.loads((data_dir / "provincie_utrecht.geojson").read_text(encoding="utf-8"))["features"][0]
    con.execute("INSERT INTO provincie VALUES (?, ?, ?, ?)",
                [prov["properties"]["provincie_code"], prov["properties"]["provincie_naam"],
                 json.dumps(prov["geometry"], separators=(",", ":")), GRENS_BRON])

    kernen = pd.read_csv(data_dir / "woonplaatsen_utrecht_locaties.csv", dtype={"inwoners": "Int64"})
    kernen = pd.DataFrame({
        "kern_id": kernen["woonplaats_code"],
        "naam": kernen["woonplaats_naam"],
        "gemeente_code": kernen["gemeente_code"],
        "latitude": kernen["latitude"],
        "longitude": kernen["longitude"],
        "inwoners": kernen["inwoners"],
        "inwoners_peildatum": kernen["inwoners_peildatum"].where(kernen["inwoners"].notna()),
        "is_kleine_kern": [None if pd.isna(n) else bool(n < config.KLEINE_KERN_DREMPEL) for n in kernen["inwoners"]],
        "grootteklasse": [None if pd.isna(n) else config.grootteklasse(int(n)) for n in kernen["inwoners"]],
        "locatie_bron": kernen["locatie_bron"],
        "bron": KERN_BRON,
    })
    con.register("kernen_df", kernen)
    con.execute("INSERT INTO kernen BY NAME SELECT * FROM kernen_df")
    con.unregister("kernen_df")

    # The gemeenten and the province are actors in the network too.
    con.execute("""
        INSERT INTO organisaties (organisatie_id, naam, soort, schaal, gemeente_code, bron)
        SELECT gemeente_code, 'Gemeente ' || naam, 'gemeente', 'lokaal', gemeente_code, grens_bron FROM gemeenten
    """)
    con.execute("""
        INSERT INTO organisaties (organisatie_id, naam, soort, schaal, bron)
        SELECT provincie_code, 'Provincie ' || naam, 'provincie', 'provinciaal', bron FROM provincie
    """)


def load_kern_cijfers(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """kern_cijfers and kern_indicatoren from kernen_utrecht_cbs2024.csv: one row per woonplaats,
    values as published (no averaging across years), with the source's coverage and notes."""
    raw = pd.read_csv(data_dir / "kernen_utrecht_cbs2024.csv", dtype={"opmerking": str, "koppeling": str})
    bekend = {r[0] for r in con.execute("SELECT kern_id FROM kernen").fetchall()}
    if set(raw["woonplaats_code"]) != bekend:
        raise ValueError("kernen_utrecht_cbs2024.csv hoort precies de woonplaatsen van de kernen te bevatten; "
                         f"verschil: {sorted(set(raw['woonplaats_code']) ^ bekend)}")
    df = pd.DataFrame({
        "kern_id": raw["woonplaats_code"], "jaar": raw["jaar"], "peildatum_bevolking": raw["peildatum_bevolking"],
        "bron_tabel": raw["bron_tabel"], "koppeling": raw["koppeling"], "n_buurten": raw["n_buurten"],
        "inwoners_0_14": raw["inwoners_0_14"], "inwoners_65plus": raw["inwoners_65plus"],
        **{k: raw[v[0]] for k, v in KERN_KOLOMMEN.items()},
        **{c: raw[c] for c in ("dekking_leeftijd_pct", "dekking_huishoudens_pct", "dekking_afstanden_pct",
                               "oppervlakte_land_km2")},
        "opmerking": raw["opmerking"], "bron": KERN_CIJFERS_BRON,
    })
    con.register("kern_cijfers_df", df)
    con.execute("INSERT INTO kern_cijfers BY NAME SELECT * FROM kern_cijfers_df")
    con.unregister("kern_cijfers_df")
    con.executemany("INSERT INTO kern_indicatoren VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(kolom, label, eenheid, jaar, KERN_CIJFERS_BRON, dekking, gem, i)
                     for i, (kolom, (_src, label, eenheid, jaar, dekking, gem)) in enumerate(KERN_KOLOMMEN.items())])

    buurten = pd.read_csv(data_dir / "buurten_utrecht_cbs2024.csv", dtype={"pc4": str, "opmerking": str})
    buurten = buurten.rename(columns={"buurt_naam": "naam", "woonplaats_code": "kern_id",
                                      "afstand_huisartsenpraktijk_km": "afstand_huisarts_km",
                                      "afstand_grote_supermarkt_km": "afstand_supermarkt_km"})
    buurten = buurten.drop(columns=["woonplaats_naam"])
    con.register("buurten_df", buurten)
    con.execute("INSERT INTO buurten BY NAME SELECT * FROM buurten_df")
    con.unregister("buurten_df")


def load_seeds(con: duckdb.DuckDBPyConnection, seed_dir: Path) -> None:
    for table in SEED_TABLES:
        path = seed_dir / f"{table}.csv"
        if not path.exists():
            continue
        df = read_seed(table, seed_dir)
        if df.empty:
            continue
        con.register("seed_df", df)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM seed_df")  # table name from SEED_TABLES
        except duckdb.Error as exc:
            raise ValueError(f"Seed {path.name} past niet in tabel {table}: {exc}") from exc
        finally:
            con.unregister("seed_df")
    add_home_kernen(con)


def add_home_kernen(con: duckdb.DuckDBPyConnection) -> None:
    """List each initiative's home kern in initiatief_kernen too (the table coverage reads)."""
    con.execute("""
        INSERT INTO initiatief_kernen
        SELECT initiatief_id, kern_id FROM initiatieven WHERE kern_id IS NOT NULL
        EXCEPT SELECT initiatief_id, kern_id FROM initiatief_kernen
    """)


def record_run(con: duckdb.DuckDBPyConnection, started: dt.datetime, sources: list[Path]) -> int:
    digest = hashlib.sha256("".join(sha256_of(p) for p in sources).encode()).hexdigest()
    rows = con.execute("SELECT count(*) FROM initiatieven").fetchone()[0]
    return log_run(con, soort="build", gestart=started, uitkomst="gelukt", bestand="data/seed/*.csv + ../shared/data",
                   sha256=digest, toegevoegd=rows, melding="Volledige opbouw uit bronnen en seed-register")


def replay(con: duckdb.DuckDBPyConnection, entries: list[archive.Entry], bulk: bool = True) -> dict[str, int]:
    """Apply the archive's entries in order, as their imports once did (checks run once, after).
    Runs of consecutive initiative imports go through pipelines.bulk (a few set-based statements
    for the whole run); `bulk=False` replays every entry one by one (the reference the bulk path is
    tested against). Returns how many entries went each way: {'bulk': n, 'los': m}."""
    telling = {"bulk": 0, "los": 0}
    for groep, via_bulk in bulkreplay.groepen(entries, bulk):
        if via_bulk and bulkreplay.replay(con, groep):
            telling["bulk"] += len(groep)
            continue
        for entry in groep:
            replay_entry(con, entry)
            telling["los"] += 1
    return telling


def replay_entry(con: duckdb.DuckDBPyConnection, entry: archive.Entry) -> None:
    """Apply one archive entry, as its import once did."""
    from pipelines.ingest.writing import parsed_from_entry, write_parsed  # late: the importer is heavy
    try:
        if entry.soort == "migratie":
            upgrade.replay_snapshot(con, entry)
            run_id = log_run(con, soort="migratie", gestart=dt.datetime.fromisoformat(entry.meta["gearchiveerd_op"]),
                             uitkomst="gelukt", bestand=entry.meta["bestand"], sha256=entry.meta["sha256"],
                             melding=f"Overgenomen uit een database met schemaversie {entry.meta['schemaversie']}",
                             archief=entry.naam)
            history.record_changed(con, run_id)
        elif entry.soort == "ongedaan":
            from pipelines.undo import log_undo
            log_undo(con, entry.meta, entry.naam)
        elif entry.soort == "verwijdering":
            from pipelines.ingest.removal import erase
            erase(con, entry.meta["initiatief_id"], dt.datetime.fromisoformat(entry.meta["gestart_op"]),
                  entry.meta.get("door"), entry.naam)
        elif entry.soort == "import":
            write_parsed(con, parsed_from_entry(entry, con), door=entry.meta.get("door"), archief=entry.naam,
                         run_checks=False, gestart=dt.datetime.fromisoformat(entry.meta["gestart_op"]),
                         volledig=bool(entry.meta.get("opties", {}).get("volledig")))
    except (OSError, ValueError, KeyError, TypeError) as exc:  # parquet unreadable, meta incomplete
        raise archive.ArchiveDamaged(entry.naam, "kan niet worden gelezen") from exc
    except duckdb.Error as exc:
        raise StoreError(f"Het importarchief kan niet worden afgespeeld: vermelding '{entry.naam}' past niet "
                         f"in de database ({exc}). Er is niets gewijzigd.") from exc


def build(target: Path | None = None, data_dir: Path | None = None, seed_dir: Path | None = None,
          seed_docs: Path | None = None) -> Path:
    """Rebuild `target` from the sources, the seed register and the archive (under the write lock).
    An older store is first archived as a migration (pipelines.upgrade); a newer one is refused."""
    target = Path(target or config.db_path())
    with store.write_lock(target):
        archive.settle(target)
        if upgrade.needs_upgrade(target):
            upgrade.archive_snapshot(target)
        build_locked(target, data_dir, seed_dir, seed_docs)
    return target


def build_locked(target: Path, data_dir: Path | None = None, seed_dir: Path | None = None,
                 seed_docs: Path | None = None, zonder: frozenset[str] = frozenset(),
                 extra: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
                 archief_van: Path | None = None, bulk: bool = True) -> dict[str, int]:
    """The build itself; the caller holds the write lock. `zonder`: archive entries to leave out
    (an undo); `extra`: a last step inside the same new file (the undo's own run); `archief_van`:
    replay the archive of this store instead of the target's (the undo's preview); `bulk`: replay
    runs of imports in bulk (pipelines.bulk; a failure there builds again entry by entry).
    Returns how many archive entries were replayed in bulk and one by one."""
    data_dir = Path(data_dir or config.shared_data_dir())
    seed_dir = Path(seed_dir or config.SEED_DIR)
    seed_docs = Path(seed_docs or config.seeds_docs_dir())
    started = dt.datetime.now()
    entries = archive.active(archive.entries(archief_van or target), zonder)  # a damaged entry stops here, nothing written

    telling: dict[str, int] = {}

    def fill(con: duckdb.DuckDBPyConnection, bulk: bool) -> None:
        load_schema(con)
        load_bronnen(con, seed_dir, seed_docs)
        load_geografie(con, data_dir)
        load_kern_cijfers(con, data_dir)
        gazetteer.load(con, data_dir)
        load_seeds(con, seed_dir)
        freshness.stamp_seeds(con)
        sources = sorted(data_dir.glob("*.csv")) + sorted(data_dir.glob("*.geojson")) + sorted(seed_dir.glob("*.csv"))
        history.record_all(con, record_run(con, started, sources))
        telling.update(replay(con, entries, bulk))
        if extra is not None:
            extra(con)
        problems = checks.run_all(con)
        if problems:
            raise ChecksFailed(problems)
        vul_netwerk_maten(con)  # after the replay: the network of the whole register

    try:
        store.rebuild(target, lambda con: fill(con, bulk), locked=True)
    except (bulkreplay.Mislukt, ChecksFailed) as exc:
        if isinstance(exc, ChecksFailed) and not telling.get("bulk"):
            raise
        # Build again one by one: it names the entry that does not fit, or fails the same checks.
        store.rebuild(target, lambda con: fill(con, False), locked=True)
        if isinstance(exc, ChecksFailed):  # the checks failed after a bulk replay only
            bulkreplay.log.warning("The bulk replay failed the checks, the per-entry replay not: %s", exc)
    return telling


def ensure_built(target: Path | None = None) -> Path:
    """Build the store if it does not exist yet (first start of the app)."""
    target = Path(target or config.db_path())
    if not target.exists():
        build(target)
    else:
        upgrade.ensure_current(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bouw de Vliegwiel-database opnieuw op uit de bronnen.")
    parser.add_argument("--db", type=Path, help="pad van de database (standaard VLIEGWIEL_DB of data/vliegwiel.duckdb)")
    args = parser.parse_args(argv)
    try:
        path = build(args.db)
    except (StoreError, ValueError, FileNotFoundError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(f"Database gebouwd: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
