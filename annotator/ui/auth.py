"""The login gate: a form for local accounts; the actor is kept in the session."""

from __future__ import annotations

import streamlit as st

from ..errors import AuthenticationError
from ..services.actor import Actor
from ..services.users import authenticate
from . import state
from .resources import get_db


def current_actor() -> Actor | None:
    return state.get(state.ACTOR)


def _login(username: str, password: str) -> None:
    try:
        state.put(state.ACTOR, authenticate(get_db(), username, password))
    except AuthenticationError as error:
        st.session_state["login_error"] = str(error)


def login_form() -> None:
    st.title("annotator")
    st.caption("Claims, framing devices and funding context in news articles.")
    with st.form("login"):
        username = st.text_input("User name", key="login_username")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        _login(username, password)
        if current_actor() is not None:
            st.rerun()
    error = st.session_state.pop("login_error", None)
    if error:
        st.error(error)


def logout() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    state.init_state()
