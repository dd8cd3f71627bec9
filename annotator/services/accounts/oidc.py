"""Sign-in through OpenID Connect (Streamlit's `st.login`): mapping an identity to a User.

The rule, in order:
1. An account already linked to this issuer + subject is used (refused if deactivated).
   Links are made by an admin (`link_identity`: the Administration page or `users link`), or
2. by e-mail, only where all of this holds: the issuer is on the allow-list
   ANNOTATOR_OIDC_LINK_ISSUERS (issuer URLs separated by spaces or commas; empty by default),
   the provider says `email_verified: true` (a JSON boolean: the string "true" does not
   count), exactly one account has that address, it is linked to no other identity, and it
   is not a global admin (an admin account is linked only by another admin's decision).
   A provider that lets users claim any address could otherwise take over the account.
3. If some account has the identity's e-mail address but rule 2 does not allow the link, the
   sign-in is refused with the issuer and subject an admin needs to link it.
4. Otherwise a new annotator account is created (no password; it can sign in only through
   the provider) unless `create` is False. It belongs to no project until an admin adds it.
Every link, unlink and creation is audited.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...errors import AuthenticationError, Conflict, Forbidden, InvalidInput
from ...models import User
from ...models.enums import GlobalRole
from .. import audit
from ..actor import Actor
from ..unit import write_service
from .lookup import accounts_by_fold, fold, user_named
from .sessions import drop_user_sessions

LINK_ISSUERS_ENV = "ANNOTATOR_OIDC_LINK_ISSUERS"


@dataclass(frozen=True)
class OidcIdentity:
    issuer: str
    subject: str
    email: str | None = None
    email_verified: bool = False
    name: str | None = None
    preferred_username: str | None = None
    #: When the provider issued the identity (`iat`, UTC): one issued before the account's
    #: sessions were ended is refused.
    issued_at: datetime | None = None

    @property
    def key(self) -> str:
        return f"{self.issuer}|{self.subject}"

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> OidcIdentity:
        """From ID-token claims (what `st.user` holds): iss, sub, email, email_verified, ..."""
        issuer, subject = claims.get("iss"), claims.get("sub")
        if not issuer or not subject:
            raise InvalidInput("the identity provider sent no issuer (iss) or subject (sub)")
        iat = claims.get("iat")
        issued = (datetime.fromtimestamp(iat, UTC).replace(tzinfo=None)
                  if isinstance(iat, int | float) and not isinstance(iat, bool) and 0 < iat < 2**33 else None)
        return cls(
            issuer=str(issuer), subject=str(subject), email=claims.get("email") or None,
            email_verified=claims.get("email_verified") is True, issued_at=issued,
            name=claims.get("name") or None,
            preferred_username=claims.get("preferred_username") or claims.get("nickname") or None,
        )


def _free_username(session: Session, identity: OidcIdentity) -> str:
    base = identity.preferred_username or (identity.email or "").split("@")[0] or "user"
    base = re.sub(r"[^\w.@-]+", "-", base).strip("-")[:100] or "user"
    taken = accounts_by_fold(session)  # no name that differs from an account's in case only
    if fold(base) not in taken:
        return base
    return next(f"{base}-{i}" for i in range(2, len(taken) + 3) if fold(f"{base}-{i}") not in taken)


def link_issuers() -> frozenset[str]:
    """Issuers trusted to link accounts by verified e-mail (ANNOTATOR_OIDC_LINK_ISSUERS)."""
    return frozenset(i for i in re.split(r"[\s,]+", os.environ.get(LINK_ISSUERS_ENV, "")) if i)


def _by_email(session: Session, identity: OidcIdentity) -> User | None:
    """The account rule 2 links this identity to; `AuthenticationError` (rule 3) when an
    account has the address but may not be linked automatically; None when none has it."""
    if not identity.email:
        return None
    matches = session.scalars(select(User).where(func.lower(User.email) == identity.email.lower())).all()
    if not matches:
        return None
    if (len(matches) == 1 and matches[0].oidc_subject is None and identity.email_verified
            and identity.issuer in link_issuers() and matches[0].role != GlobalRole.ADMIN):
        return matches[0]
    raise AuthenticationError(
        "an account with this e-mail address exists, but this sign-in may not take it over by "
        f"itself; ask an admin to link it (issuer {identity.issuer}, subject {identity.subject})")


@write_service
def actor_for_identity(session: Session, identity: OidcIdentity, *, create: bool = True) -> Actor:
    """The actor to sign in as, following the rule in the module docstring."""
    system = Actor.system()
    user = session.scalar(select(User).where(User.oidc_subject == identity.key))
    if user is None:
        user = _by_email(session, identity)
        if user is not None:
            user.oidc_subject = identity.key
            audit.record(session, system, "link_oidc", "user", user.id,
                         detail=f"linked to {identity.issuer} by verified e-mail (trusted issuer)")
    if user is None:
        if not create:
            raise AuthenticationError("no account is linked to this sign-in; ask an admin")
        user = User(username=_free_username(session, identity),
                    display_name=identity.name or identity.preferred_username or "",
                    password_hash=None, role=GlobalRole.ANNOTATOR, email=identity.email,
                    oidc_subject=identity.key)
        session.add(user)
        session.flush()
        audit.record(session, system, "create", "user", user.id, after=audit.snapshot(user),
                     detail=f"first sign-in through {identity.issuer}")
    if not user.active:
        raise AuthenticationError("this account was deactivated")
    ended = user.sessions_ended_at
    # iat has whole seconds: a sign-in in the same second as the ending counts as after it.
    if ended is not None and identity.issued_at is not None and identity.issued_at + timedelta(seconds=1) <= ended:
        raise AuthenticationError("this sign-in was ended since; sign in with your provider again")
    return Actor(user.id, user.username, user.role)


def _admin_target(session: Session, actor: Actor, username: str, action: str) -> User:
    user = user_named(session, username)
    if not actor.is_admin:
        raise Forbidden(f"{actor.username} may not {action}", action=action, object_type="user",
                        object_id=user.id)
    return user


@write_service
def link_identity(session: Session, actor: Actor, username: str, issuer: str, subject: str) -> None:
    """An admin's decision: the identity (issuer, subject) signs in as `username`."""
    user = _admin_target(session, actor, username, "link single sign-on identities")
    issuer, subject = issuer.strip(), subject.strip()
    if not issuer or not subject or "|" in issuer:
        raise InvalidInput("an identity needs an issuer (without '|') and a subject", field="issuer")
    key = OidcIdentity(issuer, subject).key
    holder = session.scalar(select(User).where(User.oidc_subject == key))
    if holder is not None and holder.id != user.id:
        raise Conflict(f"this identity is linked to {holder.username} already; unlink it there first")
    replaced = user.oidc_subject is not None and user.oidc_subject != key
    user.oidc_subject = key
    if replaced:  # the identity it had signs in here no more: as an unlink, its sessions end
        drop_user_sessions(session, user.id)
    audit.record(session, actor, "link_oidc", "user", user.id, detail=f"linked to {issuer} by an admin"
                 + (" (replacing the identity it had; its sessions ended)" if replaced else ""))


@write_service
def unlink_identity(session: Session, actor: Actor, username: str) -> None:
    """Remove the account's single sign-on link; its sessions end (a credential went away)."""
    user = _admin_target(session, actor, username, "unlink single sign-on identities")
    if user.oidc_subject is None:
        raise InvalidInput(f"{username} is not linked to a single sign-on identity")
    user.oidc_subject = None
    drop_user_sessions(session, user.id)
    audit.record(session, actor, "unlink_oidc", "user", user.id)
