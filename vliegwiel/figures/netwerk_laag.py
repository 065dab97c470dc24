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

import duckdb
import folium
import pandas as pd
from markupsafe import escape

from vliegwiel.filters import Filters
from vliegwiel.netwerk import VERBINDING_SOORTEN, knopen_en_verbindingen

COLUMNS = ["van_naam", "naar_naam", "soort", "van_lat", "van_lon", "naar_lat", "naar_lon"]
MAX_NAMEN_IN_TOOLTIP = 5


def locaties(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """knoop_id, latitude, longitude, locatie (how it was found) for every node with a real location."""
    return con.execute("""
        SELECT i.initiatief_id AS knoop_id,
               coalesce(i.latitude, k.latitude) AS latitude,
               coalesce(i.longitude, k.longitude) AS longitude,
               CASE WHEN i.latitude IS NOT NULL THEN 'eigen' ELSE 'kern' END AS locatie
        FROM initiatieven i
        LEFT JOIN kernen k ON k.kern_id = i.kern_id
        WHERE (i.latitude IS NOT NULL AND i.longitude IS NOT NULL)
           OR (k.latitude IS NOT NULL AND k.longitude IS NOT NULL)
        UNION ALL
        SELECT o.organisatie_id,
               CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN o.latitude ELSE k.latitude END,
               CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN o.longitude ELSE k.longitude END,
               CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN 'eigen' ELSE 'gemeente' END
        FROM organisaties o
        LEFT JOIN gemeenten g ON o.soort = 'gemeente' AND g.gemeente_code = o.gemeente_code
        LEFT JOIN kernen k ON k.gemeente_code = g.gemeente_code AND k.naam = g.naam
        WHERE (o.latitude IS NOT NULL AND o.longitude IS NOT NULL)
           OR (k.latitude IS NOT NULL AND k.longitude IS NOT NULL)
    """).df()


def verbindingen_met_locatie(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Links whose two ends both have a location (see the module docstring), one row per link."""
    knopen, verbindingen = knopen_en_verbindingen(con, filters)
    if verbindingen.empty:
        return pd.DataFrame(columns=COLUMNS)
    loc = locaties(con).drop_duplicates("knoop_id").set_index("knoop_id")
    naam = knopen.set_index("knoop_id")["naam"]
    v = verbindingen[verbindingen["van_id"].isin(loc.index) & verbindingen["naar_id"].isin(loc.index)]
    if v.empty:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame({
        "van_naam": v["van_id"].map(naam).to_numpy(),
        "naar_naam": v["naar_id"].map(naam).to_numpy(),
        "soort": v["soort"].to_numpy(),
        "van_lat": v["van_id"].map(loc["latitude"]).to_numpy(dtype=float),
        "van_lon": v["van_id"].map(loc["longitude"]).to_numpy(dtype=float),
        "naar_lat": v["naar_id"].map(loc["latitude"]).to_numpy(dtype=float),
        "naar_lon": v["naar_id"].map(loc["longitude"]).to_numpy(dtype=float),
    })
    return out.sort_values(["soort", "van_naam", "naar_naam"]).reset_index(drop=True)[COLUMNS]


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
