import dataclasses

import streamlit as st

from vliegwiel import kaart, overzicht, profielen, register, statenbrief
from vliegwiel.figures import kaart as kaart_fig
from vliegwiel.ui import gedeeld, geschiedenis, profielsecties, shell
from vliegwiel.ui.downloads import downloads
from vliegwiel.format import aantal, getal, md, opsomming, tabelstijl

st.title("Gemeenteprofiel")
filters = shell.current_filters()
filter_params = shell.filter_params()
opties = shell.query(register.gemeente_opties)
namen = dict(zip(opties["gemeente_code"], opties["naam"]))
standaard = list(namen).index(filters.gemeenten[0]) if filters.gemeenten and filters.gemeenten[0] in namen else None

code = st.selectbox("Gemeente", list(namen), format_func=namen.get, index=standaard, key="gemeente_profiel",
                    bind="query-params", placeholder="Kies een gemeente")


def profiel(code: str) -> None:
    naam = namen[code]
    cijfers = shell.query(overzicht.gemeente_cijfers, filters=profielen.zonder_gemeentefilter(filters))
    rij = cijfers.set_index("gemeente_code").loc[code]
    st.header(md(naam))
    st.download_button("Statenbrief (PDF)", lambda con=shell.connection(): statenbrief.gemeente_pdf(con, code),
                       statenbrief.bestandsnaam(naam), statenbrief.PDF_MIME, icon=":material/picture_as_pdf:",
                       help=statenbrief.KNOP_UITLEG)
    if uitleg := filters.beschrijving(("thema", "status", "grootte", "pilots", "versheid")):
        st.caption(uitleg)

    c = st.columns(5)
    c[0].metric("Inwoners", getal(rij["inwoners"]), help="CBS, 1 januari 2021")
    c[1].metric("Kernen", getal(rij["kernen"]), help="Woonplaatsen volgens het CBS")
    c[2].metric("Kleine kernen", getal(rij["kleine_kernen"]),
                help="Kernen met minder dan 10.000 inwoners (benadering, 1 januari 2021)")
    c[3].metric("Initiatieven", getal(rij["initiatieven"]), help="Register Vliegwiel")
    c[4].metric("Thema's gedekt", f"{getal(rij['themas_gedekt'])} van {getal(rij['themas_totaal'])}",
                help="Thema's waar minstens één initiatief in deze gemeente aan werkt")
    st.caption(f"Inwoners: CBS, 1 januari 2021. {aantal(rij['initiatieven'], 'initiatief', 'initiatieven')} "
               "in het register: "
               f"{getal(rij['per_1000'], 2)} per 1.000 inwoners.")

    links, rechts = st.columns([1, 1], gap="large")
    with links:
        data = shell.query(kaart.kaartdata, filters=dataclasses.replace(filters, gemeenten=(code,)))
        gedeeld.kaart(kaart_fig.kaart, data, "initiatieven", key="gemeente_kaart", height=420, returned_objects=[])
        st.caption(f"{md(naam)} met zijn kernen (cirkels: grootte is inwoners, kleur is aantal initiatieven) "
                   "en de initiatieven. Grenzen: CBS/PDOK 2022.")
        st.page_link("app_pages/kaart.py", label="Bekijk op de grote kaart", icon=":material/map:",
                     query_params={**filter_params, "gebied": f"{naam} (gemeente)"})
    with rechts:
        st.subheader("Kernen")
        kernen = shell.query(profielen.kernen_van_gemeente, gemeente_code=code, filters=filters)
        st.dataframe(
            tabelstijl(profielen.kernen_tabel(kernen)), placeholder="onbekend", hide_index=True, width="stretch")
        st.caption("Inwoners per kern: benadering uit CBS-cijfers per postcode (PC4), 1 januari 2021.")
        st.page_link("app_pages/kern.py", label="Naar een kernprofiel", icon=":material/holiday_village:",
                     query_params=filter_params)

    st.subheader("Initiatieven")
    ini = shell.query(profielen.initiatieven, filters=filters, gemeente_code=code)
    if ini.empty:
        st.info("Geen initiatieven voor deze selectie in deze gemeente.")
    else:
        tabel = profielen.initiatieven_tabel(ini)
        st.dataframe(tabelstijl(tabel), placeholder="onbekend", hide_index=True, width="stretch")
        downloads(f"initiatieven-{code}", {"Initiatieven": tabel}, "dl_ini", "initiatieven")
        geschiedenis.initiatief_geschiedenis(ini, "geschiedenis_gemeente")
        onbekend = profielen.zonder_kern(ini)
        if not onbekend.empty:
            st.markdown(f"**Kern onbekend ({len(onbekend)}):** van " + opsomming(onbekend["naam"], 15)
                        + " weten we alleen de gemeente.")
        st.caption("Onbekende waarden staan er als 'onbekend': de brondocumenten noemen ze niet.")

    st.subheader("Thema's en witte vlekken")
    themas = shell.query(profielen.themas, filters=filters, gemeente_code=code)
    for soort, titel in (("thema", "Thema's"), ("samenwerkingsvorm", "Samenwerkingsvormen")):
        t = themas[themas["soort"] == soort]
        if t.empty:
            continue
        profielsecties.thema_regels(t, f"{titel} met een initiatief")

    st.subheader("Pilots")
    pil = shell.query(profielen.pilots, gemeente_code=code)
    if pil.empty:
        st.markdown("Geen van de vier pilots ligt in deze gemeente.")
    else:
        profielsecties.pilots_lijst(pil)
        st.page_link("app_pages/pilots.py", label="Naar de pilots", icon=":material/flag:", query_params=filter_params)

    profielsecties.organisaties_sectie(shell.query(profielen.organisaties, filters=filters, gemeente_code=code),
                                        "deze gemeente")

    st.subheader("Kerncijfers CBS")
    lang = shell.query(profielen.cbs_cijfers, gemeente_codes=(code,))
    tabel = profielen.cbs_cijfers_tabel(lang, (code,))
    st.dataframe(tabelstijl(tabel), placeholder="onbekend", hide_index=True, width="stretch")
    st.caption("Bron en peiljaar staan per regel. Alle CBS-cijfers: CC BY 4.0.")

    buren = shell.query(profielen.buren, gemeente_code=code)
    if buren:
        keuze = [naam] + [namen[b] for b in buren[:2]]
        st.page_link("app_pages/vergelijken.py", label=f"Vergelijk {md(naam)} met {' en '.join(md(k) for k in keuze[1:])}",
                     icon=":material/compare_arrows:", query_params={**filter_params, "vergelijk": keuze})


if code is None:
    st.info("Kies een gemeente om het profiel te zien: kerncijfers, kernen, initiatieven, thema's en pilots.",
            icon=":material/info:")
else:
    profiel(code)
