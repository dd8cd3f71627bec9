"""Browser sessions: a token restores its actor until expiry, deactivation or a new password."""

from __future__ import annotations

import time

import pytest

from annotator.db import Database
from annotator.errors import AuthenticationError
from annotator.services.actor import Actor
from annotator.services.sessions import issue_session_token, resume_session
from annotator.services.users import set_active, set_password

from ..conftest import make_user


def test_token_restores_the_actor(db: Database) -> None:
    ana = make_user(db, "ana")
    actor, claims = resume_session(db, issue_session_token(db, ana))
    assert actor == ana and claims.user_id == ana.user_id


def test_expired_token_refused(db: Database) -> None:
    ana = make_user(db, "ana")
    token = issue_session_token(db, ana, now=time.time() - 13 * 3600)
    with pytest.raises(AuthenticationError, match="expired"):
        resume_session(db, token)


def test_new_password_ends_older_sessions(db: Database, system: Actor) -> None:
    ana = make_user(db, "ana")
    token = issue_session_token(db, ana)
    set_password(db, system, "ana", "another long password")
    with pytest.raises(AuthenticationError, match="password changed"):
        resume_session(db, token)


def test_deactivated_account_refused(db: Database, system: Actor) -> None:
    ana = make_user(db, "ana")
    token = issue_session_token(db, ana)
    set_active(db, make_user(db, "boss", "admin"), "ana", False)  # type: ignore[arg-type]
    with pytest.raises(AuthenticationError, match="deactivated"):
        resume_session(db, token)


def test_system_account_has_no_session(db: Database, system: Actor) -> None:
    with pytest.raises(AuthenticationError):
        issue_session_token(db, system)
