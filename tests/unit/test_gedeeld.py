"""Issue #15: maps, charts and derived tables are built once per distinct input and shared
(vliegwiel.ui.gedeeld). The cache key follows the content of the arguments, and a cached map
hands its component exactly what st_folium would have."""
from __future__ import annotations

import pickle

import pandas as pd
import pytest
import streamlit_folium

from vliegwiel import cachesleutel, kaart, netwerk
from vliegwiel.figures import kaart as kaart_fig, netwerk_laag
from vliegwiel.filters import Filters
from vliegwiel.ui import gedeeld


def _som(df: pd.DataFrame) -> int:
    return int(df["x"].sum())


def _anders(df: pd.DataFrame) -> int:
    return 0


def test_the_key_follows_the_content_not_the_object():
    a = pd.DataFrame({"x": [1, 2]})
    kopie = pickle.loads(pickle.dumps(a))  # what shell.query hands a page on every run
    assert gedeeld.sleutel(_som, (a,), {}) == gedeeld.sleutel(_som, (kopie,), {})
    kopie.loc[0, "x"] = 3
    assert gedeeld.sleutel(_som, (a,), {}) != gedeeld.sleutel(_som, (kopie,), {})
    assert gedeeld.sleutel(_som, (a,), {}) != gedeeld.sleutel(_anders, (a,), {})
    assert gedeeld.sleutel(_som, (), {"df": a, "n": 1}) == gedeeld.sleutel(_som, (), {"n": 1, "df": a})
    assert gedeeld.sleutel(_som, (), {"df": a, "n": 1}) != gedeeld.sleutel(_som, (), {"df": a, "n": 2})


def test_the_key_of_query_results_is_stable_across_copies(con):
    """Two runs of a page get two copies of the same query result: they must share a key."""
    data = kaart.kaartdata(con, Filters(gemeenten=("GM0331",)))
    eerste = pickle.loads(pickle.dumps(data))
    tweede = pickle.loads(pickle.dumps(eerste))
    assert gedeeld.sleutel(kaart_fig.kaart, (eerste, "per_1000"), {}) == gedeeld.sleutel(kaart_fig.kaart, (tweede, "per_1000"), {})
    ander = kaart.kaartdata(con, Filters(gemeenten=("GM0312",)))
    assert gedeeld.sleutel(kaart_fig.kaart, (eerste, "per_1000"), {}) != gedeeld.sleutel(kaart_fig.kaart, (ander, "per_1000"), {})


def test_an_argument_that_cannot_pickle_is_refused():
    with pytest.raises(TypeError, match="must pickle"):
        gedeeld.sleutel(_som, (lambda: 1,), {})


def _st_folium_geeft(monkeypatch, m, **opties) -> dict:
    """What st_folium itself hands its component for map `m`."""
    gevangen = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: gevangen.update(kw))
    streamlit_folium.st_folium(m, **opties)
    monkeypatch.undo()
    gevangen.pop("on_change")
    return gevangen


@pytest.fixture(scope="module")
def data(con):
    return kaart.kaartdata(con)


KAARTEN = {
    "overzicht": (kaart_fig.kaart, lambda con, data: ((data, "per_1000"), {"compact": True})),
    "kaart met netwerk": (netwerk_laag.kaart_met_netwerk, lambda con, data: (
        (data, "initiatieven"), {"verbindingen": netwerk.verbindingen_met_locatie(con), "gebied_labels": {"GM0312": "Bunnik"}})),
}


@pytest.mark.parametrize("naam", list(KAARTEN))
def test_a_cached_map_sends_what_st_folium_sends(monkeypatch, con, data, naam):
    bouw, argumenten = KAARTEN[naam]
    args, kwargs = argumenten(con, data)
    opties = {"key": "kaart", "height": 560, "use_container_width": True,
              "returned_objects": ["last_active_drawing", "last_object_clicked"]}
    ons = gedeeld._component_argumenten(bouw(*args, **kwargs), **opties)
    assert streamlit_folium._component_func is gedeeld._COMPONENT  # put back for every other map
    zelf = _st_folium_geeft(monkeypatch, bouw(*args, **kwargs), **opties)
    assert ons == zelf
    assert len(ons["script"]) > 10_000 and ons["key"] and ons["default"]["last_active_drawing"] is None


def test_the_network_layer_is_on_the_kaart_page_map_only_when_asked(con, data):
    zonder = netwerk_laag.kaart_met_netwerk(data, "initiatieven")
    met = netwerk_laag.kaart_met_netwerk(data, "initiatieven", verbindingen=netwerk.verbindingen_met_locatie(con))
    lagen = [c for c in met._children.values() if getattr(c, "layer_name", "") == "Netwerk (verbindingen)"]
    assert len(lagen) == 1 and lagen[0].show
    assert not [c for c in zonder._children.values() if getattr(c, "layer_name", "") == "Netwerk (verbindingen)"]


def test_the_component_is_put_back_when_a_map_fails(data):
    with pytest.raises(ZeroDivisionError):
        gedeeld._component_argumenten(type("Kapot", (), {"get_root": lambda self: 1 / 0})(), key="x", height=1)
    assert streamlit_folium._component_func is gedeeld._COMPONENT


def test_a_content_key_ignores_what_pandas_worked_out_and_what_objects_share():
    df = pd.DataFrame({"n": pd.array([1, None], dtype="Int64"), "t": ["a", None], "w": pd.array([True, None])})
    voor = cachesleutel.sleutel(df)
    df.astype(str).to_numpy()  # fills the Int64 dtype's cached numpy_dtype and kind
    assert cachesleutel.sleutel(df) == voor == cachesleutel.sleutel(pickle.loads(pickle.dumps(df)))
    assert cachesleutel.sleutel(df.assign(n=pd.array([1, 2], dtype="Int64"))) != voor
    assert cachesleutel.sleutel(df.astype({"n": "Int32"})) != voor
    cat = pd.DataFrame({"c": pd.Categorical(["a", "b"])})
    assert cachesleutel.sleutel(cat) != cachesleutel.sleutel(pd.DataFrame({"c": pd.Categorical(["a", "c"])}))
    with pytest.raises(TypeError):
        cachesleutel.sleutel(lambda: 1)
