"""Local accounts: creation, passwords (argon2 via argon2-cffi), login with throttling."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import AuthenticationError, Conflict, Forbidden, InvalidInput, NotFound
from ..models import User, utcnow
from ..models.enums import GlobalRole
from . import audit
from .actor import Actor
from .unit import read_service, write_service
from .views import UserView

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 8
#: Failed logins allowed before each further attempt must wait (2, 4, 8 ... up to 300 s).
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 300


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
    )


def _require_admin(actor: Actor, action: str) -> None:
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
    _require_admin(actor, "create users")
    username = _check_username(username)
    if password is not None:
        _check_password(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"user {username!r} exists already")
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
    return _view(user)


def _load(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def _wait_seconds(user: User) -> float:
    if user.failed_logins < FREE_ATTEMPTS or user.last_failed_login_at is None:
        return 0.0
    wait: float = min(2 ** (user.failed_logins - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)
    elapsed = (utcnow() - user.last_failed_login_at).total_seconds()
    return max(0.0, wait - elapsed)


@write_service
def authenticate(session: Session, username: str, password: str) -> Actor:
    """The actor for a correct password. Wrong passwords are counted; after a few, further
    attempts are refused until a growing wait has passed (the message says how long)."""
    user = session.scalar(select(User).where(User.username == username.strip()))
    # The same message for unknown users and wrong passwords: no user enumeration.
    refused = AuthenticationError("wrong user name or password")
    if user is None or not user.active or user.password_hash is None:
        return _fail(session, user, refused)
    wait = _wait_seconds(user)
    if wait > 0:
        raise AuthenticationError(
            f"too many failed attempts; try again in {int(wait) + 1} seconds"
        )
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return _fail(session, user, refused)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.last_failed_login_at = None
    return Actor(user_id=user.id, username=user.username, role=user.role)


def _fail(session: Session, user: User | None, error: AuthenticationError) -> Actor:
    if user is not None:
        user.failed_logins += 1
        user.last_failed_login_at = utcnow()
        audit.record(
            session,
            Actor(user.id, user.username, user.role),
            "login_failed",
            "user",
            user.id,
            detail=f"failed login #{user.failed_logins}",
        )
    # Commit the count (the decorator commits only on success), then refuse.
    session.commit()
    raise error


@write_service
def set_password(session: Session, actor: Actor, username: str, password: str) -> None:
    user = _load(session, username)
    if actor.user_id != user.id:
        _require_admin(actor, "reset another user's password")
    _check_password(password)
    user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.last_failed_login_at = None
    audit.record(session, actor, "set_password", "user", user.id)


@write_service
def set_active(session: Session, actor: Actor, username: str, active: bool) -> UserView:
    _require_admin(actor, "activate or deactivate users")
    user = _load(session, username)
    if user.id == actor.user_id and not active:
        raise Conflict("you cannot deactivate your own account")
    before = audit.snapshot(user)
    user.active = active
    audit.record(
        session, actor, "update", "user", user.id, before=before, after=audit.snapshot(user)
    )
    return _view(user)


@write_service
def set_role(session: Session, actor: Actor, username: str, role: GlobalRole | str) -> UserView:
    _require_admin(actor, "change global roles")
    user = _load(session, username)
    before = audit.snapshot(user)
    user.role = GlobalRole(role)
    audit.record(
        session, actor, "update", "user", user.id, before=before, after=audit.snapshot(user)
    )
    return _view(user)


@read_service
def list_users(session: Session, actor: Actor) -> list[UserView]:
    _require_admin(actor, "list users")
    return [_view(u) for u in session.scalars(select(User).order_by(User.username))]


@read_service
def get_user(session: Session, actor: Actor, username: str) -> UserView:
    user = _load(session, username)
    if actor.user_id != user.id and not actor.is_admin:
        raise Forbidden(f"{actor.username} may not look up other users", object_type="user")
    return _view(user)
