import streamlit as st

from vliegwiel import exports, register, themas
from vliegwiel.figures import style, themas as themas_fig
from vliegwiel.ui import behoefte as behoefte_ui, gedeeld, shell, witte_vlekken as witte_vlekken_ui
from vliegwiel.ui.downloads import downloads, namenlijst
from vliegwiel.format import aantal, getal, tabelstijl

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

TABS = ["Dekking", "Witte vlekken", "Naar behoefte", "Groepen en samenwerkingsvormen", "Vliegwiel in de tijd"]
tab_dekking, tab_vlekken, tab_behoefte, tab_groepen, tab_tijd = st.tabs(TABS, key="weergave", bind="query-params")


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
        st.plotly_chart(gedeeld.figuur(themas_fig.dekking_heatmap, matrix, volgorde, rij_titel=label, titel=titel),
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
            st.dataframe(tabelstijl(tabel), placeholder="onbekend", width="stretch")
            if not tabel.empty:
                downloads(f"dekking-{niveau}-thema", {"Dekking": tabel.rename_axis(label).reset_index(),
                                                      "Niet in de tabel": buiten}, "dekking")

if tab_vlekken.open is not False:
    with tab_vlekken:
        witte_vlekken_ui.sectie(filters, thema_rijen)

if tab_behoefte.open is not False:
    with tab_behoefte:
        behoefte_ui.sectie(filters, thema_rijen)

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
        tabel = themas.groepen_tabel(overzicht)
        with st.expander("Cijfers achter de grafieken"):
            st.dataframe(tabelstijl(tabel.drop(columns="Voorbeelden")), placeholder="onbekend", hide_index=True, width="stretch")
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
                                   key="tijdthema", placeholder="Kies thema's", select_all=False)
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
                       themas.ZONDER_STARTJAAR_LABELS)
        with st.expander("Cijfers achter de grafiek"):
            tabel = per_jaar.rename(columns=themas.PER_JAAR_LABELS)
            st.dataframe(tabelstijl(exports.met_onbekend(tabel)), placeholder="onbekend", hide_index=True, width="stretch")
            downloads("vliegwiel-per-jaar", {
                "Per jaar": tabel,
                "Per thema": per_thema.drop(columns=["volgorde"]).rename(columns=themas.PER_THEMA_LABELS),
                "Zonder startjaar": zonder.rename(columns=themas.ZONDER_STARTJAAR_LABELS),
            }, "tijd")
