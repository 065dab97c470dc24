import streamlit as st
from streamlit_folium import st_folium

from vliegwiel import kaart, netwerk, profielen, register
from vliegwiel.figures import kaart as kaart_fig, netwerk_laag
from vliegwiel.ui.downloads import downloads
from vliegwiel.ui import shell
from vliegwiel.format import getal, md, opsomming, tabelstijl

st.title("Kaart")
filters = shell.current_filters()
filter_params = shell.filter_params()

c1, c2, c3 = st.columns([3, 2, 3], vertical_alignment="bottom")
maat = c1.selectbox("Kleur de gemeenten naar", list(kaart_fig.METRIEKEN), format_func=lambda k: kaart_fig.METRIEKEN[k][0],
                    key="maat", bind="query-params")
toon_netwerk = c2.toggle("Netwerk tonen", key="netwerk", bind="query-params",
                         help="Lijnen tussen initiatieven en organisaties die samenwerken, waar beide een plek hebben.")
osm = c3.toggle("OpenStreetMap-achtergrond", key="osm", bind="query-params",
                help="Alleen met internet. Zonder internet blijft de kaart werken, met een effen achtergrond.")

data = shell.query(kaart.kaartdata, filters=filters)
gemeenten = shell.query(register.gemeente_opties)
kernen = shell.query(register.kern_opties)
gebied_label = {**{c: f"{n} (gemeente)" for c, n in zip(gemeenten["gemeente_code"], gemeenten["naam"])},
                **{k: f"{lab} (kern)" for k, lab in zip(kernen["kern_id"], kernen["label"])}}

if data.leeg:
    st.info("Geen initiatieven voor deze selectie. De kaart toont wel de gemeenten en kernen.",
            icon=":material/info:")


def _klik() -> None:
    keuze = kaart_fig.selectie_uit_klik(st.session_state.get("kaart"))
    if keuze and keuze[1] in gebied_label:
        st.session_state["gebied"] = keuze[1]


@st.fragment
def kaart_en_profiel() -> None:
    links, rechts = st.columns([5, 2], gap="medium")
    with links:
        laag = None
        if toon_netwerk:
            verbindingen = shell.query(netwerk.verbindingen_met_locatie, filters=filters)
            laag = netwerk_laag.netwerk_laag(verbindingen)
            laag.show = True
            if verbindingen.empty:
                st.caption("Netwerk: geen verbindingen waarvan beide kanten een bekende plek hebben, "
                           "voor deze selectie. Zie de pagina Netwerk voor alle verbindingen.")
        m = kaart_fig.kaart(data, maat, osm=osm, netwerk=laag, gebied_labels=gebied_label)
        st_folium(m, key="kaart", height=560, use_container_width=True,
                  returned_objects=["last_active_drawing", "last_object_clicked"], on_change=_klik)
    with rechts:
        gebied = st.selectbox("Gekozen gemeente of kern", list(gebied_label), format_func=gebied_label.get,
                              index=None, key="gebied", bind="query-params",
                              placeholder="Klik op de kaart of kies hier")
        if gebied is None:
            st.caption("Klik op een gemeente of kern op de kaart, of kies er hier een, om het profiel te zien.")
        elif gebied.startswith("GM"):
            _gemeente_kort(gebied)
        else:
            _kern_kort(gebied)


def _gemeente_kort(code: str) -> None:
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
    _witte_vlekken(themas)
    st.page_link("app_pages/gemeente.py", label="Volledig gemeenteprofiel", icon=":material/account_balance:",
                 query_params={**filter_params, "gemeente_profiel": str(rij["naam"])})


def _kern_kort(kern_id: str) -> None:
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
    _witte_vlekken(themas)
    label = kernen.set_index("kern_id").loc[kern_id, "label"]
    st.page_link("app_pages/kern.py", label="Volledig kernprofiel", icon=":material/holiday_village:",
                 query_params={**filter_params, "kern": str(label)})


def _witte_vlekken(themas) -> None:
    t = profielen.telbare_themas(themas, filters)
    ontbreekt = t.loc[~t["aanwezig"], "naam"]
    if ontbreekt.empty:
        st.markdown("**Witte vlekken:** geen, alle thema's komen voor.")
    else:
        st.markdown(f"**Witte vlekken ({len(ontbreekt)} van {len(t)} thema's zonder initiatief):** "
                    + opsomming(ontbreekt, 6))


kaart_en_profiel()

label = kaart_fig.METRIEKEN[maat][0]
st.caption(
    f"De kaart toont de 26 gemeenten, gekleurd naar {label.lower()}; de kernen (CBS-woonplaatsen) als cirkels "
    "(grootte: inwoners, kleur: aantal initiatieven) en de initiatieven als genummerde stippen in de kleur van hun "
    "thema. Een initiatief zonder eigen locatie staat bij zijn kern. Herkomst: gemeentegrenzen CBS/PDOK 2022; "
    "inwoners gemeenten CBS, 1 januari 2021; inwoners kernen: benadering uit CBS-postcodecijfers, 1 januari 2021; "
    "initiatieven: register Vliegwiel (programmadocumenten). Zelfde gegevens als tabel: zie hieronder.")

niet = kaart.niet_op_de_kaart(data)
if not niet.empty:
    st.markdown(f"**Niet op de kaart ({len(niet)}):** van deze initiatieven is geen kern of plek bekend.")
    regels = [f"- {md(r.naam)} ({md(r.gemeente)}; {r.reden})" for r in niet.head(20).itertuples()]
    if len(niet) > 20:
        regels.append(f"- … en {len(niet) - 20} meer: zie de tabel Initiatieven hieronder")
    st.markdown("\n".join(regels))

st.subheader("De kaart als tabel")
tab_i, tab_g, tab_k = st.tabs(["Initiatieven", "Gemeenten", "Kernen"])
with tab_i:
    tabel = kaart.initiatieven_tabel(data)
    if tabel.empty:
        st.info("Geen initiatieven voor deze selectie.")
    st.dataframe(tabelstijl(tabel), placeholder="onbekend", hide_index=True, width="stretch")
    downloads("initiatieven-kaart", {"Initiatieven": tabel}, "dl_ini", "initiatieven")
with tab_g:
    tabel = kaart.gemeenten_tabel(data)
    st.dataframe(tabelstijl(tabel, {"Initiatieven per 1.000 inwoners": 2}), placeholder="onbekend", hide_index=True,
                 width="stretch")
    downloads("gemeenten-kaart", {"Gemeenten": tabel}, "dl_gem", "gemeenten")
with tab_k:
    tabel = kaart.kernen_tabel(data)
    st.dataframe(tabelstijl(tabel), placeholder="onbekend", hide_index=True, width="stretch")
    downloads("kernen-kaart", {"Kernen": tabel}, "dl_kern", "kernen")
