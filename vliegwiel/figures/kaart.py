"""The province map: the folium builder (`kaart`) over `vliegwiel.kaart.KaartData`, and
reading a click back (`selectie_uit_klik`).

Pure functions, no SQL, no streamlit. Every text that reaches the browser is either JSON-encoded
and put into the DOM with `textContent` (tooltips, built in JavaScript from plain strings)
or escaped with markupsafe (the legend). Nothing is placed on the map without a known
location: an initiative stands on its own coordinates, else on its home kern, else on the
kernen it works in (initiatief_kernen); with only a gemeente or nothing known it is listed
under the map instead.
"""
from __future__ import annotations

import html
import json
import math

import folium
import folium.plugins
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from folium.utilities import JsCode
from markupsafe import Markup

from vliegwiel.figures import mapbase
from vliegwiel.kaart import KaartData
from vliegwiel.format import getal

# ---------- metrics, classes and palettes ----------

# key -> (Dutch label, column in gemeente_cijfers, decimals)
METRIEKEN: dict[str, tuple[str, str, int]] = {
    "per_1000": ("Initiatieven per 1.000 inwoners", "per_1000", 2),
    "themas": ("Aantal thema's gedekt", "themas_gedekt", 0),
    "initiatieven": ("Aantal initiatieven", "initiatieven", 0),
}
STANDAARD_METRIEK = "per_1000"

# Sequential, colour-blind safe (ColorBrewer Blues / YlOrBr): light = few, dark = many.
GEMEENTE_KLEUREN = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
GEMEENTE_NUL = "#f2f2f2"
GEMEENTE_BUITEN = "#ffffff"
KERN_KLEUREN = ["#fed98e", "#fe9929", "#d95f0e", "#993404"]
KERN_NUL = "#ffffff"

# One colour per theme (by volgorde 1..15): Paul Tol's muted scheme, then Okabe-Ito. Fifteen
# colours cannot all be told apart by everyone, so each marker also carries the theme's
# number and the tooltip its name: colour is never the only carrier.
THEMA_KLEUREN = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99",
                 "#999933", "#AA4499", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2",
                 "#D55E00"]
GEEN_THEMA_KLEUR = "#BBBBBB"

GEMEENTE_CLASS = "vw-gemeente"
KERN_CLASS = "vw-kern"
RAAK_CLASS = "vw-kern-raak"
PROVINCIE_CLASS = "vw-provincie"


def tekstkleur(hex_kleur: str) -> str:
    """Black or white, whichever reads better on the given background (WCAG luminance)."""
    r, g, b = (int(hex_kleur[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    lum = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#ffffff"


def klassen(waarden, decimalen: int = 0, max_klassen: int = 4) -> list[tuple[float, float]]:
    """Class intervals (lo, hi), both inclusive at `decimalen` precision, for the positive
    values: quantile upper bounds of the rounded values, so every class holds data. Zero and
    unknown values get their own legend entries, not a class."""
    v = pd.to_numeric(pd.Series(list(waarden), dtype="object"), errors="coerce").dropna().astype(float)
    v = v.round(decimalen)
    v = v[v > 0]
    if v.empty:
        return []
    qs = np.quantile(v.to_numpy(), np.linspace(0, 1, max_klassen + 1)[1:], method="higher")
    bovens = sorted({round(float(q), decimalen) for q in qs})
    stap = 10 ** -decimalen
    uit, lo = [], stap
    for hi in bovens:
        uit.append((round(lo, decimalen), hi))
        lo = hi + stap
    return uit


def klasse_index(waarde, intervallen: list[tuple[float, float]], decimalen: int = 0) -> int | None:
    """None for unknown, 0 for zero, i + 1 for the i-th interval."""
    if waarde is None or (isinstance(waarde, float) and math.isnan(waarde)) or pd.isna(waarde):
        return None
    w = round(float(waarde), decimalen)
    if w <= 0:
        return 0
    for i, (_lo, hi) in enumerate(intervallen):
        if w <= hi + 1e-12:
            return i + 1
    return len(intervallen)


def klasse_labels(intervallen: list[tuple[float, float]], decimalen: int = 0) -> list[str]:
    """'0,01 – 0,03' in Dutch number format; a one-value class shows that value."""
    out = []
    for lo, hi in intervallen:
        a, b = getal(lo, decimalen), getal(hi, decimalen)
        out.append(a if a == b else f"{a} – {b}")
    return out


def kern_straal(inwoners) -> float:
    """Circle radius in pixels: area proportional to inhabitants (square-root scale)."""
    if inwoners is None or pd.isna(inwoners) or inwoners <= 0:
        return 3.0
    return round(3.0 + math.sqrt(float(inwoners)) / 40.0, 1)


# ---------- kernen coloured by a village figure (issue 12) ----------

# ColorBrewer RdPu (sequential, colour-blind safe), a hue apart from the blue gemeenten and from
# the orange of the initiative counts: light = low, dark = high (for a distance: farther away).
MAAT_KLEUREN = ["#feebe2", "#fbb4b9", "#f768a1", "#c51b8a", "#7a0177"]
# A kern without the figure: grey with a dashed edge, never the colour of a low value.
MAAT_ONBEKEND = "#b0b0b0"
MAAT_ONBEKEND_STREEP = "3 2"


def maat_klassen(waarden, decimalen: int = 1, max_klassen: int = len(MAAT_KLEUREN)) -> list[tuple[float, float]]:
    """Class intervals (lo, hi), both inclusive at `decimalen` precision, over all known values
    (zero included: a figure's zero is a value, not 'none'): quantile upper bounds of the rounded
    values, so each class holds about as many kernen and every class holds data."""
    v = pd.to_numeric(pd.Series(list(waarden), dtype="object"), errors="coerce").dropna().astype(float)
    v = v.round(decimalen)
    if v.empty:
        return []
    qs = np.quantile(v.to_numpy(), np.linspace(0, 1, max_klassen + 1)[1:], method="higher")
    bovens = sorted({round(float(q), decimalen) for q in qs})
    stap = 10 ** -decimalen
    uit, lo = [], round(float(v.min()), decimalen)
    for hi in bovens:
        uit.append((lo, hi))
        lo = round(hi + stap, decimalen)
    return uit


def maat_klasse(waarde, intervallen: list[tuple[float, float]], decimalen: int = 1) -> int | None:
    """The 0-based class of a value; None when it is unknown (or there are no classes)."""
    if waarde is None or pd.isna(waarde) or not intervallen:
        return None
    w = round(float(waarde), decimalen)
    for i, (_lo, hi) in enumerate(intervallen):
        if w <= hi + 1e-12:
            return i
    return len(intervallen) - 1


def maat_kleuren(n: int) -> list[str]:
    """n colours of MAAT_KLEUREN, spread from light to dark (one class: the middle colour)."""
    if n <= 0:
        return []
    if n == 1:
        return [MAAT_KLEUREN[len(MAAT_KLEUREN) // 2]]
    laatste = len(MAAT_KLEUREN) - 1
    return [MAAT_KLEUREN[round(i * laatste / (n - 1))] for i in range(n)]


def maat_labels(intervallen: list[tuple[float, float]], km) -> list[str]:
    """'0,4 – 1,2 km' in Dutch number format, with the figure's unit; a one-value class shows that value."""
    out = []
    for lo, hi in intervallen:
        a, b = getal(lo, km.decimalen), km.waarde_tekst(hi)
        out.append(b if a == getal(hi, km.decimalen) else f"{a} – {b}")
    return out


# ---------- builder ----------

_TIP_JS = """
function(props) {
    var d = document.createElement('div');
    (props.tip || []).forEach(function(line, i) {
        var e = document.createElement(i === 0 ? 'strong' : 'div');
        e.textContent = line;
        d.appendChild(e);
    });
    return d;
}"""

_ON_EACH_FEATURE = JsCode("""
function(feature, layer) {
    var tip = %s;
    layer.bindTooltip(function() { return tip(feature.properties); }, {sticky: true});
}""" % _TIP_JS)

_CSS = """
.vw-ini span{display:flex;align-items:center;justify-content:center;width:18px;height:18px;
 border-radius:50%;border:1.5px solid #fff;box-shadow:0 0 0 1px #333;font:700 10px/1 sans-serif;}
.vw-ini.vw-pilot span{width:22px;height:22px;border:3px solid #000;box-shadow:0 0 0 1px #fff;}
.vw-groep{display:flex;align-items:center;justify-content:center;border-radius:50%;background:#2b2b2b;
 color:#fff;font:700 12px/1 sans-serif;border:3px solid rgba(255,255,255,.85);box-shadow:0 0 0 1px #2b2b2b;}
.vw-legenda{background:rgba(255,255,255,.95);padding:6px 8px;border-radius:4px;
 box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.35 sans-serif;color:#222;max-width:270px;
 max-height:340px;overflow-y:auto;}
.vw-legenda summary{font-weight:700;cursor:pointer;}
.vw-legenda summary.vw-sub{font-size:12px;margin-top:6px;}
.vw-legenda h4{font-size:12px;margin:6px 0 2px;font-weight:700;}
.vw-legenda .vw-r{display:flex;align-items:center;gap:6px;margin:1px 0;}
.vw-legenda .vw-sw{display:inline-block;width:16px;height:12px;border:1px solid #555;flex:none;}
.vw-legenda .vw-num{display:inline-flex;align-items:center;justify-content:center;width:16px;height:16px;
 border-radius:50%;font:700 9px/1 sans-serif;flex:none;border:1px solid #333;}
.vw-legenda .vw-note{color:#444;font-size:11px;margin-top:2px;}
.vw-label{overflow:visible;}
.vw-label span{position:absolute;left:0;top:0;display:block;white-space:nowrap;background:rgba(255,255,255,.82);padding:0 3px;
 border-radius:2px;font:600 12px/16px sans-serif;color:#1a1a1a;}
"""


def _script_json(value) -> str:
    """JSON that is safe inside a <script> element."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class _Extra(MacroElement):
    """The map's own CSS (markers, legend) and the legend as a Leaflet control."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            if (!document.getElementById('vw-kaart-css')) {
                var s = document.createElement('style');
                s.id = 'vw-kaart-css';
                s.textContent = {{ this.css_js }};
                document.head.appendChild(s);
            }
            {%- if this.legenda_js %}
            var legenda = L.control({position: 'bottomright'});
            legenda.onAdd = function() {
                var d = L.DomUtil.create('div', 'vw-legenda');
                d.setAttribute('role', 'region');
                d.setAttribute('aria-label', 'Legenda');
                d.innerHTML = {{ this.legenda_js }};
                L.DomEvent.disableClickPropagation(d);
                L.DomEvent.disableScrollPropagation(d);
                return d;
            };
            legenda.addTo(map);
            {%- endif %}
            // Fit the map to its subject once it has its real size (streamlit-folium sizes the
            // iframe after the map is made), and again on resize until the user moves the map.
            var bounds = {{ this.bounds_js }};
            var aangeraakt = false;
            var c = map.getContainer();
            ['mousedown', 'touchstart', 'wheel', 'keydown'].forEach(function(ev) {
                c.addEventListener(ev, function() { aangeraakt = true; }, {passive: true});
            });
            function pas() {
                var size = map.getSize();
                if (!size.x || !size.y) { return; }
                map.invalidateSize(false);
                var l = c.querySelector('.vw-legenda');
                var rechts = 8;
                if (l) {
                    l.style.maxHeight = Math.max(120, size.y - 110) + 'px';
                    var det = l.querySelector('details');
                    if (det && !aangeraakt) { det.open = size.x >= {{ this.open_vanaf }}; }
                    // keep the subject clear of an open legend (bottom right)
                    if (det && det.open && l.offsetWidth < size.x / 2) { rechts = l.offsetWidth + 16; }
                }
                if (bounds && !aangeraakt) {
                    map.fitBounds(bounds, {paddingTopLeft: [8, 8], paddingBottomRight: [rechts, 8], animate: false});
                }
            }
            pas();
            if (window.ResizeObserver) { new ResizeObserver(pas).observe(c); }
        })();
        {% endmacro %}
    """)

    def __init__(self, legenda_html: str | None, bounds: list[list[float]] | None = None, open_vanaf: int = 620):
        super().__init__()
        self.open_vanaf = int(open_vanaf)
        self._name = "VliegwielKaartExtra"
        self.css_js = _script_json(_CSS)
        self.legenda_js = _script_json(str(legenda_html)) if legenda_html else None
        self.bounds_js = _script_json(bounds)


SELECTIE_CLASS = "vw-selectie"


class _SelectieVolger(MacroElement):
    """Outlines the area the page's URL selects (?gebied=..., the Kaart page's selectbox value,
    e.g. 'Lopik (gemeente)'), and follows it when it changes. It reads the URL in the browser:
    a selection drawn by the server would change the map's HTML and reload it, losing the
    user's pan and zoom. `gebieden` maps each URL value to its gemeente code or kern id."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var gebieden = {{ this.gebieden_js }};
            var huidig;
            function gekozen() {
                try { return new URLSearchParams(window.parent.location.search).get('gebied'); }
                catch (e) { return null; }  // not inside the dashboard page
            }
            function past(props, id) {
                return id.indexOf('GM') === 0 ? (props.gemeente_code === id && !props.kern_id) : props.kern_id === id;
            }
            function teken() {
                var waarde = gekozen();
                if (waarde === huidig) { return; }
                huidig = waarde;
                if (map._vwSelectie) { map.removeLayer(map._vwSelectie); map._vwSelectie = null; }
                var id = waarde && gebieden[waarde];
                if (!id) { return; }
                var stijl = {color: '#000000', weight: 4, fill: false, interactive: false,
                             className: {{ this.class_js }}};
                map.eachLayer(function(l) {
                    if (map._vwSelectie || !l.feature || !l.feature.properties || !past(l.feature.properties, id)) {
                        return;
                    }
                    map._vwSelectie = (l.getLatLng
                        ? L.circleMarker(l.getLatLng(), Object.assign({radius: (l.options.radius || 6) + 5,
                                                                       dashArray: '5 4'}, stijl))
                        : L.geoJSON(l.feature, {style: stijl, interactive: false})).addTo(map);
                });
            }
            teken();
            setInterval(teken, 400);
        })();
        {% endmacro %}
    """)

    def __init__(self, gebieden: dict[str, str]):
        super().__init__()
        self._name = "VliegwielSelectie"
        self.gebieden_js = _script_json({label: id_ for id_, label in gebieden.items()})
        self.class_js = _script_json(SELECTIE_CLASS)


def _gemeente_features(data: KaartData, maat: str) -> tuple[dict, list, list[str]]:
    label, kolom, dec = METRIEKEN[maat]
    g = data.gemeenten
    intervallen = klassen(g.loc[g["in_selectie"], kolom], dec)
    features = []
    for r in g.itertuples(index=False):
        if not r.geometry_geojson:
            continue
        waarde = getattr(r, kolom)
        if not r.in_selectie:
            kleur, regel = GEMEENTE_BUITEN, "Niet in de selectie (filter gemeente)"
        else:
            idx = klasse_index(waarde, intervallen, dec)
            kleur = GEMEENTE_NUL if not idx else GEMEENTE_KLEUREN[idx - 1]
            regel = f"{label}: {getal(waarde, dec)}"
        tip = [str(r.naam), regel]
        if r.in_selectie:
            tip += [f"Initiatieven: {getal(r.initiatieven)}",
                    f"Thema's gedekt: {getal(r.themas_gedekt)} van {getal(r.themas_totaal)}",
                    f"Inwoners: {getal(r.inwoners)} (CBS, 1 januari 2021)",
                    "Klik voor het profiel"]
        features.append({
            "type": "Feature", "id": r.gemeente_code,
            "geometry": json.loads(r.geometry_geojson),
            "properties": {"gemeente_code": r.gemeente_code, "naam": str(r.naam), "tip": tip,
                           "kleur": kleur, "buiten": not bool(r.in_selectie)},
        })
    return {"type": "FeatureCollection", "features": features}, intervallen, klasse_labels(intervallen, dec)


def _kern_features(data: KaartData) -> tuple[dict, list]:
    """The kern circles as GeoJSON, and their colour classes: of the number of initiatives, or,
    with a village figure chosen (`data.kernmaat`), of that figure (see maat_klassen)."""
    k = data.kernen
    km = data.kernmaat
    geplaatst = k["latitude"].notna() & k["longitude"].notna()
    if km is None:
        intervallen = klassen(k["initiatieven"], 0)
    else:
        intervallen = maat_klassen(k.loc[geplaatst, "maat_waarde"], km.decimalen)
        maat_palet = maat_kleuren(len(intervallen))
    features = []
    for r in k.itertuples(index=False):
        if pd.isna(r.latitude) or pd.isna(r.longitude):
            continue
        onbekend = False
        if km is None:
            idx = klasse_index(r.initiatieven, intervallen, 0)
            kleur = KERN_NUL if not idx else KERN_KLEUREN[idx - 1]
        else:
            idx = maat_klasse(r.maat_waarde, intervallen, km.decimalen)
            onbekend = idx is None
            kleur = MAAT_ONBEKEND if onbekend else maat_palet[idx]
        klein = "onbekend" if pd.isna(r.is_kleine_kern) else ("ja" if r.is_kleine_kern else "nee")
        tip = [f"{r.naam} (kern)", f"Gemeente: {r.gemeente}",
               f"Inwoners: ca. {getal(r.inwoners)} (benadering, 1 januari 2021)" if not pd.isna(r.inwoners)
               else "Inwoners: onbekend",
               f"Kleine kern: {klein}", f"Initiatieven: {getal(r.initiatieven)}"]
        if km is not None:
            tip.append(f"{km.label}: {km.waarde_tekst(r.maat_waarde)} (CBS, {km.peiljaar})")
            if isinstance(r.maat_kanttekening, str) and r.maat_kanttekening:
                tip.append(f"Let op: {r.maat_kanttekening}")
        tip.append("Klik voor het profiel")
        features.append({
            "type": "Feature", "id": r.kern_id,
            "geometry": {"type": "Point", "coordinates": [round(float(r.longitude), 5), round(float(r.latitude), 5)]},
            "properties": {"kern_id": r.kern_id, "gemeente_code": r.gemeente_code, "naam": str(r.naam),
                           "tip": tip, "kleur": kleur, "straal": kern_straal(r.inwoners), "onbekend": onbekend,
                           "inwoners": None if pd.isna(r.inwoners) else int(r.inwoners)},
        })
    return {"type": "FeatureCollection", "features": features}, intervallen


# A fingertip is about 40 px wide, a small kern circle 6: every kern is clickable within this radius.
RAAK_STRAAL = 12


class _Raakvlakken(MacroElement):
    """The group for invisible, larger twins of the kern circles, so a click or tap near a small
    circle still selects its kern. Added to the map before the kern layer, so the twins lie
    below the visible circles (a click on a circle hits that circle). The twins are made in the
    browser from the kern features (_kern_per_feature), which keeps the page small."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup().addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "Raakvlakken"


def _kern_per_feature(raak: _Raakvlakken) -> JsCode:
    """The kern circle's hover tooltip, and its twin in `raak`: what a click needs (kern_id,
    gemeente_code; no `naam`, so the visible circle stays the one found by name) and the same
    tooltip."""
    return JsCode("""
function(feature, layer) {
    var tip = %s, p = feature.properties;
    layer.bindTooltip(function() { return tip(p); }, {sticky: true});
    var twin = L.circleMarker(layer.getLatLng(), {radius: Math.max(%d, p.straal + 4), stroke: false,
        fill: true, fillColor: '#000000', fillOpacity: 0, className: %s});
    twin.feature = {type: 'Feature', properties: {kern_id: p.kern_id, gemeente_code: p.gemeente_code}};
    twin._kern = twin.feature.properties;
    twin.bindTooltip(function() { return tip(p); }, {sticky: true});
    // Twins of neighbouring villages overlap; the one drawn last is on top, not the nearest. So,
    // before streamlit-folium reads the clicked feature (its listener comes later), point it at
    // the village whose centre is nearest to the tap among the twins that cover it.
    twin.on('click', function(e) {
        var map = twin._map, punt = map.latLngToContainerPoint(e.latlng), beste = null, afstand = Infinity;
        %s.eachLayer(function(t) {
            var d = punt.distanceTo(map.latLngToContainerPoint(t.getLatLng()));
            if (d <= t.getRadius() && d < afstand) { beste = t; afstand = d; }
        });
        twin.feature.properties = (beste || twin)._kern;
    });
    %s.addLayer(twin);
}""" % (_TIP_JS, RAAK_STRAAL, json.dumps(RAAK_CLASS), raak.get_name(), raak.get_name()))


LABEL_CLASS = "vw-label"
# Zoom from which a kern's name may show: (minimum inhabitants, zoom), first match wins.
# Names that would overlap a larger place's name are left out at any zoom.
LABEL_ZOOM = ((10_000, 8.0), (2_500, 10.0), (0, 11.0))


class _Plaatsnamen(folium.map.Layer):
    """Permanent place names for the kernen, a layer of its own ("Plaatsnamen" in the layer
    control), made in the browser from the kern layer's features. Big places first; a name that
    would overlap one already shown is hidden, and small places only appear from a closer zoom
    (LABEL_ZOOM). Names reach the DOM through textContent only. The labels sit below the
    markers and let every click through."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup();
        (function() {
            var map = {{ this._parent.get_name() }}, groep = {{ this.get_name() }};
            var Z = {{ this.zoom_js }};
            if (!map.getPane('vw-labels')) {
                var pane = map.createPane('vw-labels');
                pane.style.zIndex = 450;
                pane.style.pointerEvents = 'none';
            }
            var kernen = {{ this.kern_laag }}.getLayers().slice().sort(function(a, b) {
                return (b.feature.properties.inwoners || 0) - (a.feature.properties.inwoners || 0);
            });
            var labels = kernen.map(function(k) {
                var p = k.feature.properties, n = p.inwoners || 0;
                var s = document.createElement('span');
                s.textContent = p.naam;
                var min = Z[Z.length - 1][1];
                for (var i = 0; i < Z.length; i++) { if (n >= Z[i][0]) { min = Z[i][1]; break; } }
                var m = L.marker(k.getLatLng(), {
                    icon: L.divIcon({className: {{ this.css_class|tojson }}, html: s, iconSize: [0, 0],
                                     iconAnchor: [0, 0]}),
                    interactive: false, keyboard: false, pane: 'vw-labels'});
                m._vwMin = min;
                m._vwR = Math.max(p.straal, 4) + 3;
                m._vwGroot = n >= 10000;
                groep.addLayer(m);
                return m;
            });
            function raakt(r, o) {
                return !(r.right + 2 < o.left || r.left - 2 > o.right || r.bottom < o.top || r.top > o.bottom);
            }
            // Right of the circle, else left, above or below: the first place that stays inside
            // the map and overlaps no name already shown, preferring places clear of the markers.
            // Places are computed from the projection (map pixels), not read from the DOM, so the
            // result does not depend on where Leaflet's panes happen to be mid-animation.
            function ordenen() {
                if (!map.hasLayer(groep)) { return; }
                var z = map.getZoom(), size = map.getSize(), c = map.getContainer().getBoundingClientRect();
                function vak(el) {
                    var r = el.getBoundingClientRect();
                    return {left: r.left - c.left, right: r.right - c.left, top: r.top - c.top, bottom: r.bottom - c.top};
                }
                var bezet = [];  // names never cover the controls (zoom, layers, an open legend)
                map.getContainer().querySelectorAll('.leaflet-control').forEach(function(el) {
                    if (el.offsetWidth) { bezet.push(vak(el)); }
                });
                var markers = [];
                map.getPane('markerPane').querySelectorAll('.leaflet-marker-icon').forEach(function(el) {
                    if (el.offsetWidth) { markers.push(vak(el)); }
                });
                labels.forEach(function(m) {
                    var el = m.getElement();
                    if (!el) { return; }
                    var s = el.firstChild;
                    if (z < m._vwMin) { el.style.display = 'none'; return; }
                    el.style.display = '';
                    var p = map.latLngToContainerPoint(m.getLatLng()), w = s.offsetWidth, h = s.offsetHeight, R = m._vwR;
                    var plekken = [[R, -h / 2], [-w - R, -h / 2], [-w / 2, -h - R + 2], [-w / 2, R - 2]];
                    var gekozen = null, reserve = null;
                    for (var i = 0; i < plekken.length && !gekozen; i++) {
                        var r = {left: p.x + plekken[i][0], top: p.y + plekken[i][1]};
                        r.right = r.left + w;
                        r.bottom = r.top + h;
                        if (r.left < 2 || r.right > size.x - 2 || r.top < 2 || r.bottom > size.y - 2) { continue; }
                        if (bezet.some(function(o) { return raakt(r, o); })) { continue; }
                        if (!markers.some(function(o) { return raakt(r, o); })) { gekozen = [plekken[i], r]; }
                        else if (!reserve) { reserve = [plekken[i], r]; }
                    }
                    gekozen = gekozen || (m._vwGroot ? reserve : null);
                    if (!gekozen) { el.style.display = 'none'; return; }
                    s.style.transform = 'translate(' + gekozen[0][0] + 'px,' + gekozen[0][1] + 'px)';
                    bezet.push(gekozen[1]);
                });
            }
            // after the cluster layer has redrawn its discs (it also listens to these events)
            var wacht = null;
            function straks() { clearTimeout(wacht); wacht = setTimeout(ordenen, 150); }
            map.on('zoomend moveend viewreset resize layeradd', straks);
            groep.on('add', straks);
        })();
        {% endmacro %}
    """)

    def __init__(self, kern_laag: folium.GeoJson, name: str = "Plaatsnamen"):
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "Plaatsnamen"
        self.kern_laag = kern_laag.get_name()
        self.zoom_js = _script_json([list(z) for z in LABEL_ZOOM])
        self.css_class = LABEL_CLASS


class _GroepKlik(MacroElement):
    """A click on a cluster disc selects a place: the kern whose circle is under the pointer,
    else the kern all its initiatives belong to; the disc still zooms in (or spreads out) as
    before. MarkerClusterGroup reports a disc's click as 'clusterclick', never as 'click', so
    streamlit-folium (which listens to 'click') never heard of it: the first click on a village
    under a disc only zoomed. Here the disc gets a
    `feature` (Leaflet's toGeoJSON copies it) and the click is passed on as 'click', which
    streamlit-folium sends as last_active_drawing."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }}, groep = {{ this.groep_naam }};
            var kernen = {{ this.kern_laag }}, RAAK = {{ this.raak }};
            groep.on('clusterclick', function(e) {
                var c = e.layer;
                if (!c || !c.getAllChildMarkers || !e.originalEvent) { return; }
                var kind = {};
                c.getAllChildMarkers().forEach(function(m) {
                    var p = (m.feature || {}).properties || {};
                    if (p.kern_id) { kind[p.kern_id] = p.gemeente_code || null; }
                });
                var ids = Object.keys(kind), keuze = null, gemeente = null, best = Infinity;
                // where the pointer was (e.latlng is the disc's own position); both points are
                // projected alike, also while the disc's zoom animation runs
                var klik = map.latLngToContainerPoint(map.mouseEventToLatLng(e.originalEvent));
                if (kernen) {
                    kernen.eachLayer(function(k) {
                        var p = k.feature.properties, d = map.latLngToContainerPoint(k.getLatLng()).distanceTo(klik);
                        if (d <= Math.max(RAAK, p.straal + 4) && d < best) { best = d; keuze = p.kern_id; gemeente = p.gemeente_code; }
                    });
                }
                if (!keuze && ids.length === 1) { keuze = ids[0]; gemeente = kind[keuze]; }
                if (!keuze) { return; }  // several villages and none under the pointer: only zoom
                c.feature = {type: 'Feature', properties: {soort: 'groep', kern_id: keuze, gemeente_code: gemeente}};
                // (MarkerClusterGroup.fire renames a cluster's 'click' to 'clusterclick' again)
                L.FeatureGroup.prototype.fire.call(groep, 'click', {
                    layer: c, latlng: map.mouseEventToLatLng(e.originalEvent), originalEvent: e.originalEvent});
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, groep: folium.plugins.FastMarkerCluster, kern_laag: folium.GeoJson | None):
        super().__init__()
        self._name = "GroepKlik"
        self.groep_naam = groep.get_name()
        self.kern_laag = kern_laag.get_name() if kern_laag is not None else "null"
        self.raak = RAAK_STRAAL


def _marker_laag(data: KaartData, name: str) -> folium.plugins.FastMarkerCluster:
    """Initiatives as clustered markers. Each marker is one small array row
    [lat, lon, name, kern, theme combination, status, pilot, gemeente]; the repeated texts
    live once in lookup tables, and the tooltip is built with textContent on hover."""
    p = data.punten
    volgorde = dict(zip(data.themas["thema_id"], data.themas["volgorde"]))
    # per kern and label: a marker at a place of its kern reads 'Cabauw (woonplaats Lopik)'
    kern_codes, kern_uniek = pd.factorize(p["kern_id"].fillna("") + "\x1f" + p["kern"].fillna("onbekend"))
    kern_namen, kern_tekst = [k.split("\x1f")[0] for k in kern_uniek], [k.split("\x1f")[1] for k in kern_uniek]
    # (not "\x00": numpy strips trailing NULs from strings)
    combo = p["themas"].astype(object).fillna("") + "\x1f" + p["eerste_thema"].astype(object).fillna("")
    combo_codes, combo_uniek = pd.factorize(combo)
    combos = []
    for c in combo_uniek:
        namen, eerste = c.split("\x1f")
        nr = int(volgorde.get(eerste, 0)) if eerste else 0
        kleur = (nr - 1) % len(THEMA_KLEUREN) + 1 if nr > 0 else 0  # CSS class vw-c<kleur>
        combos.append([namen or "onbekend", nr, kleur])
    status_codes, status_uniek = pd.factorize(p["status"].fillna("onbekend"))
    gem_codes, gem_uniek = pd.factorize(p["gemeente_code"].fillna(""))
    rows = list(zip(p["latitude"].astype(float).round(5).tolist(), p["longitude"].astype(float).round(5).tolist(),
                    p["naam"].astype(str).tolist(), kern_codes.tolist(), combo_codes.tolist(),
                    status_codes.tolist(), p["is_pilot"].fillna(False).astype(int).tolist(), gem_codes.tolist()))
    tabellen = {
        "K": kern_tekst, "KI": kern_namen,
        "T": combos, "S": [str(s) for s in status_uniek.tolist()], "G": [str(g) for g in gem_uniek.tolist()],
    }
    callback = """(function() {
        var L_ = %s, icons = {};
        var tip = %s;
        function icon(nr, kleur, pilot) {
            var key = nr + '-' + pilot;
            if (!icons[key]) {
                var s = pilot ? 22 : 18;
                icons[key] = L.divIcon({className: 'vw-ini vw-c' + kleur + (pilot ? ' vw-pilot' : ''),
                                        html: '<span>' + (nr ? nr : '–') + '</span>', iconSize: [s, s]});
            }
            return icons[key];
        }
        return function(row) {
            var t = L_.T[row[4]];
            var m = L.marker([row[0], row[1]], {icon: icon(t[1], t[2], row[6])});
            m.feature = {type: 'Feature', properties: {soort: 'initiatief', kern_id: L_.KI[row[3]] || null,
                                                      gemeente_code: L_.G[row[7]] || null}};
            m.bindTooltip(function() {
                var lines = [row[2], 'Kern: ' + L_.K[row[3]], 'Thema: ' + t[0], 'Status: ' + L_.S[row[5]]];
                if (row[6]) { lines.push('Pilot van het programma'); }
                return tip({tip: lines});
            });
            return m;
        };
    })()""" % (_script_json(tabellen), _TIP_JS)
    return folium.plugins.FastMarkerCluster(rows, callback=callback, name=name,
                                            icon_create_function=_CLUSTER_ICON,
                                            options={"showCoverageOnHover": False, "chunkedLoading": True,
                                                     "maxClusterRadius": 50})


# Groups of markers as neutral dark discs with the count: not in the orange of the kernen.
_CLUSTER_ICON = """function(cluster) {
    var n = cluster.getChildCount();
    var s = n < 10 ? 26 : (n < 100 ? 32 : (n < 1000 ? 38 : 44));
    return L.divIcon({html: '<span>' + n + '</span>', className: 'vw-groep',
                      iconSize: L.point(s, s)});
}"""


def _marker_css() -> str:
    regels = []
    for i, kleur in enumerate([GEEN_THEMA_KLEUR] + THEMA_KLEUREN):
        regels.append(f".vw-c{i} span{{background:{kleur};color:{tekstkleur(kleur)};}}")
    return "\n".join(regels)


def legenda_html(data: KaartData, maat: str, gemeente_labels: list[str], kern_intervallen: list | None,
                 markers: bool) -> Markup:
    """The legend as escaped HTML: choropleth classes, kern colours and sizes, theme markers."""
    label, _kolom, _dec = METRIEKEN[maat]
    h = [Markup('<details open><summary>Legenda</summary>')]
    h.append(Markup("<h4>Gemeenten: {}</h4>").format(label))
    h.append(Markup('<div class="vw-r"><span class="vw-sw" style="background:{}"></span>0</div>').format(GEMEENTE_NUL))
    for kleur, lab in zip(GEMEENTE_KLEUREN, gemeente_labels):
        h.append(Markup('<div class="vw-r"><span class="vw-sw" style="background:{}"></span>{}</div>').format(kleur, lab))
    if not data.gemeenten["in_selectie"].all():
        h.append(Markup('<div class="vw-r"><span class="vw-sw" style="background:#fff;border-style:dashed"></span>'
                        'niet in de selectie</div>'))
    if maat == "per_1000":
        h.append(Markup('<div class="vw-note">Inwoners: CBS, 1 januari 2021</div>'))
    if kern_intervallen is not None and data.kernmaat is not None:
        km = data.kernmaat
        h.append(Markup("<h4>Kernen: {}</h4>").format(km.kop))
        for kleur, lab in zip(maat_kleuren(len(kern_intervallen)), maat_labels(kern_intervallen, km)):
            h.append(Markup('<div class="vw-r"><span class="vw-sw" style="background:{};border-radius:50%"></span>{}</div>')
                     .format(kleur, lab))
        h.append(Markup('<div class="vw-r"><span class="vw-sw" style="background:{};border-radius:50%;'
                        'border-style:dashed"></span>onbekend</div>').format(MAAT_ONBEKEND))
        richting = "verder weg" if km.eenheid == "km" else "hoger"
        h.append(Markup('<div class="vw-note">Donkerder: {}. Klassen met elk ongeveer evenveel kernen.</div>')
                 .format(richting))
        h.append(Markup('<div class="vw-note">Bron: {}, {}</div>').format(km.bron_kort, km.peiljaar))
    elif kern_intervallen is not None:
        h.append(Markup("<h4>Kernen: aantal initiatieven</h4>"))
        h.append(Markup('<div class="vw-r"><span class="vw-sw" style="background:{};border-radius:50%"></span>0</div>')
                 .format(KERN_NUL))
        for kleur, lab in zip(KERN_KLEUREN, klasse_labels(kern_intervallen, 0)):
            h.append(Markup('<div class="vw-r"><span class="vw-sw" style="background:{};border-radius:50%"></span>{}</div>')
                     .format(kleur, lab))
    if kern_intervallen is not None:
        cirkels = Markup("").join(
            Markup('<svg width="{d}" height="{d}" aria-hidden="true"><circle cx="{r}" cy="{r}" r="{r0}" '
                   'fill="none" stroke="#333"/></svg> {n}&nbsp;').format(
                d=2 * kern_straal(n) + 2, r=kern_straal(n) + 1, r0=kern_straal(n), n=getal(n))
            for n in (1_000, 10_000, 100_000))
        h.append(Markup('<div class="vw-note">Grootte: inwoners (benadering, 1 januari 2021)</div>'))
        h.append(Markup('<div class="vw-r" style="align-items:flex-end">{}</div>').format(cirkels))
    if markers and not data.punten.empty:
        volgorde = dict(zip(data.themas["thema_id"], data.themas["volgorde"]))
        namen = dict(zip(data.themas["thema_id"], data.themas["naam"]))
        aanwezig = sorted({t for t in data.punten["eerste_thema"].dropna()}, key=lambda t: volgorde.get(t, 99))
        h.append(Markup('<details{}><summary class="vw-sub">Initiatieven: kleur en nummer van het (eerste) thema'
                        '</summary>').format(Markup(" open") if len(aanwezig) <= 6 else ""))
        for t in aanwezig:
            nr = int(volgorde[t])
            kleur = THEMA_KLEUREN[(nr - 1) % len(THEMA_KLEUREN)]
            h.append(Markup('<div class="vw-r"><span class="vw-num" style="background:{};color:{}">{}</span>{}</div>')
                     .format(kleur, tekstkleur(kleur), nr, namen[t]))
        if data.punten["eerste_thema"].isna().any():
            h.append(Markup('<div class="vw-r"><span class="vw-num" style="background:{}">–</span>geen thema bekend</div>')
                     .format(GEEN_THEMA_KLEUR))
        h.append(Markup('<div class="vw-note">Dikke zwarte rand: pilot. Een wit getal op een donkere schijf is '
                        'een groep initiatieven dicht bij elkaar: klik erop om in te zoomen.</div></details>'))
    h.append(Markup("</details>"))
    return Markup("").join(h)


def _bounds(geojsons: list[str]) -> list[list[float]] | None:
    from shapely.geometry import shape
    xs, ys = [], []
    for gj in geojsons:
        if not gj:
            continue
        minx, miny, maxx, maxy = shape(json.loads(gj)).bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    if not xs:
        return None
    return [[min(ys), min(xs)], [max(ys), max(xs)]]


def kaart(data: KaartData, maat: str = STANDAARD_METRIEK, *, osm: bool = False,
          netwerk: folium.FeatureGroup | None = None, compact: bool = False,
          centrum: tuple[float, float] | None = None, zoom: int | None = None,
          kernen: bool = True, markers: bool = True, gebied_labels: dict[str, str] | None = None) -> folium.Map:
    """The province map for `data`.

    Layers: province outline; the gemeenten coloured by `maat` (a METRIEKEN key); kernen as
    circles (area ~ inhabitants, colour ~ initiatives, or the village figure of
    `data.kernmaat`, see vliegwiel.kaart.met_kernmaat); initiatives as clustered markers
    (colour and number ~ first theme); optionally the network layer and OpenStreetMap tiles
    (`osm`, online only). `compact`: gemeenten only, for the home page. The map fits the
    selected gemeenten unless `centrum`/`zoom` are given. `gebied_labels` (gemeente code or kern
    id -> the page's ?gebied= value): the area the URL selects is outlined (see _SelectieVolger).
    """
    if maat not in METRIEKEN:
        raise ValueError(f"onbekende maat {maat!r}")
    label = METRIEKEN[maat][0]
    m = mapbase.offline_map(location=centrum or (52.08, 5.25), zoom_start=zoom or 9, zoomSnap=0.25)
    if osm:
        folium.TileLayer("OpenStreetMap", name="Achtergrond: OpenStreetMap", control=True).add_to(m)

    if data.provincie:
        folium.GeoJson(
            json.loads(data.provincie), name="Provinciegrens", control=not compact,
            style_function=lambda _f: {"fill": False, "color": "#222222", "weight": 2.5,
                                       "className": PROVINCIE_CLASS, "interactive": False},
        ).add_to(m)

    fc, _intervallen, labels = _gemeente_features(data, maat)
    folium.GeoJson(
        fc, name=f"Gemeenten: {label}",
        style_function=lambda f: {"fillColor": f["properties"]["kleur"], "fillOpacity": 0.75,
                                  "color": "#555555", "weight": 1,
                                  "dashArray": "4 3" if f["properties"]["buiten"] else None,
                                  "className": GEMEENTE_CLASS},
        highlight_function=lambda _f: {"weight": 3, "color": "#000000"},
        on_each_feature=_ON_EACH_FEATURE,
        control=not compact,
    ).add_to(m)

    kern_intervallen, kern_laag = None, None
    if kernen and not compact:
        kfc, kern_intervallen = _kern_features(data)
        if kfc["features"]:
            raak = _Raakvlakken()
            m.add_child(raak)
            kleur_naar = "initiatieven" if data.kernmaat is None else data.kernmaat.label.lower()
            kern_laag = folium.GeoJson(
                # (Leaflet's layer control shows a layer's name as HTML)
                kfc, name=html.escape(f"Kernen (grootte: inwoners, kleur: {kleur_naar})"),
                marker=folium.CircleMarker(radius=4),
                style_function=lambda f: {"radius": f["properties"]["straal"], "fill": True,
                                          "fillColor": f["properties"]["kleur"],
                                          "fillOpacity": 0.9, "color": "#333333", "weight": 1,
                                          "dashArray": MAAT_ONBEKEND_STREEP if f["properties"]["onbekend"] else None,
                                          "className": KERN_CLASS},
                highlight_function=lambda _f: {"weight": 3},
                on_each_feature=_kern_per_feature(raak),
            ).add_to(m)
            _Plaatsnamen(kern_laag).add_to(m)

    if markers and not compact and not data.punten.empty:
        groep = _marker_laag(data, "Initiatieven (kleur en nummer: thema)")
        groep.add_to(m)
        m.add_child(_GroepKlik(groep, kern_laag))

    if netwerk is not None and not compact:
        netwerk.add_to(m)

    bounds = None
    if centrum is not None:
        lat, lon = centrum
        bounds = [[lat - 0.025, lon - 0.04], [lat + 0.025, lon + 0.04]]
        folium.CircleMarker(location=[lat, lon], radius=15, color="#000000", weight=3, fill=False,
                            interactive=False, dash_array="5 4").add_to(m)
    else:
        sel = data.gemeenten[data.gemeenten["in_selectie"]]
        if len(sel) < len(data.gemeenten) and not compact:  # the compact map always shows the province
            bounds = _bounds(sel["geometry_geojson"].tolist())
        bounds = bounds or _bounds([data.provincie] if data.provincie
                                   else data.gemeenten["geometry_geojson"].tolist())
    legenda = legenda_html(data, maat, labels, kern_intervallen, markers and not compact)
    extra = _Extra(legenda, bounds)  # on narrow maps (the home page) the legend starts folded
    extra.css_js = _script_json(_CSS + _marker_css())

    if not compact:
        folium.LayerControl(collapsed=True, position="topright").add_to(m)
    m.add_child(extra)
    if gebied_labels:
        m.add_child(_SelectieVolger(gebied_labels))
    # Plain Leaflet layers only (no awesome markers, no Bootstrap, no jQuery-loaded data)
    return mapbase.drop_assets(mapbase.localize(m))


# ---------- reading a click ----------

def selectie_uit_klik(waarde) -> tuple[str, str] | None:
    """('kern', kern_id) or ('gemeente', gemeente_code) from st_folium's returned value
    (`last_active_drawing` is the clicked feature); None when nothing usable was clicked."""
    if not isinstance(waarde, dict):
        return None
    feature = waarde.get("last_active_drawing")
    if not isinstance(feature, dict):
        return None
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        return None
    if isinstance(props.get("kern_id"), str) and props["kern_id"]:
        return ("kern", props["kern_id"])
    if isinstance(props.get("gemeente_code"), str) and props["gemeente_code"]:
        return ("gemeente", props["gemeente_code"])
    return None
