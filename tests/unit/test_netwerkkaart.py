"""The network layer on the map: only real locations, escaped tooltips, styled by kind, offline."""
from __future__ import annotations

import duckdb
import folium
import pytest

from tests.netwerk_util import CONTACT, XSS, mini_store
from vliegwiel import netwerk
from vliegwiel.figures import mapbase, netwerk_laag
from vliegwiel.filters import Filters
from vliegwiel.netwerk import VERBINDING_SOORTEN


@pytest.fixture(scope="module")
def con():
    c = mini_store()
    yield c
    c.close()


def test_locations_are_own_kern_or_eponymous_kern_never_invented(con):
    loc = netwerk.locaties(con).set_index("knoop_id")
    assert (loc.loc["X", "latitude"], loc.loc["X", "locatie"]) == (52.05, "eigen")
    assert (loc.loc["A", "latitude"], loc.loc["A", "longitude"], loc.loc["A", "locatie"]) == (52.0, 5.0, "kern")
    assert (loc.loc["C", "latitude"], loc.loc["C", "locatie"]) == (52.1, "kern")
    assert (loc.loc["GM0001", "latitude"], loc.loc["GM0001", "locatie"]) == (52.0, "gemeente")   # kern Aadorp
    assert loc.loc["GM0002", "latitude"] == 52.2                                          # kern Beestad, not Bekkum
    # no home kern, no own coordinates, not a gemeente: no location at all
    assert not {"B", "D", "K", "F", "PV99", "L"} & set(loc.index)


def test_links_with_both_ends_located(con):
    links = netwerk.verbindingen_met_locatie(con)
    assert list(links.columns) == netwerk.KAART_KOLOMMEN
    assert sorted(zip(links["van_naam"], links["naar_naam"])) == sorted([("Gemeente Aadorp", "Alfa"), (XSS, "Alfa")])
    rij = links[links["van_naam"] == XSS].iloc[0]
    assert (rij.van_lat, rij.van_lon, rij.naar_lat, rij.naar_lon, rij.soort) == (52.05, 5.05, 52.0, 5.0, "werkt samen met")


def test_links_follow_the_global_filters(con):
    assert len(netwerk.verbindingen_met_locatie(con, Filters(gemeenten=("GM0001",)))) == 2
    assert netwerk.verbindingen_met_locatie(con, Filters(gemeenten=("GM0002",))).empty
    assert netwerk.verbindingen_met_locatie(con, Filters(themas=("zorg",))).empty


def _render(fg: folium.FeatureGroup) -> str:
    m = mapbase.offline_map()
    fg.add_to(m)
    folium.LayerControl().add_to(m)
    mapbase.localize(m)
    assert mapbase.external_urls(m) == []
    return m.get_root().render()


def test_layer_is_hidden_by_default_and_escapes_tooltips(con):
    fg = netwerk_laag.netwerk_laag(netwerk.verbindingen_met_locatie(con))
    assert fg.show is False
    html = _render(fg)
    assert XSS not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html.replace("\\u0026", "&")
    assert CONTACT not in html


def test_zero_length_lines_are_skipped(con):
    # Alfa and Gemeente Aadorp both sit at kern Aadorp: that link cannot be drawn
    fg = netwerk_laag.netwerk_laag(netwerk.verbindingen_met_locatie(con))
    features = [f for child in fg._children.values() for f in child.data["features"]]
    assert len(features) == 1
    assert "Gemeente Aadorp" not in features[0]["properties"]["verbinding"]


def test_lines_are_styled_by_kind_and_bundled():
    import pandas as pd
    links = pd.DataFrame({
        "van_naam": ["a", "b", "c"], "naar_naam": ["d", "d", "e"],
        "soort": ["begeleidt", "begeleidt", "financiert"],
        "van_lat": [52.0, 52.0, 52.1], "van_lon": [5.0, 5.0, 5.1],
        "naar_lat": [52.2, 52.2, 52.3], "naar_lon": [5.2, 5.2, 5.3],
    })
    fg = netwerk_laag.netwerk_laag(links)
    lagen = {child.layer_name: child for child in fg._children.values()}
    assert set(lagen) == {"begeleidt", "financiert"}
    begeleidt = lagen["begeleidt"]
    assert len(begeleidt.data["features"]) == 1                       # two links, one bundled line
    tip = begeleidt.data["features"][0]["properties"]["verbinding"]
    assert "a &rarr;" in tip and "b &rarr;" in tip
    stijl = begeleidt.style_function(begeleidt.data["features"][0])
    assert stijl["color"] == VERBINDING_SOORTEN["begeleidt"].kleur and stijl["dashArray"] == "10,5"
    assert lagen["financiert"].style_function({})["dashArray"] == "2,4"


def test_many_links_in_one_place_are_summarised():
    import pandas as pd
    n = netwerk_laag.MAX_NAMEN_IN_TOOLTIP + 3
    links = pd.DataFrame({"van_naam": [f"i{i}" for i in range(n)], "naar_naam": "o", "soort": "lid van",
                          "van_lat": 52.0, "van_lon": 5.0, "naar_lat": 52.1, "naar_lon": 5.1})
    fg = netwerk_laag.netwerk_laag(links)
    tip = next(iter(fg._children.values())).data["features"][0]["properties"]["verbinding"]
    assert tip.endswith("en nog 3 verbindingen")


def test_empty_links_give_an_empty_layer():
    fg = netwerk_laag.netwerk_laag(netwerk.verbindingen_met_locatie(duckdb_empty()))
    assert fg.show is False and not fg._children


def duckdb_empty():
    from tests.netwerk_util import SCHEMA
    c = duckdb.connect()
    c.execute(SCHEMA.read_text())
    return c


def test_seed_links_lie_in_the_province(seed_db):
    with duckdb.connect(str(seed_db), read_only=True) as c:
        links = netwerk.verbindingen_met_locatie(c)
    assert list(links.columns) == netwerk.KAART_KOLOMMEN
    coords = links[["van_lat", "van_lon", "naar_lat", "naar_lon"]]
    assert coords.notna().all().all()
    assert ((links[["van_lat", "naar_lat"]] > 51.8) & (links[["van_lat", "naar_lat"]] < 52.4)).all().all()
    assert ((links[["van_lon", "naar_lon"]] > 4.7) & (links[["van_lon", "naar_lon"]] < 5.7)).all().all()


def test_synthetic_links_render(synthetic_db):
    with duckdb.connect(str(synthetic_db), read_only=True) as c:
        links = netwerk.verbindingen_met_locatie(c)
    assert len(links) > 1000
    html = _render(netwerk_laag.netwerk_laag(links))
    assert "Synthetisch initiatief" in html
