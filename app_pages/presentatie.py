"""Presentatie: eight calm slides for the oogstfeest. The slide itself is a fragment, so paging (buttons,
arrow keys, a clicker) reruns only the slide."""
import streamlit as st

from vliegwiel import presentatie
from vliegwiel.ui import presentatie as presentatie_ui

presentatie_ui.dia_stijl()
presentatie_ui.voorladen()
presentatie_ui.dia()

seconden = presentatie.dia_seconden()
st.fragment(run_every=min(5.0, seconden / 2) if st.session_state.get("automatisch") else None)(
    presentatie_ui.automatisch_doorbladeren)(seconden)
