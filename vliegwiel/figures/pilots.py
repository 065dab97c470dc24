"""The Pilots page's timeline: milestones per pilot and the programme's meetings.

DataFrame -> go.Figure in the house style of `vliegwiel.figures.style`; no SQL, no streamlit.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import plotly.graph_objects as go

from vliegwiel.figures.style import (OKABE_ITO, TEKST_KLEUR, afbreken, datum_kort, leeg_figuur, stijl, veilig)
from vliegwiel.format import datum, getal
from vliegwiel.pilots import bijeenkomst_datum


STATUS_STIJL = {
    # status: (legend label, colour, symbol)
    "gedaan": ("Gedaan", OKABE_ITO["blauwgroen"], "circle"),
    "gepland": ("Gepland", OKABE_ITO["blauw"], "circle-open"),
    "niet gemeld": ("Niet gemeld: datum verstreken, niet bekend of het is gebeurd", "#6B6B6B", "circle-open-dot"),
    "te laat": ("Te laat: na de datum nog niet gedaan gemeld", OKABE_ITO["vermiljoen"], "x-thin-open"),
}


BIJEENKOMST_STIJL = ("Bijeenkomst van het programma", "#555555", "diamond")


def _datum_ticks(start: dt.date, eind: dt.date) -> tuple[list[dt.date], list[str]]:
    """Dutch tick labels: months for short spans, quarters, or years for long ones."""
    maanden = (eind.year - start.year) * 12 + eind.month - start.month
    if maanden > 48:
        vals = [dt.date(j, 1, 1) for j in range(start.year + (start.month > 1), eind.year + 1)]
        return vals, [str(v.year) for v in vals]
    stap = 1 if maanden <= 8 else 3 if maanden <= 24 else 6
    vals, d = [], dt.date(start.year, start.month, 1)
    if d < start:
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    while d <= eind:
        if (d.month - 1) % stap == 0:
            vals.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return vals, [datum_kort(v) for v in vals]


PROGRAMMA_RIJ = "Programma (bijeenkomsten)"


def tijdlijn(mijlpalen: pd.DataFrame, bijeenkomsten: pd.DataFrame, today: dt.date,
             start: dt.date | None = None, eind: dt.date | None = None,
             titel: str = "Tijdlijn van de pilots en het programma", font_size: int = 16,
             kort_label: int | None = None) -> go.Figure:
    """Milestones per pilot (one row each; colour AND symbol for gedaan / gepland / niet gemeld /
    te laat, see vliegwiel.pilots.mijlpaal_status) and
    the programme's dated events on their own row, with a vertical line for today. Expects
    `mijlpalen` from vliegwiel.pilots.met_status. Undated items are left out (the page lists
    them as "datum onbekend"). `start`/`eind` zoom in; today outside the window is pointed at.
    `kort_label` shortens row labels to one line of that many characters (slides: lower rows)."""
    mp = mijlpalen[mijlpalen["datum"].notna()] if not mijlpalen.empty else mijlpalen
    bk = bijeenkomsten[bijeenkomsten["datum"].notna()] if not bijeenkomsten.empty else bijeenkomsten
    if mp.empty and bk.empty:
        return leeg_figuur(titel, "Er zijn nog geen mijlpalen of bijeenkomsten met een datum.", font_size)
    datums = list(mp["datum"]) + list(bk["datum"])
    start = start or min(min(datums), today)
    eind = eind or max(max(datums), today)
    marge = max(dt.timedelta(days=20), (eind - start) * 0.03)  # room for the marker at either end
    start = start - marge
    eind = eind + marge
    rijen = list(dict.fromkeys(mp["pilot"])) if not mp.empty else []
    rij_tekst = (lambda r: veilig(r, kort_label)) if kort_label else (lambda r: afbreken(r, 26))
    rij_label = {r: rij_tekst(r) for r in [*rijen, PROGRAMMA_RIJ]}
    fig = go.Figure()
    for status, (label, kleur, symbool) in STATUS_STIJL.items():
        deel = mp[mp["weergave_status"] == status] if not mp.empty else mp
        if deel.empty:
            continue
        hover = []
        for r in deel.itertuples():
            regel = f"<b>{veilig(r.titel, 80)}</b><br>{veilig(r.pilot)}<br>{datum(r.datum)} · {html.escape(label.lower())}"
            if status == "niet gemeld":
                regel += "<br>Het register meldt niet of deze mijlpaal is gehaald."
            elif status == "te laat":
                regel += f"<br>Een latere melding noemt hem nog niet gedaan ({getal(r.dagen_te_laat)} dagen na de geplande datum)."
            hover.append(regel)
        fig.add_trace(go.Scatter(
            x=list(deel["datum"]), y=[rij_label[p] for p in deel["pilot"]], mode="markers", name=html.escape(label),
            marker={"symbol": symbool, "size": font_size + 4, "color": kleur, "line": {"width": 3, "color": kleur}},
            customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    if not bk.empty:
        label, kleur, symbool = BIJEENKOMST_STIJL
        hover = [f"<b>{veilig(r['naam'], 80)}</b><br>{html.escape(bijeenkomst_datum(r))}"
                 for _, r in bk.iterrows()]
        fig.add_trace(go.Scatter(
            x=list(bk["datum"]), y=[rij_label[PROGRAMMA_RIJ]] * len(bk), mode="markers", name=html.escape(label),
            marker={"symbol": symbool, "size": font_size + 2, "color": kleur},
            customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    y_orde = [rij_label[PROGRAMMA_RIJ]] + [rij_label[r] for r in rijen] if not bk.empty else [rij_label[r] for r in rijen]
    hoogte = 200 + len(y_orde) * round(font_size * (2.2 if kort_label else 4.2))  # room for two-line labels
    stijl(fig, titel, "Datum", None, font_size, hoogte=hoogte)
    vals, teksten = _datum_ticks(start, eind)
    fig.update_xaxes(type="date", range=[start, eind], tickvals=vals, ticktext=teksten, tickangle=0)
    fig.update_yaxes(categoryorder="array", categoryarray=y_orde, autorange="reversed", showgrid=True)
    vandaag = f"Vandaag: {datum(today)}"
    if start <= today <= eind:
        fig.add_shape(type="line", x0=today, x1=today, y0=0, y1=1, yref="paper",
                      line={"color": TEKST_KLEUR, "width": 2, "dash": "dash"})
        fig.add_annotation(x=today, y=1, yref="paper", text=vandaag, showarrow=False, xanchor="right",
                           yanchor="bottom", font={"size": font_size - 2})
    else:
        rechts = today > eind
        fig.add_annotation(x=1 if rechts else 0, xref="paper", y=1, yref="paper", showarrow=False,
                           text=f"{vandaag} {'→' if rechts else '←'} (buiten beeld)",
                           xanchor="right" if rechts else "left", yanchor="bottom", font={"size": font_size - 2})
    return fig
