"""The presentation mode: its look (no sidebar or Streamlit chrome, large calm type, body >= 28 px at
1280x720, every slide inside one height budget), the presenter's bar (place, previous/next with the keys a
clicker sends, live map, auto-advance) and the eight slides, rendered in one fragment so a slide change
reruns only the slide."""
from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from vliegwiel import db, overzicht, pilots, presentatie, themas
from vliegwiel.figures import pilots as pilots_fig, presentatie as presentatie_fig, style, themas as themas_fig
from vliegwiel.filters import Filters
from vliegwiel.format import aantal, datum, getal, md
from vliegwiel.presentatie import DIAS
from vliegwiel.ui import shell

VEEL_CONFIG = {**style.PLOTLY_CONFIG, "staticPlot": False}
BEHOEFTE_TEKST = 150  # px of the need slide's height (at 1280x720) for its opening sentence and source line
BEHOEFTE_BRON = ("Een begin van een gesprek, geen oordeel: wat een dorp al informeel regelt, staat niet in de cijfers. "
                 "Signaal: de regels van Thema's → Naar behoefte met hun standaarddrempels, op de cijfers per kern uit "
                 "CBS Kerncijfers wijken en buurten 2024.")


def dia_stijl() -> None:
    """Hide the app's chrome and enlarge the type for a shared screen; larger again on 1920x1080,
    smaller on a phone. Heights follow `presentatie.maat` (measured at 1280x720 and 1920x1080). Streamlit 1.67's
    st.markdown drops <style>; st.html's code loads lazily, so a first visit may show plain type for ~1 s."""
    st.html("""<style>
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
    [data-testid="stToolbar"], [data-testid="stDecoration"] {display: none !important;}
    [data-testid="stMainBlockContainer"] {padding: 1.2rem 2.5rem 0.5rem 2.5rem; max-width: 100%;}
    [data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 28px; line-height: 1.35;}
    [data-testid="stMain"] h1 {font-size: 46px; padding: 0.2rem 0 0.6rem 0;}
    [data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 18px;}
    [data-testid="stMetricValue"] p {font-size: 60px !important; font-weight: 600; line-height: 1.1;}
    [data-testid="stMetricLabel"] p {font-size: 28px !important;}
    [data-testid="stMetric"] {padding-bottom: 0.6rem;}
    .st-key-dia_nav p, .st-key-dia_nav button p, .st-key-dia_nav label p {font-size: 20px !important;}
    /* a clicker sends PageUp/PageDown/Space: these hidden twins of the buttons carry those shortcuts;
       the preloaded empty chart only loads plotly's code before the first chart slide */
    .st-key-dia_klikker, .st-key-voorladen {display: none !important;}
    [data-testid="stLayoutWrapper"]:has(> .st-key-dia_klikker),
    [data-testid="stLayoutWrapper"]:has(> .st-key-voorladen) {display: none !important;}
    [data-testid="stMain"] .st-key-dia_pilotlijst li, [data-testid="stMain"] .st-key-dia_pilotlijst p,
    [data-testid="stMain"] .st-key-dia_behoeftelijst li, [data-testid="stMain"] .st-key-dia_behoeftelijst p
      {font-size: 24px; line-height: 1.3;}
    /* quotes at full strength: Streamlit draws blockquotes (and captions) faded */
    blockquote, blockquote *, [data-testid="stMain"] blockquote p {opacity: 1 !important; color: #1f1f1f !important;}
    blockquote p {font-size: 32px !important;}
    blockquote {border-left: 6px solid #0072B2 !important;}
    /* Larger screens (1920x1080): larger type, so a slide is not a small island of text. */
    @media (min-width: 1800px) and (min-height: 1000px) {
      [data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 36px;}
      [data-testid="stMain"] h1 {font-size: 60px;}
      [data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 22px;}
      [data-testid="stMetricValue"] p {font-size: 84px !important;}
      [data-testid="stMetricLabel"] p {font-size: 36px !important;}
      blockquote p {font-size: 40px !important;}
      [data-testid="stMain"] .st-key-dia_pilotlijst li, [data-testid="stMain"] .st-key-dia_pilotlijst p,
      [data-testid="stMain"] .st-key-dia_behoeftelijst li, [data-testid="stMain"] .st-key-dia_behoeftelijst p
        {font-size: 32px;}
    }
    /* Each chart comes twice (_grafiek): drawn for 1280x720 and for 1920x1080; show the one for this screen. */
    @media not all and (min-width: 1800px) and (min-height: 1000px) {
      [class*="st-key-grafiek_groot_"], [data-testid="stLayoutWrapper"]:has(> [class*="st-key-grafiek_groot_"])
        {display: none !important;}
    }
    @media (min-width: 1800px) and (min-height: 1000px) {
      [class*="st-key-grafiek_klein_"], [data-testid="stLayoutWrapper"]:has(> [class*="st-key-grafiek_klein_"])
        {display: none !important;}
    }
    /* a phone (390 px wide): readable, nothing cut off; the page may scroll there */
    @media (max-width: 640px) {
      [data-testid="stMainBlockContainer"] {padding: 0.8rem 1rem 0.5rem 1rem;}
      [data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 19px;}
      [data-testid="stMain"] h1 {font-size: 30px;}
      [data-testid="stMetricValue"] p {font-size: 40px !important;}
      [data-testid="stMetricLabel"] p {font-size: 19px !important;}
      blockquote p {font-size: 21px !important;}
      .st-key-dia_nav p, .st-key-dia_nav button p, .st-key-dia_nav label p {font-size: 16px !important;}
    }
    </style>""")


def _plotly_bestand() -> str | None:
    """The file name of Streamlit's lazily loaded plotly code (it changes with every Streamlit release)."""
    gevonden = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return gevonden[0].name if gevonden else None


def voorladen() -> None:
    """Load plotly's code (4.7 MB) in the browser ahead of the first chart slide (that cost ~0.9 s there), but
    only 1.5 s after the slide is up: loaded at once it held back the slide's own style by 1-3 s."""
    bestand = _plotly_bestand()
    if not bestand:
        return
    with st.container(key="voorladen"):
        st.html("<script>(function(){if(window.__vwPlotly){return;}window.__vwPlotly=true;setTimeout(function(){"
                "var s=document.querySelector('script[src*=\"static/js/index\"]');if(!s){return;}"
                f"import(new URL({json.dumps(bestand)}, s.src).href).catch(function(){{}});}},1500);}})();</script>",
                unsafe_allow_javascript=True)


# ---------- the presenter's bar ----------

def _ga_naar(n: int) -> None:
    st.query_params["dia"] = str(presentatie.dia_nummer(str(n)))
    st.session_state["laatste_interactie"] = time.time()


def _kies_gemeente() -> None:
    code = st.session_state["presentatie_gemeente"]
    st.session_state["gemeente"] = [] if code == "alle" else [code]  # the global filter, bound to the URL
    st.session_state["laatste_interactie"] = time.time()
    st.session_state["dia_app_opnieuw"] = "gemeente"  # the sidebar's filters must be read again


def _start_automatisch(seconden: float) -> None:
    st.session_state["volgende_dia_om"] = time.time() + seconden
    st.session_state["dia_app_opnieuw"] = "automatisch"  # the auto-advance timer lives outside the slide


def automatisch_doorbladeren(seconden: float) -> None:
    """The auto-advance timer (outside the slide's fragment): moves on when due."""
    if not st.session_state.get("automatisch"):
        return
    verder, moment = presentatie.automatisch_verder(
        time.time(), st.session_state.setdefault("volgende_dia_om", time.time() + seconden),
        st.session_state.get("laatste_interactie"), seconden)
    st.session_state["volgende_dia_om"] = moment
    if verder:
        st.query_params["dia"] = str(presentatie.dia_nummer(st.query_params.get("dia")) % len(DIAS) + 1)
        st.rerun(scope="app")


def _presentator_balk(nummer: int, filters: Filters) -> None:
    """Previous/next (arrow keys; a clicker's PageUp/PageDown/Space on hidden twins), the slide number, a
    detour to the live map, the gemeente picker and auto-advance."""
    eerste, laatste = nummer == 1, nummer == len(DIAS)
    with st.container(key="dia_nav", horizontal=True, vertical_alignment="center"):
        st.button("Vorige", icon=":material/arrow_back:", on_click=_ga_naar, args=(nummer - 1,),
                  disabled=eerste, key="vorige", shortcut="Left")
        st.markdown(f"**Dia {nummer} van {len(DIAS)}**")
        st.button("Volgende", icon=":material/arrow_forward:", on_click=_ga_naar, args=(nummer + 1,),
                  disabled=laatste, key="volgende", type="primary", shortcut="Right")
        st.page_link("app_pages/kaart.py", label="Naar de live kaart", icon=":material/map:",
                     query_params={"terug": "presentatie", "dia": str(nummer)})
        gemeenten = shell.query(presentatie.gemeenten_geo)[["gemeente_code", "naam"]]
        opties = ["alle", *gemeenten["gemeente_code"]]
        huidig = filters.gemeenten[0] if len(filters.gemeenten) == 1 else "alle"
        namen = dict(zip(gemeenten["gemeente_code"], gemeenten["naam"]))
        st.selectbox("Presenteren voor", opties, index=opties.index(huidig), key="presentatie_gemeente",
                     on_change=_kies_gemeente, format_func=lambda c: "Hele provincie" if c == "alle" else namen[c],
                     label_visibility="collapsed", width=230)
        seconden = presentatie.dia_seconden()
        st.toggle("Automatisch doorbladeren", key="automatisch", on_change=_start_automatisch, args=(seconden,),
                  help=f"Gaat elke {getal(seconden)} seconden naar de volgende dia; pauzeert "
                       f"{getal(2 * seconden)} seconden als u zelf klikt.")
    # One shortcut per button, so a clicker's second key per direction gets a hidden twin (its shortcut
    # still fires); `disabled` as the visible partner's, so the last slide stays the last.
    with st.container(key="dia_klikker"):
        st.button("Volgende dia", key="klik_volgende", shortcut="PageDown", on_click=_ga_naar,
                  args=(nummer + 1,), disabled=laatste)
        st.button("Volgende dia (spatie)", key="klik_spatie", shortcut="Space", on_click=_ga_naar,
                  args=(nummer + 1,), disabled=laatste)
        st.button("Vorige dia", key="klik_vorige", shortcut="PageUp", on_click=_ga_naar,
                  args=(nummer - 1,), disabled=eerste)


# ---------- cached figures (pure builders, keyed on the data version and the filters) ----------

@st.cache_data(max_entries=128, ttl=3600, show_spinner=False)
def _kaart_figuur(filters: Filters, versie: float, groot: bool) -> go.Figure:
    hoogte, font, _schaal = presentatie.maat(groot)
    kernen = shell.query(presentatie.kernen_met_aantallen, filters=filters)
    return presentatie_fig.provincie_figuur(shell.query(presentatie.gemeenten_geo), kernen, filters.gemeenten,
                                            font_size=font - 4, hoogte=hoogte)


@st.cache_data(max_entries=128, ttl=3600, show_spinner=False)
def _themas_figuur(filters: Filters, versie: float, groot: bool) -> go.Figure:
    hoogte, font, _schaal = presentatie.maat(groot)
    fig = themas_fig.thema_staaf(shell.query(themas.thema_overzicht, filters=filters), font_size=font - 8,
                                 titel="Initiatieven per thema")
    return fig.update_layout(height=hoogte)


@st.cache_data(max_entries=128, ttl=3600, show_spinner=False)
def _behoefte_figuur(filters: Filters, versie: float, groot: bool) -> go.Figure:
    hoogte, font, schaal = presentatie.maat(groot)
    b = shell.query(presentatie.behoefte_dia, filters=filters)
    return presentatie_fig.behoefte_figuur(b.per_thema, b.kleine_kernen, font_size=font - 6,
                                           hoogte=hoogte - round(BEHOEFTE_TEKST * schaal))


def _grafiek(plek, key: str, bouw: Callable[[bool], go.Figure]) -> None:
    """A slide's chart twice, `bouw(False)` for 1280x720 and `bouw(True)` for 1920x1080; dia_stijl shows the
    one that fits the screen (plotly draws at a fixed height, and CSS zoom breaks its measuring)."""
    for groot in (False, True):
        with plek.container(key=f"grafiek_{'groot' if groot else 'klein'}_{key}"):
            st.plotly_chart(bouw(groot), theme=None, config=VEEL_CONFIG, key=f"{key}_groot" if groot else key)


# ---------- warming: every slide's queries for this area, in the background ----------

_VERWARMD: set = set()
_VERWARMD_LOCK = threading.Lock()


def _queries(filters: Filters) -> list[tuple]:
    """(function, kwargs) exactly as the slides call shell.query, so the background run fills their cache keys."""
    f = {"filters": filters}
    return [(presentatie.gebied_naam, f), (presentatie.gebied_kort, f), (overzicht.kerncijfers, f),
            (presentatie.netwerk_dia, f), (presentatie.kernen_met_aantallen, f), (presentatie.gemeenten_geo, {}),
            (themas.initiatieven_aantal, f), (themas.thema_overzicht, f), (themas.witte_vlekken, f),
            (themas.kleine_kernen_aantal, f), (presentatie.behoefte_dia, f), (themas.vliegwiel_per_jaar, f), (themas.zonder_startjaar, f),
            (themas.pilot_starts, f), (pilots.pilot_overzicht, f), (pilots.mijlpalen, f), (pilots.bijeenkomsten, {}),
            (pilots.pilots_totaal, {}), (presentatie.citaten, {"n": 3})]


def _vast(fn, pad: Path, versie: float):
    """`fn` bound to one store file: the cache keys a query by its function's module and name, so this twin
    fills the slide's own entry, while its data always come from `pad`, whatever VLIEGWIEL_DB says meanwhile
    (tests switch stores while a warm-up may still run)."""
    def vast(_con, **kwargs):
        return fn(db.cursor(shell._connection(str(pad), versie)), **kwargs)
    vast.__module__, vast.__qualname__ = fn.__module__, fn.__qualname__
    return vast


def _verwarm(filters: Filters, pad: Path, versie: float) -> None:
    try:
        for fn, kwargs in _queries(filters):
            shell._cached(_vast(fn, pad, versie), versie, tuple(sorted(kwargs.items())))
    except Exception:  # noqa: BLE001 - only a warm-up: the slide itself computes and reports
        with _VERWARMD_LOCK:
            _VERWARMD.discard((filters, pad, versie))


def voorverwarmen(filters: Filters) -> None:
    """Once per area and data version: compute every slide's queries in a background thread, so a change of
    slide (also the network slide on thousands of initiatives) finds them cached. Pure functions through the
    cache only, no st.* output from the thread."""
    pad = db.database_path()
    sleutel = (filters, pad, shell.store_version())
    with _VERWARMD_LOCK:
        if sleutel in _VERWARMD:
            return
        _VERWARMD.add(sleutel)
    threading.Thread(target=_verwarm, args=sleutel, daemon=True, name="dia-voorverwarmen").start()


# ---------- the slides ----------

def _dia_provincie(filters: Filters, gebied: str) -> None:
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


def _dia_kaart(filters: Filters, gebied: str) -> None:
    k = shell.query(overzicht.kerncijfers, filters=filters)  # the same count as Overzicht, Kaart and Thema's
    zonder = k.kleine_kernen - k.kleine_kernen_met_initiatief
    links, rechts = st.columns([3, 2], vertical_alignment="center")
    _grafiek(links, "dia_kaart", lambda groot: _kaart_figuur(filters, shell.store_version(), groot))
    if not k.kleine_kernen:
        rechts.markdown(f"{md(gebied[:1].upper() + gebied[1:])} heeft geen kleine kernen: elke kern telt "
                        "10.000 inwoners of meer.")
    elif zonder:
        rechts.markdown(f"In **{getal(k.kleine_kernen_met_initiatief)} van de {getal(k.kleine_kernen)} kleine "
                        f"kernen** van {md(gebied)} werkt minstens één initiatief.")
    else:
        rechts.markdown(f"In **elk van de {getal(k.kleine_kernen)} kleine kernen** van {md(gebied)} werkt minstens "
                        "één initiatief.")
    buiten = " Grijze stipjes: kernen buiten de selectie." if filters.gemeenten else ""
    rechts.caption(f"Blauwe rondjes: kernen met minstens één initiatief. Oranje ruiten: {getal(zonder)} kleine "
                   f"kernen zonder initiatief in het register.{buiten} Grootte: inwoners (benadering, CBS "
                   "1 januari 2021). Kaart zonder achtergrondtegels: werkt ook zonder internet.")


def _dia_themas(filters: Filters, gebied: str) -> None:
    if not shell.query(themas.initiatieven_aantal, filters=filters):
        st.markdown(f"Er staan nog geen initiatieven van {md(gebied)} in het register, dus ook geen thema's.")
        return
    links, rechts = st.columns([3, 2])
    with links:
        _grafiek(st, "dia_themas", lambda groot: _themas_figuur(filters, shell.store_version(), groot))
    with rechts:
        vlekken = shell.query(themas.witte_vlekken, filters=filters)
        begin = (f"**Witte vlekken**: {getal(len(vlekken))} kleine kernen zonder initiatief op "
                 "*gezond leven en vitaliteit*")
        if len(vlekken):
            st.markdown(begin + (", namelijk:" if len(vlekken) <= 5 else ", bijvoorbeeld:"))
            st.markdown("\n".join(f"- {md(r.kern)} ({md(r.gemeente)})" for r in vlekken.head(5).itertuples()))
        elif shell.query(themas.kleine_kernen_aantal, filters=filters):
            st.markdown(begin + f": geen witte vlekken. Elke kleine kern in {md(gebied)} heeft zo'n initiatief.")
        else:
            st.markdown(begin + f": {md(gebied)} heeft geen kleine kernen, dus ook geen witte vlekken.")


def _dia_behoefte(filters: Filters, gebied: str) -> None:
    b = shell.query(presentatie.behoefte_dia, filters=filters)
    st.markdown(presentatie.behoefte_zin(b.met_signaal, b.kleine_kernen, md(gebied)))
    if not b.met_signaal:  # nothing to draw: the sentence says why, no empty chart
        if b.kleine_kernen:
            st.caption(BEHOEFTE_BRON)
        return
    links, rechts = st.columns([3, 2], gap="medium")
    _grafiek(links, "dia_behoefte", lambda groot: _behoefte_figuur(filters, shell.store_version(), groot))
    met_gemeente = len(filters.gemeenten) != 1  # one gemeente: its name on every line says nothing
    regels = [f"- **{md(r.kern)}**{f' ({md(r.gemeente)})' if met_gemeente else ''}: {md(r.kerncijfers)}"
              for r in b.sterkst.itertuples()]
    with rechts.container(key="dia_behoeftelijst"):
        st.markdown("**Het sterkste signaal**" if len(regels) == 1 else "**Waar het signaal het sterkst is**")
        st.markdown("\n".join(regels))
    st.caption(BEHOEFTE_BRON)


def _dia_vliegwiel(filters: Filters, gebied: str) -> None:
    per_jaar = shell.query(themas.vliegwiel_per_jaar, filters=filters)
    zonder = shell.query(themas.zonder_startjaar, filters=filters)
    starts = shell.query(themas.pilot_starts, filters=filters)
    markeringen = themas.pilot_markeringen(starts)
    onbekend = (f"Van {aantal(len(zonder), 'initiatief', 'initiatieven')} is het startjaar nog niet bekend"
                if len(zonder) else "")
    bekend = int(per_jaar["nieuw"].sum()) if not per_jaar.empty else 0
    if bekend < presentatie.MIN_STARTJAREN:  # too little for a line through time: sentences, no empty chart
        if not bekend:
            st.markdown(f"{onbekend}, dus er valt voor {md(gebied)} nog geen lijn door de tijd te tekenen."
                        if onbekend else f"Er staan nog geen initiatieven van {md(gebied)} in het register.")
        else:
            jaren = ", ".join(str(j) for j in per_jaar.loc[per_jaar["nieuw"] > 0, "jaar"])
            st.markdown(f"Van {getal(bekend)} van de {aantal(bekend + len(zonder), 'initiatief', 'initiatieven')} "
                        f"in {md(gebied)} is het startjaar bekend ({jaren}); van {getal(len(zonder))} nog niet. "
                        "Dat is te weinig om het vliegwiel in de tijd te tekenen.")
        begin = starts["eerste_mijlpaal"].dropna()
        if len(begin):  # what is known about the start: the pilots' first milestone
            n, eerste = len(starts), datum(pd.to_datetime(begin).min().date())
            st.markdown(f"De pilot had zijn eerste mijlpaal op {eerste}." if n == 1 else
                        f"De {presentatie.telwoord(n)} pilots hadden hun eerste mijlpaal vanaf {eerste}.")
        return
    def vliegwiel(groot: bool) -> go.Figure:
        hoogte, font, schaal = presentatie.maat(groot)
        fig = themas_fig.vliegwiel_figuur(per_jaar, markeringen, font_size=font - 4,
                                          titel="Initiatieven gestart per jaar, en opgeteld")
        return fig.update_layout(height=hoogte - (round(50 * schaal) if onbekend else 0))

    _grafiek(st, "dia_vliegwiel", vliegwiel)
    if onbekend:
        st.markdown(onbekend + ".")


def _dia_pilots(filters: Filters, gebied: str, pilot_rijen) -> None:
    vandaag = dt.date.today()
    if pilot_rijen.empty:
        totaal = shell.query(pilots.pilots_totaal)
        if not totaal:
            st.markdown("Er staan nog geen pilots in het register.")
        elif filters.gemeenten:
            st.markdown(f"Er zijn geen pilots in {md(gebied)}. Het vliegwiel begon met "
                        f"{presentatie.telwoord(totaal)} {'pilot' if totaal == 1 else 'pilots'} in de provincie.")
        else:
            st.markdown("Geen van de pilots past bij de gekozen filters.")
        return
    mijlpalen = pilots.met_status(shell.query(pilots.mijlpalen, filters=filters), vandaag)
    voortgang = pilots.voortgang(mijlpalen, pilot_rijen["pilot_id"].tolist(), vandaag).set_index("pilot_id")
    regels = []
    for p in pilot_rijen.itertuples():
        v = voortgang.loc[p.pilot_id]
        bekend = isinstance(p.kernen, str) or isinstance(p.gemeente, str)
        waar = "" if bekend else " (plaats onbekend)"  # the names mostly carry their place already
        regels.append(f"- **{md(p.naam)}**{waar}: {v['gedaan']} van {v['totaal']} mijlpalen gedaan")
    start, eind, in_beeld = pilots.tijdlijn_venster(mijlpalen, shell.query(pilots.bijeenkomsten))
    if start is None:
        st.markdown("\n".join(regels))
        return
    links, rechts = st.columns([2, 3])  # side by side: a list above the timeline would not fit 720 px
    links.container(key="dia_pilotlijst").markdown("\n".join(regels))
    rijen = len(pilot_rijen) + 1  # a row per pilot and one for the programme's meetings

    def tijdlijn(groot: bool) -> go.Figure:
        hoogte, font, schaal = presentatie.maat(groot)
        fig = pilots_fig.tijdlijn(mijlpalen, in_beeld, vandaag, start, eind, titel="Mijlpalen en bijeenkomsten",
                                  font_size=font - 8, kort_label=22)
        return fig.update_layout(height=min(hoogte, round((200 + 65 * rijen) * schaal)))

    _grafiek(rechts, "dia_tijdlijn", tijdlijn)


def _dia_netwerk(filters: Filters, gebied: str) -> None:
    net = shell.query(presentatie.netwerk_dia, filters=filters)  # no layout or clusters: only what is shown
    tellingen = (f"**{getal(net.deelnemers)}** deelnemers, **{getal(net.verbindingen)}** verbindingen.")
    alleen = (f"**Wie staat er alleen?** {aantal(net.alleenstaand, 'initiatief heeft', 'initiatieven hebben')} nog "
              "geen enkele verbinding. Een vrije actor kan \"lijntjes tussen de bolletjes\" leggen."
              if net.alleenstaand else "**Wie staat er alleen?** Niemand: elk initiatief heeft minstens één verbinding.")
    if net.rangschikking:
        links, rechts = st.columns([3, 2])
        _grafiek(links, "dia_netwerk", lambda groot: presentatie_fig.verbinders_figuur(
            net.verbinders, font_size=presentatie.maat(groot)[1] - 6, hoogte=presentatie.maat(groot)[0]))
        rechts.markdown(tellingen)
        rechts.markdown(alleen)
        return
    st.markdown(tellingen)
    if net.verbindingen == 0:
        st.markdown(f"In {md(gebied)} zijn nog geen verbindingen vastgelegd, dus ook geen verbinders.")
    elif net.verbinders.empty:
        st.markdown("Iedereen is hier rechtstreeks met elkaar verbonden: niemand staat als brug tussen twee "
                    "anderen in. Het netwerk is nog te klein om verbinders aan te wijzen.")
    else:
        namen = " en ".join(f"**{md(n)}**" for n in net.verbinders["naam"])
        st.markdown(f"**Verbinder**: {namen} {'verbindt' if len(net.verbinders) == 1 else 'verbinden'} hier "
                    "deelnemers die anders los van elkaar zouden staan. Voor een ranglijst van verbinders is het "
                    "netwerk nog te klein.")
    if net.deelnemers:  # with nobody in the network, "nobody stands alone" would be empty praise
        st.markdown(alleen)


def _dia_slot(filters: Filters, gebied: str) -> None:
    for c in shell.query(presentatie.citaten, n=3).itertuples():
        wie = f" — {md(c.spreker)}" if isinstance(c.spreker, str) else ""
        st.markdown(f"> “{md(c.citaat)}”{wie}")
        st.caption(f"Bron: {md(c.bron)}")


_DIAS = {"provincie": _dia_provincie, "kaart": _dia_kaart, "themas": _dia_themas, "behoefte": _dia_behoefte,
         "vliegwiel": _dia_vliegwiel, "netwerk": _dia_netwerk, "slot": _dia_slot}


@st.fragment
def dia() -> None:
    """The bar, the title and the slide: a button or key reruns only this, not the whole app."""
    reden = st.session_state.pop("dia_app_opnieuw", None)
    if reden:
        st.session_state["dia_focus_weg"] = reden == "gemeente"
        st.rerun(scope="app")  # a new gemeente or auto-advance: the sidebar filters and the timer run again
    if st.session_state.pop("dia_focus_weg", False):
        # the picker keeps the keyboard focus, and keys typed there do not reach the slide's shortcuts
        st.html("<script>document.activeElement && document.activeElement.blur()</script>",
                unsafe_allow_javascript=True)
    filters = shell.current_filters()
    voorverwarmen(filters)
    nummer = presentatie.dia_nummer(st.query_params.get("dia"))
    sleutel = DIAS[nummer - 1].sleutel
    gebied = shell.query(presentatie.gebied_naam, filters=filters)
    _presentator_balk(nummer, filters)
    if sleutel == "pilots":
        pilot_rijen = shell.query(pilots.pilot_overzicht, filters=filters)
        st.title(presentatie.pilots_titel(len(pilot_rijen), shell.query(presentatie.gebied_kort, filters=filters)))
        _dia_pilots(filters, gebied, pilot_rijen)
        return
    st.title(DIAS[nummer - 1].titel)
    _DIAS[sleutel](filters, gebied)
