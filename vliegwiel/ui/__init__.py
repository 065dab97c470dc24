"""The Streamlit glue: the only library modules that import streamlit."""
