"""Mapping an OpenID Connect identity to our accounts (no provider needed)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import AuthenticationError, InvalidInput
from annotator.models import AuditEvent, User
from annotator.services.actor import Actor
from annotator.services.oidc import OidcIdentity, actor_for_identity
from annotator.services.users import create_user, set_active

ISSUER = "https://accounts.example.org"


def test_first_sign_in_creates_an_annotator_without_password(db: Database) -> None:
    identity = OidcIdentity.from_claims({"iss": ISSUER, "sub": "1234", "email": "ana@uni.example",
                                         "email_verified": True, "name": "Ana Lima"})
    actor = actor_for_identity(db, identity)
    assert (actor.username, actor.role.value) == ("ana", "annotator")
    again = actor_for_identity(db, identity)
    assert again.user_id == actor.user_id
    with db.read() as s:
        user = s.scalar(select(User).where(User.id == actor.user_id))
        assert (user.password_hash, user.oidc_subject, user.display_name) == (None, f"{ISSUER}|1234", "Ana Lima")
        assert s.scalar(select(AuditEvent.detail).where(AuditEvent.object_id == user.id)) == f"first sign-in through {ISSUER}"


def test_verified_email_links_an_existing_account(db: Database, system: Actor) -> None:
    made = create_user(db, system, "ana.lima", "long enough", email="Ana@Uni.example", role="curator")
    actor = actor_for_identity(db, OidcIdentity(ISSUER, "77", email="ana@uni.example", email_verified=True))
    assert (actor.user_id, actor.role.value) == (made.id, "curator")


def test_unverified_email_never_links(db: Database, system: Actor) -> None:
    made = create_user(db, system, "ana", "long enough", email="ana@uni.example")
    actor = actor_for_identity(db, OidcIdentity(ISSUER, "78", email="ana@uni.example", email_verified=False))
    assert actor.user_id != made.id and actor.username == "ana-2"


def test_an_account_linked_elsewhere_is_not_taken_over(db: Database, system: Actor) -> None:
    first = actor_for_identity(db, OidcIdentity(ISSUER, "1", email="ana@uni.example", email_verified=True))
    other = actor_for_identity(db, OidcIdentity("https://other.example", "1", email="ana@uni.example", email_verified=True))
    assert other.user_id != first.user_id


def test_deactivated_and_unknown_accounts_are_refused(db: Database, system: Actor) -> None:
    identity = OidcIdentity(ISSUER, "9", preferred_username="bob")
    actor_for_identity(db, identity)
    set_active(db, system, "bob", False)
    with pytest.raises(AuthenticationError, match="deactivated"):
        actor_for_identity(db, identity)
    with pytest.raises(AuthenticationError, match="ask an admin"):
        actor_for_identity(db, OidcIdentity(ISSUER, "10"), create=False)
    with pytest.raises(InvalidInput, match="issuer"):
        OidcIdentity.from_claims({"email": "x@y"})


def test_strange_usernames_are_cleaned(db: Database) -> None:
    actor = actor_for_identity(db, OidcIdentity(ISSUER, "11", preferred_username="<script>alert(1)</script>"))
    assert "<" not in actor.username and " " not in actor.username
