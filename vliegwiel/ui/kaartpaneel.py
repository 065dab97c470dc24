"""The Kaart page's selection panel: the short profile of the chosen gemeente or kern, and
where it shows. On a wide screen it stands beside the map; on a phone (columns stacked) it
stands above the map, and a tap on the map scrolls it into view, so the answer to a tap is
where the user is looking."""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from vliegwiel import profielen
from vliegwiel.filters import Filters
from vliegwiel.format import getal, md, opsomming
from vliegwiel.kaart import KaartData
from vliegwiel.ui import shell

BLOK_KEY = "kaart_blok"
PANEEL_KEY = "kaart_profiel"
# Streamlit stacks columns below 640 px; the panel then goes first.
SMAL = 640


def stijl() -> None:
    # (scroll-margin: the panel's top stays clear of Streamlit's fixed header when scrolled to)
    st.html(f"<style>@media (max-width: {SMAL}px) {{ .st-key-{BLOK_KEY} [data-testid='stHorizontalBlock'] "
            f"{{flex-direction: column-reverse;}} .st-key-{PANEEL_KEY} {{scroll-margin-top: 4.5rem;}} }}</style>")


def naar_paneel(teller: int) -> None:
    """After a click on the map: on a narrow screen, scroll the panel into view (our own
    constant script; `teller` makes each click's element new, so the script runs again)."""
    st.html(f"<script>/* klik {int(teller)} */ setTimeout(function() {{"
            f" if (window.innerWidth > {SMAL}) {{ return; }}"
            f" var el = document.querySelector({json.dumps('.st-key-' + PANEEL_KEY)});"
            " if (el) { el.scrollIntoView({block: 'start', behavior: 'smooth'}); } }, 50);</script>",
            unsafe_allow_javascript=True)


def samenvatting(gebied: str, data: KaartData, filters: Filters, filter_params: dict,
                 kernen: pd.DataFrame) -> None:
    if gebied.startswith("GM"):
        _gemeente_kort(gebied, data, filters, filter_params)
    else:
        _kern_kort(gebied, filters, filter_params, kernen)


def _gemeente_kort(code: str, data: KaartData, filters: Filters, filter_params: dict) -> None:
    rij = data.gemeenten.set_index("gemeente_code").loc[code]
    st.subheader(md(rij["naam"]))
    per = f" ({getal(rij['per_1000'], 2)} per 1.000 inwoners)" if rij["in_selectie"] else ""
    st.markdown(
        f"- **Initiatieven:** {getal(rij['initiatieven'])}{per}\n"
        f"- **Thema's gedekt:** {getal(rij['themas_gedekt'])} van {getal(rij['themas_totaal'])}\n"
        f"- **Kleine kernen zonder initiatief:** {getal(rij['kleine_kernen_zonder_initiatief'])} "
        f"van {getal(rij['kleine_kernen'])}\n"
        f"- **Inwoners:** {getal(rij['inwoners'])} (CBS, 1 januari 2021)")
    themas = shell.query(profielen.themas, filters=filters, gemeente_code=code)
    _witte_vlekken(themas, filters)
    st.page_link("app_pages/gemeente.py", label="Volledig gemeenteprofiel", icon=":material/account_balance:",
                 query_params={**filter_params, "gemeente_profiel": str(rij["naam"])})


def _kern_kort(kern_id: str, filters: Filters, filter_params: dict, kernen: pd.DataFrame) -> None:
    k = shell.query(profielen.kern, kern_id=kern_id)
    if k is None:
        st.info("Deze kern staat niet in de database.")
        return
    st.subheader(md(k["naam"]))
    st.markdown(
        f"- **Gemeente:** {md(k['gemeente'])}\n"
        f"- **Inwoners:** ca. {getal(k['inwoners'])} (benadering uit CBS-postcodecijfers, 1 januari 2021)\n"
        f"- **Kleine kern:** {profielen.ja_nee(k['is_kleine_kern'])}")
    ini = shell.query(profielen.initiatieven, filters=filters, kern_id=kern_id)
    if ini.empty:
        st.markdown("**Initiatieven:** geen in het register voor deze selectie.")
    else:
        st.markdown(f"**Initiatieven ({len(ini)}):** " + opsomming(ini["naam"], 8))
    themas = shell.query(profielen.themas, filters=filters, kern_id=kern_id)
    _witte_vlekken(themas, filters)
    label = kernen.set_index("kern_id").loc[kern_id, "label"]
    st.page_link("app_pages/kern.py", label="Volledig kernprofiel", icon=":material/holiday_village:",
                 query_params={**filter_params, "kern": str(label)})


def _witte_vlekken(themas: pd.DataFrame, filters: Filters) -> None:
    t = profielen.telbare_themas(themas, filters)
    ontbreekt = t.loc[~t["aanwezig"], "naam"]
    if ontbreekt.empty:
        st.markdown("**Witte vlekken:** geen, alle thema's komen voor.")
    else:
        st.markdown(f"**Witte vlekken ({len(ontbreekt)} van {len(t)} thema's zonder initiatief):** "
                    + opsomming(ontbreekt, 6))
