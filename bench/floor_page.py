"""The floor for the page benchmarks: a bare Streamlit page with a title and nothing else."""

import streamlit as st

st.title("民生实事 · floor")
