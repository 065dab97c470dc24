"""The Kernprofiel's compact chart: the three distances of a kern beside the range of similar
kernen, its gemeente (2021 edition) and the province (2024). Pure: DataFrame -> plotly figure."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from vliegwiel.figures import style
from vliegwiel.format import getal, is_leeg

AFSTANDEN = ("afstand_huisarts_km", "afstand_supermarkt_km", "afstand_school_km")


def afstanden(lang: pd.DataFrame, kern_naam: str, gemeente_naam: str) -> go.Figure:
    """One row per distance: a bar for the range of similar kernen, markers for the kern, the
    gemeente and the province. Every value is printed in the hover text too."""
    d = lang[lang["kolom"].isin(AFSTANDEN)]
    labels = [style.veilig(x) for x in d["label"]]
    fig = go.Figure()
    bereik = [(lo, hi) for lo, hi in zip(d["soortgelijk_min"], d["soortgelijk_max"])]
    fig.add_trace(go.Bar(
        y=labels, x=[None if is_leeg(hi) else hi - lo for lo, hi in bereik],
        base=[None if is_leeg(lo) else lo for lo, _hi in bereik], orientation="h",
        marker={"color": style.BLAUWEN[0]}, name="Soortgelijke kernen (spreiding, 2024)",
        hovertemplate="%{y}: %{base:.1f} tot %{x:.1f} km meer<extra>soortgelijke kernen</extra>"))
    reeksen = [
        ("soortgelijk_mediaan", "Mediaan soortgelijke kernen (2024)", "line-ns", style.OKABE_ITO["blauw"]),
        ("gemeente_waarde", f"Gemeente {gemeente_naam} (editie 2021)", "square", style.OKABE_ITO["oranje"]),
        ("provincie_waarde", "Provincie Utrecht (2024)", "diamond", style.OKABE_ITO["blauwgroen"]),
        ("waarde", f"{kern_naam} (2024)", "circle", style.OKABE_ITO["vermiljoen"]),
    ]
    for kolom, naam, symbool, kleur in reeksen:
        x = [None if is_leeg(v) else float(v) for v in d[kolom]]
        fig.add_trace(go.Scatter(
            y=labels, x=x, mode="markers", name=style.veilig(naam),
            marker={"symbol": symbool, "size": 14, "color": kleur, "line": {"width": 2, "color": kleur}},
            text=[f"{style.veilig(naam)}: {'onbekend' if v is None else getal(v, 1) + ' km'}" for v in x],
            hovertemplate="%{text}<extra></extra>"))
    fig.update_layout(
        barmode="overlay", height=260, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": "Afstand over de weg (km)", "font": {"size": 16}},
        legend={"orientation": "h", "y": -0.25}, separators=",.",
        plot_bgcolor="white", paper_bgcolor="white", font={"family": style.FONT, "color": style.TEKST_KLEUR},
        xaxis={"title": "km", "gridcolor": style.RASTER_KLEUR, "rangemode": "tozero"},
        yaxis={"autorange": "reversed"})
    return fig
