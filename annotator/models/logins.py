"""Server-side login state shared by every app server: browser sessions and failed-login counts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class LoginSession(Base):
    """One signed-in browser. The cookie holds `v2.<id>.<secret>`; only the sha256 of the
    secret is stored, so neither this table nor a password hash makes a usable token.
    Ending a session deletes its row."""

    __tablename__ = "login_sessions"

    #: Random, public part of the token (22 base64url characters).
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: sha256 (hex) of the token's random secret.
    secret_sha256: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Slides forward with use: ANNOTATOR_SESSION_HOURS after the last request.
    expires_at: Mapped[datetime] = mapped_column(index=True)
    user_agent: Mapped[str | None] = mapped_column(String(300))
    #: Client address at sign-in, as Streamlit saw it (None for local connections).
    address: Mapped[str | None] = mapped_column(String(64))


class LoginThrottle(Base):
    """Failed logins counted for one bucket: a (user name, address) pair, an address, or a
    user name (services/accounts/login_throttle.py has the rule). User names are stored only
    as a digest: people sometimes type their password into the user-name field."""

    __tablename__ = "login_throttle"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: sha256 (hex) of the bucket's kind, user name and address.
    bucket: Mapped[str] = mapped_column(String(64), unique=True)
    #: sha256 (hex) of the lower-cased user name, for clearing an account's buckets; None
    #: for an address bucket.
    name_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None]
    #: Last successful login through this (user name, address) pair: such addresses are
    #: exempt from the per-account threshold for a while.
    succeeded_at: Mapped[datetime | None]
