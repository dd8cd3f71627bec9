"""The agreement study's integer rows (2 million spans at 100,000 documents) read into a numpy
array without a Python object per value.

A row read off the driver's cursor costs a tuple and an int object per column: at 2 million
spans that was more time than SQLite's own reading of them. Instead the database writes each
chunk of rows as one text of decimal numbers (`group_concat` on SQLite, `string_agg` on
PostgreSQL: SQLAlchemy's `aggregate_strings`), and numpy parses it in C. The rows come in
chunks of documents, so no text holds more than a slice of the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Select, String, cast, func, select
from sqlalchemy.orm import QueryableAttribute, Session

#: Documents per statement: at 20 spans each, about 8 MB of text.
CHUNK_DOCUMENTS = 20_000


def int_rows(session: Session, query: Select[*tuple[Any, ...]],
             document_id: ColumnElement[int] | QueryableAttribute[int], document_ids: Sequence[int], *,
             chunk: int = CHUNK_DOCUMENTS) -> np.ndarray:
    """The rows of `query` (integer columns, none NULL), as an int64 array of its width: the
    rows of `document_ids` (ascending, as `document_id` in the query names them), chunk by
    chunk in that order; within a chunk, in the order the database reads them."""
    width = len(query.selected_columns)
    parts = []
    for start in range(0, len(document_ids), chunk):
        first, last = document_ids[start], document_ids[min(start + chunk, len(document_ids)) - 1]
        chunk_rows = query.where(document_id.between(first, last)).subquery()
        text = session.execute(select(func.aggregate_strings(
            _joined(chunk_rows), ","))).scalar_one()
        if text:
            # Text mode of `fromstring` (with `sep`) is the one numpy keeps; it raises on
            # anything but the numbers it expects.
            parts.append(np.fromstring(text, dtype=np.int64, sep=","))
    flat = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    return flat.reshape(-1, width)


def _joined(rows: Any) -> ColumnElement[str]:
    """One row's columns as text joined by commas."""
    values: list[ColumnElement[str]] = [cast(column, String) for column in rows.c]
    row = values[0]
    for value in values[1:]:
        row = row + "," + value
    return row
