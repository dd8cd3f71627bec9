"""Create or upgrade the schema with Alembic (db/migrations), for `annotator init` and tests;
and the check every command makes that the schema is current.

Alembic is imported only to migrate. The check reads the stored revision with one query and
finds the newest migration by reading the revision lines of the migration files: Alembic's own
way (ScriptDirectory) imports Alembic and every migration module, about a tenth of a second at
the start of every command (issue 18). tests/test_migrations.py checks that both agree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from .config import MIGRATIONS_DIR

if TYPE_CHECKING:
    from alembic.config import Config

VERSIONS_DIR = MIGRATIONS_DIR / "versions"
#: `revision = "0004_sessions"` / `down_revision: str | None = '0003_team'` at a line's start.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database (None before the first migration)."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no table yet: a new database
            return None


def head_revision() -> str | None:
    """The newest migration: the one no other names as its `down_revision` (None when there
    is not exactly one)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        for match in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")):
            name, value = match.groups()
            if value:
                (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()
