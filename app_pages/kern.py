import dataclasses

import streamlit as st

from pipelines import config
from vliegwiel import kaart, profielen, register, statenbrief
from vliegwiel.figures import kaart as kaart_fig
from vliegwiel.ui import kerncijfers as dorpscijfers
from vliegwiel.ui import gedeeld, geschiedenis, profielsecties, shell
from vliegwiel.ui.downloads import downloads
from vliegwiel.format import getal, md, opsomming, tabelstijl

st.title("Kernprofiel")
filters = shell.current_filters()
filter_params = shell.filter_params()
opties = shell.query(register.kern_opties)
labels = dict(zip(opties["kern_id"], opties["label"]))
plaatsen = shell.query(register.plaats_opties).set_index("optie")  # Cabauw -> woonplaats Lopik
KLASSEN = {k: label for k, label, _lo, _hi in config.GROOTTEKLASSEN}

keuze = st.selectbox("Kern", [*labels, *plaatsen.index], key="kern", index=None, bind="query-params",
                     format_func=lambda o: labels.get(o) or plaatsen["label"].get(o, o),
                     placeholder="Kies een kern (dorp of stad) of een plaats")
kern_id = plaatsen["kern_id"].get(keuze, keuze)


def profiel(kern_id: str) -> None:
    k = shell.query(profielen.kern, kern_id=kern_id)
    st.header(md(k["naam"]))
    st.download_button("Statenbrief (PDF)", lambda con=shell.connection(): statenbrief.kern_pdf(con, kern_id),
                       statenbrief.bestandsnaam(labels[kern_id]), statenbrief.PDF_MIME,
                       icon=":material/picture_as_pdf:", help=statenbrief.KNOP_UITLEG)
    klasse = KLASSEN.get(k["grootteklasse"])
    st.markdown(f"Kern in de gemeente **{md(k['gemeente'])}**" + (f", {klasse} (benadering)" if klasse else ""))
    ini = shell.query(profielen.initiatieven, filters=filters, kern_id=kern_id)

    c = st.columns(4)
    c[0].metric("Inwoners (ca.)", getal(k["inwoners"]),
                help="Benadering: CBS-inwoners per postcodegebied (PC4) op 1 januari 2021, toegerekend aan de kern.")
    c[1].metric("Kleine kern", profielen.ja_nee(k["is_kleine_kern"]),
                help=f"Een kleine kern heeft minder dan {getal(config.KLEINE_KERN_DREMPEL)} inwoners.")
    c[2].metric("Initiatieven", getal(len(ini)), help="Initiatieven uit het register die in deze kern werken.")
    themas = shell.query(profielen.themas, filters=filters, kern_id=kern_id)
    t = profielen.telbare_themas(themas, filters)
    c[3].metric("Thema's gedekt", f"{getal(int(t['aanwezig'].sum()))} van {getal(len(t))}",
                help="Thema's waar minstens één initiatief in deze kern aan werkt.")
    st.caption("Het aantal inwoners is een benadering uit CBS-cijfers per postcode (PC4), 1 januari 2021; "
               "een postcodegebied valt niet altijd samen met een dorp. Locatie: GeoNames.")
    if uitleg := filters.beschrijving(("thema", "status", "pilots", "versheid")):
        st.caption(uitleg)
    dorpscijfers.sectie(kern_id, k["naam"], k["gemeente"], k["grootteklasse"])

    links, rechts = st.columns([3, 2], gap="large")
    with links:
        if k["latitude"] is not None and k["longitude"] is not None:
            data = shell.query(kaart.kaartdata, filters=dataclasses.replace(
                filters, gemeenten=(k["gemeente_code"],), grootteklassen=()))
            gedeeld.kaart(kaart_fig.kaart, data, "initiatieven", centrum=(k["latitude"], k["longitude"]), zoom=12,
                          key="kern_kaart", height=380, returned_objects=[])
            st.caption(f"{md(k['naam'])} en omgeving, met de andere kernen van {md(k['gemeente'])}.")
        else:
            st.info("De ligging van deze kern is onbekend.")
    with rechts:
        st.subheader("Thema's")
        profielsecties.thema_regels(t)
        st.caption("Een witte vlek is een thema waar in deze kern (nog) geen initiatief uit het register aan werkt.")
        st.page_link("app_pages/gemeente.py", label=f"Gemeenteprofiel {md(k['gemeente'])}",
                     icon=":material/account_balance:",
                     query_params={**filter_params, "gemeente_profiel": k["gemeente"]})

    st.subheader("Initiatieven die hier werken")
    if ini.empty:
        st.info("Geen initiatieven voor deze selectie in deze kern.")
    else:
        tabel = profielen.initiatieven_tabel(ini)
        st.dataframe(tabelstijl(tabel), placeholder="onbekend", hide_index=True, width="stretch")
        downloads(f"initiatieven-{kern_id}", {"Initiatieven": tabel}, "dl_ini", "initiatieven")
        geschiedenis.initiatief_geschiedenis(ini, "geschiedenis_kern")
    gem_ini = shell.query(profielen.initiatieven, filters=filters, gemeente_code=k["gemeente_code"])
    onbekend = profielen.zonder_kern(gem_ini)
    if not onbekend.empty:
        st.markdown(f"**In de gemeente {md(k['gemeente'])}, kern onbekend ({len(onbekend)}):** "
                    + opsomming(onbekend["naam"], 10) + ". Misschien werken zij ook hier.")

    pil = shell.query(profielen.pilots, kern_id=kern_id)
    if not pil.empty:
        st.subheader("Pilots")
        profielsecties.pilots_lijst(pil)

    profielsecties.organisaties_sectie(shell.query(profielen.organisaties, filters=filters, kern_id=kern_id),
                                        "deze kern")


if kern_id is None:
    st.info("Kies een kern om het profiel te zien: inwoners, initiatieven, thema's en witte vlekken.",
            icon=":material/info:")
else:
    if keuze in plaatsen.index:
        p = plaatsen.loc[keuze]
        st.info(f"{md(p['naam'])} is geen CBS-woonplaats: het is een deel van woonplaats **{md(p['kern'])}**. "
                f"Hieronder staat het profiel van {md(p['kern'])}.", icon=":material/info:")
    profiel(kern_id)
