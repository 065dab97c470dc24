"""The house style of every plotly figure, and the small helpers the figure builders share.

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

import plotly.graph_objects as go

from vliegwiel.format import MAANDEN, getal, is_leeg

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


def telling_as(fig: go.Figure, maximum: float) -> None:
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


# ---------- theme groups and collaboration forms ----------


# ---------- the flywheel over time ----------


# ---------- pilot timeline ----------


