"""The "witte vlekken" map layer: small kernen without an initiative in the chosen themes,
as circles at the kern locations, over the gemeente outlines (no tiles: works offline).

Pure builders (no streamlit): DataFrame -> folium Map. folium does not escape tooltip text,
so every data string is escaped here.
"""
from __future__ import annotations

import json
import math

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template
from markupsafe import escape

from vliegwiel.format import aantal, datum, getal
from vliegwiel.figures.mapbase import localize, offline_map

VLEK_KLEUR = "#D55E00"      # Okabe-Ito vermilion: the white spots
GEDEKT_KLEUR = "#0072B2"    # Okabe-Ito blue: small kernen that do have such an initiative
GRENS_KLEUR = "#5B6770"


def straal(inwoners, minimum: float = 4.0, schaal: float = 0.12) -> float:
    """Circle radius in pixels, by the square root of inhabitants (area ~ inhabitants)."""
    if inwoners is None or (isinstance(inwoners, float) and math.isnan(inwoners)) or inwoners is pd.NA:
        return minimum
    return max(minimum, math.sqrt(float(inwoners)) * schaal)


class Legenda(MacroElement):
    """A static legend as a Leaflet control; `items` are (colour, filled, label), escaped here."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var legenda = L.control({position: 'bottomright'});
            legenda.onAdd = function () {
                var div = L.DomUtil.create('div', 'vw-legenda');
                div.setAttribute('role', 'note');
                div.innerHTML = {{ this.inhoud|tojson }};
                return div;
            };
            legenda.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, titel: str, items: list[tuple[str, bool, str]]):
        super().__init__()
        self._name = "Legenda"
        regels = [f"<div style='font-weight:600;margin-bottom:4px'>{escape(titel)}</div>"]
        for kleur, gevuld, label in items:
            vulling = kleur if gevuld else "transparent"
            regels.append(
                "<div style='display:flex;align-items:center;gap:6px;margin:2px 0'>"
                f"<span style='display:inline-block;width:14px;height:14px;border-radius:50%;"
                f"border:2px solid {escape(kleur)};background:{escape(vulling)}'></span>{escape(label)}</div>")
        self.inhoud = ("<div style='background:white;padding:8px 10px;border:1px solid #999;border-radius:4px;"
                       "font:13px/1.3 \"Source Sans Pro\",Arial,sans-serif;color:#1F2933;max-width:240px'>"
                       + "".join(regels) + "</div>")


def _tooltip(r, thema_label: str, is_vlek: bool) -> str:
    inwoners = f"{getal(r.inwoners)} inwoners (benadering, {datum('2021-01-01')})"
    if is_vlek:
        regel = f"Geen initiatief in {escape(thema_label)}"
    else:
        regel = f"{aantal(r.in_themas, 'initiatief', 'initiatieven')} in {escape(thema_label)}"
    return f"<b>{escape(r.kern)}</b> ({escape(r.gemeente)})<br>{inwoners}<br>{regel}"


def beeld(lat_min: float, lon_min: float, lat_max: float, lon_max: float, breedte: int = 560,
          hoogte: int = 480) -> tuple[tuple[float, float], float]:
    """Centre and zoom (quarter steps) that fit the box in a map of breedte x hoogte pixels.
    Computed here because fitBounds inside streamlit-folium runs before the frame has its size."""
    centrum = ((lat_min + lat_max) / 2, (lon_min + lon_max) / 2)
    lon_span = max(lon_max - lon_min, 0.01)
    y = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731 (Mercator)
    lat_span = max(y(lat_max) - y(lat_min), 0.0002)
    zoom_x = math.log2(breedte * 360 / (256 * lon_span))
    zoom_y = math.log2(hoogte * 2 * math.pi / (256 * lat_span))
    zoom = math.floor(min(zoom_x, zoom_y, 12) * 4) / 4
    return centrum, zoom


def witte_vlekken_kaart(kernen: pd.DataFrame, grenzen: pd.DataFrame, thema_label: str) -> folium.Map:
    """Map of the small kernen in `kernen` (from kernen_thema_dekking): white spots
    (in_themas == 0) as filled vermilion circles, covered ones as small open blue circles,
    sized by inhabitants; gemeente outlines from `grenzen`. Kernen without coordinates are
    skipped (the page lists them)."""
    plaatsbaar = kernen[kernen["latitude"].notna() & kernen["longitude"].notna()]
    if plaatsbaar.empty:
        m = offline_map()
    else:
        lat_pad = max(0.015, 0.08 * (plaatsbaar["latitude"].max() - plaatsbaar["latitude"].min()))
        lon_pad = max(0.025, 0.08 * (plaatsbaar["longitude"].max() - plaatsbaar["longitude"].min()))
        centrum, zoom = beeld(plaatsbaar["latitude"].min() - lat_pad, plaatsbaar["longitude"].min() - lon_pad,
                              plaatsbaar["latitude"].max() + lat_pad, plaatsbaar["longitude"].max() + lon_pad,
                              breedte=640, hoogte=420)
        m = offline_map(location=centrum, zoom_start=zoom, zoomSnap=0.25)
    if not grenzen.empty:
        features = [{"type": "Feature", "geometry": json.loads(g.geometry_geojson),
                     "properties": {"naam": str(escape(g.naam))}} for g in grenzen.itertuples()]
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features}, name="Gemeentegrenzen",
            style_function=lambda _f: {"color": GRENS_KLEUR, "weight": 1.2, "fillColor": "#F3F1EC", "fillOpacity": 0.6},
            tooltip=folium.GeoJsonTooltip(fields=["naam"], aliases=["Gemeente"], labels=True),
            highlight_function=None, control=False,
        ).add_to(m)
    gedekt = folium.FeatureGroup(name=f"Kleine kernen met een initiatief in {escape(thema_label)}")
    vlekken = folium.FeatureGroup(name=f"Witte vlekken: geen initiatief in {escape(thema_label)}")
    for r in plaatsbaar.itertuples():
        is_vlek = r.in_themas == 0
        folium.CircleMarker(
            location=[r.latitude, r.longitude],
            radius=straal(r.inwoners) if is_vlek else 5,
            color=VLEK_KLEUR if is_vlek else GEDEKT_KLEUR, weight=2,
            fill=is_vlek, fill_color=VLEK_KLEUR, fill_opacity=0.65 if is_vlek else 0,
            tooltip=folium.Tooltip(_tooltip(r, thema_label, is_vlek)),
        ).add_to(vlekken if is_vlek else gedekt)
    gedekt.add_to(m)
    vlekken.add_to(m)
    Legenda(f"Kleine kernen · {thema_label}", [
        (VLEK_KLEUR, True, "Witte vlek: geen initiatief (grootte: inwoners)"),
        (GEDEKT_KLEUR, False, "Wel een initiatief"),
    ]).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return localize(m)
