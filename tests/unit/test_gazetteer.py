"""The place-name gazetteer: places that are not woonplaatsen attached to their woonplaats
(Cabauw -> Lopik), folded names, a name of two gemeenten asks for the gemeente, and the importer."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines import archive, build, gazetteer, history
from pipelines.ingest import ingest, parse
from tests.ingest_util import eigen_export, lees, snapshot


GEMEENTE_NAAM = {"GM0335": "Montfoort", "GM0632": "Woerden", "GM0331": "Lopik"}


def test_cabauw_is_part_of_lopik(con):
    [p] = gazetteer.zoek(con, "Cabauw")
    assert (p.kern_naam, p.gemeente_code, p.soort) == ("Lopik", "GM0331", "geonames")
    plaats, melding = gazetteer.los_op([p], None, GEMEENTE_NAAM)
    assert plaats == p and "woonplaats Lopik" in melding


@pytest.mark.parametrize("geschreven", ["cabauw", "CABAUW", "Cabaüw", " Cabauw ", "Ca'bauw"])
def test_case_accents_and_apostrophes_are_folded(con, geschreven):
    assert [p.kern_naam for p in gazetteer.zoek(con, geschreven)] == ["Lopik"]


def test_buurt_names_that_name_a_place_and_uitweg_follows_its_buurt(con):
    assert [p.kern_naam for p in gazetteer.zoek(con, "Zevender")] == ["Lopik"]
    assert [p.kern_naam for p in gazetteer.zoek(con, "Uitweg")] == ["Lopikerkapel"]  # its buurt's woonplaats
    assert gazetteer.zoek(con, "Verspreide huizen") == []  # a general buurt name is no place
    assert gazetteer.zoek(con, "Lopik") == []  # woonplaatsen are kernen already


def test_a_name_of_two_gemeenten_asks_for_the_gemeente(con):
    kandidaten = gazetteer.zoek(con, "Cattenbroek")
    assert {p.gemeente_code for p in kandidaten} == {"GM0335", "GM0632"}
    plaats, melding = gazetteer.los_op(kandidaten, None, GEMEENTE_NAAM)
    assert plaats is None and "vul de gemeente in" in melding and "Montfoort" in melding and "Woerden" in melding
    plaats, _m = gazetteer.los_op(kandidaten, "GM0335", GEMEENTE_NAAM)
    assert plaats.gemeente_code == "GM0335"


def test_unknown_name():
    assert gazetteer.los_op([], None, {}) == (None, "onbekende plaats")


def test_pure_builder_attaches_a_geonames_place_to_the_nearest_woonplaats_without_a_buurt():
    kernen = pd.DataFrame({"kern_id": ["WP1", "WP2"], "naam": ["Noord", "Zuid"], "gemeente_code": ["GM1", "GM1"],
                           "latitude": [52.2, 52.0], "longitude": [5.0, 5.0]})
    buurten = pd.DataFrame({"naam": ["Élst-hoek"], "gemeente_code": ["GM1"], "kern_id": ["WP1"]})
    geo = pd.DataFrame({"kern_naam": ["Gehucht"], "latitude": [52.02], "longitude": [5.0], "gemeente_code": ["GM1"],
                        "is_cbs_woonplaats": [False]})
    df = gazetteer.plaatsen(kernen, buurten, geo).set_index("sleutel")
    assert df.loc["gehucht", "kern_id"] == "WP2"
    assert df.loc["elst hoek", "kern_id"] == "WP1"


def _csv(tmp_path, regels: list[str]):
    pad = tmp_path / "register.csv"
    pad.write_text("Naam initiatief;Gemeente;Kern;Thema's\n" + "\n".join(regels) + "\n", encoding="utf-8")
    return pad


def test_importer_accepts_cabauw_and_attaches_it_to_lopik(seed_db, tmp_path):
    parsed = parse("initiatieven", _csv(tmp_path, ["Dorpstafel Cabauw;Lopik;Cabauw;Voedsel"]), db_path=seed_db)
    assert parsed.problemen == []
    lopik = duckdb.connect(str(seed_db), read_only=True).execute(
        "SELECT kern_id FROM kernen WHERE naam = 'Lopik'").fetchone()[0]
    assert parsed.rows["kern_id"].tolist() == [lopik]
    assert any("'Cabauw'" in m and "woonplaats Lopik" in m for m in parsed.meldingen)


def test_importer_without_gemeente_derives_it_and_asks_when_ambiguous(seed_db, tmp_path):
    parsed = parse("initiatieven", _csv(tmp_path, ["Dorpstafel Cabauw;;Cabauw;Voedsel",
                                                   "Buren Cattenbroek;;Cattenbroek;Voedsel"]), db_path=seed_db)
    redenen = [str(p) for p in parsed.problemen]
    assert len(redenen) == 1 and "Cattenbroek" in redenen[0] and "vul de gemeente in" in redenen[0]


def test_importer_suggests_the_nearest_names_for_an_unknown_place(seed_db, tmp_path):
    parsed = parse("initiatieven", _csv(tmp_path, ["Dorpstafel;Lopik;Cabauuw;Voedsel"]), db_path=seed_db)
    [p] = parsed.problemen
    assert "onbekende kern 'Cabauuw'" in str(p) and "Cabauw" in str(p).split("Cabauuw", 1)[1]


# ---------- the place name as written (initiatieven.plaatsnaam) ----------

def _kern_id(db, naam: str) -> str:
    return lees(db, "SELECT kern_id FROM kernen WHERE naam = ?", [naam])[0][0]


def _opgeslagen(db, naam: str) -> tuple:
    return lees(db, "SELECT kern_id, plaatsnaam FROM initiatieven WHERE naam = ?", [naam])[0]


def test_the_importer_keeps_cabauw_as_written_and_a_woonplaats_name_gives_none(seed_db, tmp_path):
    parsed = parse("initiatieven", _csv(tmp_path, ["Dorpstafel Cabauw;Lopik;Cabauw;Voedsel",
                                                   "Kast cabauw;Lopik;  cabauw ;Voedsel",
                                                   "Dorpstafel Lopik;Lopik;Lopik;Voedsel",
                                                   "Twee plaatsen;Lopik;Cabauw, Lopik;Voedsel",
                                                   "Twee kernen;Lopik;Cabauw, Jaarsveld;Voedsel",
                                                   "Geen kern;Lopik;;Voedsel"]), db_path=seed_db)
    assert parsed.ok, parsed.problemen
    lopik = _kern_id(seed_db, "Lopik")
    rijen = parsed.rows.set_index("naam")
    assert "plaatsnaam" in parsed.bijwerken
    assert (rijen.loc["Dorpstafel Cabauw", "kern_id"], rijen.loc["Dorpstafel Cabauw", "plaatsnaam"]) == (lopik, "Cabauw")
    assert rijen.loc["Kast cabauw", "plaatsnaam"] == "cabauw"  # as written, trimmed
    assert rijen.loc["Dorpstafel Lopik", "kern_id"] == lopik and rijen.loc["Dorpstafel Lopik", "plaatsnaam"] is None
    for naam in ("Twee plaatsen", "Twee kernen", "Geen kern"):  # the woonplaats too, several kernen, nothing
        assert rijen.loc[naam, "plaatsnaam"] is None, naam


def test_plaatsnaam_is_written_kept_on_reimport_and_recorded_in_the_history(writable_db, tmp_path):
    ingest("initiatieven", _csv(tmp_path, ["Dorpstafel;Lopik;Lopik;Voedsel"]), writable_db)
    lopik = _kern_id(writable_db, "Lopik")
    assert _opgeslagen(writable_db, "Dorpstafel") == (lopik, None)

    naar_cabauw = ingest("initiatieven", _csv(tmp_path, ["Dorpstafel;Lopik;Cabauw;Voedsel"]), writable_db)
    assert (naar_cabauw.bijgewerkt, _opgeslagen(writable_db, "Dorpstafel")) == (1, (lopik, "Cabauw"))
    con = duckdb.connect()
    con.execute("ATTACH ? AS s (READ_ONLY)", [str(writable_db)])
    con.execute("USE s")
    wijzigingen = history.changes(con, naar_cabauw.run_id)
    con.close()
    assert wijzigingen[["veld", "oud", "nieuw"]].values.tolist() == [["plaatsnaam", None, "Cabauw"]]

    voor = snapshot(writable_db, zonder=("ingest_runs", "schema_version", "record_versies"))
    opnieuw = ingest("initiatieven", _csv(tmp_path, ["Dorpstafel;Lopik;Cabauw;Voedsel"]), writable_db)
    assert (opnieuw.toegevoegd, opnieuw.bijgewerkt, opnieuw.ongewijzigd) == (0, 0, 1)
    na = snapshot(writable_db, zonder=("ingest_runs", "schema_version", "record_versies"))
    assert {t: r for t, r in na.items() if t != "initiatieven"} == {t: r for t, r in voor.items() if t != "initiatieven"}
    assert lees(writable_db, "SELECT * EXCLUDE (laatst_bevestigd) FROM initiatieven WHERE naam = 'Dorpstafel'") == \
        [tuple(v for k, v in zip(_kolommen(writable_db), r) if k != "laatst_bevestigd")
         for r in voor["initiatieven"] if r[1] == "Dorpstafel"]

    # An empty kern cell keeps place and kern; another kern or gemeente drops the place.
    ingest("initiatieven", _csv(tmp_path, ["Dorpstafel;Lopik;;Voedsel"]), writable_db)
    assert _opgeslagen(writable_db, "Dorpstafel") == (lopik, "Cabauw")
    ingest("initiatieven", _csv(tmp_path, ["Dorpstafel;Lopik;Jaarsveld;Voedsel"]), writable_db)
    assert _opgeslagen(writable_db, "Dorpstafel") == (_kern_id(writable_db, "Jaarsveld"), None)
    ingest("initiatieven", _csv(tmp_path, ["Dorpstafel;Lopik;Cabauw;Voedsel"]), writable_db)
    ingest("initiatieven", b"ID;Naam initiatief;Gemeente;Kern\nini-dorpstafel-gm0331;Dorpstafel;Montfoort;\n",
           writable_db, filename="verhuisd.csv")
    assert _opgeslagen(writable_db, "Dorpstafel") == (None, None)


def _kolommen(db) -> list[str]:
    return [r[0] for r in lees(db, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'initiatieven' "
                                   "AND database_name = current_database() ORDER BY column_index")]


def test_the_archive_replay_and_the_own_export_reproduce_the_place_name(writable_db, tmp_path):
    from vliegwiel import exports
    ingest("initiatieven", _csv(tmp_path, ["Dorpstafel Cabauw;Lopik;Cabauw;Voedsel",
                                           "Dorpstafel Lopik;Lopik;Lopik;Voedsel"]), writable_db)
    [entry] = archive.entries(writable_db)
    assert [None if pd.isna(v) else v for v in entry.tabel("rows")["plaatsnaam"]] == ["Cabauw", None]
    voor = snapshot(writable_db, zonder=("ingest_runs", "schema_version"))
    build.build(writable_db)
    assert snapshot(writable_db, zonder=("ingest_runs", "schema_version")) == voor
    assert _opgeslagen(writable_db, "Dorpstafel Cabauw")[1] == "Cabauw"

    # The dashboard's own download names the place in "Kern", its woonplaats beside it; imported again it changes nothing.
    sets = eigen_export(writable_db)
    rij = sets["Initiatieven"].set_index("Naam").loc["Dorpstafel Cabauw"]
    assert (rij["Kern"], rij["CBS-woonplaats"]) == ("Cabauw", "Lopik")
    uitkomst = ingest("initiatieven", exports.excel_bytes(sets), writable_db, filename="export.xlsx")
    assert (uitkomst.toegevoegd, uitkomst.bijgewerkt) == (0, 0)
    assert any("'CBS-woonplaats' wordt niet overgenomen" in m for m in uitkomst.meldingen)
    assert _opgeslagen(writable_db, "Dorpstafel Cabauw")[1] == "Cabauw"
