"""What every command needs: the database, the acting user, and one-line errors.

Imports of the database layer happen inside the functions: a command module imports this one
when its parser is built, and `--help` needs none of it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import AnnotatorError, NotFound

if TYPE_CHECKING:
    from ..db import Database
    from ..services.actor import Actor
    from ..services.views import ProjectView


class CommandError(AnnotatorError):
    """A command-line mistake (bad argument combination, missing file)."""


@contextmanager
def overridable(**options: str) -> Iterator[None]:
    """A refusal that a keyword of the service would override (`AnnotatorError.override`),
    told with what the command's option for it does: `overridable(force="--force unassigns
    them anyway")`. The service names its keyword, never the option: the page has a checkbox."""
    try:
        yield
    except AnnotatorError as error:
        said = options.get(error.override or "")
        if said is None:
            raise
        raise CommandError(f"{error}; {said}") from error


def open_database(args: argparse.Namespace, *, require_schema: bool = True) -> Database:
    from ..config import get_settings
    from ..db import Database
    from ..migrate import current_revision, head_revision
    from .collector import settled

    settled()
    db = Database(get_settings(args.database).database_url)
    if require_schema and current_revision(db.engine) != head_revision():
        raise CommandError("the database is not initialised or not up to date: run `annotator init`")
    return db


def actor_from(args: argparse.Namespace, db: Database) -> Actor:
    """The system account, or the user named by the global `--as` option."""
    from sqlalchemy import select

    from ..models import User
    from ..services.actor import Actor

    name = getattr(args, "as_user", None)
    if not name:
        return Actor.system()
    with db.read() as session:
        # Read the fields inside the session: closing it expires the row.
        user = session.scalar(select(User).where(User.username == name))
        if user is None or not user.active:
            raise NotFound(f"no active user {name!r}")
        return Actor(user.id, user.username, user.role)


def project_context(args: argparse.Namespace) -> tuple[Database, Actor, ProjectView]:
    """The database, the acting user and the project named by `args.project`."""
    from ..services.team.projects import get_project

    db = open_database(args)
    actor = actor_from(args, db)
    return db, actor, get_project(db, actor, args.project)


def add_selection_arguments(parser: argparse.ArgumentParser, *, annotator: str, label: str) -> None:
    """--annotator, --label and --document, each repeatable; `annotator` and `label` are their
    help texts, which say what the command narrows (spans, or whose work is compared)."""
    parser.add_argument("--annotator", action="append", default=[], help=f"{annotator} (repeatable)")
    parser.add_argument("--label", action="append", default=[], help=f"{label} (repeatable)")
    parser.add_argument("--document", action="append", type=int, default=[],
                        help="only this document id (repeatable)")
