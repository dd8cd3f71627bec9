"""The Streamlit user interface: pages arrange widgets and call services, nothing more."""
