"""Service decorators: one call is one transaction, retried on transient lock errors.

A service is written as `def f(session, actor, ...)` and decorated; callers pass a `Database`
instead of the session: `f(db, actor, ...)`. Another service that needs it inside its own
transaction calls `f.tx(session, actor, ...)`. A `Forbidden` raised inside is audited in a
transaction of its own, since the caller's transaction is rolled back.

An actor that came from a login session (a page's) acts only while that session lives and the
account is as it was (active, same global role), checked in the service's own transaction:
a page holds its actor between the frame's checks (a fragment's reruns, a widget's callback,
which Streamlit runs before the script), so ending a session takes effect there too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar, cast, overload

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..errors import AuthenticationError, Forbidden
from ..models import LoginSession, User, utcnow
from ..models.enums import GlobalRole
from . import audit
from .actor import Actor

P = ParamSpec("P")
R = TypeVar("R")


class Service(Protocol[P, R]):
    tx: Callable[Concatenate[Session, P], R]

    def __call__(self, db: Database, *args: P.args, **kwargs: P.kwargs) -> R: ...


#: Stands in for a caller that is not an Actor (the event then has no user).
_NOBODY = Actor(user_id=None, username="unknown", role=GlobalRole.ANNOTATOR)


def audit_refusal(db: Database, actor: Actor | None, error: Forbidden) -> None:
    """Record a refused attempt in a transaction of its own."""

    def write(session: Session) -> None:
        audit.record(
            session, actor or _NOBODY, "forbidden", error.object_type, error.object_id,
            project_id=error.project_id, document_id=error.document_id,
            detail=f"{error.action}: {error}",
        )

    db.run_write(write)


def _as_service(wrapper: Callable[..., R], inner: Callable[Concatenate[Session, P], R]) -> Service[P, R]:
    """The wrapper, with the undecorated function as `.tx`."""
    # A function object takes new attributes, but its type has no `tx`: the Service protocol
    # that the wrapper is returned as describes the result.
    wrapper.tx = inner  # type: ignore[attr-defined]
    return cast(Service[P, R], wrapper)


def _actor_of(args: tuple[Any, ...]) -> Actor | None:
    return args[0] if args and isinstance(args[0], Actor) else None


def require_live(session: Session, actor: Actor | None) -> None:
    """Refuse an actor whose login session has ended or expired, or whose account was
    deactivated or given another global role since the session was checked."""
    if actor is None or actor.session_id is None:
        return
    found = session.execute(
        select(LoginSession.expires_at, User.active, User.role).join(User, User.id == LoginSession.user_id)
        .where(LoginSession.id == actor.session_id, LoginSession.user_id == actor.user_id)).first()
    if found is None or found.expires_at <= utcnow() or not found.active or found.role != actor.role:
        raise AuthenticationError("your session has ended or your account has changed: please sign in again")


def _checked(inner: Callable[..., R], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Callable[[Session], R]:
    def run(session: Session) -> R:
        require_live(session, _actor_of(args))
        return inner(session, *args, **kwargs)

    return run


@overload
def write_service(fn: Callable[Concatenate[Session, P], R], /) -> Service[P, R]: ...


@overload
def write_service(
    *, retry_integrity: bool = False
) -> Callable[[Callable[Concatenate[Session, P], R]], Service[P, R]]: ...


def write_service(
    fn: Callable[Concatenate[Session, P], R] | None = None, /, *, retry_integrity: bool = False
) -> Service[P, R] | Callable[[Callable[Concatenate[Session, P], R]], Service[P, R]]:
    """Run the service in one write transaction (committed on success, rolled back on error)."""

    def decorate(inner: Callable[Concatenate[Session, P], R]) -> Service[P, R]:
        @wraps(inner)
        def wrapper(db: Database, *args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return db.run_write(_checked(inner, args, kwargs), retry_integrity=retry_integrity)
            except Forbidden as error:
                audit_refusal(db, _actor_of(args), error)
                raise

        return _as_service(wrapper, inner)

    return decorate(fn) if fn is not None else decorate


def read_service(inner: Callable[Concatenate[Session, P], R]) -> Service[P, R]:
    """Run the service in a read-only session (rolled back at the end)."""

    @wraps(inner)
    def wrapper(db: Database, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with db.read() as session:
                return _checked(inner, args, kwargs)(session)
        except Forbidden as error:
            audit_refusal(db, _actor_of(args), error)
            raise

    return _as_service(wrapper, inner)
