"""Maps that work offline: every Leaflet asset is served by the app (/app/static/vendor,
installed from npm by scripts/setup.sh), never from a CDN.

folium (and streamlit-folium, which loads each element's default_js/default_css) point at
CDNs by default; `offline_map` and `localize` replace those links with local ones.
"""
from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.template import Template

VENDOR = "/app/static/vendor"

# folium asset name -> local URL. Names without a local copy (glyphicons, the rotate css)
# are dropped: the dashboard uses neither.
LOCAL_ASSETS: dict[str, str | None] = {
    "leaflet": f"{VENDOR}/leaflet/leaflet.js",
    "leaflet_css": f"{VENDOR}/leaflet/leaflet.css",
    "jquery": f"{VENDOR}/jquery/jquery.min.js",
    "bootstrap": f"{VENDOR}/bootstrap/js/bootstrap.bundle.min.js",
    "bootstrap_css": f"{VENDOR}/bootstrap/css/bootstrap.min.css",
    "awesome_markers": f"{VENDOR}/leaflet.awesome-markers/leaflet.awesome-markers.min.js",
    "awesome_markers_css": f"{VENDOR}/leaflet.awesome-markers/leaflet.awesome-markers.css",
    "awesome_markers_font_css": f"{VENDOR}/fontawesome/css/all.min.css",
    "markerclusterjs": f"{VENDOR}/leaflet.markercluster/leaflet.markercluster.js",
    "markerclustercss": f"{VENDOR}/leaflet.markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": f"{VENDOR}/leaflet.markercluster/MarkerCluster.Default.css",
    "glyphicons_css": None,
    "awesome_rotate_css": None,
}


def _local(links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out = []
    for name, url in links:
        if url.startswith("/"):
            out.append((name, url))
        elif LOCAL_ASSETS.get(name):
            out.append((name, LOCAL_ASSETS[name]))
        elif name not in LOCAL_ASSETS:
            raise ValueError(f"No local copy for map asset {name!r} ({url}); add it to package.json and LOCAL_ASSETS")
    return out


def _walk(element):
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def localize(m: folium.Map) -> folium.Map:
    """Point every element's JS/CSS at the app's own copies (instance attributes, so the
    folium classes stay untouched for other maps)."""
    for element in _walk(m):
        if hasattr(element, "default_js"):
            element.default_js = _local(list(element.default_js))
        if hasattr(element, "default_css"):
            element.default_css = _local(list(element.default_css))
    return m


# Assets folium.Map always declares that a map of plain Leaflet layers does not use.
UNUSED_BY_PLAIN_MAPS = ("jquery", "bootstrap", "bootstrap_css", "awesome_markers", "awesome_markers_css",
                        "awesome_markers_font_css", "glyphicons_css", "awesome_rotate_css")


def drop_assets(m: folium.Map, names=UNUSED_BY_PLAIN_MAPS) -> folium.Map:
    """Leave out the map element's assets that none of its layers need (fewer files for the
    browser to load before the map appears). Only for maps without awesome-marker icons,
    Bootstrap popups or jQuery-loaded GeoJSON."""
    m.default_js = [(n, u) for n, u in m.default_js if n not in names]
    m.default_css = [(n, u) for n, u in m.default_css if n not in names]
    return m


def external_urls(m: folium.Map) -> list[str]:
    """Every asset URL in the rendered map that does not come from the app itself (should be empty)."""
    urls = []
    for element in _walk(m):
        for _name, url in list(getattr(element, "default_js", [])) + list(getattr(element, "default_css", [])):
            if not url.startswith("/"):
                urls.append(url)
    return urls


class MetricScale(MacroElement):
    """A scale bar in kilometres only (folium's control_scale also shows miles)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)


# Leaflet 1.9.4's own English control texts and their Dutch replacements (checked by the
# unit tests and tests/browser/test_locale.py; check again after a Leaflet upgrade).
ZOOM_IN, ZOOM_OUT, LAGEN = "Inzoomen", "Uitzoomen", "Kaartlagen"
LEAFLET_TITEL = "JavaScript-bibliotheek voor interactieve kaarten"


class DutchControls(MacroElement):
    """Leaflet's controls in Dutch. The zoom buttons are made here (the map is created with
    zoom_control=False: their titles are options of L.Control.Zoom). The layer control's
    toggle has no option for its title ('Layers' is set in _initLayout), so _initLayout is
    wrapped once, before any LayerControl of this map is created (this script runs right
    after the map's own). The attribution prefix gets a Dutch tooltip and no flag."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            L.control.zoom({zoomInTitle: {{ this.zoom_in|tojson }}, zoomOutTitle: {{ this.zoom_out|tojson }},
                            position: 'topleft'}).addTo(map);
            var proto = L.Control.Layers.prototype;
            if (!proto._vwNederlands) {
                var init = proto._initLayout;
                proto._initLayout = function() {
                    init.apply(this, arguments);
                    if (this._layersLink) {
                        this._layersLink.title = {{ this.lagen|tojson }};
                        this._layersLink.setAttribute('aria-label', {{ this.lagen|tojson }});
                    }
                };
                proto._vwNederlands = true;
            }
            if (map.attributionControl) {
                var a = document.createElement('a');
                a.href = 'https://leafletjs.com';
                a.title = {{ this.titel|tojson }};
                a.textContent = 'Leaflet';
                map.attributionControl.setPrefix(a.outerHTML);
            }
        })();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "DutchControls"
        self.zoom_in, self.zoom_out, self.lagen, self.titel = ZOOM_IN, ZOOM_OUT, LAGEN, LEAFLET_TITEL


class TooltipsInside(MacroElement):
    """Tooltips stay inside the map. Leaflet's 'auto' direction opens a tooltip left of the
    pointer on the right half and never checks the edges, so on a narrow map (or near the top
    or bottom) a long tooltip was cut off by the frame. L.Tooltip's positioning is wrapped once
    per page: after Leaflet has placed a tooltip, it flips to the other side when that fits
    better, then shifts it inside the map. Long lines wrap (max-width), so a tooltip is never
    wider than the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            if (!document.getElementById('vw-tooltip-css')) {
                var s = document.createElement('style');
                s.id = 'vw-tooltip-css';
                s.textContent = '.leaflet-tooltip{white-space:normal;width:max-content;' +
                                'max-width:min(260px, calc(100vw - 24px));}';
                document.head.appendChild(s);
            }
            var P = L.Tooltip.prototype;
            if (P._vwBinnen) { return; }
            P._vwBinnen = true;
            var zet = P._setPosition, M = 4;
            function vak(t) {  // the tooltip's box in map pixels (CSS margins included)
                var r = t._container.getBoundingClientRect(), m = t._map.getContainer().getBoundingClientRect();
                return {x: r.left - m.left, y: r.top - m.top, w: r.width, h: r.height};
            }
            P._setPosition = function(pos) {
                zet.call(this, pos);
                var map = this._map, c = this._container;
                if (!map || !c || this.options.permanent) { return; }
                var size = map.getSize(), b = vak(this);
                var d = this.options.direction;
                if ((b.x < M || b.x + b.w > size.x - M) && d !== 'top' && d !== 'bottom' && d !== 'center') {
                    var links = L.DomUtil.hasClass(c, 'leaflet-tooltip-left');
                    this.options.direction = links ? 'right' : 'left';
                    zet.call(this, pos);
                    var b2 = vak(this);
                    var uit = function(v) { return Math.max(0, M - v.x) + Math.max(0, v.x + v.w - (size.x - M)); };
                    if (uit(b2) < uit(b)) { b = b2; } else { this.options.direction = links ? 'left' : 'right'; zet.call(this, pos); }
                    this.options.direction = d;
                }
                var dx = Math.max(M - b.x, Math.min(0, size.x - M - (b.x + b.w)));
                var dy = Math.max(M - b.y, Math.min(0, size.y - M - (b.y + b.h)));
                if (dx || dy) { L.DomUtil.setPosition(c, L.DomUtil.getPosition(c).add([dx, dy])); }
            };
        })();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "TooltipsInside"


class FocusWithoutScroll(MacroElement):
    """The first click or tap on a map that is not wholly in view was lost: Leaflet focuses the
    map on mousedown (for its keyboard controls), the browser then scrolls the page to show the
    focused map, and the mouseup lands on another spot, so no click reaches the layer. Leaflet
    restores only the frame's own scroll position. Focus without scrolling instead; its keyboard
    handler is re-bound so the already created map uses the new function."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }}, K = L.Map.Keyboard.prototype;
            var aan = map.keyboard && map.keyboard.enabled();
            if (aan) { map.keyboard.disable(); }
            if (!K._vwStil) {
                K._vwStil = true;
                K._onMouseDown = function() {
                    if (this._focused) { return; }
                    this._map._container.focus({preventScroll: true});
                };
            }
            if (aan) { map.keyboard.enable(); }
        })();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "FocusWithoutScroll"


def offline_map(location=(52.08, 5.25), zoom_start: int = 9, **kwargs) -> folium.Map:
    """A folium Map with no tile layer (plain background), local assets and Dutch controls.
    Every map of the app is made here. Call `localize` again after adding plugins
    (MarkerCluster, ...) so their assets are local too."""
    # Without a tile layer nothing sets the map's zoom range, and MarkerCluster refuses to
    # work on a map without maxZoom: set it on the map itself.
    kwargs.setdefault("maxZoom", 18)
    kwargs.setdefault("minZoom", 6)
    m = folium.Map(location=list(location), zoom_start=zoom_start, tiles=None, control_scale=False,
                   zoom_control=False, **kwargs)
    m.add_child(DutchControls())
    m.add_child(TooltipsInside())
    m.add_child(FocusWithoutScroll())
    m.add_child(MetricScale())
    return localize(m)
