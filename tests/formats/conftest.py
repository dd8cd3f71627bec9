"""What the format tests share: a second SQLite database, the source of a round trip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.db import Database

from ..support.databases import sqlite_database


@pytest.fixture
def source(tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    """An empty migrated SQLite database beside the test's own `db`: where a project is made
    and exported before it is imported elsewhere."""
    directory = tmp_path / "source"
    directory.mkdir()
    database = sqlite_database(_sqlite_template, directory)
    yield database
    database.dispose()
