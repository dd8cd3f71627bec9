"""Finding an account by its user name, for the services that act on one (users, sessions,
single sign-on links), and the rule that makes names one per person in any case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import NotFound
from ...models import User


def user_named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def fold(username: str) -> str:
    """What two user names that differ in case only have in common: one account per folded
    name ("Ann" beside "ann" would be two annotators a study cannot tell apart by name, and
    one bucket of the login throttle, which folds case too)."""
    return username.casefold()


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    active: bool


def all_accounts(session: Session) -> list[Account]:
    """Every account, for callers that fold their names. Folded in Python, not in SQL: lower()
    folds only A-Z on SQLite and on PostgreSQL's C locale."""
    return [Account(id, name, active)
            for id, name, active in session.execute(select(User.id, User.username, User.active))]


def accounts_by_fold(session: Session) -> dict[str, Account]:
    """Every account by its folded name."""
    return {fold(account.username): account for account in all_accounts(session)}


def spellings(session: Session, names: Iterable[str]) -> dict[str, str]:
    """The names (of an import) that differ in case only from an account's name, or from
    another of `names` where no account has it, each -> the one spelling to use: the
    account's, else the one of them that sorts first. Names already spelled so are left out."""
    taken = {key: account.username for key, account in accounts_by_fold(session).items()}
    chosen: dict[str, str] = {}
    for name in sorted(set(names)):
        chosen[name] = taken.setdefault(fold(name), name)
    return {name: spelling for name, spelling in chosen.items() if spelling != name}
