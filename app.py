"""Streamlit entry point: the login gate and the navigation between pages."""

from __future__ import annotations

import streamlit as st

from annotator.ui import oidc, pickers, routes, server, state
from annotator.ui.auth import current_actor, login_form, logout, password_form, session_cookie
from annotator.ui.text import md_escape

server.send_at_once()  # for a server started with plain `streamlit run app.py`: see annotator/ui/server.py
st.set_page_config(page_title="annotator", page_icon="🖍️", layout="wide")
state.init_state()

actor = current_actor()
if actor is None and not state.get(state.LOGGED_OUT):
    actor = oidc.signed_in_actor()
session_cookie()
if actor is None:
    login_form()
    oidc.login_buttons()
    st.stop()

# The project picker first (under the navigation, which Streamlit always draws at the top),
# then who is signed in. The picker is drawn after the page, into the place kept for it: a
# select box's browser code (about twenty files) is fetched when the first one arrives, and
# drawn before the page it made a fresh browser fetch it ahead of the page's own elements
# (the workspace's highlighter waited about 0.3 s for it). Its place on screen is the same.
pickers.project_from_url(actor)
picker = st.sidebar.container()
with st.sidebar:
    st.caption(f"Signed in as **{md_escape(actor.username)}** ({actor.role.value})")
    if st.button("Log out", key="logout"):
        logout()
        oidc.logout()
        st.rerun()
    password_form(actor)

try:
    routes.run(actor)
finally:  # also when the page stops early (st.stop) or fails
    pickers.sidebar_project(actor, picker)
