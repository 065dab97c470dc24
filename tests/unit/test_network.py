"""Graph building, filters, focus, measures, layout and the vis-network HTML; AppTest of the page."""
from __future__ import annotations

import json
import re

import duckdb
import networkx as nx
import pandas as pd
import pytest

from tests.netwerk_util import CONTACT, XSS, mini_store
from vliegwiel import netwerk
from vliegwiel.figures import netwerk as netwerk_fig
from vliegwiel.filters import Filters


@pytest.fixture(scope="module")
def con():
    c = mini_store()
    yield c
    c.close()


def ids(df: pd.DataFrame, col: str = "knoop_id") -> set[str]:
    return set(df[col])


# ---------- graph building and filters ----------

def test_nodes_and_edges_match_the_database(con):
    knopen, verbindingen = netwerk.knopen_en_verbindingen(con)
    assert ids(knopen) == {"A", "B", "C", "D", "X", "K", "F", "GM0001", "GM0002", "PV99", "L"}
    assert ids(verbindingen, "verbinding_id") == {f"v{i}" for i in range(1, 9)}
    soort = dict(zip(knopen["knoop_id"], knopen["soort"]))
    assert soort["C"] == "pilot" and soort["A"] == "initiatief" and soort["PV99"] == "provincie"
    gemeente = dict(zip(knopen["knoop_id"], knopen["gemeente"]))
    assert gemeente["A"] == "Aadorp" and pd.isna(gemeente["K"])


def test_whole_network_drops_only_organisations_without_links(con):
    net = netwerk.netwerk(con)
    assert ids(net.knopen) == {"A", "B", "C", "D", "X", "K", "F", "GM0001", "PV99"}
    assert net.verborgen_organisaties == 2          # 'Los' and GM0002
    assert len(net.verbindingen) == 8
    met = netwerk.netwerk(con, losse_organisaties=True)
    assert ids(met.knopen) >= {"L", "GM0002"} and met.verborgen_organisaties == 0


def test_links_per_node_by_hand(con):
    net = netwerk.netwerk(con)
    n = dict(zip(net.knopen["knoop_id"], net.knopen["aantal_verbindingen"]))
    assert n == {"A": 3, "K": 4, "C": 3, "PV99": 2, "B": 1, "F": 1, "GM0001": 1, "X": 1, "D": 0}


def test_gemeente_filter_keeps_linked_and_own_organisations(con):
    net = netwerk.netwerk(con, Filters(gemeenten=("GM0001",)), losse_organisaties=True)
    # initiatives of Aadorp, the koepel they are members of, and the gemeente itself;
    # the province is linked only to Charlie (Beestad) and the koepel, so it is out.
    assert ids(net.knopen) == {"A", "B", "X", "K", "GM0001"}
    assert ids(net.verbindingen, "verbinding_id") == {"v1", "v2", "v6", "v7"}


def test_gemeente_filter_shows_unlinked_organisations_of_that_gemeente_on_request(con):
    zonder = netwerk.netwerk(con, Filters(gemeenten=("GM0002",)))
    met = netwerk.netwerk(con, Filters(gemeenten=("GM0002",)), losse_organisaties=True)
    assert "GM0002" not in ids(zonder.knopen) and "GM0002" in ids(met.knopen)
    assert ids(met.knopen) == {"C", "D", "K", "F", "PV99", "GM0002"}


def test_thema_filter_uses_initiatief_where(con):
    net = netwerk.netwerk(con, Filters(themas=("energie",)))
    assert ids(net.knopen) == {"A", "C", "K", "F", "PV99", "GM0001"}
    assert ids(net.verbindingen, "verbinding_id") == {"v1", "v3", "v4", "v5", "v6", "v8"}


def test_pilot_filter(con):
    net = netwerk.netwerk(con, Filters(alleen_pilots=True))
    assert ids(net.knopen) == {"C", "K", "F", "PV99"}


def test_node_kind_filter(con):
    net = netwerk.netwerk(con, knoop_soorten=("initiatief",))
    assert ids(net.knopen) == {"A", "B", "D", "X"}
    assert ids(net.verbindingen, "verbinding_id") == {"v7"}
    assert ids(netwerk.alleenstaand(net)) == {"B", "D"}


def test_link_kind_filter(con):
    net = netwerk.netwerk(con, verbinding_soorten=("lid van",))
    assert ids(net.verbindingen, "verbinding_id") == {"v1", "v2", "v3"}
    assert ids(net.knopen) == {"A", "B", "C", "D", "X", "K"}     # F, GM0001, PV99 lose their only links
    assert ids(netwerk.alleenstaand(net)) == {"D", "X"}


def test_isolated_initiatives(con):
    alleen = netwerk.alleenstaand(netwerk.netwerk(con))
    assert list(alleen["knoop_id"]) == ["D"]
    scherm = netwerk.alleenstaand_weergave(alleen)
    assert list(scherm.columns) == ["Naam", "Soort", "Gemeente", "Kern"]
    assert scherm.iloc[0].tolist() == ["Delta", "Initiatief", "Beestad", "onbekend"]


def test_focus_one_and_two_steps(con):
    net = netwerk.netwerk(con)
    assert netwerk.omgeving(net, "A", 1) == {"A", "K", "GM0001", "X"}
    assert netwerk.omgeving(net, "A", 2) == {"A", "K", "GM0001", "X", "B", "C", "PV99"}
    assert netwerk.omgeving(net, "D", 2) == {"D"}
    assert netwerk.omgeving(net, "bestaat-niet", 1) == set()
    sub = netwerk.deelnetwerk(net, netwerk.omgeving(net, "A", 1))
    assert ids(sub.verbindingen, "verbinding_id") == {"v1", "v6", "v7"}


def test_empty_store_gives_empty_network():
    c = duckdb.connect()
    from tests.netwerk_util import SCHEMA
    c.execute(SCHEMA.read_text())
    net = netwerk.netwerk(c)
    assert net.is_leeg and net.aantal_clusters == 0
    assert netwerk.alleenstaand(net).empty
    assert netwerk_fig.payload(net)["n"] == []


# ---------- measures on graphs with known answers ----------

def _graph(edges, extra=()):
    g = nx.Graph()
    g.add_nodes_from(extra)
    g.add_edges_from(edges)
    return g


def test_betweenness_of_a_path_and_a_star():
    scores, benaderd = netwerk.verbinder_scores(_graph([("a", "b"), ("b", "c"), ("c", "d")]))
    assert not benaderd
    assert scores["a"] == 0 and scores["b"] == pytest.approx(2 / 3)   # (a,c),(a,d) of 3 pairs
    ster, _ = netwerk.verbinder_scores(_graph([("m", x) for x in "pqr"]))
    assert ster["m"] == pytest.approx(1.0) and ster["p"] == 0


def test_clusters_of_two_triangles_joined_by_a_bridge():
    g = _graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")], extra=["los"])
    cl = netwerk.clusters(g)
    assert cl["a"] == cl["b"] == cl["c"] != cl["x"] == cl["y"] == cl["z"]
    assert "los" not in cl
    scores, _ = netwerk.verbinder_scores(g)
    assert max(scores, key=scores.get) in {"c", "x"}            # the bridge ends connect the groups


def test_clusters_numbered_by_size():
    g = _graph([("a", "b"), ("p", "q"), ("q", "r"), ("r", "p")])
    cl = netwerk.clusters(g)
    assert cl["p"] == 1 and cl["a"] == 2


def test_large_graphs_use_sampled_betweenness():
    g = nx.path_graph(netwerk.BETWEENNESS_EXACT_MAX + 1)
    _, benaderd = netwerk.verbinder_scores(g)
    assert benaderd


def test_measures_table_in_dutch(con):
    net = netwerk.netwerk(con)
    tabel = netwerk.maten_tabel(net)
    assert list(tabel.columns) == ["Naam", "Soort", "Gemeente", "Aantal verbindingen", "Verbinder-score", "Cluster"]
    assert tabel.iloc[0]["Naam"] == "Koepel"                      # the strongest bridge comes first
    scherm = netwerk.maten_weergave(tabel)
    assert re.fullmatch(r"\d,\d\d", scherm.iloc[0]["Verbinder-score"])
    assert scherm.loc[scherm["Naam"] == "Delta", "Cluster"].item() == "geen"
    assert set(netwerk.maten_tabel(net, {"A", "K"})["Naam"]) == {"Alfa", "Koepel"}


# ---------- layout ----------

def test_layout_positions_every_node_deterministically(con):
    net1, net2 = netwerk.netwerk(con), netwerk.netwerk(con)
    assert net1.knopen[["x", "y"]].notna().all().all()
    pd.testing.assert_frame_equal(net1.knopen[["x", "y"]], net2.knopen[["x", "y"]])


def test_layout_puts_nodes_without_links_below_and_apart():
    g = _graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")], extra=["los1", "los2"])
    pos = netwerk.layout(g)
    verbonden_onder = max(pos[n][1] for n in "abcd")
    assert min(pos["los1"][1], pos["los2"][1]) > verbonden_onder
    pts = list(pos.values())
    kortste = min(((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 for i, (x1, y1) in enumerate(pts) for (x2, y2) in pts[i + 1:])
    assert kortste > 50                                            # no overlapping nodes


# ---------- HTML ----------

def test_html_escapes_labels_and_has_no_raw_tag(con):
    html = netwerk_fig.netwerk_html(netwerk.netwerk(con))
    assert XSS not in html and "<img" not in html
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    data = json.loads(re.search(r'<script id="netwerk-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert XSS in [n[0] for n in data["n"]]                       # the browser gets the literal text back
    assert html.count("</script>") == 3                           # nothing in the data closes a script


def test_json_for_script_neutralises_markup():
    text = netwerk_fig.json_voor_script({"naam": "</script><script>alert('x')</script>&\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["naam"].startswith("</script>")


def test_html_loads_vis_network_from_the_app_only(con):
    html = netwerk_fig.netwerk_html(netwerk.netwerk(con))
    assert f'<script src="{netwerk_fig.VIS_SRC}"></script>' in html
    assert netwerk_fig.VIS_SRC.startswith("/app/static/vendor/")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "physics: false" in html


def test_contact_persons_never_appear(con):
    net = netwerk.netwerk(con)
    teksten = [netwerk_fig.netwerk_html(net), netwerk.maten_tabel(net).to_csv(),
               netwerk.alleenstaand_weergave(netwerk.alleenstaand(net)).to_csv()]
    assert all(CONTACT not in t and "jan@example.org" not in t for t in teksten)


def test_payload_focus_hides_or_fades(con):
    net = netwerk.netwerk(con)
    rond_a = netwerk.omgeving(net, "A", 1)
    verborgen = netwerk_fig.payload(net, "A", rond_a, "verbergen")
    assert sorted(n[0] for n in verborgen["n"]) == sorted(["Alfa", "Koepel", "Gemeente Aadorp", XSS])
    assert len(verborgen["e"]) == 3 and verborgen["vaag"] == []
    assert verborgen["n"][verborgen["focus"]][0] == "Alfa"
    vaag = netwerk_fig.payload(net, "A", rond_a, "vervagen")
    assert len(vaag["n"]) == len(net.knopen) and len(vaag["vaag"]) == len(net.knopen) - 4
    assert all(vaag["n"][i][0] not in {"Alfa", "Koepel"} for i in vaag["vaag"])


def test_payload_styles_every_kind(con):
    p = netwerk_fig.payload(netwerk.netwerk(con))
    assert [k["label"] for k in p["ks"]] == [s.label for s in netwerk.KNOOP_SOORTEN.values()]
    vormen = {(s.kleur, s.vorm) for s in netwerk.KNOOP_SOORTEN.values()}
    assert len(vormen) == len(netwerk.KNOOP_SOORTEN)               # colour+shape pairs are unique
    assert {tuple(v["streep"]) for v in p["vs"]} - {()}, "some kinds are dashed"
    kind = {n[0]: p["ks"][n[1]]["label"] for n in p["n"]}
    assert kind["Charlie"] == "Pilot" and kind["Provincie"] == "Provincie"


def test_legend_lists_only_kinds_present(con):
    html = netwerk_fig.netwerk_html(netwerk.netwerk(con, verbinding_soorten=("lid van",)))
    legenda = re.search(r'<aside class="legenda".*?</aside>', html, re.S).group(0)
    assert "lid van" in legenda and "financiert" not in legenda and "Koepelorganisatie" in legenda


def test_summary_names_focus(con):
    net = netwerk.netwerk(con)
    html = netwerk_fig.netwerk_html(net, "A", netwerk.omgeving(net, "A", 1))
    assert "Netwerk met 4 knopen en 3 verbindingen; focus op Alfa." in html


# ---------- the page (AppTest) ----------

def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _page_text(at) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.info]
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(str(p) for p in parts)


def test_page_on_seed(app_test, seed_db):
    at = app_test(seed_db, page="netwerk")
    assert not at.exception
    assert at.title[0].value == "Netwerk"
    with duckdb.connect(str(seed_db), read_only=True) as c:
        net = netwerk.netwerk(c)
        contacten = [r[0] for r in c.execute("SELECT naam FROM contactpersonen").fetchall()]
    m = _metrics(at)
    assert m["Knopen"] == str(len(net.knopen)) and m["Verbindingen"] == str(len(net.verbindingen))
    assert m["Initiatieven zonder verbinding"] == str(len(netwerk.alleenstaand(net)))
    assert at.subheader[1].value == "Wie staat er alleen?"
    tekst = _page_text(at)
    assert "lijntjes tussen de" in tekst
    assert not any(naam in tekst for naam in contacten)
    assert at.selectbox(key="netwerk_focus").value is None


def test_page_focus_deep_link(app_test, seed_db):
    at = app_test(seed_db, page="netwerk", focus="ini-duurzaam-lopikerwaard", stappen="2")
    assert not at.exception
    assert at.selectbox(key="netwerk_focus").value == "ini-duurzaam-lopikerwaard"
    with duckdb.connect(str(seed_db), read_only=True) as c:
        net = netwerk.netwerk(c)
    rond = netwerk.omgeving(net, "ini-duurzaam-lopikerwaard", 2)
    namen = set(net.knopen.loc[net.knopen["knoop_id"].isin(rond), "naam"])
    assert set(at.dataframe[0].value["Naam"]) == namen
    assert at.query_params["focus"] == "ini-duurzaam-lopikerwaard"


def test_page_unknown_focus_is_ignored_with_a_notice(app_test, seed_db):
    at = app_test(seed_db, page="netwerk", focus="<b>bestaat-niet</b>")
    assert not at.exception
    assert at.selectbox(key="netwerk_focus").value is None
    assert any("hoort niet bij het netwerk" in i.value for i in at.info)
    assert "bestaat-niet" not in _page_text(at)


def test_page_global_gemeente_filter(app_test, seed_db):
    at = app_test(seed_db, page="netwerk", gemeente="Bunnik")
    assert not at.exception
    with duckdb.connect(str(seed_db), read_only=True) as c:
        net = netwerk.netwerk(c, Filters(gemeenten=("GM0312",)))
    assert _metrics(at)["Knopen"] == str(len(net.knopen))


def test_page_on_empty_store(app_test, empty_db):
    at = app_test(empty_db, page="netwerk")
    assert not at.exception
    assert any("nog geen initiatieven of verbindingen" in i.value for i in at.info)


def test_page_filters_that_leave_nothing_say_so(app_test, seed_db):
    at = app_test(seed_db, page="netwerk", knoop="Kennisinstelling", verbinding="financiert")
    assert not at.exception
    assert any("voor deze filters" in i.value for i in at.info)


def test_page_on_synthetic_store(app_test, synthetic_db):
    at = app_test(synthetic_db, page="netwerk")
    assert not at.exception
    m = _metrics(at)
    assert int(m["Knopen"].replace(".", "")) > 2000
    assert any("steekproef" in c.value for c in at.caption)


def test_focus_choices_are_named_and_sorted(con):
    keuze = netwerk.keuzelijst(netwerk.netwerk(con))
    assert keuze["C"] == "Charlie (Pilot)" and keuze["PV99"] == "Provincie (Provincie)"
    assert list(keuze.values()) == sorted(keuze.values(), key=str.lower)


# ---------- precomputed at write time (issue 10 item 7) ----------

def _vers_store():
    from pipelines import netwerk_maten
    c = mini_store()
    assert netwerk_maten.vul(c) == 9                   # the 9 nodes of the unfiltered network
    return c


def test_precomputed_equals_computed_on_the_mini_store():
    c = _vers_store()
    gelezen = netwerk.netwerk(c)
    assert gelezen.meta == {"steekproef": None, "vooraf_berekend": True}
    berekend = netwerk.bouw(*netwerk.knopen_en_verbindingen(c))
    assert berekend.meta["vooraf_berekend"] is False
    pd.testing.assert_frame_equal(gelezen.knopen, berekend.knopen)
    pd.testing.assert_frame_equal(gelezen.verbindingen, berekend.verbindingen)
    assert gelezen.verborgen_organisaties == berekend.verborgen_organisaties == 2


def test_precomputed_equals_computed_on_a_large_sampled_network(synthetic_db):
    """The writer (pipelines.synthetic.add) stored the measures; the same seed gives the same
    sampled verbinder-score, clusters and positions, and the sample size is reported."""
    with duckdb.connect(str(synthetic_db), read_only=True) as c:
        gelezen = netwerk.netwerk(c)
        berekend = netwerk.bouw(*netwerk.knopen_en_verbindingen(c))
        opgeslagen = c.execute("SELECT count(*), min(steekproef), max(steekproef) FROM netwerk_maten").fetchone()
    assert gelezen.meta["vooraf_berekend"] and opgeslagen == (len(berekend.knopen), 128, 128)
    assert gelezen.steekproef == berekend.steekproef == netwerk.BETWEENNESS_SAMPLES and gelezen.betweenness_benaderd
    pd.testing.assert_frame_equal(gelezen.knopen, berekend.knopen)
    assert gelezen.aantal_clusters == berekend.aantal_clusters > 1


def test_changed_data_is_recomputed_not_read():
    c = _vers_store()
    c.execute("INSERT INTO verbindingen (verbinding_id, van_id, naar_id, soort, bron) VALUES ('v9', 'D', 'K', 'lid van', 't')")
    net = netwerk.netwerk(c)
    assert net.meta["vooraf_berekend"] is False
    assert "D" not in set(netwerk.alleenstaand(net)["knoop_id"]) and len(net.verbindingen) == 9


def test_filtered_networks_are_computed():
    c = _vers_store()
    for net in (netwerk.netwerk(c, Filters(gemeenten=("GM0001",))), netwerk.netwerk(c, knoop_soorten=("initiatief",)),
                netwerk.netwerk(c, losse_organisaties=True)):
        assert net.meta["vooraf_berekend"] is False


def test_a_store_without_the_table_still_works():
    c = mini_store()
    c.execute("DROP TABLE netwerk_maten")
    net = netwerk.netwerk(c)
    assert not net.is_leeg and net.meta["vooraf_berekend"] is False


def test_writer_skips_networks_over_the_limit(monkeypatch):
    from pipelines import netwerk_maten
    c = _vers_store()
    monkeypatch.setattr(netwerk, "VOORAF_MAX", 5)
    assert netwerk_maten.vul(c) == 0
    assert c.execute("SELECT count(*) FROM netwerk_maten").fetchone() == (0,)
    assert netwerk.netwerk(c).meta["vooraf_berekend"] is False


def test_every_writer_fills_the_table(seed_db, writable_db):
    from pipelines import synthetic
    with duckdb.connect(str(seed_db), read_only=True) as c:          # pipelines.build
        assert netwerk.netwerk(c).meta["vooraf_berekend"]
    synthetic.add(writable_db, initiatieven=20, verbindingen=40)       # pipelines.synthetic
    with duckdb.connect(str(writable_db), read_only=True) as c:
        net = netwerk.netwerk(c)
        assert net.meta["vooraf_berekend"] and net.knopen["knoop_id"].str.startswith("syn-").any()


def test_fingerprint_ignores_names_but_not_links():
    k, v = netwerk.knopen_en_verbindingen(mini_store())
    afdruk = netwerk.vingerafdruk(k, v)
    assert netwerk.vingerafdruk(k.assign(naam="anders"), v) == afdruk
    assert netwerk.vingerafdruk(k, v.iloc[1:]) != afdruk
    assert netwerk.vingerafdruk(k, v.assign(soort="lid van")) != afdruk


def test_caption_states_the_sample_actually_used():
    assert "steekproef van 128 startpunten" in netwerk_fig.maten_uitleg(128)
    assert "steekproef van 64 startpunten" in netwerk_fig.maten_uitleg(64)
    assert "steekproef" not in netwerk_fig.maten_uitleg(None)
    assert "rond de focus" in netwerk_fig.maten_uitleg(None, met_focus=True)


def test_html_draws_only_once_visible(con):
    html = netwerk_fig.netwerk_html(netwerk.netwerk(con))
    assert "new ResizeObserver" in html and "if (!box.clientWidth)" in html


def test_unfiltered_page_reads_the_precomputed_network(app_test, synthetic_db, monkeypatch):
    """With the layout made to fail, the unfiltered page still renders: it read netwerk_maten.
    A filtered page has to compute, so there the failing layout shows (proving the patch bites)."""
    import streamlit as st

    def kapot(*_a, **_k):
        raise AssertionError("layout berekend")
    monkeypatch.setattr(netwerk, "layout", kapot)
    st.cache_data.clear()
    at = app_test(synthetic_db, page="netwerk")
    assert not at.exception
    assert any("steekproef van 128 startpunten" in c.value for c in at.caption)
    assert int(_metrics(at)["Knopen"].replace(".", "")) > 2000
    st.cache_data.clear()
    gefilterd = app_test(synthetic_db, page="netwerk", gemeente="Bunnik")
    assert gefilterd.exception and "layout berekend" in str(gefilterd.exception[0].value)
    st.cache_data.clear()


def test_page_draws_fixed_text_and_the_phone_sentence(app_test, seed_db):
    at = app_test(seed_db, page="netwerk")
    assert not at.exception
    assert any("Wat kan een vrije actor hiermee?" in m.value for m in at.markdown)
    assert any("Op een smal scherm" in i.value for i in at.info)
    assert [s.value for s in at.subheader] == ["Verbinders en clusters", "Wie staat er alleen?"]


def test_writer_leaves_a_store_from_before_the_table_alone():
    from pipelines import netwerk_maten
    c = mini_store()
    c.execute("DROP TABLE netwerk_maten")
    assert netwerk_maten.vul(c) == 0                 # an import into an old store still succeeds
    assert netwerk.netwerk(c).meta["vooraf_berekend"] is False
