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


def offline_map(location=(52.08, 5.25), zoom_start: int = 9, **kwargs) -> folium.Map:
    """A folium Map with no tile layer (plain background) and local assets. Call `localize`
    again after adding plugins (MarkerCluster, ...) so their assets are local too."""
    # Without a tile layer nothing sets the map's zoom range, and MarkerCluster refuses to
    # work on a map without maxZoom: set it on the map itself.
    kwargs.setdefault("maxZoom", 18)
    kwargs.setdefault("minZoom", 6)
    m = folium.Map(location=list(location), zoom_start=zoom_start, tiles=None, control_scale=False, **kwargs)
    m.add_child(MetricScale())
    return localize(m)
