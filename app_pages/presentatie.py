import datetime as dt
import time

import plotly.graph_objects as go
import streamlit as st

from vliegwiel import netwerk, overzicht, pilots, presentatie, themas
from vliegwiel.figures import pilots as pilots_fig, presentatie as presentatie_fig, style, themas as themas_fig
from vliegwiel.ui import shell
from vliegwiel.format import aantal, getal, md
from vliegwiel.presentatie import DIAS, FONT

# Presentation mode: no sidebar or Streamlit chrome, large calm type (body >= 28 px at 1280x720).
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 1.2rem 2.5rem 1rem 2.5rem; max-width: 100%;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 28px; line-height: 1.35;}
[data-testid="stMain"] h1 {font-size: 46px; padding: 0.2rem 0 0.6rem 0;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 18px;}
[data-testid="stMetricValue"] p {font-size: 60px !important; font-weight: 600; line-height: 1.1;}
[data-testid="stMetricLabel"] p {font-size: 28px !important;}
[data-testid="stMetric"] {padding-bottom: 0.6rem;}
.st-key-dia_nav p, .st-key-dia_nav button p, .st-key-dia_nav label p {font-size: 20px !important;}
blockquote p {font-size: 32px !important; color: #1f1f1f !important;}
blockquote {border-left: 6px solid #0072B2 !important;}
/* Larger screens (1920x1080): larger type, so a slide is not a small island of text. Charts keep their
   size (plotly measures its container; CSS zoom breaks that). */
@media (min-width: 1800px) and (min-height: 1000px) {
  [data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 36px;}
  [data-testid="stMain"] h1 {font-size: 60px;}
  [data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 22px;}
  [data-testid="stMetricValue"] p {font-size: 84px !important;}
  [data-testid="stMetricLabel"] p {font-size: 36px !important;}
  blockquote p {font-size: 40px !important;}
}
</style>""")

VEEL_CONFIG = {**style.PLOTLY_CONFIG, "staticPlot": False}
filters = shell.current_filters()
nummer = presentatie.dia_nummer(st.query_params.get("dia"))
dia = DIAS[nummer - 1]
gebied = shell.query(presentatie.gebied_naam, filters=filters)


def ga_naar(n: int) -> None:
    st.query_params["dia"] = str(presentatie.dia_nummer(str(n)))
    st.session_state["laatste_interactie"] = time.time()


def kies_gemeente() -> None:
    code = st.session_state["presentatie_gemeente"]
    st.session_state["gemeente"] = [] if code == "alle" else [code]  # the global filter, bound to the URL
    st.session_state["laatste_interactie"] = time.time()


def start_automatisch(seconden: float) -> None:
    st.session_state["volgende_dia_om"] = time.time() + seconden


# ---------- the presenter's bar: place, previous/next, live map, auto-advance ----------
with st.container(key="dia_nav", horizontal=True, vertical_alignment="center"):
    st.button("Vorige", icon=":material/arrow_back:", on_click=ga_naar, args=(nummer - 1,),
              disabled=nummer == 1, key="vorige")
    st.markdown(f"**Dia {nummer} van {len(DIAS)}**")
    st.button("Volgende", icon=":material/arrow_forward:", on_click=ga_naar, args=(nummer + 1,),
              disabled=nummer == len(DIAS), key="volgende", type="primary")
    st.page_link("app_pages/kaart.py", label="Naar de live kaart", icon=":material/map:",
                 query_params={"terug": "presentatie", "dia": str(nummer)})
    gemeenten = shell.query(presentatie.gemeenten_geo)[["gemeente_code", "naam"]]
    opties = ["alle", *gemeenten["gemeente_code"]]
    huidig = filters.gemeenten[0] if len(filters.gemeenten) == 1 else "alle"
    namen = dict(zip(gemeenten["gemeente_code"], gemeenten["naam"]))
    st.selectbox("Presenteren voor", opties, index=opties.index(huidig), key="presentatie_gemeente",
                 on_change=kies_gemeente, format_func=lambda c: "Hele provincie" if c == "alle" else namen[c],
                 label_visibility="collapsed", width=230)
    seconden = presentatie.dia_seconden()
    automatisch = st.toggle("Automatisch doorbladeren", key="automatisch", on_change=start_automatisch,
                            args=(seconden,),
                            help=f"Gaat elke {getal(seconden)} seconden naar de volgende dia; pauzeert "
                                 f"{getal(2 * seconden)} seconden als u zelf klikt.")


@st.fragment(run_every=min(5.0, seconden / 2) if automatisch else None)
def automatisch_doorbladeren() -> None:
    if not st.session_state.get("automatisch"):
        return
    verder, moment = presentatie.automatisch_verder(
        time.time(), st.session_state.setdefault("volgende_dia_om", time.time() + seconden),
        st.session_state.get("laatste_interactie"), seconden)
    st.session_state["volgende_dia_om"] = moment
    if verder:
        st.query_params["dia"] = str(nummer % len(DIAS) + 1)
        st.rerun(scope="app")


automatisch_doorbladeren()
st.title(dia.titel)


# ---------- slides ----------
def dia_provincie() -> None:
    k = shell.query(overzicht.kerncijfers, filters=filters)
    st.markdown(f"Gemeenschapskracht in **{md(gebied)}**: bewoners die zelf iets in gang zetten in hun dorp.")
    rij1 = st.columns(3)
    rij1[0].metric("Kernen", getal(k.kernen))
    rij1[1].metric("Kleine kernen", getal(k.kleine_kernen))
    rij1[2].metric("Initiatieven", getal(k.initiatieven))
    rij2 = st.columns(3)
    rij2[0].metric("Pilots", getal(k.pilots))
    rij2[1].metric("Thema's gedekt", f"{getal(k.themas_gedekt)} van {getal(k.themas_totaal)}")
    rij2[2].metric("Verbindingen", getal(k.verbindingen))
    st.caption("Een kleine kern is een woonplaats met minder dan 10.000 inwoners. Bronnen: CBS (woonplaatsen, "
               "inwoners 1 januari 2021) en het register van Vliegwiel van gemeenschapskracht.")


def dia_kaart() -> None:
    kernen = shell.query(presentatie.kernen_met_aantallen, filters=filters)
    fig = presentatie_fig.provincie_figuur(shell.query(presentatie.gemeenten_geo), kernen, filters.gemeenten,
                                    font_size=FONT - 4, hoogte=470)
    st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_kaart")
    kleine = kernen[kernen["is_kleine_kern"].fillna(False).astype(bool)]
    zonder = int((kleine["aantal_initiatieven"] == 0).sum())
    st.caption(f"Blauwe rondjes: kernen met minstens één initiatief. Oranje ruiten: {getal(zonder)} kleine kernen "
               "zonder initiatief in het register. Grootte: inwoners (benadering, CBS 1 januari 2021). "
               "Kaart zonder achtergrondtegels: werkt ook zonder internet.")


def dia_themas() -> None:
    links, rechts = st.columns([3, 2])
    with links:
        fig = themas_fig.thema_staaf(shell.query(themas.thema_overzicht, filters=filters), font_size=FONT - 6,
                                 titel="Initiatieven per thema")
        fig.update_layout(height=560)  # fits under the title at 1280x720, two-line labels kept apart
        st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_themas")
    with rechts:
        vlekken = shell.query(themas.witte_vlekken, filters=filters)
        st.markdown(f"**Witte vlekken**: {getal(len(vlekken))} kleine kernen zonder initiatief op "
                    "*gezond leven en vitaliteit*, bijvoorbeeld:")
        st.markdown("\n".join(f"- {md(r.kern)} ({md(r.gemeente)})" for r in vlekken.head(5).itertuples()))


def dia_vliegwiel() -> None:
    per_jaar = shell.query(themas.vliegwiel_per_jaar, filters=filters)
    zonder = shell.query(themas.zonder_startjaar, filters=filters)
    starts = shell.query(themas.pilot_starts, filters=filters)
    fig = themas_fig.vliegwiel_figuur(per_jaar, themas.pilot_markeringen(starts), font_size=FONT - 4,
                                  zonder_startjaar=len(zonder), titel="Initiatieven gestart per jaar, en opgeteld")
    fig.update_layout(height=430)
    st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_vliegwiel")
    if len(zonder):
        st.markdown(f"Van {aantal(len(zonder), 'initiatief', 'initiatieven')} is het startjaar nog niet bekend.")


def dia_pilots() -> None:
    vandaag = dt.date.today()
    pilot_rijen = shell.query(pilots.pilot_overzicht, filters=filters)
    if pilot_rijen.empty:
        st.markdown(f"Er zijn geen pilots in {md(gebied)}. Het vliegwiel begon met vier pilots in de provincie.")
        return
    mijlpalen = pilots.met_status(shell.query(pilots.mijlpalen, filters=filters), vandaag)
    voortgang = pilots.voortgang(mijlpalen, pilot_rijen["pilot_id"].tolist(), vandaag).set_index("pilot_id")
    regels = []
    for p in pilot_rijen.itertuples():
        v = voortgang.loc[p.pilot_id]
        bekend = isinstance(p.kernen, str) or isinstance(p.gemeente, str)
        waar = "" if bekend else " (plaats onbekend)"  # the names mostly carry their place already
        regels.append(f"- **{md(p.naam)}**{waar}: {v['gedaan']} van {v['totaal']} mijlpalen gedaan")
    st.markdown("\n".join(regels))
    bijeenkomsten = shell.query(pilots.bijeenkomsten)
    gedateerd = mijlpalen[mijlpalen["datum"].notna()]
    if not gedateerd.empty:
        start = min(gedateerd["datum"]) - dt.timedelta(days=30)
        eind = max(gedateerd["datum"]) + dt.timedelta(days=90)
        in_beeld = bijeenkomsten[bijeenkomsten["datum"].notna() & (bijeenkomsten["datum"] >= start)
                                 & (bijeenkomsten["datum"] <= eind)]
        fig = pilots_fig.tijdlijn(mijlpalen, in_beeld, vandaag, start, eind, titel="Mijlpalen en bijeenkomsten",
                              font_size=FONT - 8, kort_label=30)
        st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_tijdlijn")


def dia_netwerk() -> None:
    net = shell.query(netwerk.netwerk, filters=filters)
    top = presentatie.verbinders(net.knopen)
    alleen = netwerk.alleenstaand(net)
    links, rechts = st.columns([3, 2])
    with links:
        if top.empty:
            st.markdown("Nog geen verbindingen in deze selectie.")
        else:
            fig = go.Figure(go.Bar(x=top["verbinder_score"], y=[style.afbreken(n, 28) for n in top["naam"]],
                                   orientation="h", marker_color=presentatie_fig.KLEUR_MET,
                                   text=[getal(s, 2) for s in top["verbinder_score"]], textposition="outside"))
            fig.update_yaxes(autorange="reversed")
            fig.update_xaxes(range=[0, float(top["verbinder_score"].max()) * 1.3])
            style.stijl(fig, "Verbinders: wie slaat bruggen?", "Verbinder-score (0 tot 1)", None,
                         font_size=FONT - 6, hoogte=450)
            st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_netwerk")
    with rechts:
        st.markdown(f"**{getal(len(net.knopen))}** deelnemers, **{getal(len(net.verbindingen))}** verbindingen.")
        st.markdown(f"**Wie staat er alleen?** {aantal(len(alleen), 'initiatief heeft', 'initiatieven hebben')} nog geen enkele "
                    "verbinding. Een vrije actor kan \"lijntjes tussen de bolletjes\" leggen.")


def dia_slot() -> None:
    for c in shell.query(presentatie.citaten, n=3).itertuples():
        wie = f" — {md(c.spreker)}" if isinstance(c.spreker, str) else ""
        st.markdown(f"> “{md(c.citaat)}”{wie}")
        st.caption(f"Bron: {md(c.bron)}")


{"provincie": dia_provincie, "kaart": dia_kaart, "themas": dia_themas, "vliegwiel": dia_vliegwiel,
 "pilots": dia_pilots, "netwerk": dia_netwerk, "slot": dia_slot}[dia.sleutel]()
