"""The livelihood-projects tracker's domain: plain Python, no Streamlit, no database driver."""
