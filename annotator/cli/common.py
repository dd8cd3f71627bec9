"""What every command needs: the database, the acting user, and one-line errors."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from sqlalchemy import select

from ..config import get_settings
from ..db import Database
from ..errors import AnnotatorError, NotFound
from ..migrate import current_revision, head_revision
from ..models import User
from ..services.actor import Actor


class CommandError(AnnotatorError):
    """A command-line mistake (bad argument combination, missing file)."""


def open_database(args: argparse.Namespace, *, require_schema: bool = True) -> Database:
    db = Database(get_settings(args.database).database_url)
    if require_schema and current_revision(db.engine) != head_revision():
        raise CommandError("the database is not initialised or not up to date: run `annotator init`")
    return db


def actor_from(args: argparse.Namespace, db: Database) -> Actor:
    """The system account, or the user named by the global `--as` option."""
    name = getattr(args, "as_user", None)
    if not name:
        return Actor.system()
    with db.read() as session:  # read inside: the read session expires the row on exit
        user = session.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            raise NotFound(f"no active user {name!r}")
        return Actor(user.id, user.username, user.role)


def fail(message: str, code: int = 1) -> NoReturn:
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(code)
