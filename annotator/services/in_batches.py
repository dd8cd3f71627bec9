"""Long lists of keys asked a batch at a time.

A statement that names every key of a list grows with the project: PostgreSQL refuses one with
more than 65,535 parameters (a 100,000-document project's export did), and SQLite builds may
cap them lower. Services that look rows up by a list of ids, uids or hashes of unbounded length
go through here, so each statement carries at most `IN_BATCH` of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")

IN_BATCH = 500


def batches(values: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """`values` in consecutive slices of at most `size`, by default `IN_BATCH` (read when called,
    so a test can make batches small); itertools.batched is Python 3.12."""
    size = size or IN_BATCH
    for i in range(0, len(values), size):
        yield values[i : i + size]


def rows_in(session: Session, query: Any, column: Any, values: Sequence[Any]) -> list[Any]:
    """The rows of `query` where `column` is one of `values`, asked a batch at a time (the
    rows come batch after batch: order within the query's own ORDER BY holds per batch only)."""
    rows: list[Any] = []
    for batch in batches(values):
        rows.extend(session.execute(query.where(column.in_(batch))).all())
    return rows
