"""The Thema's page's "Witte vlekken" tab: theme choice, count, map, table and downloads."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from vliegwiel import themas
from vliegwiel.figures import witte_vlekken
from vliegwiel.filters import Filters
from vliegwiel.format import getal, md, tabelstijl
from vliegwiel.ui import gedeeld, shell
from vliegwiel.ui.downloads import downloads


def sectie(filters: Filters, thema_rijen: pd.DataFrame) -> None:
    """Small kernen without an initiative in the chosen themes (the sidebar's, else chosen here)."""
    thema_naam = dict(zip(thema_rijen["thema_id"], thema_rijen["naam"]))
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
                                 placeholder="Kies een of meer thema's", select_all=False)
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
            gedeeld.kaart(witte_vlekken.witte_vlekken_kaart, kernen, grenzen, thema_label, key="vlekkenkaart",
                          height=480, returned_objects=[])
            st.caption("Oranje gevulde cirkels: witte vlekken, groter naarmate er meer mensen wonen. Blauwe open "
                       "cirkels: kleine kernen waar wel zo'n initiatief werkt. De kaart heeft geen "
                       "achtergrondkaart, zodat hij ook offline werkt.")
            if vlekken.empty:
                st.success(f"Geen witte vlekken: in elke kleine kern van deze selectie werkt minstens één "
                           f"initiatief aan {md(thema_label)}.", icon=":material/check_circle:")
            else:
                st.dataframe(
                    tabelstijl(vlekken[["kern", "gemeente", "inwoners", "initiatieven_andere_themas"]]), placeholder="onbekend", hide_index=True,
                    width="stretch",
                    column_config={
                        "kern": "Kern", "gemeente": "Gemeente",
                        "inwoners": st.column_config.NumberColumn("Inwoners (benadering, 1 januari 2021)"),
                        "initiatieven_andere_themas": st.column_config.NumberColumn(
                            "Initiatieven met andere thema's in deze kern"),
                    })
        st.caption("Inwoners: benadering op 1 januari 2021, afgeleid uit CBS-cijfers per postcodegebied (PC4); "
                   "CBS, CC BY 4.0. Een initiatief telt mee als het in de kern werkt (ook als het er niet "
                   "gevestigd is) en de status- en pilotfilters passeert.")
        if len(onbekend):
            st.caption(f"Niet meegeteld omdat het inwonertal onbekend is, zodat niet vaststaat of het een kleine "
                       f"kern is: {', '.join(md(f'{r.kern} ({r.gemeente})') for r in onbekend.itertuples())}. "
                       "Ook daar werkt geen initiatief in deze thema's.")
        tabel = vlekken.drop(columns=["latitude", "longitude"]).rename(columns=themas.WITTE_VLEKKEN_LABELS)
        downloads("witte-vlekken", {"Witte vlekken": tabel,
                                    "Grootte onbekend": onbekend[["kern", "gemeente"]]}, "vlekken")
