import streamlit as st

st.title("Data & bronnen")
st.info("Deze pagina is nog niet beschikbaar. Ze wordt in een volgende versie toegevoegd.")
