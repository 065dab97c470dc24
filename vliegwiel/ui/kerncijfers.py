"""The Kernprofiel's "Het dorp in cijfers" section (Streamlit glue; data from
`vliegwiel.kerncijfers`, chart from `vliegwiel.figures.kerncijfers`)."""
from __future__ import annotations

import streamlit as st

from pipelines import config
from vliegwiel import kerncijfers
from vliegwiel.figures import kerncijfers as kerncijfers_fig
from vliegwiel.figures import style
from vliegwiel.format import md, tabelstijl
from vliegwiel.ui import shell
from vliegwiel.ui.downloads import downloads

KLASSEN = {k: label for k, label, _lo, _hi in config.GROOTTEKLASSEN}
HOOFDCIJFERS = ("pct_65plus", "afstand_huisarts_km", "afstand_supermarkt_km", "afstand_school_km")


def sectie(kern_id: str, kern_naam: str, gemeente_naam: str, grootteklasse: str | None) -> None:
    st.subheader("Het dorp in cijfers")
    lang = shell.query(kerncijfers.kern_vergelijking, kern_id=kern_id)
    if lang.empty:
        st.info("Voor deze kern zijn geen CBS-buurtcijfers bekend.")
        return
    cols = st.columns(len(HOOFDCIJFERS))
    for col, kolom in zip(cols, HOOFDCIJFERS):
        r = lang[lang["kolom"] == kolom].iloc[0]
        col.metric(r["label"], kerncijfers.waarde_tekst(r["waarde"], r["eenheid"], kolom),
                   help=f"{r['peiljaar']}; {r['bron']}. Soortgelijke kernen: {kerncijfers.bereik_tekst(r)}.")
        col.caption(f"{md(r['peiljaar'])} · CBS 85984NED")
    kanttekeningen = sorted({k for k in lang["kanttekening"] if k})
    for k in kanttekeningen:
        st.warning(md(k), icon=":material/info:")
    klasse = KLASSEN.get(grootteklasse, "dezelfde grootteklasse")
    st.caption(f"Soortgelijke kernen: de andere kernen met {md(klasse)}. De gemeentecijfers zijn van de editie "
               "2021 (een ander jaar, alleen ter vergelijking); de provincie is de som van alle CBS-buurten in 2024. "
               "Een dorpscijfer is een optelling van hele CBS-buurten, met hun buitengebied: geen officieel "
               "woonplaatscijfer.")
    st.plotly_chart(kerncijfers_fig.afstanden(lang, kern_naam, gemeente_naam), theme=None,
                    config=style.PLOTLY_CONFIG, key="kern_afstanden")
    tabel = kerncijfers.tabel(lang, kern_naam, gemeente_naam)
    st.dataframe(tabelstijl(tabel), placeholder="onbekend", hide_index=True, width="stretch")
    with st.expander("De buurten achter deze cijfers"):
        b = shell.query(kerncijfers.buurten, kern_id=kern_id)
        st.dataframe(tabelstijl(b, {"Inwoners": 0, "Huisarts (km)": 1, "Supermarkt (km)": 1, "Basisschool (km)": 1}),
                     placeholder="onbekend", hide_index=True, width="stretch")
    downloads(f"dorpscijfers-{kern_id}", {"Dorpscijfers": tabel}, "dl_dorp", "dorpscijfers")
