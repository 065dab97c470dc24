"""The Kaart's kernen coloured by a CBS village figure (issue 12): the data (`kaart.kernmaat`,
`met_kernmaat`, the Kernen table) and the builder (classes, colours, legend, tooltips)."""
from __future__ import annotations

import dataclasses
import shutil

import duckdb
import folium
import numpy as np
import pandas as pd
import pytest

from vliegwiel import kaart, kerncijfers
from vliegwiel.figures import kaart as kaart_fig
from vliegwiel.format import tabelstijl

SUPERMARKT = "afstand_supermarkt_km"
KOP = "Afstand tot grote supermarkt (km, editie 2024)"


@pytest.fixture(scope="module")
def basis(con):
    return kaart.kaartdata(con)


@pytest.fixture(scope="module")
def supermarkt(con):
    return kaart.kernmaat(con, SUPERMARKT)


@pytest.fixture(scope="module")
def data(basis, supermarkt):
    return kaart.met_kernmaat(basis, supermarkt)


def _kern_laag(m: folium.Map) -> folium.GeoJson:
    [laag] = [c for c in m._children.values() if isinstance(c, folium.GeoJson) and c.layer_name.startswith("Kernen")]
    return laag


def _features(data) -> dict[str, dict]:
    fc, _iv = kaart_fig._kern_features(data)
    return {f["properties"]["naam"]: f for f in fc["features"]}


def _met_waarden(data, km, **waarden) -> kaart.KaartData:
    """`data` with the figure of the named kernen replaced (None: unknown)."""
    cijfers = km.cijfers.copy()
    ids = data.kernen.set_index("naam")["kern_id"]
    for naam, (waarde, dekking) in waarden.items():
        rij = cijfers["kern_id"] == ids[naam]
        cijfers.loc[rij, "maat_waarde"] = np.nan if waarde is None else waarde
        cijfers.loc[rij, "maat_dekking"] = dekking
        cijfers.loc[rij, "maat_kanttekening"] = kerncijfers.kanttekening(dekking, None)
    basis = dataclasses.replace(data, kernen=data.kernen.drop(columns=["maat_waarde", "maat_dekking",
                                                                      "maat_kanttekening"]), kernmaat=None)
    return kaart.met_kernmaat(basis, dataclasses.replace(km, cijfers=cijfers))


# ---------- data ----------

def test_every_village_figure_is_an_option_after_the_initiatives(con):
    opties = kaart.kernmaat_opties(con)
    ind = kerncijfers.indicatoren(con)
    assert list(opties)[0] == kaart.STANDAARD_KERNMAAT and opties[kaart.STANDAARD_KERNMAAT] == "Aantal initiatieven"
    assert list(opties)[1:] == list(ind["kolom"]) and len(opties) == 10
    assert kaart.kernmaat(con, "onzin") is None
    assert kaart.met_kernmaat(kaart.kaartdata(con), None).kernmaat is None


def test_the_figure_has_its_label_unit_year_and_source(supermarkt, con):
    assert supermarkt.kop == KOP and supermarkt.decimalen == 1 and supermarkt.heeft_dekking
    assert supermarkt.bron_kort == "CBS Kerncijfers wijken en buurten 2024"
    assert "85984NED" in supermarkt.bron
    koppen = {k: kaart.kernmaat(con, k).kop for k in ("inwoners", "pct_65plus", "inwoners_per_km2_land",
                                                      "gem_huishoudensgrootte")}
    assert koppen == {"inwoners": "Inwoners (1 januari 2024)",
                      "pct_65plus": "Inwoners 65 jaar en ouder (%, 1 januari 2024)",
                      "inwoners_per_km2_land": "Inwoners per km² land (1 januari 2024)",
                      "gem_huishoudensgrootte": "Gemiddelde huishoudensgrootte (personen, 1 januari 2024)"}


def test_kernen_table_has_the_figure_and_its_coverage_as_the_store(con, basis, data):
    assert KOP not in kaart.kernen_tabel(basis).columns and kaart.kernen_decimalen(basis) == {}
    t = kaart.kernen_tabel(data)
    assert list(t.columns[:4]) == ["Kern", "Gemeente", KOP, kaart.DEKKING_KOP] and len(t) == 104
    store = dict(con.execute(f"SELECT kern_id, {SUPERMARKT} FROM kern_cijfers").fetchall())
    ids = data.kernen["kern_id"]
    assert t[KOP].tolist() == [store.get(i) for i in ids]
    werkhoven = t.set_index("Kern").loc["Werkhoven"]
    assert werkhoven[KOP] == 3.6 and werkhoven[kaart.DEKKING_KOP] == 100.0
    # shown as the Kernprofiel shows it: 3,6 (km) there too
    shown = tabelstijl(t, kaart.kernen_decimalen(data)).to_html()
    assert ">3,6<" in shown and kerncijfers.waarde_tekst(3.6, "km") == "3,6 km"
    # a figure without a coverage column gets none
    inwoners = kaart.kernen_tabel(kaart.met_kernmaat(basis, kaart.kernmaat(con, "inwoners")))
    assert "Inwoners (1 januari 2024)" in inwoners.columns and kaart.DEKKING_KOP not in inwoners.columns


# ---------- classes and colours ----------

def test_figure_classes_cover_every_value_zero_included():
    waarden = [0.0, 0.4, 0.4, 0.9, 1.2, 2.5, 3.6, 5.7, None, float("nan")]
    iv = kaart_fig.maat_klassen(waarden, 1)
    assert iv[0][0] == 0.0 and iv[-1][1] == 5.7 and len(iv) <= len(kaart_fig.MAAT_KLEUREN)
    for (_lo, hi), (lo2, _hi2) in zip(iv, iv[1:]):
        assert lo2 == pytest.approx(hi + 0.1)
    idx = [kaart_fig.maat_klasse(w, iv, 1) for w in waarden]
    assert idx[-2:] == [None, None] and idx[:-2] == sorted(idx[:-2])  # higher value, never a lighter class
    assert kaart_fig.maat_klassen([None], 1) == [] and kaart_fig.maat_klasse(1.0, [], 1) is None
    assert kaart_fig.maat_klassen([2.0, 2.0], 1) == [(2.0, 2.0)]
    assert kaart_fig.maat_kleuren(1) == [kaart_fig.MAAT_KLEUREN[2]]
    assert kaart_fig.maat_kleuren(2) == [kaart_fig.MAAT_KLEUREN[0], kaart_fig.MAAT_KLEUREN[-1]]
    assert kaart_fig.maat_kleuren(5) == kaart_fig.MAAT_KLEUREN


def test_low_and_high_values_get_different_colours_and_far_is_dark(data):
    f = _features(data)
    waarde = data.kernen.set_index("naam")["maat_waarde"]
    verst, dichtst = waarde.idxmax(), waarde.idxmin()
    assert f[verst]["properties"]["kleur"] == kaart_fig.MAAT_KLEUREN[-1]
    assert f[dichtst]["properties"]["kleur"] == kaart_fig.MAAT_KLEUREN[0]
    assert f["Werkhoven"]["properties"]["kleur"] != f["Bunnik"]["properties"]["kleur"]  # 3,6 km vs 0,6 km
    # a darker colour never means a shorter distance
    volgorde = {k: i for i, k in enumerate(kaart_fig.MAAT_KLEUREN)}
    fc, _iv = kaart_fig._kern_features(data)
    per_id = data.kernen.set_index("kern_id")["maat_waarde"]
    paren = sorted((per_id[x["properties"]["kern_id"]], volgorde[x["properties"]["kleur"]]) for x in fc["features"])
    assert [i for _w, i in paren] == sorted(i for _w, i in paren)
    # the palette is not the initiative count's
    assert not set(kaart_fig.MAAT_KLEUREN) & set(kaart_fig.KERN_KLEUREN + [kaart_fig.KERN_NUL, kaart_fig.MAAT_ONBEKEND])


def test_unknown_value_is_grey_dashed_and_onbekend(data, supermarkt):
    d = _met_waarden(data, supermarkt, Werkhoven=(None, None))
    f = _features(d)["Werkhoven"]
    assert f["properties"]["kleur"] == kaart_fig.MAAT_ONBEKEND and f["properties"]["onbekend"] is True
    assert "Afstand tot grote supermarkt: onbekend (CBS, editie 2024)" in f["properties"]["tip"]
    m = kaart_fig.kaart(d)
    stijl = _kern_laag(m).style_function(f)
    assert stijl["fillColor"] == kaart_fig.MAAT_ONBEKEND and stijl["dashArray"] == kaart_fig.MAAT_ONBEKEND_STREEP
    assert _kern_laag(m).style_function(_features(d)["Bunnik"])["dashArray"] is None
    _fc, iv = kaart_fig._kern_features(d)
    legenda = str(kaart_fig.legenda_html(d, "per_1000", [], iv, markers=False))
    assert "onbekend</div>" in legenda and kaart_fig.MAAT_ONBEKEND in legenda


def test_tooltip_has_value_unit_year_and_caveat_when_coverage_is_low(data, supermarkt):
    f = _features(data)["Werkhoven"]["properties"]["tip"]
    assert "Afstand tot grote supermarkt: 3,6 km (CBS, editie 2024)" in f
    assert not any(t.startswith("Let op") for t in f)  # 100 % coverage
    d = _met_waarden(data, supermarkt, Werkhoven=(3.6, 62.0))
    tip = _features(d)["Werkhoven"]["properties"]["tip"]
    assert "Let op: Alleen 62 % van de inwoners woont in buurten waarvoor CBS dit cijfer publiceert: " \
           "voorzichtig gebruiken." in tip
    assert tip[-1] == "Klik voor het profiel"


def test_a_share_shows_with_its_unit_and_date_and_a_tiny_kern_its_rounding_caveat(con, basis):
    d = kaart.met_kernmaat(basis, kaart.kernmaat(con, "pct_65plus"))
    f = _features(d)
    assert "Inwoners 65 jaar en ouder: 19,7 % (CBS, 1 januari 2024)" in f["Werkhoven"]["properties"]["tip"]
    assert any(t.startswith("Let op: CBS rondt de aantallen per buurt af op vijftallen")
               for t in f["Ossenwaard"]["properties"]["tip"])


def test_legend_names_the_figure_year_unit_and_source(data):
    _fc, iv = kaart_fig._kern_features(data)
    legenda = str(kaart_fig.legenda_html(data, "per_1000", [], iv, markers=True))
    assert f"<h4>Kernen: {KOP}</h4>" in legenda
    assert "Bron: CBS Kerncijfers wijken en buurten 2024, editie 2024" in legenda
    assert "Donkerder: verder weg" in legenda and "Kernen: aantal initiatieven" not in legenda
    assert "Grootte: inwoners (benadering, 1 januari 2021)" in legenda  # the circle sizes stay explained
    for lab in kaart_fig.maat_labels(iv, data.kernmaat):
        assert lab in legenda and lab.endswith(" km")
    assert "0,4 – " in legenda  # the nearest supermarket, in Dutch number format
    # the whole map carries it, and names the layer after the figure
    m = kaart_fig.kaart(data)
    assert _kern_laag(m).layer_name == "Kernen (grootte: inwoners, kleur: afstand tot grote supermarkt)"
    html = m.get_root().render()
    assert "Kerncijfers wijken en buurten 2024, editie 2024" in html


def test_without_a_figure_the_map_is_as_before(basis):
    fc, iv = kaart_fig._kern_features(basis)
    kleuren = {f["properties"]["kleur"] for f in fc["features"]}
    assert kleuren <= set(kaart_fig.KERN_KLEUREN) | {kaart_fig.KERN_NUL}
    assert not any(f["properties"]["onbekend"] for f in fc["features"])
    legenda = str(kaart_fig.legenda_html(basis, "per_1000", [], iv, markers=False))
    assert "Kernen: aantal initiatieven" in legenda and "Kerncijfers" not in legenda


# ---------- hostile text ----------

def test_hostile_kern_name_and_figure_label_stay_text(tmp_path, seed_db):
    path = tmp_path / "v.duckdb"
    shutil.copy(seed_db, path)
    naam = "</script><img src=x onerror=alert(4)>"
    with duckdb.connect(str(path)) as c:
        c.execute("INSERT INTO kernen (kern_id, naam, gemeente_code, latitude, longitude, inwoners, bron) "
                  "VALUES ('WP9997', ?, 'GM0312', 52.03, 5.25, 500, 'test')", [naam])
    with duckdb.connect(str(path), read_only=True) as c:
        km = kaart.kernmaat(c, SUPERMARKT)
        d = kaart.met_kernmaat(kaart.kaartdata(c), dataclasses.replace(
            km, label="Afstand <b>tot</b> & supermarkt", bron="<script>alert(5)</script>"))
    f = _features(d)[naam]
    assert f["properties"]["tip"][0] == f"{naam} (kern)"  # plain text, put in the DOM with textContent
    assert f["properties"]["kleur"] == kaart_fig.MAAT_ONBEKEND  # no CBS row for it: unknown, not 0
    m = kaart_fig.kaart(d)
    html = m.get_root().render()
    assert "<img src=x" not in html and "</script><img" not in html and "<script>alert(5)" not in html
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(4)\\u003e" in html
    _fc, iv = kaart_fig._kern_features(d)
    legenda = str(kaart_fig.legenda_html(d, "per_1000", [], iv, markers=False))
    assert "Afstand &lt;b&gt;tot&lt;/b&gt; &amp; supermarkt" in legenda and "<b>tot" not in legenda
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in legenda
    assert _kern_laag(m).layer_name == "Kernen (grootte: inwoners, kleur: afstand &lt;b&gt;tot&lt;/b&gt; &amp; supermarkt)"
    assert pd.isna(kaart.kernen_tabel(d).set_index("Kern").loc[naam, "Afstand <b>tot</b> & supermarkt (km, editie 2024)"])
