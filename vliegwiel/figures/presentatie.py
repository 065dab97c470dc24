"""The presentation's own figures: a calm, static province map (plain plotly shapes on a blank
background, so it needs no map tiles and no internet at the venue), the verbinders bars and the bars of
villages' needs per theme."""
from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go
from markupsafe import escape

from vliegwiel.figures.style import FONT, afbreken, stijl
from vliegwiel.format import getal

LAT_MID = 52.08
ASPECT = 1 / math.cos(math.radians(LAT_MID))  # degrees of latitude are longer than of longitude here

KLEUR_MET = "#0072B2"     # Okabe-Ito blue: kern with at least one initiative
KLEUR_ZONDER = "#E69F00"  # Okabe-Ito orange: small kern without any initiative
KLEUR_LAND = "#F2F2F2"
KLEUR_GRENS = "#8C8C8C"
KLEUR_ACCENT = "#D8E9F3"
KLEUR_BUITEN = "#BDBDBD"  # kernen outside the chosen area: context, neither "met" nor "zonder"


def _rings(geometry_geojson: str):
    geometry = json.loads(geometry_geojson)
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield polygon[0]  # outer ring; holes do not matter at this scale


def provincie_figuur(gemeenten: pd.DataFrame, kernen: pd.DataFrame, uitgelicht: tuple[str, ...] = (),
                     font_size: int = 22, hoogte: int = 560) -> go.Figure:
    """gemeenten: gemeente_code, naam, geometry_geojson. kernen: naam, latitude, longitude,
    inwoners, aantal_initiatieven, is_kleine_kern and optionally in_gebied. Highlighted gemeenten get a
    tint; kernen outside the area (in_gebied False) are small grey context dots, never "zonder initiatief"."""
    fig = go.Figure()
    bbox: list[tuple[float, float]] = []
    for row in gemeenten.itertuples():
        fill = KLEUR_ACCENT if row.gemeente_code in uitgelicht else KLEUR_LAND
        for ring in _rings(row.geometry_geojson):
            if row.gemeente_code in uitgelicht:
                bbox += [(p[0], p[1]) for p in ring]
            fig.add_trace(go.Scatter(
                x=[p[0] for p in ring], y=[p[1] for p in ring], mode="lines", fill="toself",
                fillcolor=fill, line={"color": KLEUR_GRENS, "width": 1}, hoverinfo="text",
                text=str(escape(row.naam)), showlegend=False))
    kernen = kernen.dropna(subset=["latitude", "longitude"])
    if "in_gebied" in kernen:
        buiten = kernen[~kernen["in_gebied"].astype(bool)]
        kernen = kernen[kernen["in_gebied"].astype(bool)]
        if not buiten.empty:
            fig.add_trace(go.Scatter(
                x=buiten["longitude"], y=buiten["latitude"], mode="markers", name="kern buiten de selectie",
                marker={"size": 6, "color": KLEUR_BUITEN}, hoverinfo="text", showlegend=False,
                text=[str(escape(n)) for n in buiten["naam"]]))
    for met, label, kleur, symbool in [(True, "kern met initiatief", KLEUR_MET, "circle"),
                                       (False, "kleine kern zonder initiatief", KLEUR_ZONDER, "diamond")]:
        sel = kernen[(kernen["aantal_initiatieven"] > 0) == met]
        if not met:
            sel = sel[sel["is_kleine_kern"].fillna(False).astype(bool)]
        if sel.empty:
            continue
        fig.add_trace(go.Scatter(
            x=sel["longitude"], y=sel["latitude"], mode="markers", name=label,
            marker={"size": [max(9, min(30, math.sqrt(n or 0) / 6)) for n in sel["inwoners"].fillna(0)],
                    "color": kleur, "symbol": symbool, "line": {"color": "white", "width": 1}},
            hoverinfo="text",
            text=[f"{escape(r.naam)}: {getal(r.inwoners)} inwoners, {r.aantal_initiatieven} initiatief/initiatieven"
                  for r in sel.itertuples()]))
    fig.update_xaxes(visible=False, scaleanchor="y", scaleratio=1 / ASPECT)
    fig.update_yaxes(visible=False)
    if bbox:  # zoom to the chosen gemeenten, their neighbours around them as context
        xs, ys = [p[0] for p in bbox], [p[1] for p in bbox]
        rand = max(max(xs) - min(xs), (max(ys) - min(ys)) * ASPECT, 0.08) * 0.45
        fig.update_xaxes(range=[min(xs) - rand, max(xs) + rand])
        fig.update_yaxes(range=[min(ys) - rand / ASPECT, max(ys) + rand / ASPECT])
    fig.update_layout(
        height=hoogte, margin={"l": 0, "r": 0, "t": 10, "b": 0}, plot_bgcolor="white", paper_bgcolor="white",
        font={"size": font_size, "family": FONT},
        legend={"orientation": "h", "y": -0.02, "x": 0, "font": {"size": font_size}},
        hoverlabel={"font_size": font_size})
    return fig


def verbinders_figuur(top: pd.DataFrame, font_size: int = 18, hoogte: int = 450) -> go.Figure:
    """Horizontal bars of the strongest verbinders (naam, verbinder_score), strongest on top."""
    # small scores (large networks: 0,012 / 0,009) get a third decimal, so the bars' labels still differ
    decimalen = 2 if float(top["verbinder_score"].max()) >= 0.1 else 3
    fig = go.Figure(go.Bar(x=top["verbinder_score"], y=[afbreken(n, 28) for n in top["naam"]],
                           orientation="h", marker_color=KLEUR_MET,
                           text=[getal(s, decimalen) for s in top["verbinder_score"]], textposition="outside"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(range=[0, float(top["verbinder_score"].max()) * 1.3])
    stijl(fig, "Verbinders: wie slaat bruggen?", "Verbinder-score (0 tot 1)", None, font_size=font_size, hoogte=hoogte)
    return fig


def behoefte_figuur(per_thema: pd.DataFrame, kleine_kernen: int, font_size: int = 18, hoogte: int = 300) -> go.Figure:
    """Horizontal bars: per theme with a need rule (thema, waarom, aantal), the small kernen with the signal and
    without an initiative in that theme; most on top, the count printed at each bar (also a zero)."""
    labels = [afbreken(t, 26) for t in per_thema["thema"]]
    hover = [f"<b>{escape(r.thema)}</b><br>Signaal: {escape(r.waarom)}<br>"
             f"{getal(r.aantal)} van de {getal(kleine_kernen)} kleine kernen" for r in per_thema.itertuples()]
    fig = go.Figure(go.Bar(x=per_thema["aantal"].tolist(), y=labels, orientation="h", marker_color=KLEUR_ZONDER,
                           text=[getal(a) for a in per_thema["aantal"]], textposition="outside", cliponaxis=False,
                           customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    stijl(fig, "Kleine kernen per thema", None, None, font_size=font_size, hoogte=hoogte)
    xmax = max(1, int(per_thema["aantal"].max()) if len(per_thema) else 1)
    # no x axis: every count is printed at its bar, and a tick row would only be more to read
    fig.update_xaxes(range=[0, xmax * 1.2 + 0.5], visible=False)
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed", showgrid=False)
    fig.update_layout(margin={"t": round(font_size * 2.4), "b": 10}, bargap=0.35)
    return fig
