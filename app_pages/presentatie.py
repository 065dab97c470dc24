import datetime as dt

import streamlit as st

from vliegwiel import netwerk, overzicht, pilots, presentatie, themas
from vliegwiel.figures import pilots as pilots_fig, presentatie as presentatie_fig, style, themas as themas_fig
from vliegwiel.ui import presentatie as presentatie_ui, shell
from vliegwiel.format import aantal, getal, md
from vliegwiel.presentatie import DIAS, FONT

presentatie_ui.dia_stijl()

VEEL_CONFIG = {**style.PLOTLY_CONFIG, "staticPlot": False}
filters = shell.current_filters()
nummer = presentatie.dia_nummer(st.query_params.get("dia"))
dia = DIAS[nummer - 1]
gebied = shell.query(presentatie.gebied_naam, filters=filters)


presentatie_ui.presentator_balk(nummer, filters)
st.title(dia.titel)


# ---------- slides ----------
def dia_provincie() -> None:
    k = shell.query(overzicht.kerncijfers, filters=filters)
    st.markdown(f"Gemeenschapskracht in **{md(gebied)}**: bewoners die zelf iets in gang zetten in hun dorp.")
    rij1 = st.columns(3)
    rij1[0].metric("Kernen", getal(k.kernen))
    rij1[1].metric("Kleine kernen", getal(k.kleine_kernen))
    rij1[2].metric("Initiatieven", getal(k.initiatieven))
    rij2 = st.columns(3)
    rij2[0].metric("Pilots", getal(k.pilots))
    rij2[1].metric("Thema's gedekt", f"{getal(k.themas_gedekt)} van {getal(k.themas_totaal)}")
    rij2[2].metric("Verbindingen", getal(k.verbindingen))
    st.caption("Een kleine kern is een woonplaats met minder dan 10.000 inwoners. Bronnen: CBS (woonplaatsen, "
               "inwoners 1 januari 2021) en het register van Vliegwiel van gemeenschapskracht.")


def dia_kaart() -> None:
    kernen = shell.query(presentatie.kernen_met_aantallen, filters=filters)
    fig = presentatie_fig.provincie_figuur(shell.query(presentatie.gemeenten_geo), kernen, filters.gemeenten,
                                    font_size=FONT - 4, hoogte=470)
    st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_kaart")
    kleine = kernen[kernen["is_kleine_kern"].fillna(False).astype(bool)]
    zonder = int((kleine["aantal_initiatieven"] == 0).sum())
    st.caption(f"Blauwe rondjes: kernen met minstens één initiatief. Oranje ruiten: {getal(zonder)} kleine kernen "
               "zonder initiatief in het register. Grootte: inwoners (benadering, CBS 1 januari 2021). "
               "Kaart zonder achtergrondtegels: werkt ook zonder internet.")


def dia_themas() -> None:
    links, rechts = st.columns([3, 2])
    with links:
        fig = themas_fig.thema_staaf(shell.query(themas.thema_overzicht, filters=filters), font_size=FONT - 6,
                                 titel="Initiatieven per thema")
        fig.update_layout(height=560)  # fits under the title at 1280x720, two-line labels kept apart
        st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_themas")
    with rechts:
        vlekken = shell.query(themas.witte_vlekken, filters=filters)
        st.markdown(f"**Witte vlekken**: {getal(len(vlekken))} kleine kernen zonder initiatief op "
                    "*gezond leven en vitaliteit*, bijvoorbeeld:")
        st.markdown("\n".join(f"- {md(r.kern)} ({md(r.gemeente)})" for r in vlekken.head(5).itertuples()))


def dia_vliegwiel() -> None:
    per_jaar = shell.query(themas.vliegwiel_per_jaar, filters=filters)
    zonder = shell.query(themas.zonder_startjaar, filters=filters)
    starts = shell.query(themas.pilot_starts, filters=filters)
    fig = themas_fig.vliegwiel_figuur(per_jaar, themas.pilot_markeringen(starts), font_size=FONT - 4,
                                  zonder_startjaar=len(zonder), titel="Initiatieven gestart per jaar, en opgeteld")
    fig.update_layout(height=430)
    st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_vliegwiel")
    if len(zonder):
        st.markdown(f"Van {aantal(len(zonder), 'initiatief', 'initiatieven')} is het startjaar nog niet bekend.")


def dia_pilots() -> None:
    vandaag = dt.date.today()
    pilot_rijen = shell.query(pilots.pilot_overzicht, filters=filters)
    if pilot_rijen.empty:
        st.markdown(f"Er zijn geen pilots in {md(gebied)}. Het vliegwiel begon met vier pilots in de provincie.")
        return
    mijlpalen = pilots.met_status(shell.query(pilots.mijlpalen, filters=filters), vandaag)
    voortgang = pilots.voortgang(mijlpalen, pilot_rijen["pilot_id"].tolist(), vandaag).set_index("pilot_id")
    regels = []
    for p in pilot_rijen.itertuples():
        v = voortgang.loc[p.pilot_id]
        bekend = isinstance(p.kernen, str) or isinstance(p.gemeente, str)
        waar = "" if bekend else " (plaats onbekend)"  # the names mostly carry their place already
        regels.append(f"- **{md(p.naam)}**{waar}: {v['gedaan']} van {v['totaal']} mijlpalen gedaan")
    st.markdown("\n".join(regels))
    bijeenkomsten = shell.query(pilots.bijeenkomsten)
    start, eind, in_beeld = pilots.tijdlijn_venster(mijlpalen, bijeenkomsten)
    if start is not None:
        fig = pilots_fig.tijdlijn(mijlpalen, in_beeld, vandaag, start, eind, titel="Mijlpalen en bijeenkomsten",
                              font_size=FONT - 8, kort_label=30)
        st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_tijdlijn")


def dia_netwerk() -> None:
    net = shell.query(netwerk.netwerk, filters=filters)
    top = presentatie.verbinders(net.knopen)
    alleen = netwerk.alleenstaand(net)
    links, rechts = st.columns([3, 2])
    with links:
        if top.empty:
            st.markdown("Nog geen verbindingen in deze selectie.")
        else:
            fig = presentatie_fig.verbinders_figuur(top, font_size=FONT - 6)
            st.plotly_chart(fig, theme=None, config=VEEL_CONFIG, key="dia_netwerk")
    with rechts:
        st.markdown(f"**{getal(len(net.knopen))}** deelnemers, **{getal(len(net.verbindingen))}** verbindingen.")
        st.markdown(f"**Wie staat er alleen?** {aantal(len(alleen), 'initiatief heeft', 'initiatieven hebben')} nog geen enkele "
                    "verbinding. Een vrije actor kan \"lijntjes tussen de bolletjes\" leggen.")


def dia_slot() -> None:
    for c in shell.query(presentatie.citaten, n=3).itertuples():
        wie = f" — {md(c.spreker)}" if isinstance(c.spreker, str) else ""
        st.markdown(f"> “{md(c.citaat)}”{wie}")
        st.caption(f"Bron: {md(c.bron)}")


{"provincie": dia_provincie, "kaart": dia_kaart, "themas": dia_themas, "vliegwiel": dia_vliegwiel,
 "pilots": dia_pilots, "netwerk": dia_netwerk, "slot": dia_slot}[dia.sleutel]()
