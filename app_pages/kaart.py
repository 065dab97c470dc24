import streamlit as st

from vliegwiel import kaart, netwerk, register
from vliegwiel.figures import kaart as kaart_fig, netwerk_laag
from vliegwiel.ui.downloads import downloads
from vliegwiel.ui import gedeeld, kaartpaneel, shell
from vliegwiel.format import md, tabelstijl

st.title("Kaart")
filters = shell.current_filters()
filter_params = shell.filter_params()

kernmaten = shell.query(kaart.kernmaat_opties)
c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
maat = c1.selectbox("Kleur de gemeenten naar", list(kaart_fig.METRIEKEN), format_func=lambda k: kaart_fig.METRIEKEN[k][0],
                    key="maat", bind="query-params")
kernmaat = c2.selectbox("Kleur de kernen naar", list(kernmaten), format_func=kernmaten.get, key="kernmaat",
                        bind="query-params", help="Het aantal initiatieven, of een dorpscijfer van het CBS (2024).")
toon_netwerk = c3.toggle("Netwerk tonen", key="netwerk", bind="query-params",
                         help="Lijnen tussen initiatieven en organisaties die samenwerken, waar beide een plek hebben.")
osm = c3.toggle("OpenStreetMap-achtergrond", key="osm", bind="query-params",
                help="Alleen met internet. Zonder internet blijft de kaart werken, met een effen achtergrond.")

data = shell.query(kaart.kaartdata, filters=filters)
if kernmaat != kaart.STANDAARD_KERNMAAT:
    data = kaart.met_kernmaat(data, shell.query(kaart.kernmaat, kolom=kernmaat))
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
        st.session_state["kaart_klikken"] = st.session_state.get("kaart_klikken", 0) + 1


@st.fragment
def kaart_en_profiel() -> None:
    with st.container(key=kaartpaneel.BLOK_KEY):
        links, rechts = st.columns([5, 2], gap="medium")
    with links:
        verbindingen = None
        if toon_netwerk:
            verbindingen = shell.query(netwerk.verbindingen_met_locatie, filters=filters)
            if verbindingen.empty:
                st.caption("Netwerk: geen verbindingen waarvan beide kanten een bekende plek hebben, "
                           "voor deze selectie. Zie de pagina Netwerk voor alle verbindingen.")
        gedeeld.kaart(netwerk_laag.kaart_met_netwerk, data, maat, osm=osm, verbindingen=verbindingen,
                      gebied_labels=gebied_label, key="kaart", height=560,
                      returned_objects=["last_active_drawing", "last_object_clicked"], on_change=_klik)
    with rechts, st.container(key=kaartpaneel.PANEEL_KEY):
        gebied = st.selectbox("Gekozen gemeente of kern", list(gebied_label), format_func=gebied_label.get,
                              index=None, key="gebied", bind="query-params",
                              placeholder="Klik op de kaart of kies hier")
        if gebied is None:
            st.caption("Klik op een gemeente of kern op de kaart, of kies er hier een, om het profiel te zien.")
        else:
            kaartpaneel.samenvatting(gebied, data, filters, filter_params, kernen)
        if st.session_state.get("kaart_klikken", 0) != st.session_state.get("kaart_getoond", 0):
            st.session_state["kaart_getoond"] = st.session_state["kaart_klikken"]
            kaartpaneel.naar_paneel(st.session_state["kaart_klikken"])


kaartpaneel.stijl()
kaart_en_profiel()

label = kaart_fig.METRIEKEN[maat][0]
km = data.kernmaat
st.caption(
    f"De kaart toont de 26 gemeenten, gekleurd naar {label.lower()}; de kernen (CBS-woonplaatsen) als cirkels "
    f"(grootte: inwoners, kleur: {'aantal initiatieven' if km is None else md(km.kop[0].lower() + km.kop[1:])}) "
    "en de initiatieven als genummerde stippen in de kleur van hun "
    "thema. Een initiatief zonder eigen locatie staat bij zijn kern, of bij de plaats die zijn register noemt "
    "(zoals Cabauw in woonplaats Lopik). Herkomst: gemeentegrenzen CBS/PDOK 2022; "
    "inwoners gemeenten CBS, 1 januari 2021; inwoners kernen: benadering uit CBS-postcodecijfers, 1 januari 2021; "
    + ("" if km is None else f"{md(km.label.lower())}: {md(km.bron)}, {md(km.peiljaar)}; ")
    + "initiatieven: register Vliegwiel (programmadocumenten). Zelfde gegevens als tabel: zie hieronder.")

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
    st.dataframe(tabelstijl(tabel, kaart.kernen_decimalen(data)), placeholder="onbekend", hide_index=True,
                 width="stretch")
    downloads("kernen-kaart", {"Kernen": tabel}, "dl_kern", "kernen")
