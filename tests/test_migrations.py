"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from annotator.db import create_null_pool_engine
from annotator.migrate import current_revision, head_revision, upgrade
from annotator.models import Base

from .support.databases import empty_pg_database
from .support.pgserver import PgServer


def _assert_no_pending_changes(url: str) -> None:
    engine = create_null_pool_engine(url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
        upgrade(engine)  # running it again is a no-op
    finally:
        engine.dispose()


def test_sqlite_upgrade_from_empty_matches_models(tmp_path: Path) -> None:
    _assert_no_pending_changes(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.mark.pg
def test_postgresql_upgrade_from_empty_matches_models(pg_server: PgServer) -> None:
    _assert_no_pending_changes(empty_pg_database(pg_server, "migration_check"))
