"""The login gate restores a session from the cookie's token (AppTest sends no cookies, so the
cookie's value is supplied here; the real cookie round trip is in tests/e2e)."""

from __future__ import annotations

import time

import pytest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.sessions import issue_session_token
from annotator.services.users import create_user
from annotator.ui import auth

from .workspace_support import PASSWORD, new_app


@pytest.fixture
def token(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    user = create_user(sqlite_db, Actor.system(), "ana", PASSWORD)
    return issue_session_token(sqlite_db, Actor(user.id, "ana", GlobalRole.ANNOTATOR))


def signed_in(at) -> bool:  # type: ignore[no-untyped-def]
    return any("Signed in as" in c.value for c in at.sidebar.caption)


def test_valid_cookie_restores_the_session(token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth, "session_cookie_value", lambda: token)
    at = new_app().run()
    assert signed_in(at) and not at.text_input
    # Logging out wins over the cookie this connection was opened with.
    at.button(key="logout").click().run()
    assert not signed_in(at) and at.text_input(key="login_username")
    at.run()
    assert not signed_in(at)


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "", lambda t: "v1.garbage.sig"])
def test_bad_cookie_shows_the_login_form(token: str, monkeypatch: pytest.MonkeyPatch, mangle) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(auth, "session_cookie_value", lambda: mangle(token))
    at = new_app().run()
    assert not signed_in(at) and at.text_input(key="login_username")


def test_expired_cookie_shows_the_login_form(sqlite_db: Database, token: str, monkeypatch: pytest.MonkeyPatch) -> None:
    old = issue_session_token(sqlite_db, Actor(1, "ana", GlobalRole.ANNOTATOR), now=time.time() - 13 * 3600)
    monkeypatch.setattr(auth, "session_cookie_value", lambda: old)
    at = new_app().run()
    assert not signed_in(at)
