"""DataFrame -> plotly figure, folium map or HTML document: no SQL, no Streamlit."""
