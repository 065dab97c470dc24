"""Netwerk: who connects the initiatives ('lijntjes tussen de bolletjes')."""
import streamlit as st

from vliegwiel import netwerk
from vliegwiel.figures import netwerk as netwerk_fig
from vliegwiel.ui import netwerk as netwerk_ui
from vliegwiel.ui import shell
from vliegwiel.ui.downloads import downloads
from vliegwiel.format import getal, tabelstijl

st.title("Netwerk")
st.caption("Wie is met wie verbonden, wie verbindt groepen die anders los staan, en welke initiatieven staan nog "
           "alleen? De 'lijntjes tussen de bolletjes' uit het register van initiatieven en verbindingen.")

filters = shell.current_filters()
netwerk_ui.telefoon_stijl()

# The fixed parts are drawn before the network is computed, so the page is never blank.
f1, f2, f3, f4 = st.columns([6, 3, 4, 3], vertical_alignment="bottom")
with f4.popover("Soorten filteren", icon=":material/filter_list:", width="stretch"):
    knoop_soorten = st.multiselect("Soort knoop", list(netwerk.KNOOP_SOORTEN), format_func=netwerk.soort_label,
                                   key="knoop", bind="query-params", placeholder="Alle soorten", select_all=False)
    verbinding_soorten = st.multiselect("Soort verbinding", list(netwerk.VERBINDING_SOORTEN), key="verbinding",
                                        bind="query-params", placeholder="Alle soorten", select_all=False)
    losse = st.toggle("Organisaties zonder verbindingen tonen", key="losse", bind="query-params",
                      help="Gemeenten en organisaties die in deze selectie nog geen enkele verbinding hebben.")
stappen = int(f2.radio("Stappen vanaf de focus", ["1", "2"], key="stappen", bind="query-params", horizontal=True,
                       help="1 stap: de directe partners. 2 stappen: ook de partners van de partners."))
modus = f3.radio("Rest van het netwerk", ["verbergen", "vervagen"], key="weergave", bind="query-params",
                 horizontal=True)
inhoud = st.container()
st.subheader("Wie staat er alleen?")
links, rechts = st.columns([3, 2], gap="large")
rechts.markdown(
    "**Wat kan een vrije actor hiermee?** Het verslag van de verkennersbijeenkomst van 5 november 2020 beveelt "
    "de provincie aan: *'Faciliteer netwerkvorming tussen de maatschappelijke initiatieven (lijntjes tussen de "
    "bolletjes), maak ze zichtbaar, ondersteun kennisdeling en faciliteer wat nodig is.'* Vrije actoren, zoals "
    "de pilotbegeleiders, *helpen benodigde partijen bij elkaar te brengen* en *leggen verbanden tussen de "
    "schaalniveaus*. Een initiatief zonder lijntjes is een goede plek om te beginnen: breng het in contact met "
    "een koepel of netwerk op hetzelfde thema, met een initiatief in een naburige kern of met de gemeente.")

with inhoud, netwerk_ui.voortgang("Het netwerk wordt berekend; bij duizenden initiatieven kan dat even duren"):
    net = shell.query(netwerk.netwerk, filters=filters, knoop_soorten=tuple(knoop_soorten),
                      verbinding_soorten=tuple(verbinding_soorten), losse_organisaties=bool(losse))

# Focus: bound to ?focus=<knoop_id>&stappen=2 by hand, so a link carries the stable id, not the name.
namen = netwerk.keuzelijst(net)
url_focus = st.query_params.get("focus")
if url_focus and "netwerk_focus" not in st.session_state:
    if url_focus in namen:
        st.session_state["netwerk_focus"] = url_focus
    else:
        inhoud.info("De knoop uit de link hoort niet bij het netwerk met de huidige filters; het hele netwerk wordt "
                    "getoond.", icon=":material/info:")

focus = f1.selectbox("Focus op", list(namen), index=None, format_func=namen.get,
                     key="netwerk_focus", placeholder="Geen focus: het hele netwerk",
                     help="Kies een initiatief of organisatie om alleen de directe omgeving te zien.")
if focus:
    st.query_params["focus"] = focus
elif "focus" in st.query_params:
    del st.query_params["focus"]

alleen = netwerk.alleenstaand(net)
if net.is_leeg:
    if filters.is_leeg and not knoop_soorten and not verbinding_soorten:
        inhoud.info("Het register bevat nog geen initiatieven of verbindingen, dus er is nog geen netwerk om te tonen.",
                    icon=":material/info:")
    else:
        inhoud.info("Er zijn geen initiatieven of organisaties in het netwerk voor deze filters. "
                    "Verruim de filters in de zijbalk of bij 'Soorten filteren'.", icon=":material/info:")
    links.write("Geen initiatieven in deze selectie.")
else:
    focus_ids = netwerk.omgeving(net, focus, stappen) if focus else None
    getoond = netwerk.deelnetwerk(net, focus_ids) if focus_ids is not None and modus == "verbergen" else net
    with inhoud:
        with st.container(key="netwerk_grafiek"):
            st.iframe(netwerk_fig.netwerk_html(net, focus, focus_ids, modus), height=600,
                      alt=netwerk_fig.samenvatting(getoond, namen.get(focus)))
            st.caption(netwerk_fig.uitleg(net.verborgen_organisaties))
        netwerk_ui.telefoon_melding()

        m1, m2, m3, m4 = st.columns(4)
        m1.metric("Knopen", getal(len(net.knopen)), help="Initiatieven, organisaties, gemeenten en provincie in deze selectie.")
        m2.metric("Verbindingen", getal(len(net.verbindingen)))
        m3.metric("Clusters", getal(net.aantal_clusters), help="Groepen die onderling sterker verbonden zijn dan met de rest.")
        m4.metric("Initiatieven zonder verbinding", getal(len(alleen)))

        st.subheader("Verbinders en clusters")
        tabel = netwerk.maten_tabel(net, focus_ids)
        st.caption(netwerk_fig.maten_uitleg(net.steekproef, focus_ids is not None))
        st.dataframe(tabelstijl(netwerk.maten_weergave(tabel), {"Verbinder-score": 3}), placeholder="onbekend",
                     hide_index=True, height=min(420, 38 + 35 * len(tabel)), column_config={
            "Verbinder-score": st.column_config.NumberColumn(help="Betweenness, genormaliseerd van 0 tot 1"),
        })
        downloads("netwerk-maten", {"Maten": tabel}, "dl_maten", "de maten")

    with links:
        st.caption("Initiatieven zonder enige verbinding in het netwerk zoals het nu gefilterd is.")
        if alleen.empty:
            st.write("Geen: elk initiatief in deze selectie heeft minstens één verbinding.")
        else:
            st.dataframe(tabelstijl(netwerk.alleenstaand_weergave(alleen)), placeholder="onbekend", hide_index=True,
                         height=min(420, 38 + 35 * len(alleen)))
