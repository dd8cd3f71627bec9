"""Login sessions kept in the database, so that every app server sees the same ones and ending
a session takes effect at once: Log out, a new password, deactivation, an unlinked single
sign-on identity and an admin's "end all sessions" delete the rows.

A session lasts ANNOTATOR_SESSION_HOURS (default 12) after its last use: the frame checks it
on every script run and renews it (moves `expires_at`) at most once a minute. Expired rows
are deleted whenever someone signs in.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ...db import Database
from ...errors import AuthenticationError, Forbidden
from ...models import LoginSession, User, utcnow
from ...session_tokens import new_token, parse_token, secret_digest, ttl_seconds
from .. import audit
from ..actor import Actor
from ..unit import read_service, write_service
from .lookup import user_named

#: A session's last use is written at most this often (a write per click would be wasteful).
TOUCH_SECONDS = 60


@dataclass(frozen=True)
class SessionGrant:
    """A new session: the token for the cookie, and when it ends unless used."""

    token: str
    expires_at: datetime
    session_id: str


@dataclass(frozen=True)
class ResumedSession:
    actor: Actor
    expires_at: datetime


@dataclass(frozen=True)
class SessionView:
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str | None
    address: str | None


@dataclass(frozen=True)
class _Found:
    session_id: str
    actor: Actor
    last_seen_at: datetime
    expires_at: datetime


@write_service
def start_session(
    session: Session, actor: Actor, *, user_agent: str | None = None, address: str | None = None,
    now: datetime | None = None,
) -> SessionGrant:
    """A new session for `actor`, who has just proved who they are."""
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None or not user.active:
        raise AuthenticationError("no session: the account does not exist or was deactivated")
    now = now or utcnow()
    session.execute(delete(LoginSession).where(LoginSession.expires_at <= utcnow()))
    made = new_token()
    expires = now + timedelta(seconds=ttl_seconds())
    session.add(LoginSession(
        id=made.session_id, secret_sha256=made.digest, user_id=user.id, created_at=now,
        last_seen_at=now, expires_at=expires, user_agent=user_agent[:300] if user_agent else None,
        address=address[:64] if address else None,
    ))
    return SessionGrant(made.token, expires, made.session_id)


def resume_session(db: Database, token: object, *, now: datetime | None = None) -> ResumedSession:
    """The actor of a live session as the account is now (role, active), renewing the session.
    `AuthenticationError` for a token that is malformed, unknown, ended or expired.

    A read on most calls; the renewal write happens at most once every TOUCH_SECONDS."""
    now = now or utcnow()
    found = _check(db, token, now)
    if (now - found.last_seen_at).total_seconds() >= TOUCH_SECONDS:
        return _touch(db, found.session_id, now)
    return ResumedSession(found.actor, found.expires_at)


@read_service
def _check(session: Session, token: object, now: datetime) -> _Found:
    parsed = parse_token(token)
    row = session.get(LoginSession, parsed.session_id) if parsed else None
    if parsed is None or row is None or not hmac.compare_digest(row.secret_sha256, secret_digest(parsed.secret)):
        raise AuthenticationError("session not restored: not a session, or it was ended")
    if now >= row.expires_at:
        raise AuthenticationError("session not restored: it expired")
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        raise AuthenticationError("session not restored: the account was deactivated")
    return _Found(row.id, Actor(user.id, user.username, user.role, row.id), row.last_seen_at, row.expires_at)


@write_service
def _touch(session: Session, session_id: str, now: datetime) -> ResumedSession:
    row = session.get(LoginSession, session_id)
    user = session.get(User, row.user_id) if row is not None else None
    if row is None or user is None or not user.active:  # ended since _check read it
        raise AuthenticationError("session not restored: it was ended")
    row.last_seen_at = max(row.last_seen_at, now)
    row.expires_at = max(row.expires_at, now + timedelta(seconds=ttl_seconds()))
    return ResumedSession(Actor(user.id, user.username, user.role, row.id), row.expires_at)


@write_service
def end_session(session: Session, token: object) -> None:
    """Log out: the session of this token ends (holding the token is the authority). A token
    that names no session ends nothing."""
    parsed = parse_token(token)
    if parsed is not None:
        session.execute(delete(LoginSession).where(
            LoginSession.id == parsed.session_id,
            LoginSession.secret_sha256 == secret_digest(parsed.secret)))


def drop_user_sessions(session: Session, user_id: int) -> int:
    """End every session of a user inside the caller's transaction (a changed credential,
    deactivation), including single sign-on identities issued until now; returns how many
    sessions there were."""
    ended = session.execute(delete(LoginSession).where(LoginSession.user_id == user_id))
    session.execute(update(User).where(User.id == user_id).values(sessions_ended_at=utcnow()))
    return int(ended.rowcount or 0)  # type: ignore[attr-defined]


def _account(session: Session, actor: Actor, username: str, action: str) -> User:
    user = user_named(session, username)
    if actor.user_id != user.id and not actor.is_admin:
        raise Forbidden(f"{actor.username} may not {action} of other users", action=action,
                        object_type="user", object_id=user.id)
    return user


@write_service
def end_sessions(session: Session, actor: Actor, username: str) -> int:
    """End all sessions of `username` everywhere (admins, or the user themself); audited.
    Returns how many were ended."""
    user = _account(session, actor, username, "end the sessions")
    count = drop_user_sessions(session, user.id)
    audit.record(session, actor, "end_sessions", "user", user.id, detail=f"{count} session(s) ended")
    return count


@read_service
def list_sessions(session: Session, actor: Actor, username: str) -> list[SessionView]:
    """The live sessions of `username`, newest first (admins, or the user themself)."""
    user = _account(session, actor, username, "list the sessions")
    rows = session.scalars(select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.expires_at > utcnow(),
    ).order_by(LoginSession.created_at.desc()))
    return [SessionView(r.created_at, r.last_seen_at, r.expires_at, r.user_agent, r.address) for r in rows]
