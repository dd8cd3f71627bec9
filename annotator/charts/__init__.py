"""Plotly figure builders: pure functions from service data to figures, without Streamlit."""
