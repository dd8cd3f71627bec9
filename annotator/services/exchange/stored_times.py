"""Span times read as stored and turned into datetimes once per distinct value.

SQLite stores a time as text, and SQLAlchemy parses it again for every row: an export reads
three per span (created, updated, deleted), 120,000 parses on the peer set, where an imported
set holds a handful of distinct times (the import's). The export reads these columns as stored
(`type_coerce` to String, as `data_export._raw` does for JSON) and converts each distinct value
once per batch, with the column type's own converter for the dialect: the datetimes are the
ones SQLAlchemy would have made. PostgreSQL's driver returns datetimes already (no converter).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.types import TypeEngine


def time_converter(dialect: Dialect, kind: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """What SQLAlchemy calls on each stored value of a column of type `kind` read on `dialect`
    (None: nothing, the driver's value is the datetime)."""
    convert: Callable[[Any], Any] | None = kind._cached_result_processor(dialect, None)
    return convert


class StoredTimes(dict[Any, datetime | None]):
    """Stored value -> datetime, filled as values are asked for (`times[value]`: a dict lookup
    for every value seen before). Made afresh for each batch, so that an export of spans that
    all have times of their own keeps its memory flat."""

    def __init__(self, convert: Callable[[Any], Any] | None) -> None:
        super().__init__({None: None})
        self._convert = convert

    def __missing__(self, value: Any) -> datetime | None:
        converted: datetime | None = value if self._convert is None or type(value) is not str else self._convert(value)
        self[value] = converted
        return converted
