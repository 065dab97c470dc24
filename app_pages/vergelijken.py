import streamlit as st

from vliegwiel import profielen, register
from vliegwiel.ui import shell
from vliegwiel.ui.downloads import downloads
from vliegwiel.format import md, opsomming, tabelstijl

st.title("Gemeenten vergelijken")
st.caption("Zet twee tot vier gemeenten naast elkaar, bijvoorbeeld uw eigen gemeente en twee buurgemeenten.")
filters = shell.current_filters()
opties = shell.query(register.gemeente_opties)
namen = dict(zip(opties["gemeente_code"], opties["naam"]))


def _buren_toevoegen() -> None:
    gekozen = list(st.session_state.get("vergelijk") or [])
    if not gekozen:
        return
    doel = 3 if len(gekozen) < 3 else 4
    for b in shell.query(profielen.buren, gemeente_code=gekozen[0]):
        if len(gekozen) >= doel:
            break
        if b not in gekozen:
            gekozen.append(b)
    st.session_state["vergelijk"] = gekozen


def _kies(gekozen: list[str]) -> None:
    st.session_state["vergelijk"] = gekozen


links, rechts = st.columns([5, 2], vertical_alignment="bottom")
codes = links.multiselect("Gemeenten", list(namen), format_func=namen.get, default=list(filters.gemeenten[:4]),
                          max_selections=4, key="vergelijk", bind="query-params",
                          placeholder="Kies twee tot vier gemeenten", select_all=False)
rechts.button("Buurgemeenten toevoegen", on_click=_buren_toevoegen, disabled=not codes or len(codes) >= 4,
              icon=":material/add_location_alt:",
              help="Voegt de buurgemeenten van de eerst gekozen gemeente toe (langste gemeenschappelijke grens "
                   "eerst), tot drie gemeenten, of vier als er al drie zijn.")

if codes:
    buren = shell.query(profielen.buren, gemeente_code=codes[0])
    if buren:
        st.caption(f"Buurgemeenten van {md(namen[codes[0]])}: " + opsomming([namen[b] for b in buren]) + ".")

if len(codes) < 2:
    st.info("Kies minstens twee gemeenten om te vergelijken.", icon=":material/info:")
    pilotgemeenten = shell.query(profielen.pilot_gemeenten)
    if len(pilotgemeenten) >= 2:
        st.button(f"Of vergelijk de gemeenten met een pilot: {opsomming([namen[c] for c in pilotgemeenten])}",
                  on_click=_kies, args=(pilotgemeenten,), icon=":material/compare_arrows:")
else:
    codes = tuple(codes)
    if uitleg := filters.beschrijving(("thema", "status", "grootte", "pilots")):
        st.caption(uitleg)

    st.subheader("Initiatieven en thema's")
    tabel = shell.query(profielen.vergelijking, gemeente_codes=codes, filters=filters)
    # a plain table wraps its text, so on a phone all gemeenten stay in view side by side
    st.table(tabelstijl(tabel, markdown=True), hide_index=True)
    downloads("vergelijking", {"Vergelijking": tabel}, "dl_vergelijking", "vergelijking")

    st.subheader("Kerncijfers CBS")
    lang = shell.query(profielen.cbs_cijfers, gemeente_codes=codes, kolommen=tuple(profielen.VERGELIJK_INDICATOREN))
    st.table(tabelstijl(profielen.cbs_cijfers_tabel(lang, codes), markdown=True), hide_index=True)
    st.caption("Bron en peiljaar staan per regel. Meer cijfers per gemeente: zie het gemeenteprofiel.")

    st.subheader("Initiatieven per thema")
    themas = shell.query(profielen.themas_vergelijking, gemeente_codes=codes, filters=filters)
    st.table(tabelstijl(themas, markdown=True), hide_index=True)
    st.caption("Aantal initiatieven uit het register per thema en gemeente; 0 is een witte vlek. "
               "Een initiatief met twee thema's telt bij beide.")
    downloads("vergelijking-themas", {"Thema's": themas}, "dl_themas", "thema's")

    st.subheader("De initiatieven")
    tabs = st.tabs([namen[c] for c in codes])
    for tab, code in zip(tabs, codes):
        with tab:
            ini = shell.query(profielen.initiatieven, filters=filters, gemeente_code=code)
            if ini.empty:
                st.info("Geen initiatieven voor deze selectie in deze gemeente.")
            else:
                st.dataframe(tabelstijl(profielen.initiatieven_tabel(ini)), placeholder="onbekend", hide_index=True, width="stretch")
