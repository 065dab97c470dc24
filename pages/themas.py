import streamlit as st

st.title("Thema's")
st.info("Deze pagina is nog niet beschikbaar. Ze wordt in een volgende versie toegevoegd.")
