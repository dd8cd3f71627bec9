"""Browser sessions: a signed token for a logged-in actor, and the actor back from a token.

The token logic (signing, expiry) lives in `annotator.session_tokens`; this module ties it to
the account: a token is only honoured while the account is active and its credential is the
one the token was issued for.
"""

from __future__ import annotations

import time

from sqlalchemy.orm import Session

from ..errors import AuthenticationError
from ..models import User
from ..session_tokens import (
    InvalidToken,
    TokenClaims,
    credential_fingerprint,
    issue_token,
    load_secret,
    ttl_seconds,
    verify_token,
)
from .actor import Actor
from .unit import read_service


def _fingerprint(user: User) -> str:
    return credential_fingerprint(user.password_hash, user.oidc_subject)


@read_service
def issue_session_token(session: Session, actor: Actor, *, now: float | None = None) -> str:
    """A token that restores `actor` on a later connection (until it expires)."""
    if actor.user_id is None:
        raise AuthenticationError("the system account has no browser sessions")
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise AuthenticationError("this account no longer exists or was deactivated")
    return issue_token(
        user.id, _fingerprint(user), secret=load_secret(),
        now=time.time() if now is None else now, ttl_seconds=ttl_seconds(),
    )


@read_service
def resume_session(session: Session, token: str, *, now: float | None = None) -> tuple[Actor, TokenClaims]:
    """The actor a token was issued to, with its claims; `AuthenticationError` if the token is
    forged, expired, or the account was deactivated or changed its password since."""
    try:
        claims = verify_token(token, secret=load_secret(), now=time.time() if now is None else now)
    except InvalidToken as error:
        raise AuthenticationError(f"session not restored: {error}") from error
    user = session.get(User, claims.user_id)
    if user is None or not user.active:
        raise AuthenticationError("session not restored: the account is gone or deactivated")
    if claims.fingerprint != _fingerprint(user):
        raise AuthenticationError("session not restored: the password changed since")
    return Actor(user_id=user.id, username=user.username, role=user.role), claims
