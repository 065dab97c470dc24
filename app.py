"""Vliegwiel dashboard: router and shared frame. Run with `streamlit run app.py`."""
import streamlit as st

from vliegwiel import shell

st.set_page_config(page_title="Vliegwiel van gemeenschapskracht", page_icon="🌱", layout="wide")

PAGES = {
    "Verkennen": [
        st.Page("pages/overzicht.py", title="Overzicht", icon="🏠", url_path="overzicht", default=True),
        st.Page("pages/kaart.py", title="Kaart", icon="🗺️", url_path="kaart"),
        st.Page("pages/gemeente.py", title="Gemeenteprofiel", icon="🏛️", url_path="gemeente"),
        st.Page("pages/kern.py", title="Kernprofiel", icon="🏘️", url_path="kern"),
        st.Page("pages/vergelijken.py", title="Gemeenten vergelijken", icon="⚖️", url_path="vergelijken"),
    ],
    "Analyse": [
        st.Page("pages/themas.py", title="Thema's", icon="🧩", url_path="themas"),
        st.Page("pages/pilots.py", title="Pilots", icon="🚩", url_path="pilots"),
        st.Page("pages/netwerk.py", title="Netwerk", icon="🕸️", url_path="netwerk"),
    ],
    "Delen": [
        st.Page("pages/presentatie.py", title="Presentatie", icon="🎤", url_path="presentatie"),
        st.Page("pages/data.py", title="Data & bronnen", icon="📚", url_path="data"),
        st.Page("pages/toegankelijkheid.py", title="Toegankelijkheid", icon="♿", url_path="toegankelijkheid"),
    ],
}

page = st.navigation(PAGES)
shell.sidebar_filters()
shell.synthetic_banner()
page.run()
shell.footer()
