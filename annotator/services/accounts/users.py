"""Local accounts: creation, passwords (argon2 via argon2-cffi), login with throttling."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db import Database
from ...errors import AuthenticationError, Conflict, Forbidden, InvalidInput, TooManyAttempts
from ...models import User, utcnow
from ...models.enums import GlobalRole
from .. import audit
from ..actor import Actor
from ..unit import read_service, write_service
from ..views import UserView
from . import login_throttle
from .lookup import Account, accounts_by_fold, all_accounts, fold, user_named
from .sessions import drop_user_sessions

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _view(user: User) -> UserView:
    return UserView(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role.value,
        active=user.active,
        email=user.email,
        oidc_subject=user.oidc_subject,
    )


def require_admin(actor: Actor, action: str) -> None:
    if not actor.is_admin:
        raise Forbidden(f"{actor.username} may not {action}", action=action, object_type="user")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )


def _check_username(username: str) -> str:
    username = username.strip()
    if not username or len(username) > 150 or any(c.isspace() for c in username):
        raise InvalidInput("a user name is 1-150 characters without spaces", field="username")
    return username


@write_service
def create_user(
    session: Session,
    actor: Actor,
    username: str,
    password: str | None,
    *,
    role: GlobalRole | str = GlobalRole.ANNOTATOR,
    display_name: str = "",
    email: str | None = None,
) -> UserView:
    """Create a local account. `password` may be None only for OpenID Connect accounts."""
    require_admin(actor, "create users")
    return _view(add_account(session, actor, username, password, role=role, display_name=display_name, email=email))


def add_account(
    session: Session, actor: Actor, username: str, password: str | None, *,
    role: GlobalRole | str = GlobalRole.ANNOTATOR, display_name: str = "", email: str | None = None,
) -> User:
    """The account, checked and audited, inside the caller's transaction. Who may create it is
    the caller's check: global admins any account (`create_user`), project admins an annotator
    account for their project (services/team/members.py)."""
    username = _check_username(username)
    if password is not None:
        _check_password(password)
    taken = accounts_by_fold(session).get(fold(username))
    if taken is not None and taken.username == username:
        raise Conflict(f"user {username!r} exists already")
    if taken is not None:
        raise Conflict(f"user {taken.username!r} exists already (names differ in case only)")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password) if password is not None else None,
        role=GlobalRole(role),
        email=email,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "user", user.id, after=audit.snapshot(user))
    return user


def placeholder_accounts(session: Session, actor: Actor, names: Iterable[str], *,
                         project_id: int | None = None) -> dict[str, int]:
    """The account of each name an import gives (annotators, curators, who made or decided a
    registry or claim row): the account of that name in any case (`fold`, as `add_account`
    keeps it), else a new inactive account without a password, one for all the names that
    differ in case only (it holds the imported work and cannot log in until an admin sets a
    password). Audited as made by import, in the caller's transaction."""
    taken = accounts_by_fold(session)
    found: dict[str, int] = {}
    for name in sorted(set(names)):  # a new account takes the spelling that sorts first
        account = taken.get(fold(name))
        if account is None:
            user = User(username=name, display_name=name, password_hash=None, active=False)
            session.add(user)
            session.flush()
            audit.record(session, actor, "create", "user", user.id, project_id=project_id,
                         after=audit.snapshot(user), detail="created by import")
            account = taken[fold(name)] = Account(user.id, name, False)
        found[name] = account.id
    return found


@cache
def _dummy_hash() -> str:
    """A hash of nothing anyone knows, with the real hashes' cost: unknown names, deactivated
    and password-less accounts are checked against it, so a refusal takes as long as for a
    real account with a wrong password."""
    return hash_password(secrets.token_urlsafe(24))


def _matches(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError, UnicodeError):
        return False


@dataclass(frozen=True)
class _Candidate:
    attempt: login_throttle.Attempt
    user_id: int | None
    #: The hash to check against: the account's, or None (then the dummy) if it cannot log in.
    password_hash: str | None


def _login_account(session: Session, name: str) -> User | None:
    """The account a login names: the one of that exact name, else the one account whose name
    differs from it in case only ("Ana" signs in as "ana", as an import takes "Ana" for "ana").
    Where two older accounts differ in case only (made before names were unique in any case),
    only the exact name signs in."""
    user = session.scalar(select(User).where(User.username == name))
    if user is not None:
        return user
    key = fold(name)
    alike = [account.id for account in all_accounts(session) if fold(account.username) == key]
    return session.get(User, alike[0]) if len(alike) == 1 else None


@write_service(retry_integrity=True)
def _begin(session: Session, username: str, address: str | None, now: datetime) -> _Candidate | int:
    login_throttle.prune(session, now)
    attempt = login_throttle.begin_attempt(session, username, address, now)
    if isinstance(attempt, int):
        return attempt
    user = _login_account(session, username.strip())
    usable = user is not None and user.active and user.password_hash is not None
    return _Candidate(attempt, user.id if user else None, user.password_hash if usable and user else None)


@write_service(retry_integrity=True)
def _settle(session: Session, candidate: _Candidate, password: str, right: bool, now: datetime) -> Actor | None:
    """Record the outcome; the actor if the password was right and the account unchanged."""
    user = session.get(User, candidate.user_id) if candidate.user_id is not None else None
    stored = candidate.password_hash
    if right and stored is not None and user is not None and user.active and user.password_hash == stored:
        login_throttle.succeeded(session, candidate.attempt, now)
        if _hasher.check_needs_rehash(stored):
            user.password_hash = hash_password(password)
        return Actor(user.id, user.username, user.role)
    login_throttle.failed(session, candidate.attempt, now)
    if user is not None:
        address = candidate.attempt.address or "an unknown address"
        audit.record(session, Actor(user.id, user.username, user.role), "login_failed", "user",
                     user.id, detail=f"failed login from {address}")
    return None


def authenticate(db: Database, username: str, password: str, *, address: str | None = None,
                 now: datetime | None = None) -> Actor:
    """The actor for a correct password, else `AuthenticationError`. `address` is the client's
    address (None if unknown). Unknown names, deactivated accounts and wrong passwords get the
    same message after the same work, and the same waits (login_throttle has the rule)."""
    candidate = _begin(db, username, address, now or utcnow())
    if isinstance(candidate, int):
        unit = "second" if candidate == 1 else "seconds"
        raise TooManyAttempts(f"too many failed attempts; try again in {candidate} {unit}")
    right = _matches(candidate.password_hash or _dummy_hash(), password) and candidate.password_hash is not None
    actor = _settle(db, candidate, password, right, now or utcnow())
    if actor is None:
        raise AuthenticationError("wrong user name or password")
    return actor


@write_service
def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    """An admin sets an account's password (the command line's `users password`). A user
    changes their own with the current one (`change_password`): this service refuses them,
    so that no caller can skip that check."""
    user = user_named(session, username)
    if actor.user_id == user.id and not actor.is_admin:
        raise Forbidden(f"{actor.username} changes their own password with the current password (Change "
                        "password), not by setting it", action="set a password", object_type="user",
                        object_id=user.id)
    require_admin(actor, "set another user's password")
    _store_password(session, actor, user, password)


def _store_password(session: Session, actor: Actor, user: User, password: str) -> None:
    _check_password(password)
    user.password_hash = hash_password(password)
    drop_user_sessions(session, user.id)  # a copied cookie must not outlive the old password
    login_throttle.forget_name(session, user.username)
    audit.record(session, actor, "set_password", "user", user.id)


@write_service
def _set_own_password(session: Session, actor: Actor, password: str) -> None:
    """The second half of `change_password`, once the current password was checked."""
    user = session.get(User, actor.user_id)
    if user is None:
        raise InvalidInput("only a signed-in user changes their password")
    _store_password(session, actor, user, password)


def change_password(db: Database, actor: Actor, current: str, new: str, *, address: str | None = None) -> None:
    """A signed-in user's own new password, given the current one: checked as a login is
    (the same throttle, so a borrowed session cannot guess it), then stored as `set_password`
    stores an admin's, which signs the account out everywhere, this session too."""
    if actor.user_id is None:
        raise InvalidInput("only a signed-in user changes their password")
    with db.read() as session:
        if session.scalar(select(User.password_hash).where(User.id == actor.user_id)) is None:
            raise InvalidInput("this account has no password here: it signs in with single sign-on")
    _check_password(new)
    try:
        authenticate(db, actor.username, current, address=address)
    except TooManyAttempts:
        raise
    except AuthenticationError:
        raise AuthenticationError("the current password is wrong") from None
    _set_own_password(db, actor, new)


@write_service
def set_active(session: Session, actor: Actor, username: str, active: bool) -> UserView:
    require_admin(actor, "activate or deactivate users")
    user = user_named(session, username)
    if user.id == actor.user_id and not active:
        raise Conflict("you cannot deactivate your own account")
    before = audit.snapshot(user)
    user.active = active
    if not active:
        drop_user_sessions(session, user.id)
    audit.record(
        session, actor, "update", "user", user.id, before=before, after=audit.snapshot(user)
    )
    return _view(user)


@write_service
def set_role(session: Session, actor: Actor, username: str, role: GlobalRole | str) -> UserView:
    require_admin(actor, "change global roles")
    user = user_named(session, username)
    before = audit.snapshot(user)
    user.role = GlobalRole(role)
    audit.record(
        session, actor, "update", "user", user.id, before=before, after=audit.snapshot(user)
    )
    return _view(user)


@read_service
def list_users(session: Session, actor: Actor) -> list[UserView]:
    require_admin(actor, "list users")
    return [_view(u) for u in session.scalars(select(User).order_by(User.username))]


@read_service
def get_user(session: Session, actor: Actor, username: str) -> UserView:
    user = user_named(session, username)
    if actor.user_id != user.id and not actor.is_admin:
        raise Forbidden(f"{actor.username} may not look up other users", object_type="user")
    return _view(user)
