import datetime as dt

import streamlit as st

from vliegwiel import exports, pilots
from vliegwiel.figures import pilots as pilots_fig, style
from vliegwiel.ui import gedeeld, shell
from vliegwiel.ui.downloads import downloads
from vliegwiel.format import aantal, datum, getal, md, tekst, tabelstijl

st.title("Pilots")
st.markdown("De pilots van Vliegwiel van gemeenschapskracht: waar ze zijn, wie ze trekt en hoe ver ze zijn. "
           "De voortgang volgt uit de mijlpalen in het register; niemand vult hem met de hand in.")

filters = shell.current_filters()
vandaag = dt.date.today()
overzicht = shell.query(pilots.pilot_overzicht, filters=filters)
totaal = shell.query(pilots.pilots_totaal)
mijlpalen = pilots.met_status(shell.query(pilots.mijlpalen, filters=filters), vandaag)
voortgang = gedeeld.berekening(pilots.voortgang, mijlpalen, overzicht["pilot_id"].tolist(), vandaag).set_index("pilot_id")
lessen = shell.query(pilots.lessen)

if totaal == 0:
    st.info("Er zijn nog geen pilots in het register.", icon=":material/info:")
elif len(overzicht) < totaal:
    st.info(f"{getal(len(overzicht))} van de {getal(totaal)} pilots passen bij de filters in de zijbalk.",
            icon=":material/filter_alt:")


def veld(label: str, waarde) -> str:
    return f"**{label}:** {md(waarde)}"


kolommen = st.columns(2)
for n, p in enumerate(overzicht.itertuples()):
    v = voortgang.loc[p.pilot_id]
    with kolommen[n % 2].container(border=True):
        st.markdown(f"#### {md(p.naam)}")
        st.markdown("  \n".join([
            veld("Kern", p.kernen), veld("Gemeente", p.gemeente), veld("Thema", p.themas),
            veld("Initiatiefnemer", p.initiatiefnemer), veld("Vrije actor", p.vrije_actor),
            veld("Fase", p.fase), veld("Status", p.status),
        ]))
        if v["totaal"]:
            st.progress(v["gedaan"] / v["totaal"], text=f"{v['gedaan']} van {v['totaal']} mijlpalen gedaan")
        st.markdown(veld("Volgende mijlpaal", pilots.volgende_tekst(v)))
        if v["te_laat"]:
            st.warning(md(pilots.te_laat_tekst(v)), icon=":material/schedule:")
        if v["niet_gemeld"]:
            st.info(md(pilots.niet_gemeld_tekst(v)), icon=":material/help:")
        if not v["totaal"]:
            st.caption("Nog geen mijlpalen vastgelegd.")
        eigen_lessen = int((lessen["pilot_id"] == p.pilot_id).sum())
        st.caption(f"Bron: {md(p.bron_titel)} · {aantal(eigen_lessen, 'les', 'lessen')} uit deze "
                   "pilot (zie onderaan)")

st.header("Tijdlijn", divider="gray")
periode = st.segmented_control(
    "Periode", ["pilots", "alles"], key="periode", bind="query-params", default="pilots", required=True,
    format_func={"pilots": "Rond de pilots", "alles": "Alles tot vandaag"}.get)
bijeenkomsten = shell.query(pilots.bijeenkomsten)
start, eind, bijeenkomsten_in_beeld = (None, None, bijeenkomsten) if periode == "alles" else \
    pilots.tijdlijn_venster(mijlpalen, bijeenkomsten)
st.plotly_chart(gedeeld.figuur(pilots_fig.tijdlijn, mijlpalen, bijeenkomsten_in_beeld, vandaag, start, eind),
                theme=None, config=style.PLOTLY_CONFIG, key="tijdlijn",
                alt="Tijdlijn: mijlpalen per pilot (gedaan, gepland, niet gemeld of te laat) en de bijeenkomsten van het "
                    "programma, met een lijn voor vandaag. Dezelfde gegevens staan in de tabellen eronder.")
st.caption("Mijlpalen per pilot en de bijeenkomsten van het programma. Groen rondje: gedaan; blauw open rondje: "
           "gepland; grijs rondje met stip: niet gemeld (de datum is verstreken, maar het register zegt niet of de "
           "mijlpaal is gehaald); oranjerood kruis: te laat (een melding van na de datum noemt hem nog niet gedaan). "
           "De stippellijn is vandaag. Een datum waarvan alleen de maand bekend is, staat op de eerste van die maand.")

tabel = mijlpalen.assign(
    datum=mijlpalen["datum"].map(lambda d: datum(d) if d is not None else "datum onbekend"),
    dagen_te_laat=mijlpalen["dagen_te_laat"].map(lambda d: getal(d) if d else "–"),
)[["pilot", "datum", "titel", "weergave_status", "dagen_te_laat", "bron_titel"]].rename(columns={
    "pilot": "Pilot", "datum": "Datum", "titel": "Mijlpaal", "weergave_status": "Status",
    "dagen_te_laat": "Dagen te laat", "bron_titel": "Bron"})
zonder_datum = mijlpalen[mijlpalen["datum"].isna()]
if len(zonder_datum):
    st.markdown(f"**Datum onbekend** ({aantal(len(zonder_datum), 'mijlpaal', 'mijlpalen')}, niet op de tijdlijn)")
    st.dataframe(tabelstijl(exports.met_onbekend(tabel[mijlpalen["datum"].isna().to_numpy()][["Pilot", "Mijlpaal", "Status", "Bron"]])), placeholder="onbekend",
                 hide_index=True, width="stretch")
with st.expander("Alle mijlpalen en bijeenkomsten (cijfers achter de tijdlijn)"):
    st.dataframe(tabelstijl(exports.met_onbekend(tabel)), placeholder="onbekend", hide_index=True, width="stretch")
    bk_tabel = bijeenkomsten.assign(datum=[pilots.bijeenkomst_datum(r) for _, r in bijeenkomsten.iterrows()])[
        ["datum", "naam", "soort", "omschrijving", "bron_titel"]].rename(columns={
            "datum": "Datum", "naam": "Bijeenkomst", "soort": "Soort", "omschrijving": "Omschrijving",
            "bron_titel": "Bron"})
    st.dataframe(tabelstijl(exports.met_onbekend(bk_tabel)), placeholder="onbekend", hide_index=True, width="stretch")
    downloads("mijlpalen", {"Mijlpalen": tabel, "Bijeenkomsten": bk_tabel}, "mijlpalen")

st.header("Lessen uit de pilots en het programma", divider="gray")
st.caption("Werkende elementen en aanbevelingen die de programmadocumenten vastleggen, bij de pilot waar ze "
           "vandaan komen; lessen zonder pilot gelden voor het hele programma. Elke les noemt haar brondocument.")
if lessen.empty:
    st.info("Er zijn nog geen lessen vastgelegd.", icon=":material/info:")
for pilot_naam, groep in lessen.groupby("pilot", sort=False):
    with st.expander(f"{md(pilot_naam)} ({getal(len(groep))})", expanded=pilot_naam != pilots.HELE_PROGRAMMA.capitalize()):
        for soort, label in (("werkend element", "Werkende elementen"), ("aanbeveling", "Aanbevelingen")):
            deel = groep[groep["soort"] == soort]
            if deel.empty:
                continue
            st.markdown(f"**{label}**")
            # (zip, not itertuples: that makes a namedtuple class on every call)
            for titel, toelichting, bron_titel, bron in zip(deel["titel"], deel["tekst"], deel["bron_titel"], deel["bron"]):
                regel = f"- **{md(titel)}**"
                if tekst(toelichting) != "onbekend":
                    regel += f": {md(toelichting)}"
                regel += f"  \n  *Bron: {md(bron_titel)} ({md(bron)})*"
                st.markdown(regel)
if not lessen.empty:
    les_tabel = lessen[["pilot", "soort", "titel", "tekst", "bron_titel", "bron"]].rename(columns={
        "pilot": "Pilot", "soort": "Soort", "titel": "Les", "tekst": "Toelichting", "bron_titel": "Brondocument",
        "bron": "Bestand"})
    downloads("lessen", {"Lessen": les_tabel}, "lessen", "lessen")
