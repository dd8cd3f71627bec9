"""The login gate: a form for local accounts, and a session that survives a page reload.

Streamlit's session state lives as long as the browser's websocket, so a reload would log the
user out. After a login the app writes a signed, expiring token (annotator.session_tokens)
into a cookie with a tiny component; a new connection reads it back from `st.context.cookies`
and restores the actor if the token is genuine, unexpired and the account still active with
the same password. Logging out clears the cookie.
"""

from __future__ import annotations

import time

import streamlit as st

from ..errors import AuthenticationError
from ..services.actor import Actor
from ..services.sessions import issue_session_token, resume_session
from ..services.users import authenticate
from ..session_tokens import ttl_seconds
from . import state
from .cookies import COOKIE_NAME, clear_cookie, write_cookie
from .resources import get_db


def current_actor() -> Actor | None:
    """The logged-in actor; restores it from the session cookie on a new connection."""
    actor: Actor | None = state.get(state.ACTOR)
    if actor is None and not state.get(state.LOGGED_OUT):
        actor = _restore()
    return actor


def require_actor() -> Actor:
    """The signed-in actor, for pages: the frame in app.py lets only signed-in users through
    (and has already restored a session from its cookie)."""
    actor: Actor | None = state.get(state.ACTOR)
    assert actor is not None, "the frame in app.py lets only signed-in users through"
    return actor


def session_cookie_value() -> str | None:
    """The session cookie the browser sent when this connection was opened."""
    return st.context.cookies.get(COOKIE_NAME)


def _restore() -> Actor | None:
    token = session_cookie_value()
    if not token:
        return None
    try:
        actor, claims = resume_session(get_db(), token)
    except AuthenticationError:
        return None
    state.put(state.ACTOR, actor)
    # Sliding expiry: a token past half its life is replaced by a fresh one.
    renew = claims.age(time.time()) > (claims.expires_at - claims.issued_at) / 2
    state.put(state.SESSION_TOKEN, issue_session_token(get_db(), actor) if renew else token)
    return actor


def _login(username: str, password: str) -> None:
    try:
        actor = authenticate(get_db(), username, password)
    except AuthenticationError as error:
        st.session_state["login_error"] = str(error)
        return
    state.put(state.ACTOR, actor)
    state.put(state.LOGGED_OUT, False)
    state.put(state.SESSION_TOKEN, issue_session_token(get_db(), actor))


def session_cookie() -> None:
    """Keep the browser's cookie in step with this session: the token while logged in,
    nothing after logging out. Called on every run."""
    token = state.get(state.SESSION_TOKEN)
    if state.get(state.ACTOR) is not None and token:
        write_cookie(token, ttl_seconds())
    elif state.get(state.LOGGED_OUT) or session_cookie_value():
        clear_cookie()


def login_form() -> None:
    st.title("annotator")
    st.caption("Claims, framing devices and funding context in news articles.")
    with st.form("login"):
        username = st.text_input("User name", key="login_username")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        _login(username, password)
        if state.get(state.ACTOR) is not None:  # signed in (the cookie was tried before the form)
            st.rerun()
    error = st.session_state.pop("login_error", None)
    if error:
        st.error(error)


def logout() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    state.init_state()
    # The cookie this connection was opened with must not log the user back in.
    state.put(state.LOGGED_OUT, True)
