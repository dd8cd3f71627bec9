"""Plotly figure builders for the pages: pure functions of service results (no Streamlit)."""
