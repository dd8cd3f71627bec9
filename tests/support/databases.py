"""Fresh, migrated databases for tests: SQLite files copied from a migrated template, and a
PostgreSQL database emptied between tests (TRUNCATE is much faster than re-migrating)."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
from sqlalchemy import text

from annotator.db import Database, create_null_pool_engine
from annotator.migrate import upgrade
from annotator.models import Base
from annotator.services.team import agreement_cache

from .pgserver import PgServer


def migrate(url: str) -> str:
    """Bring the database at `url` to the latest schema; returns the URL."""
    engine = create_null_pool_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


def sqlite_database(template: Path, directory: Path) -> Database:
    path = directory / "test.sqlite3"
    shutil.copy(template, path)
    return Database(f"sqlite:///{path}")


def empty_pg_database(server: PgServer, name: str) -> str:
    """A new, empty database on the test server; returns its URL."""
    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=annotator dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url(name)


def create_pg_database(server: PgServer, name: str) -> str:
    """A new database migrated to the latest schema; returns its URL."""
    return migrate(empty_pg_database(server, name))


def truncate_all(db: Database) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    # Ids start again at 1 in the same database: reports kept for the last test's rows
    # would match this test's revisions (a truncation is no write the app could see).
    agreement_cache.clear()
