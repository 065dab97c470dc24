import streamlit as st
from streamlit_folium import st_folium

from vliegwiel import exports, register, themas
from vliegwiel.figures import style, themas as themas_fig, witte_vlekken
from vliegwiel.ui import shell
from vliegwiel.format import aantal, getal, md

st.title("Thema's")
st.markdown("Aan welke thema's werken bewonersinitiatieven, in welke gemeenten en kernen, en waar (nog) niet? "
           "Alle cijfers volgen de filters in de zijbalk.")

filters = shell.current_filters()
thema_rijen = shell.query(register.themas)
thema_naam = dict(zip(thema_rijen["thema_id"], thema_rijen["naam"]))
totaal_initiatieven = shell.query(themas.initiatieven_aantal, filters=filters)
if totaal_initiatieven == 0:
    st.info("Geen initiatieven voor deze selectie. De tabellen hieronder tonen daarom overal 0; "
            "pas de filters in de zijbalk aan om meer te zien.", icon=":material/info:")

TABS = ["Dekking", "Witte vlekken", "Groepen en samenwerkingsvormen", "Vliegwiel in de tijd"]
tab_dekking, tab_vlekken, tab_groepen, tab_tijd = st.tabs(TABS, key="weergave", bind="query-params")


def downloads(naam: str, tabellen: dict, key: str) -> None:
    """CSV (first table) and Excel (all tables) with the numbers behind a chart."""
    eerste = next(iter(tabellen.values()))
    rij = st.container(horizontal=True)
    rij.download_button("CSV downloaden", exports.csv_bytes(eerste), f"{naam}.csv", exports.CSV_MIME,
                       key=f"{key}_csv", icon=":material/download:")
    rij.download_button("Excel downloaden", lambda: exports.excel_bytes(tabellen), f"{naam}.xlsx", exports.XLSX_MIME,
                       key=f"{key}_xlsx", icon=":material/download:")


def namenlijst(df, kolommen: dict) -> None:
    st.dataframe(exports.met_onbekend(df[list(kolommen)].rename(columns=kolommen)), hide_index=True, width="stretch")


if tab_dekking.open is not False:
    with tab_dekking:
        niveau = "kern" if filters.gemeenten else "gemeente"
        label = themas.NIVEAU_LABELS[niveau]
        if niveau == "kern":
            st.markdown("U ziet de **kernen** van de gekozen gemeente(n). Kies geen gemeente in de zijbalk om alle "
                        "gemeenten naast elkaar te zien. Een initiatief dat in meer kernen werkt, telt in elk daarvan.")
        sorteer = st.segmented_control(
            "Sorteren op", ["totaal", "naam"], key="sorteer", bind="query-params", default="totaal", required=True,
            format_func={"totaal": "Meeste initiatieven", "naam": "Naam"}.get)
        matrix = shell.query(themas.dekking, filters=filters, niveau=niveau)
        volgorde = themas.rij_volgorde(matrix, sorteer or "totaal")
        titel = f"Initiatieven per {label.lower()} en thema"
        st.plotly_chart(themas_fig.dekking_heatmap(matrix, volgorde, rij_titel=label, titel=titel),
                        theme=None, config=style.PLOTLY_CONFIG, key="heatmap",
                        alt=f"Heatmap: aantal initiatieven per {label.lower()} ({getal(len(volgorde))}) en thema "
                            f"({getal(matrix['thema_id'].nunique())}). De getallen staan ook in de tabel "
                            "'Cijfers achter de grafiek'.")
        st.caption(f"Elk vakje telt de initiatieven in die {label.lower()} met dat thema; een initiatief met twee "
                   "thema's telt in beide kolommen. Lichtgrijze vakjes met 0: daar is (nog) geen initiatief bekend. "
                   "Beweeg de muis over een vakje voor de namen. Bron: register van initiatieven uit de "
                   "programmadocumenten van Vliegwiel van gemeenschapskracht.")
        buiten = shell.query(themas.buiten_matrix, filters=filters, niveau=niveau)
        if len(buiten):
            with st.expander(f"{getal(len(buiten))} van de {getal(totaal_initiatieven)} initiatieven staan niet in "
                             "de tabel "
                             "(plaats of thema onbekend)"):
                namenlijst(buiten, {"naam": "Initiatief", "gemeente": "Gemeente", "reden": "Waarom niet in de tabel"})
        with st.expander("Cijfers achter de grafiek"):
            tabel = themas.breed(matrix, volgorde)
            st.dataframe(tabel, width="stretch")
            if not tabel.empty:
                downloads(f"dekking-{niveau}-thema", {"Dekking": tabel.rename_axis(label).reset_index(),
                                                      "Niet in de tabel": buiten}, "dekking")

if tab_vlekken.open is not False:
    with tab_vlekken:
        st.markdown("**Witte vlekken** zijn kleine kernen (minder dan 10.000 inwoners) waar geen enkel initiatief "
                    "aan de gekozen thema's werkt. Dat hoeft geen probleem te zijn, maar is een goede vraag "
                    "voor de gemeente en de kern.")
        if filters.themas:
            vlek_themas = tuple(filters.themas)
            st.caption("Thema's volgens het filter in de zijbalk: " + ", ".join(md(thema_naam[t]) for t in vlek_themas))
        else:
            opties = thema_rijen.loc[thema_rijen["soort"] == "thema", "thema_id"].tolist()
            gekozen = st.multiselect("Thema's voor de witte vlekken", opties, default=[themas.STANDAARD_THEMA_WITTE_VLEKKEN],
                                     format_func=thema_naam.get, key="vlekthema", bind="query-params",
                                     placeholder="Kies een of meer thema's")
            vlek_themas = tuple(gekozen)
        if not vlek_themas:
            st.info("Kies hierboven minstens één thema.", icon=":material/info:")
        else:
            thema_label = " of ".join(thema_naam[t] for t in vlek_themas)
            vlekken = shell.query(themas.witte_vlekken, filters=filters, themas=vlek_themas)
            onbekend = shell.query(themas.witte_vlekken_grootte_onbekend, filters=filters, themas=vlek_themas)
            kleine = shell.query(themas.kleine_kernen_aantal, filters=filters)
            st.metric(f"Kleine kernen zonder initiatief in {md(thema_label)}",
                      f"{getal(len(vlekken))} van {getal(kleine)}")
            if kleine == 0:
                st.info("In deze selectie zijn geen kleine kernen (bekijk de filters op gemeente en grootte).")
            else:
                kernen = shell.query(themas.kernen_thema_dekking, filters=filters, themas=vlek_themas)
                grenzen = shell.query(themas.gemeentegrenzen, filters=filters)
                st_folium(witte_vlekken.witte_vlekken_kaart(kernen, grenzen, thema_label), key="vlekkenkaart",
                          height=480, use_container_width=True, returned_objects=[])
                st.caption("Oranje gevulde cirkels: witte vlekken, groter naarmate er meer mensen wonen. Blauwe open "
                           "cirkels: kleine kernen waar wel zo'n initiatief werkt. De kaart heeft geen "
                           "achtergrondkaart, zodat hij ook offline werkt.")
                if vlekken.empty:
                    st.success(f"Geen witte vlekken: in elke kleine kern van deze selectie werkt minstens één "
                               f"initiatief aan {md(thema_label)}.", icon=":material/check_circle:")
                else:
                    st.dataframe(
                        vlekken[["kern", "gemeente", "inwoners", "initiatieven_andere_themas"]], hide_index=True,
                        width="stretch",
                        column_config={
                            "kern": "Kern", "gemeente": "Gemeente",
                            "inwoners": st.column_config.NumberColumn(
                                "Inwoners (benadering, 1 januari 2021)", format="localized"),
                            "initiatieven_andere_themas": st.column_config.NumberColumn(
                                "Initiatieven met andere thema's in deze kern", format="localized"),
                        })
            st.caption("Inwoners: benadering op 1 januari 2021, afgeleid uit CBS-cijfers per postcodegebied (PC4); "
                       "CBS, CC BY 4.0. Een initiatief telt mee als het in de kern werkt (ook als het er niet "
                       "gevestigd is) en de status- en pilotfilters passeert.")
            if len(onbekend):
                st.caption(f"Niet meegeteld omdat het inwonertal onbekend is, zodat niet vaststaat of het een kleine "
                           f"kern is: {', '.join(md(f'{r.kern} ({r.gemeente})') for r in onbekend.itertuples())}. "
                           "Ook daar werkt geen initiatief in deze thema's.")
            tabel = vlekken.drop(columns=["latitude", "longitude"]).rename(columns={
                "kern_id": "Woonplaatscode", "kern": "Kern", "gemeente": "Gemeente", "gemeente_code": "Gemeentecode",
                "inwoners": "Inwoners (benadering)", "inwoners_peildatum": "Peildatum inwoners",
                "grootteklasse": "Grootteklasse", "initiatieven_andere_themas": "Initiatieven met andere thema's"})
            downloads("witte-vlekken", {"Witte vlekken": tabel,
                                        "Grootte onbekend": onbekend[["kern", "gemeente"]]}, "vlekken")

if tab_groepen.open is not False:
    with tab_groepen:
        overzicht = shell.query(themas.thema_overzicht, filters=filters)
        groepen = shell.query(themas.groep_totalen, filters=filters)
        st.markdown("Het projectplan deelt de doelen in zoals het SDG-kader: **fysieke doelen** (zoals wonen, "
                    "energie, voedsel en bereikbaarheid) en **sociale doelen** (zoals gezondheid, samenhang en "
                    "eenzaamheid). Daarnaast noemt het nieuwe **samenwerkingsvormen** tussen overheid en bewoners.")
        kolommen = st.columns(len(groepen))
        for kol, g in zip(kolommen, groepen.itertuples()):
            kol.metric(g.label, f"{getal(g.initiatieven)} initiatieven",
                       f"{getal(g.themas_met_initiatief)} van {getal(g.themas)} thema's bereikt", delta_color="off",
                       delta_arrow="off")
        st.plotly_chart(themas_fig.thema_staaf(overzicht), theme=None, config=style.PLOTLY_CONFIG, key="groepen",
                        alt="Staafdiagram: aantal initiatieven per thema, fysieke en sociale doelen apart. "
                            "De getallen staan ook in de tabel 'Cijfers achter de grafieken'.")
        st.caption("Aantal initiatieven per thema, gegroepeerd naar fysieke en sociale doelen (ook te zien aan het "
                   "streepjespatroon). Een initiatief met meer thema's telt bij elk thema, maar per groep hierboven "
                   "maar één keer.")
        st.plotly_chart(themas_fig.thema_staaf(overzicht, groepen=("samenwerking",), titel="Samenwerkingsvormen"),
                        theme=None, config=style.PLOTLY_CONFIG, key="samenwerking",
                        alt="Staafdiagram: aantal initiatieven per samenwerkingsvorm. De getallen staan ook in de "
                            "tabel 'Cijfers achter de grafieken'.")
        st.caption("Hoe vaak initiatieven een van de nieuwe samenwerkingsvormen gebruiken: maatschappelijk "
                   "aandeelhouderschap, Right to Challenge (uitdaagrecht), dorpsdialoog, co-creatie en het "
                   "afbouwen van afhankelijkheid van de overheid.")
        tabel = overzicht.assign(groep=overzicht["groep"].map(themas.GROEP_LABELS))[
            ["groep", "thema", "initiatieven", "gemeenten", "kernen", "namen"]].rename(columns={
                "groep": "Groep", "thema": "Thema of samenwerkingsvorm", "initiatieven": "Initiatieven",
                "gemeenten": "Gemeenten", "kernen": "Kernen", "namen": "Voorbeelden"})
        with st.expander("Cijfers achter de grafieken"):
            st.dataframe(tabel.drop(columns="Voorbeelden"), hide_index=True, width="stretch")
            downloads("themas-en-samenwerkingsvormen", {"Thema's": tabel}, "groepen")

if tab_tijd.open is not False:
    with tab_tijd:
        per_jaar = shell.query(themas.vliegwiel_per_jaar, filters=filters)
        zonder = shell.query(themas.zonder_startjaar, filters=filters)
        starts = shell.query(themas.pilot_starts, filters=filters)
        met_jaar = totaal_initiatieven - len(zonder)
        st.markdown("Draait het vliegwiel? Elk nieuw initiatief kan weer andere op gang helpen. Hieronder het "
                    "aantal initiatieven dat per jaar is gestart, en opgeteld.")
        if totaal_initiatieven and len(zonder) * 2 >= totaal_initiatieven:
            st.info(f"Let op: van {getal(len(zonder))} van de {getal(totaal_initiatieven)} initiatieven in deze "
                    "selectie is het "
                    f"startjaar niet bekend. De grafiek laat dus maar "
                    f"{aantal(met_jaar, 'initiatief', 'initiatieven')} zien; de andere staan hieronder bij naam.",
                    icon=":material/info:")
        st.plotly_chart(themas_fig.vliegwiel_figuur(per_jaar, themas.pilot_markeringen(starts),
                                                zonder_startjaar=len(zonder)),
                        theme=None, config=style.PLOTLY_CONFIG, key="vliegwiel",
                        alt=f"Staaf- en lijndiagram: initiatieven gestart per jaar en opgeteld, "
                            f"{getal(met_jaar)} initiatieven met een bekend startjaar. De getallen staan ook in de "
                            "tabel 'Cijfers achter de grafiek'.")
        st.caption("Staven: initiatieven gestart in dat jaar. Lijn: opgeteld sinds het eerste bekende startjaar. "
                   "Sterren: pilots met een bekend startjaar. Stippellijn: de pilots zonder bekend startjaar, bij "
                   "hun eerste mijlpaal.")
        per_thema = shell.query(themas.vliegwiel_per_thema, filters=filters)
        if not per_thema.empty:
            laatste = per_thema.sort_values("jaar").groupby("thema_id").tail(1).sort_values("cumulatief", ascending=False)
            keuze = st.multiselect("Thema's in de grafiek per thema", laatste["thema_id"].tolist(),
                                   default=laatste["thema_id"].tolist()[:5], format_func=thema_naam.get,
                                   key="tijdthema", placeholder="Kies thema's")
            st.plotly_chart(themas_fig.vliegwiel_thema_figuur(per_thema[per_thema["thema_id"].isin(keuze)]),
                            theme=None, config=style.PLOTLY_CONFIG, key="vliegwiel_thema",
                            alt="Lijndiagram: opgeteld aantal initiatieven per gekozen thema per startjaar. De "
                                "getallen staan ook in de tabel 'Cijfers achter de grafiek' (Excel: blad Per thema).")
            st.caption("Per thema het opgetelde aantal initiatieven; elke lijn heeft een eigen kleur, streepjes en "
                       "symbool. Een initiatief met twee thema's telt in beide lijnen.")
        st.markdown(f"**Zonder bekend startjaar: {aantal(len(zonder), 'initiatief', 'initiatieven')}** "
                    "(wel geteld, niet in de grafiek)")
        if len(zonder):
            namenlijst(zonder.assign(is_pilot=zonder["is_pilot"].map({True: "ja", False: "nee"})),
                       {"naam": "Initiatief", "gemeente": "Gemeente", "is_pilot": "Pilot"})
        with st.expander("Cijfers achter de grafiek"):
            tabel = per_jaar.rename(columns={"jaar": "Startjaar", "nieuw": "Gestart", "cumulatief": "Opgeteld",
                                             "pilots": "Pilots gestart"})
            st.dataframe(exports.met_onbekend(tabel), hide_index=True, width="stretch")
            downloads("vliegwiel-per-jaar", {
                "Per jaar": tabel,
                "Per thema": per_thema.drop(columns=["volgorde"]).rename(columns={
                    "jaar": "Startjaar", "thema_id": "Thema-id", "thema": "Thema", "nieuw": "Gestart",
                    "cumulatief": "Opgeteld"}),
                "Zonder startjaar": zonder.rename(columns={"naam": "Initiatief", "gemeente": "Gemeente",
                                                           "is_pilot": "Pilot"}),
            }, "tijd")
