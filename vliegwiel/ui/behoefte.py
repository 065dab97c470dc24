"""The Thema's page's "Naar behoefte" tab: a theme's need rule with thresholds the user moves
(bound to the URL), the rule in words, and the small kernen where the signal is strongest."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from vliegwiel import behoefte, themas
from vliegwiel.figures import witte_vlekken
from vliegwiel.filters import Filters
from vliegwiel.format import getal, md, tabelstijl
from vliegwiel.ui import gedeeld, shell
from vliegwiel.ui.downloads import downloads


def sectie(filters: Filters, thema_rijen: pd.DataFrame) -> None:
    thema_naam = dict(zip(thema_rijen["thema_id"], thema_rijen["naam"]))
    st.markdown("**Witte vlekken naar behoefte**: kleine kernen zonder initiatief in een thema, waar de cijfers "
                "van het dorp zelf op een behoefte wijzen. De regel staat naast de lijst; schuif de drempels om te "
                "zien wat er verandert. Dit is **een begin van een gesprek** met gemeente en kern, geen oordeel: de "
                "cijfers zeggen niets over wat er in een dorp al informeel geregeld is.")
    opties = [t for t in behoefte.REGELS if t in thema_naam]
    thema_id = st.segmented_control("Thema", opties, default=opties[0], required=True, key="nb_thema",
                                    bind="query-params", format_func=thema_naam.get)
    regel = behoefte.REGELS[thema_id or opties[0]]
    links, rechts = st.columns([1, 2], gap="large")
    with links:
        drempels = {}
        for c in regel.criteria:
            drempels[c.kolom] = st.slider(
                f"Drempel {c.label} ({c.eenheid})", c.minimum, c.maximum, c.standaard, c.stap,
                key=f"nb_{c.kolom}", bind="query-params",
                help=f"Een kern telt mee bij {c.label} {'vanaf' if c.teken == '>=' else 'tot en met'} deze waarde.")
        st.markdown("**De regel:** " + md(behoefte.regel_tekst(regel, drempels, thema_naam[regel.thema_id])))
    with rechts:
        df = shell.query(behoefte.lijst, filters=filters, thema_id=regel.thema_id,
                         drempels=tuple(sorted(drempels.items())))
        st.metric(f"Kleine kernen met dit signaal, zonder initiatief in {md(thema_naam[regel.thema_id])}",
                  getal(len(df)))
        if df.empty:
            st.info("Geen enkele kleine kern in deze selectie voldoet aan deze regel en heeft nog geen initiatief in "
                    "dit thema. Schuif de drempels lager of kies minder filters om meer kernen te zien.",
                    icon=":material/info:")
        else:
            grenzen = shell.query(themas.gemeentegrenzen, filters=filters)
            gedeeld.kaart(witte_vlekken.witte_vlekken_kaart, df.assign(in_themas=0), grenzen, thema_naam[regel.thema_id],
                          key="behoeftekaart", height=420, returned_objects=[])
            st.caption("Oranje cirkels: de kernen in de lijst hieronder, groter naarmate er meer mensen wonen. De "
                       "kaart heeft geen achtergrondkaart, zodat hij ook offline werkt.")
            tabel = behoefte.tabel(df, regel)
            st.dataframe(tabelstijl(tabel, {c: 1 for c in tabel.columns if c not in ("Kern", "Gemeente")}
                                    | {"Inwoners (benadering, 2021)": 0}),
                         placeholder="onbekend", hide_index=True, width="stretch")
            downloads(f"behoefte-{regel.thema_id}", {"Naar behoefte": tabel}, "behoefte")
        st.caption("Cijfers per kern: CBS Kerncijfers wijken en buurten 2024, opgeteld over hele buurten (met hun "
                   "buitengebied); afstanden over de weg. Witte vlek: zoals op het tabblad Witte vlekken (status- en "
                   "pilotfilters tellen mee).")
