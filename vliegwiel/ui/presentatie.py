"""The presentation mode's frame: its look (no sidebar or Streamlit chrome, large calm type, body >= 28 px
at 1280x720) and the presenter's bar (place, previous/next, live map, auto-advance)."""
from __future__ import annotations

import time

import streamlit as st

from vliegwiel import presentatie
from vliegwiel.filters import Filters
from vliegwiel.format import getal
from vliegwiel.presentatie import DIAS
from vliegwiel.ui import shell


def dia_stijl() -> None:
    """Hide the app's chrome and enlarge the type for a shared screen; larger again on 1920x1080."""
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


def _ga_naar(n: int) -> None:
    st.query_params["dia"] = str(presentatie.dia_nummer(str(n)))
    st.session_state["laatste_interactie"] = time.time()


def _kies_gemeente() -> None:
    code = st.session_state["presentatie_gemeente"]
    st.session_state["gemeente"] = [] if code == "alle" else [code]  # the global filter, bound to the URL
    st.session_state["laatste_interactie"] = time.time()


def _start_automatisch(seconden: float) -> None:
    st.session_state["volgende_dia_om"] = time.time() + seconden


def _automatisch_doorbladeren(nummer: int, seconden: float) -> None:
    if not st.session_state.get("automatisch"):
        return
    verder, moment = presentatie.automatisch_verder(
        time.time(), st.session_state.setdefault("volgende_dia_om", time.time() + seconden),
        st.session_state.get("laatste_interactie"), seconden)
    st.session_state["volgende_dia_om"] = moment
    if verder:
        st.query_params["dia"] = str(nummer % len(DIAS) + 1)
        st.rerun(scope="app")


def presentator_balk(nummer: int, filters: Filters) -> None:
    """Previous/next, the slide number, a detour to the live map, the gemeente picker and auto-advance."""
    with st.container(key="dia_nav", horizontal=True, vertical_alignment="center"):
        st.button("Vorige", icon=":material/arrow_back:", on_click=_ga_naar, args=(nummer - 1,),
                  disabled=nummer == 1, key="vorige")
        st.markdown(f"**Dia {nummer} van {len(DIAS)}**")
        st.button("Volgende", icon=":material/arrow_forward:", on_click=_ga_naar, args=(nummer + 1,),
                  disabled=nummer == len(DIAS), key="volgende", type="primary")
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
        automatisch = st.toggle("Automatisch doorbladeren", key="automatisch", on_change=_start_automatisch,
                                args=(seconden,),
                                help=f"Gaat elke {getal(seconden)} seconden naar de volgende dia; pauzeert "
                                     f"{getal(2 * seconden)} seconden als u zelf klikt.")
    st.fragment(run_every=min(5.0, seconden / 2) if automatisch else None)(_automatisch_doorbladeren)(nummer, seconden)
