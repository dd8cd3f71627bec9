"""What statements a piece of work sends: for tests that a statement does not grow with the data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from annotator.db import Database


@contextmanager
def parameters_per_statement(db: Database) -> Iterator[list[int]]:
    """The number of parameters of each statement sent while the block runs (of its largest
    row for an executemany)."""
    counts: list[int] = []

    def count(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        rows = parameters if executemany else [parameters]
        counts.append(max((len(row) for row in rows if row), default=0))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield counts
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
