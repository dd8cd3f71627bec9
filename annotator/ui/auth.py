"""The login gate: a form for local accounts, and a server-side session that survives a reload.

Streamlit's session state lives as long as the browser's websocket, so a reload would log the
user out. After a login the app starts a session in the database
(services/accounts/sessions.py) and writes its token into a cookie with a tiny component; a new
connection reads it back from `st.context.cookies`. Every script run checks the session again,
so a session ended anywhere (Log out in another tab, a new password, deactivation, an admin)
signs this tab out at its next click, and a changed role applies at once. Logging out ends the
session and clears the cookie.
"""

from __future__ import annotations

import ipaddress
from dataclasses import replace
from datetime import datetime

import streamlit as st

from ..errors import AnnotatorError, AuthenticationError
from ..models import utcnow
from ..services.accounts.sessions import end_session, resume_session, start_session
from ..services.accounts.users import MIN_PASSWORD_LENGTH, authenticate, change_password
from ..services.actor import Actor
from . import state
from .cookies import COOKIE_NAME, clear_cookie, write_cookie
from .resources import get_db
from .text import md_escape

#: The login form's message after a change that signed the user out (a new password).
LOGIN_NOTICE = "login_notice"


def current_actor() -> Actor | None:
    """The signed-in actor, checked against the server-side session on every run; restores
    the session from the cookie on a new connection."""
    token = state.get(state.SESSION_TOKEN)
    held = token is not None
    if not held:
        if state.get(state.LOGGED_OUT):
            return None
        token = session_cookie_value()
        if not token:
            return None
    try:
        resumed = resume_session(get_db(), token)
    except AuthenticationError:
        if held:  # this tab's session was ended elsewhere
            _forget_everything()
            state.put(state.SESSION_ENDED, True)
        return None
    _hold(resumed.actor, token, resumed.expires_at)
    return resumed.actor


def require_actor() -> Actor:
    """The signed-in actor, for pages: the frame in app.py lets only signed-in users through
    (and has already checked the session)."""
    actor: Actor | None = state.get(state.ACTOR)
    assert actor is not None, "the frame in app.py lets only signed-in users through"
    return actor


def fragment_actor() -> Actor | None:
    """The signed-in actor for a fragment's own rerun, which skips the frame in app.py: the
    session checked (and renewed) again, None once it has ended. A page run without the frame
    (a test's) holds an actor without a session: that one as it is."""
    if state.get(state.SESSION_TOKEN) is None:
        actor: Actor | None = state.get(state.ACTOR)
        return actor
    return current_actor()


def session_cookie_value() -> str | None:
    """The session cookie the browser sent when this connection was opened."""
    return st.context.cookies.get(COOKIE_NAME)


def client_address() -> str | None:
    """The client's address as Streamlit saw it: None for connections from this machine; behind
    a reverse proxy, the address it forwards (uvicorn trusts X-Forwarded-For from 127.0.0.1
    and ::1, or from the addresses in FORWARDED_ALLOW_IPS)."""
    try:
        value = st.context.ip_address
        return str(ipaddress.ip_address(value)) if isinstance(value, str) else None
    except (ValueError, RuntimeError):  # not an address; no client connection (bare runs)
        return None


def _user_agent() -> str | None:
    try:
        value = st.context.headers.get("User-Agent")
    except (KeyError, RuntimeError):
        return None
    return value if isinstance(value, str) else None  # AppTest hands out mocks


def _hold(actor: Actor, token: str, expires_at: datetime) -> None:
    state.put(state.ACTOR, actor)
    state.put(state.SESSION_TOKEN, token)
    state.put(state.SESSION_EXPIRES, expires_at)


def begin_session(actor: Actor) -> Actor:
    """Start a server-side session for an actor who has just signed in (form or provider);
    the actor as the pages hold it, tied to that session (the services refuse it once the
    session has ended)."""
    grant = start_session(get_db(), actor, user_agent=_user_agent(), address=client_address())
    held = replace(actor, session_id=grant.session_id)
    state.put(state.LOGGED_OUT, False)
    state.put(state.SESSION_ENDED, False)
    _hold(held, grant.token, grant.expires_at)
    return held


def _login(username: str, password: str) -> None:
    try:
        actor = authenticate(get_db(), username, password, address=client_address())
        begin_session(actor)
    except AuthenticationError as error:
        st.session_state["login_error"] = str(error)


def session_cookie() -> None:
    """Keep the browser's cookie in step with this session: the token while signed in,
    nothing after signing out. Called on every run."""
    token, expires = state.get(state.SESSION_TOKEN), state.get(state.SESSION_EXPIRES)
    if state.get(state.ACTOR) is not None and token and expires is not None:
        # Whole minutes, so the component's data (and the cookie) change at most once a minute.
        left = int((expires - utcnow()).total_seconds()) // 60 * 60
        write_cookie(token, max(left, 60))
    elif state.get(state.LOGGED_OUT) or session_cookie_value():
        clear_cookie()


def login_form() -> None:
    st.title("annotator")
    st.caption("Claims, framing devices and funding context in news articles.")
    notice = st.session_state.pop(LOGIN_NOTICE, None)
    if notice:
        st.success(notice)
    elif state.get(state.SESSION_ENDED):
        st.info("Your session has ended (logged out elsewhere, a new password, or ended by an "
                "admin). Please log in again.")
    with st.form("login"):
        # The autocomplete hints let password managers fill the form (Streamlit marks a
        # password field "new-password" unless told otherwise).
        username = st.text_input("User name", key="login_username", autocomplete="username")
        password = st.text_input("Password", type="password", key="login_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        _login(username, password)
        if state.get(state.ACTOR) is not None:  # signed in (the cookie was tried before the form)
            st.rerun()
    error = st.session_state.pop("login_error", None)
    if error:
        st.error(error)


def _forget_everything() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    state.init_state()
    # The cookie this connection was opened with must not sign the user back in.
    state.put(state.LOGGED_OUT, True)


def password_form(actor: Actor) -> None:
    """*Change password* in the sidebar: a button that opens the form in a dialog, so that no
    page draws the form's fields until it is asked for."""
    if st.button("Change password", icon=":material/key:", key="change_password_open"):
        _password_dialog(actor)


@st.dialog("Change password")
def _password_dialog(actor: Actor) -> None:
    """Change one's own password (the current one first). A new password signs the account
    out everywhere, this tab too: the login form follows, saying why."""
    with st.form("change_password", clear_on_submit=True, border=False):
        current = st.text_input("Current password", type="password", autocomplete="current-password")
        new = st.text_input(f"New password (at least {MIN_PASSWORD_LENGTH} characters)", type="password",
                            autocomplete="new-password")
        again = st.text_input("New password again", type="password", autocomplete="new-password")
        if not st.form_submit_button("Change password", type="primary"):
            return
    if new != again:
        st.error("The two new passwords differ.")
        return
    try:
        change_password(get_db(), actor, current, new, address=client_address())
    except AnnotatorError as error:
        st.error(md_escape(str(error)))
        return
    _forget_everything()
    st.session_state[LOGIN_NOTICE] = "Your password is changed, and every session of yours has ended. Log in with the new password."
    st.rerun()


def logout() -> None:
    """End this tab's session on the server, then forget it here."""
    token = state.get(state.SESSION_TOKEN)
    if token:
        end_session(get_db(), token)
    _forget_everything()
