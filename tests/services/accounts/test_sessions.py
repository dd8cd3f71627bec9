"""Server-side login sessions: a token restores its actor until it expires or is ended (log out,
a new password, deactivation, an admin), and nothing a database reader sees makes a token."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text

from annotator.db import Database
from annotator.errors import AuthenticationError, Forbidden, NotFound
from annotator.models import AuditEvent, User, utcnow
from annotator.services.accounts.admin import reset_password
from annotator.services.accounts.sessions import (
    end_session,
    end_sessions,
    list_sessions,
    resume_session,
    start_session,
)
from annotator.services.accounts.users import set_active, set_password
from annotator.services.actor import Actor

from ...conftest import make_user

UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140"


def test_token_restores_the_actor(db: Database) -> None:
    ana = make_user(db, "ana")
    grant = start_session(db, ana, user_agent=UA, address="203.0.113.5")
    resumed = resume_session(db, grant.token)
    assert resumed.actor == ana and resumed.expires_at == grant.expires_at
    [view] = list_sessions(db, ana, "ana")
    assert (view.user_agent, view.address) == (UA, "203.0.113.5")
    assert view.created_at <= view.last_seen_at < view.expires_at


def test_log_out_ends_the_session_at_once(db: Database) -> None:
    ana = make_user(db, "ana")
    first, second = start_session(db, ana), start_session(db, ana)
    end_session(db, first.token)
    with pytest.raises(AuthenticationError, match="ended"):
        resume_session(db, first.token)
    assert resume_session(db, second.token).actor == ana  # another browser stays signed in
    end_session(db, first.token)  # twice, or with garbage: nothing to end, no error
    end_session(db, "v1.éabc.xyz")


def test_new_password_ends_every_session(db: Database, system: Actor) -> None:
    ana = make_user(db, "ana")
    tokens = [start_session(db, ana).token for _ in range(2)]
    set_password(db, system, "ana", "another long password")
    for token in tokens:
        with pytest.raises(AuthenticationError, match="ended"):
            resume_session(db, token)
    token = start_session(db, ana).token
    reset_password(db, make_user(db, "boss", "admin"), "ana")  # type: ignore[arg-type]
    with pytest.raises(AuthenticationError):
        resume_session(db, token)


def test_deactivation_ends_every_session(db: Database) -> None:
    ana = make_user(db, "ana")
    token = start_session(db, ana).token
    boss = make_user(db, "boss", "admin")  # type: ignore[arg-type]
    set_active(db, boss, "ana", False)
    with pytest.raises(AuthenticationError):
        resume_session(db, token)
    set_active(db, boss, "ana", True)  # reactivating does not bring old sessions back
    with pytest.raises(AuthenticationError):
        resume_session(db, token)
    set_active(db, boss, "ana", False)
    with pytest.raises(AuthenticationError, match="deactivated"):
        start_session(db, ana)


def test_admin_ends_all_sessions_of_a_user(db: Database) -> None:
    ana, bob = make_user(db, "ana"), make_user(db, "bob")
    boss = make_user(db, "boss", "admin")  # type: ignore[arg-type]
    anas = [start_session(db, ana).token for _ in range(3)]
    bobs = start_session(db, bob).token
    with pytest.raises(Forbidden):
        end_sessions(db, bob, "ana")
    with pytest.raises(Forbidden):
        list_sessions(db, bob, "ana")
    assert resume_session(db, anas[0]).actor == ana
    assert end_sessions(db, boss, "ana") == 3
    for token in anas:
        with pytest.raises(AuthenticationError):
            resume_session(db, token)
    assert resume_session(db, bobs).actor == bob
    assert list_sessions(db, boss, "ana") == []
    assert end_sessions(db, bob, "bob") == 1  # anyone may end their own
    with pytest.raises(NotFound):
        end_sessions(db, boss, "nobody")
    with db.read() as s:
        details = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "end_sessions")).all()
    assert details == ["3 session(s) ended", "1 session(s) ended"]


def test_expiry_and_sliding_renewal(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_SESSION_HOURS", "12")
    ana = make_user(db, "ana")
    t0 = utcnow()
    grant = start_session(db, ana, now=t0)
    assert grant.expires_at == t0 + timedelta(hours=12)
    # Used after 6 hours: the session now lasts until 12 hours after that use.
    renewed = resume_session(db, grant.token, now=t0 + timedelta(hours=6))
    assert renewed.expires_at == t0 + timedelta(hours=18)
    assert resume_session(db, grant.token, now=t0 + timedelta(hours=17)).actor == ana
    with pytest.raises(AuthenticationError, match="expired"):
        resume_session(db, grant.token, now=t0 + timedelta(hours=17 + 12, minutes=1))
    idle = start_session(db, ana, now=t0)
    with pytest.raises(AuthenticationError, match="expired"):
        resume_session(db, idle.token, now=t0 + timedelta(hours=12))


def test_expired_rows_are_cleaned_up(db: Database) -> None:
    ana = make_user(db, "ana")
    t0 = utcnow()
    start_session(db, ana, now=t0 - timedelta(hours=13))
    start_session(db, ana, now=t0 - timedelta(hours=1))
    start_session(db, ana, now=t0)
    with db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM login_sessions")) == 2


def test_nothing_a_database_reader_sees_makes_a_token(db: Database) -> None:
    ana = make_user(db, "ana")
    grant = start_session(db, ana, user_agent=UA)
    secret = grant.token.split(".")[2]
    dump = []
    with db.read() as s:
        for table in inspect(s.connection()).get_table_names():
            dump += [repr(tuple(row)) for row in s.execute(text(f'SELECT * FROM "{table}"'))]
        row = s.execute(text("SELECT * FROM login_sessions")).mappings().one()
    assert secret not in "\n".join(dump)
    session_id = grant.token.split(".")[1]
    for value in row.values():
        with pytest.raises(AuthenticationError):
            resume_session(db, f"v2.{session_id}.{value}")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def test_a_token_built_from_a_server_secret_and_the_hash_is_refused(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forged-admin chain: the old tokens were HMACs of the password hash under a secret
    file; whoever read both could sign in as anyone. No server secret makes a token now."""
    secret = "s" * 40
    monkeypatch.setenv("ANNOTATOR_SESSION_SECRET", secret)
    boss = make_user(db, "boss", "admin")  # type: ignore[arg-type]
    with db.read() as s:
        password_hash = s.scalar(select(User.password_hash).where(User.id == boss.user_id))
    now = int(utcnow().timestamp())
    claims = {"exp": now + 3600, "fp": hashlib.sha256(f"{password_hash}|".encode()).hexdigest()[:16],
              "iat": now, "u": boss.user_id}
    payload = _b64(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    signature = _b64(hmac.new(secret.encode(), f"v1.{payload}".encode(), hashlib.sha256).digest())
    with pytest.raises(AuthenticationError):
        resume_session(db, f"v1.{payload}.{signature}")


@pytest.mark.parametrize("token", [
    "v1.éabc.xyz", "", "v2", "v2..", "v2.e30.x", "é" * 10_000, "v2." + "a" * 22 + "." + "a" * 43,
    "v2." + "a" * 22 + "." + "a" * 10**6, "\x00", "v2.\ud800." + "a" * 43,
])
def test_malformed_tokens_are_not_sessions(db: Database, token: str) -> None:
    make_user(db, "ana")
    with pytest.raises(AuthenticationError):
        resume_session(db, token)


def test_sessions_are_shared_between_app_servers(db: Database) -> None:
    ana = make_user(db, "ana")
    other = Database(db.url)
    try:
        token = start_session(db, ana).token
        assert resume_session(other, token).actor == ana
        end_session(other, token)
        with pytest.raises(AuthenticationError):
            resume_session(db, token)
    finally:
        other.dispose()


def test_a_changed_role_applies_to_a_running_session(db: Database) -> None:
    from annotator.services.accounts.users import set_role

    ana = make_user(db, "ana")
    token = start_session(db, ana).token
    set_role(db, make_user(db, "boss", "admin"), "ana", "curator")  # type: ignore[arg-type]
    assert resume_session(db, token).actor.role.value == "curator"


def test_system_account_has_no_session(db: Database, system: Actor) -> None:
    with pytest.raises(AuthenticationError):
        start_session(db, system)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.one_of(st.text(), st.text(alphabet="v2.abcXYZ_-é\x00", min_size=60, max_size=75)))
def test_any_text_is_no_session_or_a_refusal(sqlite_db: Database, token: str) -> None:
    with pytest.raises(AuthenticationError):
        resume_session(sqlite_db, token)
    end_session(sqlite_db, token)



def test_an_actor_held_from_an_ended_session_is_refused_by_every_service(db: Database, admin: Actor) -> None:
    """A page holds the actor its session gave (a fragment of the curation view, a widget's
    callback: both run before the frame checks the session again). Once the session is ended
    (by an admin, a deactivation, a new password, Log out elsewhere) or the account's role
    changes, every service refuses that actor, reading or writing, and nothing is written: the
    work of an open tab stops at once, as it must after a stolen cookie."""
    from annotator.services.accounts.users import set_role
    from annotator.services.annotation.spans import SpanIn, create_annotation, list_annotations

    from ...support.builders import add_member, project_with_document

    text = "The so-called rebels attacked first."
    project_id, doc = project_with_document(db, admin, text)
    ana = make_user(db, "ana")
    add_member(db, admin, project_id, ana)

    def held() -> Actor:
        return resume_session(db, start_session(db, ana).token).actor

    def save(actor: Actor) -> object:
        return create_annotation(db, actor, doc, SpanIn(4, 13, "scare_quotes", "so-called"))

    def refused(actor: Actor) -> None:
        with pytest.raises(AuthenticationError, match="sign in again"):
            save(actor)
        with pytest.raises(AuthenticationError, match="sign in again"):
            list_annotations(db, actor, doc)
        assert list_annotations(db, admin, doc) == []

    actor = held()
    assert list_annotations(db, actor, doc) == []  # a live session reads and writes
    end_sessions(db, admin, "ana")
    refused(actor)
    actor = held()
    end_session(db, start_session(db, ana).token)  # Log out of another browser ends only that one
    assert list_annotations(db, actor, doc) == []
    set_active(db, admin, "ana", False)
    set_active(db, admin, "ana", True)
    refused(actor)
    actor = held()
    set_password(db, admin, "ana", "another long password")
    refused(actor)
    actor = held()
    set_role(db, admin, "ana", "curator")
    refused(actor)
    # A fresh session acts again; the command line and the tests act without one.
    assert save(held()).quote == "so-called"
    assert list_annotations(db, ana, doc)[0].quote == "so-called"
