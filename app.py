"""Streamlit entry point: the login gate and the navigation between pages."""

from __future__ import annotations

import streamlit as st

from annotator.ui import state
from annotator.ui.auth import current_actor, login_form, logout, session_cookie
from annotator.ui.pages import (
    data,
    documents,
    entity,
    projects,
    proposals,
    registry,
    sources,
    workspace,
)
from annotator.ui.text import md_escape

st.set_page_config(page_title="annotator", page_icon="🖍️", layout="wide")
state.init_state()

actor = current_actor()
session_cookie()
if actor is None:
    login_form()
    st.stop()

with st.sidebar:
    st.caption(f"Signed in as **{md_escape(actor.username)}** ({actor.role.value})")
    if st.button("Log out", key="logout"):
        logout()
        st.rerun()

pages = [
    st.Page(projects.render, title="Projects", icon="📁", url_path="projects", default=True),
    documents.page(),
    workspace.page(),
    registry.page(),
    entity.page(),
    proposals.page(),
    sources.page(),
    st.Page(data.render, title="Import / export", icon="🔁", url_path="data"),
]
st.navigation(pages).run()
