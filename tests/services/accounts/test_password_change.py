"""A user changes their own password with the current one; only an admin resets one to a
generated password (their own included: a borrowed session must not lock its owner out)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from annotator.db import Database
from annotator.errors import AuthenticationError, Forbidden, InvalidInput, TooManyAttempts
from annotator.models import User
from annotator.models.enums import GlobalRole
from annotator.services.accounts.admin import reset_password
from annotator.services.accounts.sessions import resume_session, start_session
from annotator.services.accounts.users import (
    authenticate,
    change_password,
    create_user,
    set_password,
)
from annotator.services.actor import Actor

OLD, NEW = "correct horse battery", "a new passphrase"


@pytest.fixture
def ana(db: Database, system: Actor) -> Actor:
    user = create_user(db, system, "ana", OLD)
    return Actor(user.id, user.username, GlobalRole(user.role))


def test_a_user_changes_their_password_with_the_current_one(db: Database, ana: Actor) -> None:
    other = start_session(db, ana)
    change_password(db, ana, OLD, NEW)
    assert authenticate(db, "ana", NEW).username == "ana"
    with pytest.raises(AuthenticationError):
        authenticate(db, "ana", OLD)
    with pytest.raises(AuthenticationError, match="ended"):  # every session ends with the old password
        resume_session(db, other.token)


def test_a_wrong_current_password_changes_nothing_and_counts_as_a_failed_login(db: Database, ana: Actor) -> None:
    with pytest.raises(AuthenticationError, match="the current password is wrong"):
        change_password(db, ana, "a guess at it", NEW, address="203.0.113.9")
    assert authenticate(db, "ana", OLD).username == "ana"
    for _ in range(2):
        with pytest.raises(AuthenticationError):
            change_password(db, ana, "another guess", NEW, address="203.0.113.9")
    with pytest.raises(TooManyAttempts):  # the login throttle: a borrowed session cannot guess on
        change_password(db, ana, OLD, NEW, address="203.0.113.9")


def test_a_short_new_password_and_an_account_without_one_are_refused(db: Database, ana: Actor) -> None:
    with pytest.raises(InvalidInput, match="at least"):
        change_password(db, ana, OLD, "short")
    with db.write() as session:
        session.execute(update(User).where(User.id == ana.user_id).values(password_hash=None))
    with pytest.raises(InvalidInput, match="single sign-on"):
        change_password(db, ana, "", NEW)


def test_only_an_admin_resets_a_password_their_own_included(db: Database, ana: Actor, system: Actor) -> None:
    with pytest.raises(Forbidden):
        reset_password(db, ana, "ana")
    assert authenticate(db, "ana", OLD).username == "ana"
    generated = reset_password(db, system, "ana")
    assert authenticate(db, "ana", generated).username == "ana"


def test_the_service_that_sets_a_password_does_not_skip_the_current_one(db: Database, ana: Actor,
                                                                       system: Actor) -> None:
    """`set_password` let a user set their own password without the current one: the check
    that a borrowed session cannot change it lived only in `change_password`. Setting a
    password is an admin's; a user goes through `change_password`."""
    session = start_session(db, ana)
    held = Actor(ana.user_id, ana.username, ana.role, session.session_id)
    with pytest.raises(Forbidden, match="current password"):
        set_password(db, held, "ana", NEW)
    assert authenticate(db, "ana", OLD).username == "ana"
    assert resume_session(db, session.token).actor.username == "ana"  # nothing ended either
    set_password(db, system, "ana", NEW)
    assert authenticate(db, "ana", NEW).username == "ana"


def test_a_login_in_another_case_signs_in_as_the_account(db: Database, ana: Actor, system: Actor) -> None:
    """Names are one account in any case (an import takes "Ana" for "ana"): so is a login, with
    the account's own spelling. Two older accounts that differ in case only sign in by their
    exact names alone, so neither takes the other's login."""
    for typed in ("Ana", "ANA", " ana "):
        assert authenticate(db, typed, OLD).username == "ana"
    with pytest.raises(AuthenticationError):
        authenticate(db, "Ana", "a wrong password")
    with db.write() as session:  # as before names were unique in any case
        session.add(User(username="Bob", role=GlobalRole.ANNOTATOR, password_hash=None))
        session.add(User(username="bob", role=GlobalRole.ANNOTATOR, password_hash=None))
    set_password(db, system, "bob", NEW)
    assert authenticate(db, "bob", NEW).username == "bob"
    with pytest.raises(AuthenticationError):
        authenticate(db, "BOB", NEW)
