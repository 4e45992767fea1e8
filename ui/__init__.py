"""Streamlit glue shared by the pages: session state, cached reads, translation binding."""
