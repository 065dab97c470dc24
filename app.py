"""Vliegwiel dashboard: router and shared frame. Run with `streamlit run app.py`."""
import streamlit as st

from vliegwiel.ui import shell

# An emoji favicon is drawn as an inline SVG; a ":material/..." favicon would be fetched from
# fonts.gstatic.com, which the offline venue and CI cannot reach.
st.set_page_config(page_title="Vliegwiel van gemeenschapskracht", page_icon="🌱", layout="wide")

PAGES = {
    "Verkennen": [
        st.Page("app_pages/overzicht.py", title="Overzicht", icon=":material/home:", url_path="overzicht", default=True),
        st.Page("app_pages/kaart.py", title="Kaart", icon=":material/map:", url_path="kaart"),
        st.Page("app_pages/gemeente.py", title="Gemeenteprofiel", icon=":material/account_balance:", url_path="gemeente"),
        st.Page("app_pages/kern.py", title="Kernprofiel", icon=":material/holiday_village:", url_path="kern"),
        st.Page("app_pages/vergelijken.py", title="Gemeenten vergelijken", icon=":material/compare_arrows:", url_path="vergelijken"),
    ],
    "Analyse": [
        st.Page("app_pages/themas.py", title="Thema's", icon=":material/category:", url_path="themas"),
        st.Page("app_pages/pilots.py", title="Pilots", icon=":material/flag:", url_path="pilots"),
        st.Page("app_pages/netwerk.py", title="Netwerk", icon=":material/hub:", url_path="netwerk"),
        st.Page("app_pages/buurzaamheid.py", title="Buurzaamheidsindex", icon=":material/diversity_3:",
                url_path="buurzaamheid"),
    ],
    "Delen": [
        st.Page("app_pages/presentatie.py", title="Presentatie", icon=":material/co_present:", url_path="presentatie"),
        st.Page("app_pages/data.py", title="Data & bronnen", icon=":material/library_books:", url_path="data"),
        st.Page("app_pages/toegankelijkheid.py", title="Toegankelijkheid", icon=":material/accessibility_new:", url_path="toegankelijkheid"),
    ],
}

# Streamlit's own sidebar navigation nests section headers inside its list, which breaks
# list semantics for screen readers (axe: list/listitem); we draw plain links instead.
page = st.navigation(PAGES, position="hidden")
shell.global_styles(page.title)
shell.sidebar_navigation(PAGES)
shell.begin_run()
shell.sidebar_filters()
shell.synthetic_banner()
shell.back_to_presentation()
page.run()
shell.footer(compact=page.url_path == "presentatie")
