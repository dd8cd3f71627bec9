"""Mapping an OpenID Connect identity to our accounts (no provider needed)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import AuthenticationError, Conflict, Forbidden, InvalidInput
from annotator.models import AuditEvent, User
from annotator.models.enums import GlobalRole
from annotator.services.accounts.oidc import (
    OidcIdentity,
    actor_for_identity,
    link_identity,
    unlink_identity,
)
from annotator.services.accounts.sessions import end_sessions, resume_session, start_session
from annotator.services.accounts.users import create_user, set_active
from annotator.services.actor import Actor

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


def test_a_first_sign_in_takes_no_name_that_differs_from_an_accounts_in_case_only(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", "long enough")
    actor = actor_for_identity(db, OidcIdentity(ISSUER, "2", preferred_username="Ana"))
    assert actor.username == "Ana-2"


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> str:
    """ISSUER on the allow-list of issuers whose verified e-mail addresses may link accounts."""
    monkeypatch.setenv("ANNOTATOR_OIDC_LINK_ISSUERS", f"https://elsewhere.example {ISSUER}")
    return ISSUER


def test_verified_email_from_a_trusted_issuer_links_an_existing_account(db: Database, system: Actor, trusted: str) -> None:
    made = create_user(db, system, "ana.lima", "long enough", email="Ana@Uni.example", role="curator")
    actor = actor_for_identity(db, OidcIdentity(ISSUER, "77", email="ana@uni.example", email_verified=True))
    assert (actor.user_id, actor.role.value) == (made.id, "curator")
    with db.read() as s:
        detail = s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "link_oidc"))
    assert detail == f"linked to {ISSUER} by verified e-mail (trusted issuer)"


def test_an_issuer_not_on_the_allow_list_never_links_by_email(db: Database, system: Actor,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANNOTATOR_OIDC_LINK_ISSUERS", raising=False)
    made = create_user(db, system, "ana", "long enough", email="ana@uni.example")
    evil = OidcIdentity("https://any-provider.example", "1", email="ana@uni.example", email_verified=True)
    with pytest.raises(AuthenticationError, match="ask an admin to link") as refused:
        actor_for_identity(db, evil)
    assert "https://any-provider.example" in str(refused.value) and "subject 1" in str(refused.value)
    with db.read() as s:
        assert s.get(User, made.id).oidc_subject is None
        assert s.scalar(select(User.id).where(User.oidc_subject.is_not(None))) is None  # no new account


def test_admin_accounts_are_never_linked_automatically(db: Database, system: Actor, trusted: str) -> None:
    create_user(db, system, "boss", "long enough", email="boss@uni.example", role="admin")
    with pytest.raises(AuthenticationError, match="ask an admin to link"):
        actor_for_identity(db, OidcIdentity(ISSUER, "2", email="boss@uni.example", email_verified=True))


@pytest.mark.parametrize("claim", ["true", "True", 1, "1", "yes", None])
def test_only_a_real_boolean_counts_as_verified(claim: object) -> None:
    identity = OidcIdentity.from_claims({"iss": ISSUER, "sub": "5", "email": "a@b.example",
                                         "email_verified": claim})
    assert identity.email_verified is False
    assert OidcIdentity.from_claims({"iss": ISSUER, "sub": "5", "email_verified": True}).email_verified is True


def test_unverified_email_never_links(db: Database, system: Actor, trusted: str) -> None:
    made = create_user(db, system, "ana", "long enough", email="ana@uni.example")
    with pytest.raises(AuthenticationError, match="ask an admin"):
        actor_for_identity(db, OidcIdentity(ISSUER, "78", email="ana@uni.example", email_verified=False))
    with db.read() as s:
        assert s.get(User, made.id).oidc_subject is None


def test_an_account_linked_elsewhere_is_not_taken_over(db: Database, system: Actor, trusted: str) -> None:
    first = actor_for_identity(db, OidcIdentity(ISSUER, "1", email="ana@uni.example", email_verified=True))
    with pytest.raises(AuthenticationError, match="ask an admin"):
        actor_for_identity(db, OidcIdentity(ISSUER, "2", email="ana@uni.example", email_verified=True))
    assert actor_for_identity(db, OidcIdentity(ISSUER, "1")).user_id == first.user_id


def test_an_admin_links_and_unlinks_an_identity(db: Database, system: Actor) -> None:
    boss = create_user(db, system, "boss", "long enough", email="boss@uni.example", role="admin")
    lead = Actor(boss.id, "boss", GlobalRole.ADMIN)
    ann = create_user(db, system, "ann", "long enough")
    identity = OidcIdentity("https://any-provider.example", "42", email="boss@uni.example", email_verified=True)
    with pytest.raises(Forbidden):
        link_identity(db, Actor(ann.id, "ann", GlobalRole.ANNOTATOR), "ann", identity.issuer, identity.subject)
    link_identity(db, lead, "boss", identity.issuer, identity.subject)  # an explicit decision, even for an admin
    assert actor_for_identity(db, identity).user_id == boss.id
    with pytest.raises(Conflict, match="linked to boss"):
        link_identity(db, lead, "ann", identity.issuer, identity.subject)
    token = start_session(db, Actor(boss.id, "boss", GlobalRole.ADMIN)).token
    unlink_identity(db, lead, "boss")
    with pytest.raises(AuthenticationError):
        resume_session(db, token)  # a changed credential ends the sessions
    with pytest.raises(AuthenticationError, match="ask an admin"):
        actor_for_identity(db, identity)
    with db.read() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.object_id == boss.id)).all()
    assert {"link_oidc", "unlink_oidc"} <= set(actions)


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


def test_an_identity_issued_before_the_sessions_were_ended_is_refused(db: Database, system: Actor) -> None:
    """Streamlit keeps the provider's identity in a cookie of its own: after "end all sessions"
    that cookie must not sign the user straight back in; a fresh sign-in at the provider may."""
    claims = {"iss": ISSUER, "sub": "31", "preferred_username": "cleo"}
    before = int(time.time()) - 60
    actor = actor_for_identity(db, OidcIdentity.from_claims({**claims, "iat": before}))
    end_sessions(db, system, actor.username)
    with pytest.raises(AuthenticationError, match="sign in with your provider again"):
        actor_for_identity(db, OidcIdentity.from_claims({**claims, "iat": before}))
    fresh = OidcIdentity.from_claims({**claims, "iat": int(time.time()) + 1})
    assert actor_for_identity(db, fresh).user_id == actor.user_id
    assert OidcIdentity.from_claims({**claims, "iat": "yesterday"}).issued_at is None


def test_linking_an_account_to_another_identity_ends_the_sessions_of_the_one_it_had(db: Database,
                                                                                     system: Actor) -> None:
    """Linking an account that was linked to another identity takes that identity's sign-in away,
    as unlinking does; its sessions went on (sliding, in daily use for ever). Now they end. A
    first link, or the same identity linked again, takes nothing away and ends nothing."""
    first = OidcIdentity(ISSUER, "51", preferred_username="dana")
    dana = actor_for_identity(db, first)
    link_identity(db, system, "dana", first.issuer, first.subject)  # the same again: nothing taken away
    token = start_session(db, dana).token
    assert resume_session(db, token).actor.username == "dana"
    link_identity(db, system, "dana", ISSUER, "52")  # an admin corrects a wrong link
    with pytest.raises(AuthenticationError):
        resume_session(db, token)
    assert actor_for_identity(db, OidcIdentity(ISSUER, "52")).user_id == dana.user_id
    eve = create_user(db, system, "eve", "long enough")
    kept = start_session(db, Actor(eve.id, "eve", GlobalRole.ANNOTATOR)).token
    link_identity(db, system, "eve", ISSUER, "53")  # a first link: the password sessions stay
    assert resume_session(db, kept).actor.username == "eve"
