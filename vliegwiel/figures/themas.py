"""The Thema's page's figures: coverage heatmap, theme bars and the flywheel over time.

DataFrame -> go.Figure in the house style of `vliegwiel.figures.style`; no SQL, no streamlit.
"""
from __future__ import annotations

import html
import math

import pandas as pd
import plotly.graph_objects as go

from vliegwiel.figures.style import (BLAUWEN, NUL_KLEUR, NUL_TEKST, OKABE_ITO, REEKS, STREEPJES, SYMBOLEN, afbreken,
                                     leeg_figuur, mooie_stap, namen_lijst, stijl, telling_as, veilig)
from vliegwiel.format import aantal, getal


def _kleurschaal(zmax: int) -> list:
    """Zero gets its own light colour; 1..zmax run through a single-hue blue scale."""
    grens = 0.5 / zmax
    schaal = [[0.0, NUL_KLEUR], [grens, NUL_KLEUR]]
    for n, kleur in enumerate(BLAUWEN):
        schaal.append([grens + (1 - grens) * n / (len(BLAUWEN) - 1), kleur])
    schaal[-1][0] = 1.0  # exactly 1 despite float rounding (plotly rejects > 1)
    return schaal


def dekking_heatmap(matrix: pd.DataFrame, volgorde: list[str], rij_titel: str = "Gemeente",
                    titel: str = "Initiatieven per gemeente en thema", font_size: int = 16,
                    label_hoek: int = -35) -> go.Figure:
    """Heatmap of a coverage matrix (vliegwiel.themas.dekking): rows in `volgorde`, themes as
    columns (short labels, slanted), the count printed in every cell ("0" on a distinct light
    colour), the full theme name and the initiatives behind a cell in the hover."""
    if matrix.empty or not volgorde:
        return leeg_figuur(titel, "Geen plaatsen of thema's in deze selectie.", font_size)
    kol = matrix.drop_duplicates("thema_id").sort_values("volgorde")
    kol_ids = kol["thema_id"].tolist()
    kol_labels = [veilig(kort_label(i, n)) for i, n in zip(kol["thema_id"], kol["thema"])]
    cellen = {(r.rij, r.thema_id): r for r in matrix.itertuples(index=False)}
    z, tekst, hover = [], [], []
    for rij in volgorde:
        z_rij, t_rij, h_rij = [], [], []
        for thema_id in kol_ids:
            cel = cellen[(rij, thema_id)]
            z_rij.append(cel.aantal)
            t_rij.append(getal(cel.aantal))
            plaats = veilig(rij) if cel.gemeente == rij or rij.endswith(f"({cel.gemeente})") else \
                f"{veilig(rij)} (gemeente {veilig(cel.gemeente)})"
            kop = f"<b>{plaats}</b><br>{veilig(cel.thema)}"
            if cel.aantal == 0:
                h_rij.append(f"{kop}<br>Geen initiatieven")
            else:
                # names beyond NAMEN_MAX were cut in SQL; namen_lijst adds "+ N meer" from the count
                h_rij.append(f"{kop}<br>{aantal(cel.aantal, 'initiatief', 'initiatieven')}:<br>"
                             f"{namen_lijst(cel.namen, cel.aantal)}")
        z.append(z_rij)
        tekst.append(t_rij)
        hover.append(h_rij)
    zmax = max(1, int(matrix["aantal"].max()))
    rij_labels = [veilig(r, 40) for r in volgorde]
    fig = go.Figure(go.Heatmap(
        z=z, x=kol_labels, y=rij_labels, text=tekst, texttemplate="%{text}", customdata=hover,
        hovertemplate="%{customdata}<extra></extra>", zmin=0, zmax=zmax, colorscale=_kleurschaal(zmax),
        xgap=2, ygap=2, textfont={"size": font_size - 2}, showscale=False,
    ))
    rij_hoogte = max(24, round(font_size * 1.6))
    langste = max(len(label) for label in kol_labels)
    kop_hoogte = round(font_size * 3.2 + langste * font_size * 0.55 * abs(math.sin(math.radians(label_hoek))))
    stijl(fig, titel, None, rij_titel, font_size, hoogte=kop_hoogte + rij_hoogte * len(volgorde) + 30)
    fig.update_xaxes(side="top", tickangle=label_hoek, showgrid=False, tickfont={"size": font_size - 1})
    fig.update_yaxes(autorange="reversed", showgrid=False, tickfont={"size": font_size - 1})
    fig.update_layout(margin={"t": kop_hoogte, "b": 10})
    return fig


GROEP_STIJL = {
    "fysiek": ("Fysieke doelen", OKABE_ITO["blauw"], ""),
    "sociaal": ("Sociale doelen", OKABE_ITO["oranje"], "/"),
    "samenwerking": ("Samenwerkingsvormen", OKABE_ITO["blauwgroen"], "."),
}


def thema_staaf(overzicht: pd.DataFrame, groepen: tuple[str, ...] = ("fysiek", "sociaal"),
                titel: str = "Initiatieven per thema, naar fysieke en sociale doelen", font_size: int = 16,
                waarde: str = "initiatieven", x_titel: str = "Aantal initiatieven") -> go.Figure:
    """Horizontal bars per theme (vliegwiel.themas.thema_overzicht), one trace per group so
    the legend names the group; groups also differ in bar pattern, counts printed at the bars."""
    data = overzicht[overzicht["groep"].isin(groepen)].sort_values("volgorde")
    if data.empty:
        return leeg_figuur(titel, "Geen thema's in deze groep.", font_size)
    fig = go.Figure()
    labels_orde = []
    for groep in groepen:
        deel = data[data["groep"] == groep]
        if deel.empty:
            continue
        label, kleur, patroon = GROEP_STIJL[groep]
        y = [afbreken(t, 34) for t in deel["thema"]]
        labels_orde += y
        hover = [f"<b>{veilig(r.thema)}</b> ({html.escape(label.lower())})<br>"
                 f"{getal(r.initiatieven)} initiatieven · {getal(r.gemeenten)} gemeenten · {getal(r.kernen)} kernen"
                 + (f"<br>{namen_lijst(r.namen, r.initiatieven)}" if r.initiatieven else "")
                 for r in deel.itertuples()]
        fig.add_trace(go.Bar(
            x=deel[waarde], y=y, orientation="h", name=html.escape(label), marker={"color": kleur,
            "pattern": {"shape": patroon, "fgcolor": "white", "size": 8}},
            text=[getal(v) for v in deel[waarde]], textposition="outside", cliponaxis=False,
            customdata=hover, hovertemplate="%{customdata}<extra></extra>",
        ))
    stijl(fig, titel, x_titel, None, font_size, hoogte=140 + len(labels_orde) * round(font_size * 2.6))
    fig.update_yaxes(categoryorder="array", categoryarray=labels_orde, autorange="reversed")
    xmax = max(1, int(data[waarde].max()))
    fig.update_xaxes(range=[0, xmax * 1.15 + 0.5], tickformat=",d", dtick=mooie_stap(xmax))
    fig.update_layout(bargap=0.3)
    return fig


def _jaar_as(fig: go.Figure, jaren: list[int]) -> None:
    span = max(jaren) - min(jaren) if jaren else 0
    stap = 1 if span <= 12 else 2 if span <= 24 else 5
    fig.update_xaxes(tickformat="d", dtick=stap, range=[min(jaren) - 0.6, max(jaren) + 0.6])


def vliegwiel_figuur(per_jaar: pd.DataFrame, markeringen: list[tuple[int, str]] | None = None,
                     titel: str = "Het vliegwiel: initiatieven gestart per jaar en opgeteld", font_size: int = 16,
                     zonder_startjaar: int = 0) -> go.Figure:
    """Bars: initiatives started per year; line: cumulative; stars: years in which pilots
    started (names in the hover); dotted vertical lines for `markeringen` (year, label), e.g.
    the programme's verkennersbijeenkomst."""
    if per_jaar.empty:
        melding = "Van geen enkel initiatief in deze selectie is het startjaar bekend."
        if zonder_startjaar:
            melding = ("Van het enige initiatief in deze selectie is het startjaar niet bekend."
                       if zonder_startjaar == 1 else
                       f"Van geen van de {getal(zonder_startjaar)} initiatieven in deze selectie is het "
                       "startjaar bekend.")
        return leeg_figuur(titel, melding, font_size)
    jaren = per_jaar["jaar"].tolist()
    nieuw_hover = [f"<b>{j}</b><br>{aantal(n, 'initiatief', 'initiatieven')} gestart"
                   for j, n in zip(per_jaar["jaar"], per_jaar["nieuw"])]
    cum_hover = [f"<b>{j}</b><br>{getal(c)} initiatieven gestart tot en met {j}"
                 for j, c in zip(per_jaar["jaar"], per_jaar["cumulatief"])]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=jaren, y=per_jaar["nieuw"], name="Gestart in dat jaar", marker_color=OKABE_ITO["hemelsblauw"],
                         customdata=nieuw_hover, hovertemplate="%{customdata}<extra></extra>"))
    fig.add_trace(go.Scatter(x=jaren, y=per_jaar["cumulatief"], name="Opgeteld (cumulatief)", mode="lines+markers",
                             line={"color": OKABE_ITO["blauw"], "width": 3}, marker={"size": 8},
                             customdata=cum_hover, hovertemplate="%{customdata}<extra></extra>"))
    pilots = per_jaar[per_jaar["pilots"].map(len) > 0]
    if not pilots.empty:
        fig.add_trace(go.Scatter(
            x=pilots["jaar"], y=pilots["cumulatief"], name="Start van een pilot", mode="markers",
            marker={"symbol": "star", "size": 18, "color": OKABE_ITO["vermiljoen"], "line": {"color": "white", "width": 1}},
            customdata=[f"<b>Pilot gestart in {j}</b><br>" + "<br>".join(f"• {veilig(n, 60)}" for n in namen)
                        for j, namen in zip(pilots["jaar"], pilots["pilots"])],
            hovertemplate="%{customdata}<extra></extra>"))
    alle_jaren = list(jaren) + [jaar for jaar, _label in markeringen or []]
    midden = (min(alle_jaren) + max(alle_jaren)) / 2
    for jaar, label in markeringen or []:
        rechts = jaar > midden  # put the text on the side with room, so it is never cut off
        fig.add_vline(x=jaar, line={"color": NUL_TEKST, "dash": "dot", "width": 2})
        fig.add_annotation(x=jaar, y=1, yref="paper", text=html.escape(label, quote=False), showarrow=False,
                           xanchor="right" if rechts else "left", yanchor="bottom", xshift=-4 if rechts else 4,
                           font={"size": font_size - 2, "color": NUL_TEKST})
    stijl(fig, titel, "Startjaar", "Aantal initiatieven", font_size, hoogte=420 + font_size * 4)
    _jaar_as(fig, alle_jaren)
    telling_as(fig, float(per_jaar["cumulatief"].max()))
    return fig


def vliegwiel_thema_figuur(per_thema: pd.DataFrame, titel: str = "Opgeteld aantal initiatieven per thema",
                           font_size: int = 16) -> go.Figure:
    """One cumulative line per theme; colour, dash and marker symbol all differ, so lines stay
    distinguishable without colour and beyond eight themes."""
    if per_thema.empty:
        return leeg_figuur(titel, "Geen initiatieven met een bekend startjaar en thema in deze selectie.", font_size)
    fig = go.Figure()
    for n, (thema_id, deel) in enumerate(per_thema.sort_values(["volgorde", "jaar"]).groupby("volgorde", sort=True)):
        naam = deel["thema"].iloc[0]
        hover = [f"<b>{veilig(naam)}</b> · {j}<br>{getal(c)} tot en met {j} ({getal(nw)} nieuw)"
                 for j, c, nw in zip(deel["jaar"], deel["cumulatief"], deel["nieuw"])]
        fig.add_trace(go.Scatter(
            x=deel["jaar"], y=deel["cumulatief"], name=veilig(naam, 40), mode="lines+markers",
            line={"color": REEKS[n % len(REEKS)], "dash": STREEPJES[n % len(STREEPJES)], "width": 2.5},
            marker={"symbol": SYMBOLEN[n % len(SYMBOLEN)], "size": 8},
            customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    stijl(fig, titel, "Startjaar", "Aantal initiatieven (opgeteld)", font_size, hoogte=460 + font_size * 4)
    _jaar_as(fig, per_thema["jaar"].tolist())
    telling_as(fig, float(per_thema["cumulatief"].max()))
    return fig


def kort_label(thema_id: str, naam: str) -> str:
    """A short column label for a theme: its slug in words ('sociale-samenhang' -> 'Sociale samenhang');
    the full name is in the hover and the table."""
    kort = str(thema_id).replace("-", " ").strip().capitalize()
    return kort if 0 < len(kort) <= len(str(naam)) else str(naam)
