"""Sign-in through OpenID Connect (Streamlit's `st.login`): mapping an identity to a User.

The rule, in order:
1. An account already linked to this issuer + subject is used (refused if deactivated).
2. Otherwise, if the provider says the e-mail address is verified and exactly one account
   has that address and is not linked to another identity, that account is linked (so an
   admin can create accounts by e-mail before people first sign in). An unverified address
   is never used to link: anyone can claim an address at some providers.
3. Otherwise a new annotator account is created (no password; it can sign in only through
   the provider) unless `create` is False. It belongs to no project until an admin adds it.
Every link and creation is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import AuthenticationError, InvalidInput
from ..models import User
from ..models.enums import GlobalRole
from . import audit
from .actor import Actor
from .unit import write_service


@dataclass(frozen=True)
class OidcIdentity:
    issuer: str
    subject: str
    email: str | None = None
    email_verified: bool = False
    name: str | None = None
    preferred_username: str | None = None

    @property
    def key(self) -> str:
        return f"{self.issuer}|{self.subject}"

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> OidcIdentity:
        """From ID-token claims (what `st.user` holds): iss, sub, email, email_verified, ..."""
        issuer, subject = claims.get("iss"), claims.get("sub")
        if not issuer or not subject:
            raise InvalidInput("the identity provider sent no issuer (iss) or subject (sub)")
        verified = claims.get("email_verified")
        return cls(
            issuer=str(issuer), subject=str(subject), email=claims.get("email") or None,
            email_verified=verified is True or str(verified).lower() == "true",
            name=claims.get("name") or None,
            preferred_username=claims.get("preferred_username") or claims.get("nickname") or None,
        )


def _free_username(session: Session, identity: OidcIdentity) -> str:
    base = identity.preferred_username or (identity.email or "").split("@")[0] or "user"
    base = re.sub(r"[^\w.@-]+", "-", base).strip("-")[:100] or "user"
    taken = set(session.scalars(select(User.username).where(User.username.like(f"{base}%"))))
    if base not in taken:
        return base
    return next(f"{base}-{i}" for i in range(2, len(taken) + 3) if f"{base}-{i}" not in taken)


@write_service
def actor_for_identity(session: Session, identity: OidcIdentity, *, create: bool = True) -> Actor:
    """The actor to sign in as, following the rule in the module docstring."""
    system = Actor.system()
    user = session.scalar(select(User).where(User.oidc_subject == identity.key))
    if user is None and identity.email and identity.email_verified:
        matches = session.scalars(
            select(User).where(func.lower(User.email) == identity.email.lower())).all()
        if len(matches) == 1 and matches[0].oidc_subject is None:
            user = matches[0]
            user.oidc_subject = identity.key
            audit.record(session, system, "link_oidc", "user", user.id,
                         detail=f"linked to {identity.issuer} by verified e-mail")
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
    return Actor(user.id, user.username, user.role)
