import streamlit as st

from vliegwiel import queries, shell

st.title("Vliegwiel van gemeenschapskracht")
st.caption("Provinciaal overzicht van bewonersinitiatieven in de kleine kernen van de provincie Utrecht")
filters = shell.current_filters()
register = shell.query(queries.initiatieven, filters=filters)
st.metric("Initiatieven", len(register))
st.dataframe(register[["naam", "kern", "gemeente", "themas"]], hide_index=True)
