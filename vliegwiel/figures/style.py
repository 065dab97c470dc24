"""Plotly figure builders for the Thema's and Pilots pages (and the Presentatie page):
DataFrame -> go.Figure, pure, no streamlit.

One calm house style: large readable type (`font_size`), Dutch titles and labels, the
Okabe-Ito colour-blind-safe palette, Dutch numbers (1.234,5 via layout.separators) and
dates ("5 november 2020", formatted here: the plotly.js bundled with Streamlit ships only
English locales, so `config={'locale': 'nl'}` would not work offline). Colour never carries
meaning alone: counts are printed in the cells, statuses also differ in marker symbol,
groups also in bar pattern. Every data text is HTML-escaped before plotly renders it.
"""
from __future__ import annotations

import datetime as dt
import html
import math
import textwrap

import pandas as pd
import plotly.graph_objects as go

from vliegwiel.format import MAANDEN, aantal, datum, getal, is_leeg

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "oranje": "#E69F00", "hemelsblauw": "#56B4E9", "blauwgroen": "#009E73", "geel": "#F0E442",
    "blauw": "#0072B2", "vermiljoen": "#D55E00", "roodpaars": "#CC79A7", "zwart": "#000000",
}
# Order for series on a white background (yellow last: low contrast).
REEKS = [OKABE_ITO[k] for k in ("blauw", "oranje", "blauwgroen", "vermiljoen", "roodpaars", "hemelsblauw",
                                "zwart", "geel")]
STREEPJES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLEN = ["circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon"]

NUL_KLEUR = "#F3F1EC"          # zero cells: a warm light grey, clearly not "a little blue"
NUL_TEKST = "#6B6B6B"
BLAUWEN = ["#C6DBEF", "#9ECAE1", "#6BAED6", "#3182BD", "#08519C", "#08306B"]  # sequential, single hue
TEKST_KLEUR = "#1F2933"
RASTER_KLEUR = "#E4E7EB"
FONT = "'Source Sans', 'Source Sans Pro', 'Source Sans 3', 'Segoe UI', Arial, sans-serif"  # Streamlit's own web font first

STATUS_STIJL = {
    # status: (legend label, colour, symbol)
    "gedaan": ("Gedaan", OKABE_ITO["blauwgroen"], "circle"),
    "gepland": ("Gepland", OKABE_ITO["blauw"], "circle-open"),
    "te laat": ("Te laat: datum verstreken, niet als gedaan gemeld", OKABE_ITO["vermiljoen"], "x-thin-open"),
}
BIJEENKOMST_STIJL = ("Bijeenkomst van het programma", "#555555", "diamond")

# For st.plotly_chart(config=...): no modebar (its tooltips are English and it distracts).
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}


# ---------- shared helpers ----------

def veilig(value, max_len: int | None = None) -> str:
    """Data text made safe for plotly (which renders a subset of HTML): escaped, optionally shortened."""
    text = "onbekend" if is_leeg(value) else str(value)
    if max_len and len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "…"
    return html.escape(text, quote=False)


def afbreken(label: str, breedte: int = 18) -> str:
    """An escaped axis label wrapped over lines with <br> (long theme and pilot names)."""
    regels = textwrap.wrap(str(label), breedte, break_long_words=False) or [""]
    return "<br>".join(html.escape(r, quote=False) for r in regels)


def namen_lijst(namen, aantal: int, max_namen: int = 10) -> str:
    """'• A<br>• B<br>+ 12 meer' for hover text; names escaped and shortened."""
    namen = list(namen)[:max_namen]
    regels = [f"• {veilig(n, 60)}" for n in namen]
    if aantal > len(namen):
        regels.append(f"+ {getal(aantal - len(namen))} meer")
    return "<br>".join(regels)


def mooie_stap(maximum: float, streef: int = 5) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50, ...) giving about `streef` ticks up to `maximum`."""
    ruw = max(1.0, maximum / streef)
    macht = 10 ** math.floor(math.log10(ruw))
    for factor in (1, 2, 5, 10):
        if factor * macht >= ruw:
            return int(factor * macht)
    return int(10 * macht)


def _telling_as(fig: go.Figure, maximum: float) -> None:
    """A y axis of whole counts: ticks on round integers only (plotly's own steps of 0,2 would
    print as 0, 0, 0, 1, 1 under an integer format)."""
    fig.update_yaxes(tickformat=",d", rangemode="tozero", dtick=mooie_stap(maximum), tick0=0)


def datum_kort(d: dt.date) -> str:
    return f"{MAANDEN[d.month - 1][:3]} {d.year}"


def stijl(fig: go.Figure, titel: str, x_titel: str | None, y_titel: str | None, font_size: int = 16,
          hoogte: int | None = None) -> go.Figure:
    """The house style: title, Dutch axis titles, large fonts, Dutch separators, calm grid."""
    fig.update_layout(
        template="plotly_white",
        title={"text": html.escape(titel, quote=False), "x": 0, "xanchor": "left",
               "font": {"size": round(font_size * 1.3), "color": TEKST_KLEUR}},
        font={"family": FONT, "size": font_size, "color": TEKST_KLEUR},
        separators=",.",
        hoverlabel={"font": {"size": font_size, "family": FONT}, "bgcolor": "white", "align": "left"},
        # the legend sits at the figure's bottom edge, below the x-axis title, whatever the height
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0,
                "font": {"size": font_size}, "title": {"text": ""}},
        margin={"l": 10, "r": 20, "t": round(font_size * 4.2), "b": round(font_size * 2.6)},
        paper_bgcolor="white", plot_bgcolor="white",
    )
    if hoogte:
        fig.update_layout(height=hoogte)
    fig.update_xaxes(title={"text": x_titel or "", "font": {"size": font_size}}, gridcolor=RASTER_KLEUR,
                     zeroline=False, automargin=True)
    fig.update_yaxes(title={"text": y_titel or "", "font": {"size": font_size}}, gridcolor=RASTER_KLEUR,
                     zeroline=False, automargin=True)
    return fig


def leeg_figuur(titel: str, melding: str, font_size: int = 16, hoogte: int = 320) -> go.Figure:
    """A figure that says plainly why there is nothing to draw (never a blank chart)."""
    fig = go.Figure()
    stijl(fig, titel, None, None, font_size, hoogte)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=html.escape(melding, quote=False), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": font_size + 2, "color": NUL_TEKST})
    return fig


# ---------- coverage heatmap ----------

def _kleurschaal(zmax: int) -> list:
    """Zero gets its own light colour; 1..zmax run through a single-hue blue scale."""
    grens = 0.5 / zmax
    schaal = [[0.0, NUL_KLEUR], [grens, NUL_KLEUR]]
    for n, kleur in enumerate(BLAUWEN):
        schaal.append([grens + (1 - grens) * n / (len(BLAUWEN) - 1), kleur])
    schaal[-1][0] = 1.0  # exactly 1 despite float rounding (plotly rejects > 1)
    return schaal


def kort_label(thema_id: str, naam: str) -> str:
    """A short column label for a theme: its slug in words ('sociale-samenhang' -> 'Sociale samenhang');
    the full name is in the hover and the table."""
    kort = str(thema_id).replace("-", " ").strip().capitalize()
    return kort if 0 < len(kort) <= len(str(naam)) else str(naam)


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


# ---------- theme groups and collaboration forms ----------

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


# ---------- the flywheel over time ----------

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
    _telling_as(fig, float(per_jaar["cumulatief"].max()))
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
    _telling_as(fig, float(per_thema["cumulatief"].max()))
    return fig


# ---------- pilot timeline ----------

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
    """Milestones per pilot (one row each; colour AND symbol for gedaan / gepland / te laat) and
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
            if status == "te laat":
                regel += f"<br>{getal(r.dagen_te_laat)} dagen na de geplande datum"
            hover.append(regel)
        fig.add_trace(go.Scatter(
            x=list(deel["datum"]), y=[rij_label[p] for p in deel["pilot"]], mode="markers", name=html.escape(label),
            marker={"symbol": symbool, "size": font_size + 4, "color": kleur, "line": {"width": 3, "color": kleur}},
            customdata=hover, hovertemplate="%{customdata}<extra></extra>"))
    if not bk.empty:
        from vliegwiel.pilots import bijeenkomst_datum  # local import: pilots imports nothing from here
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
