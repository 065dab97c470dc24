"""The map builders: feature counts match the database, escaping, legend values, filter
effects, offline assets, and reading a click back."""
from __future__ import annotations

import json
import math
import re

import duckdb
import folium
import pandas as pd

from vliegwiel.format import tabelstijl
import pytest

from pipelines import config
from vliegwiel import kaart, netwerk
from vliegwiel.figures import kaart as kaart_fig, mapbase
from vliegwiel.filters import Filters

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def data(con):
    return kaart.kaartdata(con)


def _layers(m: folium.Map, cls):
    return [c for c in m._children.values() if isinstance(c, cls)]


def _geojson_by_name(m: folium.Map, prefix: str) -> folium.GeoJson:
    [layer] = [c for c in _layers(m, folium.GeoJson) if c.layer_name.startswith(prefix)]
    return layer


def test_feature_counts_match_database(con, data):
    m = kaart_fig.kaart(data)
    n_gemeenten = con.execute("SELECT count(*) FROM gemeenten").fetchone()[0]
    n_kernen = con.execute("SELECT count(*) FROM kernen WHERE latitude IS NOT NULL AND longitude IS NOT NULL").fetchone()[0]
    assert len(_geojson_by_name(m, "Gemeenten").data["features"]) == n_gemeenten == 26
    assert len(_geojson_by_name(m, "Kernen").data["features"]) == n_kernen == 104
    [cluster] = _layers(m, folium.plugins.FastMarkerCluster)
    assert len(cluster.data) == len(data.punten)


def test_markers_only_where_a_place_is_known(con, data):
    # own coordinates, else home kern, else the kernen it works in; never invented
    expected = con.execute("""
        SELECT count(*) FROM initiatieven i WHERE (i.latitude IS NOT NULL AND i.longitude IS NOT NULL)
           OR (i.kern_id IS NOT NULL)
    """).fetchone()[0] + con.execute("""
        SELECT count(*) FROM initiatieven i JOIN initiatief_kernen ik USING (initiatief_id)
        WHERE i.latitude IS NULL AND i.kern_id IS NULL
    """).fetchone()[0]
    assert len(data.punten) == expected
    niet = kaart.niet_op_de_kaart(data).set_index("naam")["reden"]
    assert niet["Zonne-collectief Duurzaam Lopikerwaard"] == "alleen gemeente bekend"
    assert niet["Intergenerationeel wonenproject plan Mastenbroek"] == "locatie onbekend"
    # the pilot working in three kernen stands at each of them
    gv = data.punten[data.punten["initiatief_id"] == "ini-gelukkig-en-vitaal"]
    assert sorted(gv["kern"]) == ["Bunnik", "Odijk", "Werkhoven"]
    kernen = data.kernen.set_index("kern_id")
    for r in data.punten.itertuples():
        if r.plaatsing not in (kaart.PLAATSING_EIGEN, kaart.PLAATSING_PLAATS):
            assert (r.latitude, r.longitude) == (kernen.loc[r.kern_id, "latitude"], kernen.loc[r.kern_id, "longitude"])


def test_map_loads_nothing_from_outside_the_app(data):
    m = kaart_fig.kaart(data)
    assert mapbase.external_urls(m) == []
    html = m.get_root().render()
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
    assert "openstreetmap" not in html.lower()
    # MarkerCluster refuses a map without maxZoom when there is no tile layer
    assert '"maxZoom": 18' in html


def test_osm_tiles_only_when_asked(data):
    html = kaart_fig.kaart(data, osm=True).get_root().render()
    assert "tile.openstreetmap.org" in html
    assert mapbase.external_urls(kaart_fig.kaart(data, osm=True)) == []  # tiles are data, not assets


def test_every_metric_builds_and_labels_the_legend(data):
    for maat, (label, _col, _dec) in kaart_fig.METRIEKEN.items():
        html = kaart_fig.kaart(data, maat).get_root().render()
        assert json.dumps(label, ensure_ascii=False)[1:-1].replace("'", "\\u0027") in html or label in html
    with pytest.raises(ValueError):
        kaart_fig.kaart(data, "onzin")


def test_legend_shows_class_bounds_in_dutch_format(data):
    _fc, intervallen, labels = kaart_fig._gemeente_features(data, "per_1000")
    assert intervallen and all("," in lab and "." not in lab for lab in labels)
    legenda = kaart_fig.legenda_html(data, "per_1000", labels, [], markers=True)
    for lab in labels:
        assert str(lab) in str(legenda)
    assert "1.000" in str(legenda) and "10.000" in str(legenda)  # circle sizes, Dutch thousands


def test_choropleth_colour_follows_classes(data):
    fc, intervallen, _labels = kaart_fig._gemeente_features(data, "initiatieven")
    kleur = {f["properties"]["gemeente_code"]: f["properties"]["kleur"] for f in fc["features"]}
    cijfers = data.gemeenten.set_index("gemeente_code")
    for code, k in kleur.items():
        n = cijfers.loc[code, "initiatieven"]
        if n == 0:
            assert k == kaart_fig.GEMEENTE_NUL
        else:
            assert k == kaart_fig.GEMEENTE_KLEUREN[kaart_fig.klasse_index(n, intervallen) - 1]
    assert kleur["GM0344"] == kaart_fig.GEMEENTE_KLEUREN[len(intervallen) - 1]  # Utrecht has the most


def test_klassen_cover_every_positive_value():
    waarden = [0, 0, 1, 1, 2, 3, 5, 8, 13, 40, float("nan")]
    iv = kaart_fig.klassen(waarden, 0)
    assert 1 <= len(iv) <= 4
    for w in waarden:
        idx = kaart_fig.klasse_index(w, iv)
        if isinstance(w, float) and math.isnan(w):
            assert idx is None
        elif w == 0:
            assert idx == 0
        else:
            lo, hi = iv[idx - 1]
            assert lo <= w <= hi
    # contiguous, ascending
    for (_a, b), (c, _d) in zip(iv, iv[1:]):
        assert c == b + 1
    assert kaart_fig.klassen([0, 0, None], 2) == []
    assert kaart_fig.klasse_labels([(0.01, 0.03), (0.04, 0.04)], 2) == ["0,01 – 0,03", "0,04"]
    assert kaart_fig.klasse_labels([(1, 1), (2, 1500)], 0) == ["1", "2 – 1.500"]


def test_kern_circles_scale_with_square_root_of_inhabitants():
    assert kaart_fig.kern_straal(None) == kaart_fig.kern_straal(0) == 3.0
    a, b = kaart_fig.kern_straal(1_000) - 3, kaart_fig.kern_straal(4_000) - 3
    assert b == pytest.approx(2 * a, rel=0.05)


def test_palettes_readable_and_distinct():
    assert len(set(kaart_fig.THEMA_KLEUREN)) == 15
    assert kaart_fig.tekstkleur("#000000") == "#ffffff"
    assert kaart_fig.tekstkleur("#F0E442") == "#000000"


def test_filters_change_the_map(con, data):
    f = Filters(gemeenten=("GM0331",), themas=("energie",))
    d = kaart.kaartdata(con, f)
    assert d.initiatieven["naam"].tolist() == ["Zonne-collectief Duurzaam Lopikerwaard"]
    assert d.gemeenten.loc[d.gemeenten["in_selectie"], "naam"].tolist() == ["Lopik"]
    assert set(d.kernen["gemeente_code"]) == {"GM0331"}
    assert len(d.gemeenten) == 26  # all outlines stay, others drawn as "niet in de selectie"
    fc, _iv, _l = kaart_fig._gemeente_features(d, "per_1000")
    buiten = [f["properties"]["kleur"] for f in fc["features"] if f["properties"]["buiten"]]
    assert len(buiten) == 25 and set(buiten) == {kaart_fig.GEMEENTE_BUITEN}
    # a theme filter colours the markers by the selected theme
    d2 = kaart.kaartdata(con, Filters(themas=("right-to-challenge",)))
    assert set(d2.punten["eerste_thema"]) <= {"right-to-challenge"}
    assert len(d2.initiatieven) < len(data.initiatieven)


def test_size_class_filter_limits_kernen(con):
    d = kaart.kaartdata(con, Filters(grootteklassen=("tot-1000",)))
    assert len(d.kernen) and (d.kernen["inwoners"] < 1000).all()


def test_empty_database_gives_a_map_without_markers(empty_db):
    c = duckdb.connect(str(empty_db), read_only=True)
    d = kaart.kaartdata(c)
    c.close()
    assert d.leeg and d.punten.empty
    m = kaart_fig.kaart(d)
    assert not _layers(m, folium.plugins.FastMarkerCluster)
    assert len(_geojson_by_name(m, "Gemeenten").data["features"]) == 26
    assert kaart.initiatieven_tabel(d).empty


@pytest.fixture(scope="module")
def xss_data(tmp_path_factory, seed_db):
    import shutil
    path = tmp_path_factory.mktemp("xss") / "v.duckdb"
    shutil.copy(seed_db, path)
    c = duckdb.connect(str(path))
    # (DuckDB cannot update referenced rows, so the hostile names come as new rows)
    c.execute("INSERT INTO kernen (kern_id, naam, gemeente_code, latitude, longitude, inwoners, bron) "
              "VALUES ('WP9999', ?, 'GM0312', 52.03, 5.25, 500, 'test')", ["Werk<i>hoven</i>"])
    c.execute("INSERT INTO themas (thema_id, naam, soort, groep, volgorde, bron) "
              "VALUES ('xss', ?, 'thema', 'sociaal', 0, 'test')", ["Wonen <script>alert(2)</script>"])
    c.execute("INSERT INTO initiatieven (initiatief_id, naam, kern_id, gemeente_code, status, bron) "
              "VALUES ('ini-xss', ?, 'WP9999', 'GM0312', ?, 'test')", [XSS, "<b>actief</b>"])
    c.execute("INSERT INTO initiatief_kernen VALUES ('ini-xss', 'WP9999')")
    c.execute("INSERT INTO initiatief_themas VALUES ('ini-xss', 'xss')")
    c.close()
    c = duckdb.connect(str(path), read_only=True)
    d = kaart.kaartdata(c)
    c.close()
    return d


def test_data_text_is_never_markup(xss_data):
    html = kaart_fig.kaart(xss_data).get_root().render()
    for raw in (XSS, "<script>alert(2)</script>", "<b>actief</b>", "Werk<i>hoven</i>"):
        assert raw not in html
    # the marker row carries the name JSON-encoded; the legend escapes theme names
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    legenda = str(kaart_fig.legenda_html(xss_data, "per_1000", [], [], markers=True))
    assert "Wonen &lt;script&gt;alert(2)&lt;/script&gt;" in legenda and "<script>" not in legenda
    # tooltips are built with textContent, never innerHTML
    script = html[html.index("var callback"):]
    assert "textContent = line" in script
    assert "innerHTML" not in kaart_fig._TIP_JS


def test_tables_have_dutch_headers_and_onbekend(data):
    t = kaart.initiatieven_tabel(data)
    assert list(t.columns) == ["Initiatief", "Gemeente", "Kern(en)", "Thema's", "Status", "Pilot", "Actualiteit",
                               "Laatst bevestigd", "Op de kaart"]
    assert (t["Status"] == "onbekend").any()
    # Freshness (issue 13): seed records are confirmed on their document's date, years ago.
    assert set(t["Actualiteit"]) <= {label for label, _j in config.VERSHEID} | {"onbekend"}
    assert t["Laatst bevestigd"].str.fullmatch(r"\d{1,2} [a-z]+ \d{4}|onbekend").all()
    row = t.set_index("Initiatief").loc["Intergenerationeel wonenproject plan Mastenbroek"]
    assert row["Gemeente"] == "onbekend" and row["Op de kaart"] == kaart.NIET_ONBEKEND
    g = kaart.gemeenten_tabel(data)
    assert len(g) == 26 and "Initiatieven per 1.000 inwoners" in g.columns
    assert g["Initiatieven"].sum() == data.gemeenten["initiatieven"].sum()
    k = kaart.kernen_tabel(data)
    opgemaakt = tabelstijl(k)
    assert len(k) == 104 and set(k["Kleine kern"]) <= {"ja", "nee", "onbekend"}
    # unknown inhabitants read "onbekend" (Haarzuilens), the column itself stays numeric so it sorts
    assert pd.api.types.is_numeric_dtype(k[kaart.INWONERS_KERN])
    html = opgemaakt.to_html()
    assert "onbekend" in html and "None" not in html and "nan" not in html
    rij = k.index[k["Kern"] == "Haarzuilens"][0]
    assert pd.isna(k.loc[rij, kaart.INWONERS_KERN])


def test_compact_map_is_only_the_choropleth(data):
    m = kaart_fig.kaart(data, compact=True)
    assert not _layers(m, folium.plugins.FastMarkerCluster)
    assert not _layers(m, folium.LayerControl)
    assert [g.layer_name for g in _layers(m, folium.GeoJson)][-1].startswith("Gemeenten")
    # the home page's small map (about 380 px wide) starts with its legend folded, off the map
    assert _layers(m, kaart_fig._Extra)[0].open_vanaf > 400


def test_only_the_kaart_page_map_outlines_the_selection(data):
    """The Kaart page's map outlines the area its URL selects, in the browser; labels that look
    like HTML stay inside the script's JSON; other maps draw no selection."""
    html = kaart_fig.kaart(data, gebied_labels={"GM0331": "Lopik (gemeente)", "WP9": "</script><b>x"}).get_root().render()
    assert kaart_fig.SELECTIE_CLASS in html and '"Lopik (gemeente)": "GM0331"' in html
    assert "</script><b>x" not in html
    assert kaart_fig.SELECTIE_CLASS not in kaart_fig.kaart(data).get_root().render()


def test_network_layer_is_added_when_given(data):
    laag = folium.FeatureGroup(name="Netwerk (verbindingen)")
    m = kaart_fig.kaart(data, netwerk=laag)
    assert laag in m._children.values()


def test_real_network_layer_on_the_map(con, data):
    from vliegwiel.figures import netwerk_laag
    laag = netwerk_laag.netwerk_laag(netwerk.verbindingen_met_locatie(con, Filters()))
    laag.show = True
    m = kaart_fig.kaart(data, netwerk=laag)
    assert mapbase.external_urls(m) == []
    assert "Netwerk" in m.get_root().render()


def test_kern_focus_centres_the_map(data):
    m = kaart_fig.kaart(data, centrum=(52.025, 5.244), zoom=12)
    html = m.get_root().render()
    assert "52.025" in html and '"dashArray": "5 4"' in html


@pytest.mark.parametrize("waarde, verwacht", [
    ({"last_active_drawing": {"properties": {"gemeente_code": "GM0312", "naam": "Bunnik"}}}, ("gemeente", "GM0312")),
    ({"last_active_drawing": {"properties": {"kern_id": "WP2605", "gemeente_code": "GM0312"}}}, ("kern", "WP2605")),
    ({"last_active_drawing": {"properties": {"soort": "initiatief", "kern_id": None, "gemeente_code": "GM0331"}}},
     ("gemeente", "GM0331")),
    ({"last_active_drawing": None}, None),
    ({"last_active_drawing": {"properties": {}}}, None),
    ({"last_active_drawing": {"properties": "x"}}, None),
    (None, None),
    ("rommel", None),
])
def test_selectie_uit_klik(waarde, verwacht):
    assert kaart_fig.selectie_uit_klik(waarde) == verwacht


def test_click_properties_reach_the_browser(data):
    """What selectie_uit_klik reads must be in the features streamlit-folium sends back."""
    m = kaart_fig.kaart(data)
    g = _geojson_by_name(m, "Gemeenten").data["features"][0]["properties"]
    k = _geojson_by_name(m, "Kernen").data["features"][0]["properties"]
    assert kaart_fig.selectie_uit_klik({"last_active_drawing": {"properties": g}})[0] == "gemeente"
    assert kaart_fig.selectie_uit_klik({"last_active_drawing": {"properties": k}})[0] == "kern"
    html = m.get_root().render()
    assert "m.feature = {type: 'Feature', properties: {soort: 'initiatief', kern_id" in html


def test_synthetic_scale(synthetic_db):
    c = duckdb.connect(str(synthetic_db), read_only=True)
    d = kaart.kaartdata(c)
    c.close()
    assert len(d.punten) >= 2000
    html = kaart_fig.kaart(d).get_root().render()
    assert len(html.encode()) < 2_000_000 * 0.4  # 2,000 markers: well under the 2 MB for 10,000


# ---------- Dutch controls, place names, clicks and tooltips (issue 10 item 3) ----------

def _alle_kaarten(con, data):
    """Every folium map the app builds: Kaart, Overzicht's small map, a profile map, the white spots."""
    from vliegwiel import themas
    from vliegwiel.figures import witte_vlekken
    yield "kaart", kaart_fig.kaart(data)
    yield "overzicht", kaart_fig.kaart(data, "per_1000", compact=True)
    yield "kernprofiel", kaart_fig.kaart(data, "initiatieven", centrum=(52.025, 5.244), zoom=12)
    yield "witte vlekken", witte_vlekken.witte_vlekken_kaart(themas.kernen_thema_dekking(con),
                                                            themas.gemeentegrenzen(con), "Wonen")


def test_every_map_speaks_dutch_and_loads_nothing_from_outside(con, data):
    for naam, m in _alle_kaarten(con, data):
        html = m.get_root().render()
        assert '"zoomControl": false' in html, naam  # Leaflet's own (English) zoom buttons are off
        for tekst in (mapbase.ZOOM_IN, mapbase.ZOOM_OUT, mapbase.LAGEN, mapbase.LEAFLET_TITEL):
            assert f'"{tekst}"' in html, (naam, tekst)
        for engels in ("Zoom in", "Zoom out", "'Layers'", "A JavaScript library"):
            assert engels not in html, (naam, engels)
        assert mapbase.external_urls(m) == [], naam
        assert not re.findall(r'(?:src|href)="(?:https?:)?//', html), naam
        assert not re.findall(r"cdn|unpkg|jsdelivr|cdnjs", html, flags=re.I), naam
        # the first click must not scroll the page (focus without scrolling), tooltips stay inside
        assert "focus({preventScroll: true})" in html and "_vwBinnen" in html, naam


def test_dutch_controls_come_before_the_layer_control(data):
    """The layer toggle's title is set by wrapping L.Control.Layers' _initLayout, so that wrap
    must run before any LayerControl is created."""
    html = kaart_fig.kaart(data).get_root().render()
    assert html.index("_vwNederlands") < html.index("L.control.layers(")


def test_place_names_for_every_kern_largest_first(data):
    m = kaart_fig.kaart(data)
    [laag] = _layers(m, kaart_fig._Plaatsnamen)
    kernen = _geojson_by_name(m, "Kernen")
    assert laag.kern_laag == kernen.get_name()  # the names are made from the kern features
    props = [f["properties"] for f in kernen.data["features"]]
    assert len(props) == 104 and all("inwoners" in p and "naam" in p for p in props)
    utrecht = next(p for p in props if p["naam"] == "Utrecht")
    assert utrecht["inwoners"] == max(p["inwoners"] or 0 for p in props)
    assert laag.layer_name == "Plaatsnamen" and laag.control  # can be switched off in the layer control
    html = m.get_root().render()
    script = html[html.index(f"var {laag.get_name()} = L.layerGroup()"):]
    script = script[:script.index("})();")]  # this element's script only
    assert "(b.feature.properties.inwoners || 0) - (a.feature.properties.inwoners || 0)" in script  # big first
    assert "s.textContent = p.naam" in script and "innerHTML" not in script
    assert html.index(f"var {kernen.get_name()} =") < html.index(f"var {laag.get_name()} =")
    # not on the home page's small map
    assert not _layers(kaart_fig.kaart(data, compact=True), kaart_fig._Plaatsnamen)


def test_place_name_zoom_levels_put_large_places_first():
    drempels = [z for _n, z in kaart_fig.LABEL_ZOOM]
    assert drempels == sorted(drempels) and [n for n, _z in kaart_fig.LABEL_ZOOM][-1] == 0


def test_small_kernen_get_a_finger_sized_hit_area(data):
    m = kaart_fig.kaart(data)
    [raak] = _layers(m, kaart_fig._Raakvlakken)
    kinderen = list(m._children.values())
    kernen = _geojson_by_name(m, "Kernen")
    # the twins' group is on the map before the visible circles: they lie below them
    assert kinderen.index(raak) < kinderen.index(kernen)
    html = m.get_root().render()
    twin = html[html.index("var twin = L.circleMarker("):]
    twin = twin[:twin.index("}\n")]
    assert f"Math.max({kaart_fig.RAAK_STRAAL}, p.straal + 4)" in twin and "fillOpacity: 0" in twin
    assert f'"{kaart_fig.RAAK_CLASS}"' in twin and f"{raak.get_name()}.addLayer(twin)" in html
    # what a click on a twin sends back selects the kern (no name: the visible circle is found by name)
    assert "properties: {kern_id: p.kern_id, gemeente_code: p.gemeente_code}" in html
    assert kaart_fig.RAAK_STRAAL * 2 >= 24 > max(f["properties"]["straal"] for f in kernen.data["features"]
                                                 if (f["properties"]["inwoners"] or 0) < 2_500) * 2


def test_cluster_discs_pass_their_click_on(data):
    m = kaart_fig.kaart(data)
    [groep] = _layers(m, folium.plugins.FastMarkerCluster)
    [klik] = _layers(m, kaart_fig._GroepKlik)
    assert klik.groep_naam == groep.get_name() and klik.kern_laag == _geojson_by_name(m, "Kernen").get_name()
    html = m.get_root().render()
    binding = html.index(f"groep = {groep.get_name()};")
    assert html.index("groep.on('clusterclick'", binding) > binding
    assert "L.FeatureGroup.prototype.fire.call(groep, 'click'" in html
    # the handler is bound after the cluster layer exists
    assert html.index(f"var {groep.get_name()} =") < binding


def test_hostile_kern_names_stay_text_in_labels(tmp_path, seed_db):
    import shutil
    path = tmp_path / "v.duckdb"
    shutil.copy(seed_db, path)
    with duckdb.connect(str(path)) as c:
        c.execute("INSERT INTO kernen (kern_id, naam, gemeente_code, latitude, longitude, inwoners, bron) "
                  "VALUES ('WP9998', ?, 'GM0312', 52.03, 5.25, 500, 'test')", ["</script><script>alert(3)</script>"])
    with duckdb.connect(str(path), read_only=True) as c:
        d = kaart.kaartdata(c)
    html = kaart_fig.kaart(d).get_root().render()
    assert "<script>alert(3)" not in html and "\\u003c/script\\u003e\\u003cscript\\u003ealert(3)" in html


@pytest.fixture(scope="module")
def plaats_db(tmp_path_factory, seed_db):
    """The seed store plus, through the importer, initiatives whose register named Cabauw (a place
    in woonplaats Lopik): one without coordinates, one with its own point, one written '<Cabauw>'."""
    import shutil

    from pipelines.ingest import ingest
    path = tmp_path_factory.mktemp("plaats") / "v.duckdb"
    shutil.copy(seed_db, path)
    ingest("initiatieven", "Naam initiatief;Gemeente;Kern;Latitude;Longitude\n"
                           "Dorpstafel Cabauw;Lopik;Cabauw;;\n"
                           "Eigen plek Cabauw;Lopik;Cabauw;51,9600;4,9200\n"
                           "Kast Cabauw;Lopik;<Cabauw>;;\n"
                           "Dorpstafel Lopik;Lopik;Lopik;;\n".encode(), path, filename="plaats.csv")
    return path


def test_an_initiative_at_a_named_place_stands_at_that_places_point(plaats_db):
    c = duckdb.connect(str(plaats_db), read_only=True)
    d = kaart.kaartdata(c, Filters(gemeenten=("GM0331",)))
    cabauw = c.execute("SELECT latitude, longitude FROM plaatsnamen WHERE sleutel = 'cabauw' AND soort = 'geonames'").fetchone()
    lopik = c.execute("SELECT kern_id, latitude, longitude FROM kernen WHERE naam = 'Lopik'").fetchone()
    c.close()
    assert cabauw != lopik[1:]
    p = d.punten.set_index("naam")
    for naam in ("Dorpstafel Cabauw", "Kast Cabauw"):
        rij = p.loc[naam]
        assert (rij["latitude"], rij["longitude"]) == cabauw, naam
        assert (rij["plaatsing"], rij["kern_id"]) == (kaart.PLAATSING_PLAATS, lopik[0])
    assert len(d.punten[d.punten["naam"] == "Dorpstafel Cabauw"]) == 1  # at the place instead of the kern, not both
    assert p.loc["Dorpstafel Cabauw", "kern"] == "Cabauw (woonplaats Lopik)"
    eigen = p.loc["Eigen plek Cabauw"]
    assert (eigen["latitude"], eigen["longitude"], eigen["plaatsing"]) == (51.96, 4.92, kaart.PLAATSING_EIGEN)
    thuis = p.loc["Dorpstafel Lopik"]
    assert (thuis["latitude"], thuis["longitude"], thuis["plaatsing"]) == (*lopik[1:], kaart.PLAATSING_HOOFDKERN)

    t = kaart.initiatieven_tabel(d).set_index("Initiatief")
    assert t.loc["Dorpstafel Cabauw", ["Kern(en)", "Op de kaart"]].tolist() == [
        "Cabauw (woonplaats Lopik)", "bij de plaats Cabauw"]
    assert t.loc["Dorpstafel Lopik", ["Kern(en)", "Op de kaart"]].tolist() == ["Lopik", kaart.PLAATSING_HOOFDKERN]
    assert t.loc["Eigen plek Cabauw", "Op de kaart"] == kaart.PLAATSING_EIGEN

    # The tooltip names the place; the written name is data: JSON-encoded, shown with textContent.
    html = kaart_fig.kaart(d).get_root().render()
    assert '"Cabauw (woonplaats Lopik)"' in html and '"Lopik"' in html
    assert "<Cabauw>" not in html and "\\u003cCabauw\\u003e (woonplaats Lopik)" in html


def test_the_profile_table_names_the_place(plaats_db):
    from vliegwiel import profielen
    c = duckdb.connect(str(plaats_db), read_only=True)
    lopik = c.execute("SELECT kern_id FROM kernen WHERE naam = 'Lopik'").fetchone()[0]
    t = profielen.initiatieven_tabel(profielen.initiatieven(c, kern_id=lopik)).set_index("Initiatief")
    c.close()
    assert t.loc["Dorpstafel Cabauw", "Kern(en)"] == "Cabauw (woonplaats Lopik)"
    assert t.loc["Dorpstafel Lopik", "Kern(en)"] == "Lopik"
