"""Engine, sessions and transactions for SQLite (embedded default) and PostgreSQL (server path).

Writes run through `Database.write()` (or `Database.run_write`, which retries transient lock
errors), reads through `Database.read()`. On SQLite a write transaction starts with
`BEGIN IMMEDIATE`: pysqlite's deferred BEGIN lets two writers both read first and then deadlock
on the upgrade to a write lock, which SQLite reports at once as "database is locked" without
waiting for the busy timeout. Taking the write lock up front makes writers queue instead.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from .config import get_settings

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 30_000
_WRITE_OPTION = "annotator_write"


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL + NORMAL is durable across application crashes; only an OS crash can lose the
        # last commits, which is the usual trade for an embedded single-machine database.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's lower() folds ASCII only: the searches (documents, members, the curation
        # picker) lower both sides, and "öl" would not find "Öl". Python's folds every script.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(url: str) -> Engine:
    """An engine for `url` with the pragmas and pool settings this app relies on.

    `hide_parameters`: SQL logging and error messages never show bound values, which
    include password hashes and article text."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=20,
            max_overflow=20,
            hide_parameters=True,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)


def create_null_pool_engine(url: str) -> Engine:
    """An engine without pooling, for one-off jobs such as migrations."""
    engine = create_engine(url, poolclass=NullPool, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def is_transient(error: BaseException) -> bool:
    """True for errors a retry can cure: SQLite lock contention, PostgreSQL serialization."""
    if isinstance(error, OperationalError):
        message = str(error.orig).lower() if error.orig else str(error).lower()
        if "locked" in message or "busy" in message:
            return True
    if isinstance(error, DBAPIError) and error.orig is not None:
        sqlstate = getattr(error.orig, "sqlstate", None)
        # 40001 serialization_failure, 40P01 deadlock_detected
        if sqlstate in {"40001", "40P01"}:
            return True
    return False


class Database:
    """One database: an engine plus read and write session factories."""

    max_attempts = 12

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        self.url = url or get_settings().database_url
        self.engine = engine or create_db_engine(self.url)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(**{_WRITE_OPTION: True}), expire_on_commit=False
        )
        self._local = threading.local()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; rolled back at the end, whatever happened."""
        session = self._read()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed if the block succeeds, rolled back otherwise."""
        session = self._write()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def run_write(self, fn: Callable[[Session], T], *, retry_integrity: bool = False) -> T:
        """Run `fn` in a write transaction, retrying transient lock errors with backoff.

        `retry_integrity` also retries once-lost races on unique keys (an idempotent create that
        another connection inserted first finds the row on the next attempt).
        """
        delay = 0.002
        for attempt in range(1, self.max_attempts + 1):
            try:
                with self.write() as session:
                    return fn(session)
            except (OperationalError, DBAPIError) as error:
                retry = is_transient(error) or (
                    retry_integrity and isinstance(error, IntegrityError) and attempt < 3
                )
                if not retry or attempt == self.max_attempts:
                    raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()
