"""The place-name gazetteer: places that are not woonplaatsen attached to their woonplaats
(Cabauw -> Lopik), folded names, a name of two gemeenten asks for the gemeente, and the importer."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines import gazetteer
from pipelines.ingest import parse


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
