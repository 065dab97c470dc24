import pandas as pd
import streamlit as st

from vliegwiel import kaart, overzicht, statenbrief
from vliegwiel.figures import kaart as kaart_fig
from vliegwiel.ui import gedeeld, shell
from vliegwiel.ui.downloads import downloads
from vliegwiel.format import getal, opsomming, tabelstijl

st.title("Vliegwiel van gemeenschapskracht")
st.caption("Provinciaal overzicht van bewonersinitiatieven in de kleine kernen van de provincie Utrecht")
st.download_button("Statenbrief provincie (PDF)", lambda con=shell.connection(): statenbrief.provincie_pdf(con),
                   statenbrief.bestandsnaam("provincie-utrecht"), statenbrief.PDF_MIME,
                   icon=":material/picture_as_pdf:", help=statenbrief.KNOP_UITLEG)
filters = shell.current_filters()
k = shell.query(overzicht.kerncijfers, filters=filters)

if not filters.is_leeg:
    st.caption("De cijfers volgen de filters in de zijbalk.")

cols = st.columns(6)
cols[0].metric("Kernen", getal(k.kernen),
               help="Dorpen en steden: de officiële woonplaatsen van het CBS in de gekozen gemeenten.")
cols[1].metric("Kleine kernen", getal(k.kleine_kernen),
               help="Een kleine kern is een woonplaats met minder dan 10.000 inwoners "
                    "(benadering uit CBS-cijfers, 1 januari 2021).")
cols[2].metric("Initiatieven", getal(k.initiatieven),
               help="Bewonersinitiatieven in het register van het programma, met de filters in de zijbalk.")
cols[3].metric("Thema's gedekt", f"{getal(k.themas_gedekt)} van {getal(k.themas_totaal)}",
               help="Aan hoeveel thema's (zoals wonen, energie, gezond leven) minstens één initiatief werkt.")
cols[4].metric("Pilots", getal(k.pilots),
               help="Een pilot is een van de vier proefprojecten die het programma sinds 2020 begeleidt.")
cols[5].metric("Verbindingen", getal(k.verbindingen),
               help="Samenwerkingen tussen initiatieven en organisaties (koepels, fondsen, gemeenten, provincie) "
                    "en tussen organisaties onderling: dezelfde lijnen als op de pagina Netwerk.")

if k.initiatieven == 0:
    st.info("Geen initiatieven voor deze selectie. Pas de filters in de zijbalk aan om meer te zien.",
            icon=":material/info:")
else:
    st.markdown(
        f"In **{getal(k.kleine_kernen_met_initiatief)} van de {getal(k.kleine_kernen)} kleine kernen** is een "
        f"initiatief bekend. Initiatieven zijn er in **{getal(k.gemeenten_met_initiatief)} van de "
        f"{getal(k.gemeenten)} gemeenten**; **{getal(k.themas_gedekt)} van de {getal(k.themas_totaal)} thema's** "
        "komen voor.")

cijfers = shell.query(overzicht.gemeente_cijfers, filters=filters)
data = shell.query(kaart.kaartdata, filters=filters)

links, rechts = st.columns([1, 1], gap="large")
with links:
    st.subheader("Waar in de provincie?")
    gedeeld.kaart(kaart_fig.kaart, data, "per_1000", compact=True, key="overzicht_kaart", height=400,
                  returned_objects=[])
    st.caption("Gemeenten gekleurd naar het aantal initiatieven in het register per 1.000 inwoners "
               "(inwoners: CBS, 1 januari 2021). Donkerder is meer. Op de pagina Kaart staan ook de kernen "
               "en de initiatieven zelf.")
    st.page_link("app_pages/kaart.py", label="Naar de kaart", icon=":material/map:")

sterk, dun = overzicht.sterkst_en_dunst(cijfers, 5)
aantal_met = int((cijfers["in_selectie"] & (cijfers["initiatieven"] > 0)).sum())
zonder = overzicht.gemeenten_zonder_initiatief(cijfers)


def _tabel(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Gemeente": df["naam"],
        "Initiatieven": df["initiatieven"].map(getal),
        "Per 1.000 inwoners": df["per_1000"].map(lambda v: getal(v, 2)),
        "Thema's": [f"{getal(a)} van {getal(b)}" for a, b in zip(df["themas_gedekt"], df["themas_totaal"])],
    })


with rechts:
    st.subheader("Waar gebeurt het meest?")
    if sterk.empty:
        st.info("Geen initiatieven voor deze selectie.")
    else:
        st.caption(overzicht.RANGORDE_UITLEG)
        st.dataframe(tabelstijl(_tabel(sterk)), placeholder="onbekend", hide_index=True, width="stretch")
    st.subheader("Waar nog weinig?")
    if zonder:
        st.markdown(f"**{len(zonder)} gemeenten** hebben nog geen initiatief in het register: "
                    + opsomming(zonder, 10) + ".")
    if aantal_met > len(sterk):
        st.caption("Minste initiatieven, van de gemeenten met minstens één initiatief (bij een gelijk aantal: "
                   "minste per 1.000 inwoners):")
        st.dataframe(tabelstijl(_tabel(dun.head(3))), placeholder="onbekend", hide_index=True, width="stretch")
    elif not zonder:
        st.markdown("Elke gemeente in de selectie heeft minstens één initiatief.")
    st.caption("Bron: register Vliegwiel (programmadocumenten); inwoners CBS, 1 januari 2021. Het register is "
               "niet volledig: het bevat de initiatieven die in de programmadocumenten genoemd worden.")
    downloads("gemeenten-overzicht", {"Gemeenten": kaart.gemeenten_tabel(data)}, "dl_gemeenten", "cijfers per gemeente")

with st.expander("Wat betekenen deze woorden?"):
    st.markdown(
        "- **Kern**: een dorp of stad, een woonplaats volgens het CBS.\n"
        "- **Kleine kern**: een kern met minder dan 10.000 inwoners.\n"
        "- **Initiatief**: iets wat bewoners samen opzetten voor hun dorp of wijk, zoals een zorgcoöperatie of "
        "een energiecollectief.\n"
        "- **Thema**: waar een initiatief aan werkt, zoals wonen, energie of gezond leven.\n"
        "- **Witte vlek**: een thema waar in een kern of gemeente (nog) geen initiatief aan werkt.\n"
        "- **Pilot**: een van de vier proefprojecten die het programma Vliegwiel van gemeenschapskracht "
        "sinds 2020 begeleidt.\n"
        "- **Verbinding**: een samenwerking tussen een initiatief en een organisatie, zoals een koepel, "
        "fonds of gemeente, of tussen twee organisaties.")
