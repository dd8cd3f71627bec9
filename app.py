"""Streamlit entry point: the login gate and the navigation between pages."""

from __future__ import annotations

import streamlit as st

from annotator.ui import state
from annotator.ui.auth import current_actor, login_form, logout
from annotator.ui.pages import agreement, data, projects

st.set_page_config(page_title="annotator", page_icon="🖍️", layout="wide")
state.init_state()

actor = current_actor()
if actor is None:
    login_form()
    st.stop()

with st.sidebar:
    st.caption(f"Signed in as **{actor.username}** ({actor.role.value})")
    if st.button("Log out", key="logout"):
        logout()
        st.rerun()

pages = [st.Page(projects.render, title="Projects", icon="📁", url_path="projects", default=True)]
pages.append(st.Page(data.render, title="Import / export", icon="🔁", url_path="data"))
pages.append(st.Page(agreement.render, title="Agreement", icon="📊", url_path="agreement"))
st.navigation(pages).run()
