"""Sections the gemeente and kern profiles share (Streamlit glue; the data comes from
`vliegwiel.profielen`)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from vliegwiel import profielen
from vliegwiel.format import md, opsomming, tabelstijl


def pilots_lijst(pil: pd.DataFrame) -> None:
    """One line per pilot: name, phase and status (unknown shown as such)."""
    for p in pil.itertuples():
        st.markdown(f"- **{md(p.naam)}**: fase {md(p.fase)}, status {md(p.status)}")


def organisaties_sectie(org: pd.DataFrame, waar: str) -> None:
    """'Verbonden organisaties' for the initiatives in `waar` ('deze gemeente', 'deze kern')."""
    st.subheader("Verbonden organisaties")
    if org.empty:
        st.markdown(f"Geen verbindingen met organisaties bekend voor de initiatieven in {waar}.")
    else:
        st.dataframe(tabelstijl(profielen.organisaties_tabel(org), ongemoeid=("Website",)), placeholder="onbekend", hide_index=True,
                     width="stretch",
                     column_config={"Website": st.column_config.LinkColumn(display_text="website")})


def thema_regels(t: pd.DataFrame, titel: str = "Met een initiatief") -> None:
    """Which of the themes in `t` have an initiative here, and the witte vlekken (those without)."""
    aanwezig, ontbreekt = t[t["aanwezig"]], t[~t["aanwezig"]]
    st.markdown(f"**{titel} ({len(aanwezig)} van {len(t)}):** " + (opsomming(aanwezig["naam"], 15) or "geen"))
    st.markdown(f"**Witte vlekken ({len(ontbreekt)}):** " + (opsomming(ontbreekt["naam"], 15) or "geen"))
