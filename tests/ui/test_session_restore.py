"""The login gate restores a session from the cookie's token, and only while the session lives
on the server (AppTest sends no cookies, so the cookie's value is supplied here; the real
cookie round trip is in tests/e2e/test_sessions_browser.py)."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models import utcnow
from annotator.models.enums import GlobalRole
from annotator.services.accounts.sessions import end_sessions, list_sessions, start_session
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.ui import auth

from .workspace_support import PASSWORD, log_in, new_app


@pytest.fixture
def ana(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Actor:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    user = create_user(sqlite_db, Actor.system(), "ana", PASSWORD)
    return Actor(user.id, "ana", GlobalRole.ANNOTATOR)


def signed_in(at: AppTest) -> bool:
    return any("Signed in as" in c.value for c in at.sidebar.caption)


def shows_login_form(at: AppTest) -> bool:
    return not at.exception and not signed_in(at) and bool(at.text_input(key="login_username"))


def with_cookie(monkeypatch: pytest.MonkeyPatch, value: str | None) -> AppTest:
    """A new connection (a reload, another tab) whose request carried this cookie."""
    monkeypatch.setattr(auth, "session_cookie_value", lambda: value)
    return new_app().run()


def test_valid_cookie_restores_the_session(sqlite_db: Database, ana: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    at = with_cookie(monkeypatch, start_session(sqlite_db, ana).token)
    assert signed_in(at) and "login_username" not in [t.key for t in at.text_input]
    # Logging out wins over the cookie this connection was opened with.
    at.button(key="logout").click().run()
    assert shows_login_form(at)
    at.run()
    assert not signed_in(at)


def test_a_cookie_copied_before_log_out_no_longer_signs_in(ana: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "session_cookie_value", lambda: None)
    at = log_in(new_app(), "ana")
    assert signed_in(at)
    copied = at.session_state["session_token"]
    assert shows_login_form(with_cookie(monkeypatch, copied)) is False  # still valid before log out
    at.button(key="logout").click().run()
    assert shows_login_form(with_cookie(monkeypatch, copied))


def test_ending_the_sessions_signs_an_open_tab_out(sqlite_db: Database, ana: Actor,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    at = with_cookie(monkeypatch, start_session(sqlite_db, ana).token)
    assert signed_in(at)
    end_sessions(sqlite_db, Actor.system(), "ana")
    at.run()
    assert shows_login_form(at)
    assert any("session has ended" in i.value for i in at.info)


@pytest.mark.parametrize("cookie", [
    "v1.éabc.xyz", "", "v1.garbage.sig", "v2.x.y", "é" * 5000, "v2." + "a" * 22 + "." + "b" * 43,
    "\x00\x01", "v2.\U0001f600." + "a" * 43, "a" * 100_000,
])
def test_malformed_cookies_show_the_login_form(ana: Actor, monkeypatch: pytest.MonkeyPatch, cookie: str) -> None:
    assert shows_login_form(with_cookie(monkeypatch, cookie))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cookie=st.text(max_size=300))
def test_any_cookie_text_shows_the_login_form(ana: Actor, monkeypatch: pytest.MonkeyPatch, cookie: str) -> None:
    assert shows_login_form(with_cookie(monkeypatch, cookie))


def test_expired_cookie_shows_the_login_form(sqlite_db: Database, ana: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    old = start_session(sqlite_db, ana, now=utcnow() - timedelta(hours=13)).token
    assert shows_login_form(with_cookie(monkeypatch, old))


def test_a_deactivated_account_is_signed_out(sqlite_db: Database, ana: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services.accounts.users import set_active

    at = with_cookie(monkeypatch, start_session(sqlite_db, ana).token)
    set_active(sqlite_db, Actor.system(), "ana", False)
    at.run()
    assert shows_login_form(at)


def test_single_sign_on_starts_a_session_that_ending_the_sessions_ends(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The provider's identity (Streamlit's own cookie, faked here) signs in and starts a
    server-side session; after "end all sessions" the open tab is signed out and the same
    identity, issued before that, does not sign a new connection in again."""
    from annotator.ui import oidc

    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    claims = {"iss": "https://id.example.org", "sub": "77", "preferred_username": "cleo",
              "email_verified": True, "iat": int(time.time()) - 60}
    monkeypatch.setattr(oidc, "configured", lambda: True)
    monkeypatch.setattr(oidc, "_logged_in", lambda: True)
    monkeypatch.setattr(oidc, "_claims", lambda: claims)
    at = with_cookie(monkeypatch, None)
    assert signed_in(at) and at.session_state["session_token"]
    [view] = list_sessions(sqlite_db, Actor.system(), "cleo")
    assert view.expires_at > utcnow()
    end_sessions(sqlite_db, Actor.system(), "cleo")
    at.run()
    assert not signed_in(at) and any("session has ended" in i.value for i in at.info)
    again = with_cookie(monkeypatch, None)
    assert not signed_in(again)
    assert any("sign in with your provider again" in e.value for e in again.error)
