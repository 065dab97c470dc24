"""Places as people write them (issue 11): a point must lie in its gemeente (with a margin), RD
coordinates may carry thousands dots, former gemeenten map to the current one with a notice, and
a suggestion is never a far-away name."""
from __future__ import annotations

import pyproj
import pytest

from pipelines import config, ingest
from pipelines.ingest import locations
from tests.fixtures import hostile


def test_a_point_in_another_gemeente_is_refused_and_says_where_it_lies(seed_db):
    parsed = ingest.parse("initiatieven", hostile.POINT_IN_AMERSFOORT, "punt.csv", seed_db)
    assert [p.reden for p in parsed.problemen] == [
        "coördinaten '52,155; 5,3875' liggen niet in gemeente Lopik maar in Amersfoort"]


def test_a_point_in_its_gemeente_or_just_over_the_border_is_accepted(seed_db):
    binnen = hostile.POINT_IN_AMERSFOORT.replace(b"52,155;5,3875", b"51,9725;4,94861")
    assert ingest.parse("initiatieven", binnen, "punt.csv", seed_db).ok
    # East of Lopik's easternmost boundary point (still in the province): 300 m is within the margin, 3 km not.
    vorm, _ = locations.gemeente_vormen(str(config.shared_data_dir() / "gemeenten_utrecht_2022.geojson"))["GM0331"]
    x, y = max((p for g in getattr(vorm, "geoms", [vorm]) for p in g.exterior.coords), key=lambda p: p[0])
    terug = pyproj.Transformer.from_crs(28992, 4326, always_xy=True)
    uitkomst = {}
    for afstand in (300, 3000):
        lon, lat = terug.transform(x + afstand, y)
        regel = f"Naam;Gemeente;Latitude;Longitude\nA;Lopik;{lat:.6f};{lon:.6f}\n".replace(".", ",")
        uitkomst[afstand] = [p.reden for p in ingest.parse("initiatieven", regel.encode(), "p.csv", seed_db).problemen]
    assert uitkomst[300] == []
    assert len(uitkomst[3000]) == 1 and "liggen niet in gemeente Lopik" in uitkomst[3000][0]


def test_rd_coordinates_with_thousands_dots(seed_db):
    parsed = ingest.parse("initiatieven", hostile.RD_THOUSANDS_DOTS, "rd.csv", seed_db)
    assert parsed.ok, parsed.problemen
    assert parsed.rows[["latitude", "longitude"]].values.tolist() == [[pytest.approx(51.9725, abs=1e-4),
                                                                       pytest.approx(4.94861, abs=1e-4)]]


def test_a_latitude_with_three_decimals_stays_a_latitude(seed_db):
    parsed = ingest.parse("initiatieven", b"Naam;Gemeente;Latitude;Longitude\nA;Lopik;51.973;4.949\n", "p.csv",
                          seed_db)
    assert parsed.ok and parsed.rows["latitude"].tolist() == [51.973]


@pytest.mark.parametrize("gemeente, code, melding", [
    ("Vianen", "GM1961", "Vianen hoort sinds 2019 bij Vijfheerenlanden"),
    ("Zederik", "GM1961", "Zederik hoort sinds 2019 bij Vijfheerenlanden"),
    ("Leerdam", "GM1961", "Leerdam hoort sinds 2019 bij Vijfheerenlanden"),
    ("Abcoude", "GM0736", "Abcoude hoort sinds 2011 bij De Ronde Venen"),
    ("gemeente Loenen", "GM1904", "Loenen hoort sinds 2011 bij Stichtse Vecht"),
    ("Breukelen", "GM1904", "Breukelen hoort sinds 2011 bij Stichtse Vecht"),
    ("MAARSSEN", "GM1904", "Maarssen hoort sinds 2011 bij Stichtse Vecht"),
    ("Amerongen", "GM1581", "Amerongen hoort sinds 2006 bij Utrechtse Heuvelrug"),
    ("Doorn", "GM1581", "Doorn hoort sinds 2006 bij Utrechtse Heuvelrug"),
    ("gem. Lopik", "GM0331", None), ("Lopik (gemeente)", "GM0331", None), ("GM331", "GM0331", None),
    ("GM344", "GM0344", None),
])
def test_former_gemeenten_and_short_forms_map_to_the_current_gemeente(seed_db, gemeente, code, melding):
    parsed = ingest.parse("initiatieven", f"Naam;Gemeente\nA;{gemeente}\n".encode(), "g.csv", seed_db)
    assert parsed.ok, parsed.problemen
    assert parsed.rows["gemeente_code"].tolist() == [code]
    assert (melding in parsed.meldingen) if melding else not any("hoort sinds" in m for m in parsed.meldingen)


@pytest.mark.parametrize("gemeente, reden", [
    ("Maarsen", "onbekende gemeente 'Maarsen'; bedoelde u: Maarssen?"),
    ("Amersfort", "onbekende gemeente 'Amersfort'; bedoelde u: Amersfoort?"),
    ("Groningen", "onbekende gemeente 'Groningen'"),
])
def test_a_suggestion_is_only_a_near_spelling(seed_db, gemeente, reden):
    parsed = ingest.parse("initiatieven", f"Naam;Gemeente\nA;{gemeente}\n".encode(), "g.csv", seed_db)
    assert [p.reden for p in parsed.problemen] == [reden]


def test_a_far_away_name_is_never_suggested():
    from pipelines.ingest.values import fold, suggest
    huidige = {fold(n): n for n in ("Baarn", "Stichtse Vecht", "Utrecht", "De Bilt")}
    assert suggest("Maarssen", huidige) == []  # four edits from 'Baarn': a different place, not a typo
    assert suggest("Barn", huidige) == ["Baarn"]
