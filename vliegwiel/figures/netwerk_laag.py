"""The network on the map: links between initiatives and organisations that have a location.

A node's location, only ever a real coordinate from the store, never a guess:
- its own latitude/longitude when the register gives them;
- otherwise, for an initiative, the point of its home kern (initiatieven.kern_id); an
  initiative working in several kernen without a home kern has no single place and is left out;
- otherwise, for a gemeente organisation (soort 'gemeente'), the point of the kern that bears
  the gemeente's name (Lopik -> kern Lopik); gemeenten without such a kern (Stichtse Vecht,
  Utrechtse Heuvelrug, ...) are left out rather than placed at an invented centre.
Other organisations (the province, koepels, funds, ...) appear only with their own coordinates.
A link is drawn when both ends have a location; the global filters select nodes exactly as on
the Netwerk page (`vliegwiel.netwerk.knopen_en_verbindingen`).
"""
from __future__ import annotations

import folium
import pandas as pd
from markupsafe import escape

from vliegwiel.netwerk import VERBINDING_SOORTEN

MAX_NAMEN_IN_TOOLTIP = 5


def _tooltip(regels: list[str]) -> str:
    """Tooltip HTML for the links drawn as one line; `regels` are already escaped."""
    tekst = regels[:MAX_NAMEN_IN_TOOLTIP]
    if len(regels) > MAX_NAMEN_IN_TOOLTIP:
        tekst.append(f"en nog {len(regels) - MAX_NAMEN_IN_TOOLTIP} verbindingen")
    return "<br>".join(tekst)


def netwerk_laag(links: pd.DataFrame, name: str = "Netwerk (verbindingen)") -> folium.FeatureGroup:
    """A layer with the links as lines, styled by kind of link (colour, dash pattern, width),
    with escaped tooltips; hidden by default in the layer control.

    Links between the same two places and of the same kind are bundled into one line whose
    tooltip names them; lines whose two ends share a point
    (same kern) are not drawn. One GeoJson per kind keeps the map light with thousands of links.
    """
    groep = folium.FeatureGroup(name=name, show=False)
    if links.empty:
        return groep
    df = links.assign(regel=[f"{escape(v)} &rarr; <i>{escape(s)}</i> &rarr; {escape(n)}"
                             for v, s, n in zip(links["van_naam"], links["soort"], links["naar_naam"])])
    df = df[(df["van_lat"] != df["naar_lat"]) | (df["van_lon"] != df["naar_lon"])]
    keys = ["soort", "van_lat", "van_lon", "naar_lat", "naar_lon"]
    bundels = df.groupby(keys, sort=True)["regel"].agg(list).reset_index()
    for soort, rijen in bundels.groupby("soort", sort=False):
        stijl = VERBINDING_SOORTEN.get(soort)
        kleur = stijl.kleur if stijl else "#555555"
        breedte = stijl.breedte if stijl else 2.0
        streep = ",".join(str(d) for d in stijl.streep) if stijl and stijl.streep else None
        features = [{
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[round(vlon, 5), round(vlat, 5)],
                                                             [round(nlon, 5), round(nlat, 5)]]},
            "properties": {"verbinding": _tooltip(regels)},
        } for vlat, vlon, nlat, nlon, regels in zip(rijen["van_lat"], rijen["van_lon"], rijen["naar_lat"],
                                                     rijen["naar_lon"], rijen["regel"])]

        # One style for the whole kind: folium then writes it once instead of once per line.
        lijnstijl = {"color": kleur, "weight": breedte + 0.5, "opacity": 0.8, "dashArray": streep}

        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=str(soort),
            style_function=lambda _f, st=lijnstijl: st,
            highlight_function=lambda _f: {"weight": 6, "opacity": 1.0},
            tooltip=folium.GeoJsonTooltip(fields=["verbinding"], labels=False, sticky=True),
            control=False,
        ).add_to(groep)
    return groep


def kaart_met_netwerk(data, maat: str, *, verbindingen: pd.DataFrame | None = None, **kwargs) -> folium.Map:
    """The Kaart page's map (`vliegwiel.figures.kaart.kaart(data, maat, **kwargs)`), with the network
    layer of `verbindingen` switched on when given: built from data only, so it can be cached."""
    from vliegwiel.figures import kaart as kaart_fig

    laag = None
    if verbindingen is not None:
        laag = netwerk_laag(verbindingen)
        laag.show = True
    return kaart_fig.kaart(data, maat, netwerk=laag, **kwargs)
