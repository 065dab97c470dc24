"""Sections the gemeente and kern profiles share (Streamlit glue; the data comes from
`vliegwiel.profielen`)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from vliegwiel import profielen
from vliegwiel.format import md


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
        st.dataframe(profielen.organisaties_tabel(org), hide_index=True, width="stretch",
                     column_config={"Website": st.column_config.LinkColumn(display_text="website")})
