"""Many rows into one table in the session's transaction, at the speed of the driver.

A Core `insert(table)` with a list of rows makes SQLAlchemy build, check and convert a parameter
set per row in Python: on an import of the peer set (40,000 spans) that cost more than SQLite's
own work. On SQLite (the embedded default) the rows go to the driver's `executemany` as tuples,
each value converted by the column type's own bind processor for this dialect (the function
SQLAlchemy would call: JSON text, timestamps, enum values stay exactly as a Core insert stores
them) and the columns a row leaves out filled from their Python defaults, as Core does. Other
backends (PostgreSQL) take the Core insert, whose executemany their driver batches already.
`insert_values` takes the rows as tuples (an import's spans: no dict per row is built), and
`indexes_deferred` lets the first import into a new database build a table's indexes once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Column, Table, exists, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .in_batches import rows_in


@contextmanager
def indexes_deferred(session: Session, table: Table) -> Iterator[None]:
    """Inside the block, an empty SQLite table (the first import into a new database) has
    no secondary indexes: they are dropped, and made again from their own SQL when the block
    ends, all in the session's transaction. Building an index once from all the rows is
    cheaper than keeping it up to date row by row (the peer set's 40,000 spans: three indexes,
    a fifth of SQLite's time for them). The schema ends as it was: each index is made from the
    text SQLite kept for it, and SQLite's DDL is transactional, so a failed import rolls back
    to the indexes it found. Unique constraints stay (they guard the rows going in); a table
    that already holds rows, or another backend, keeps its indexes as they are."""
    connection = session.connection()
    if connection.dialect.name != "sqlite" or session.scalar(select(exists().select_from(table))):
        yield
        return
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    quote = connection.dialect.identifier_preparer.quote
    try:
        indexes = cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                 "AND sql IS NOT NULL ORDER BY name", (table.name,)).fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        try:
            yield
        finally:
            for _, sql in indexes:
                cursor.execute(sql)
    finally:
        cursor.close()


def insert_rows_with_ids(session: Session, table: Table, rows: Sequence[dict[str, Any]], key: str) -> list[int]:
    """Insert `rows` like `insert_rows` and return their primary keys in the order of the rows.
    `key` names a unique column every row gives. On SQLite the ids are read back by that key
    after the driver's executemany (SQLAlchemy inserts a row per statement there when it must
    return ids in order: 2,000 statements for the peer set's documents); elsewhere the Core
    insert returns them (RETURNING, in parameter order)."""
    if not rows:
        return []
    if session.connection().dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(session.scalars(statement, list(rows)).all())
    insert_rows(session, table, rows)
    keys = [row[key] for row in rows]
    column = table.c[key]
    ids: dict[Any, int] = {}
    ids.update((value, id_) for value, id_ in rows_in(session, select(column, table.c.id), column, keys))
    return [ids[value] for value in keys]


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert `rows` (dicts of column name -> Python value, all with the same keys) into `table`
    in the session's transaction and forget them; how many were inserted. Primary keys come
    from the database (no ids are returned)."""
    if not rows:
        return 0
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        connection.execute(insert(table), list(rows))
        return len(rows)
    given = list(rows[0])
    take = itemgetter(*given)
    # The rows' values taken apart in C (itemgetter) rather than a call per value.
    values = [(take(row),) for row in rows] if len(given) == 1 else list(map(take, rows))
    return insert_values(session, table, given, values)


def insert_values(session: Session, table: Table, columns: Sequence[str], values: Sequence[Sequence[Any]]) -> int:
    """Insert rows given as tuples of the Python values of `columns` (in that order), as
    `insert_rows` does; a caller that makes many rows (an import's spans) builds tuples
    without building a dict for each first."""
    if not values:
        return 0
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name != "sqlite":
        connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in values])
        return len(values)
    # Worked column by column: the values taken apart in C (zip), each column that needs it
    # converted by its type, the defaults of the columns the rows leave out added, and the
    # rows put together again (zip). A call per value costs as much as SQLite's insert of it.
    targets = [table.c[key] for key in columns]
    cells: list[Sequence[Any]] = list(zip(*values, strict=True))
    for column in table.columns:
        if column.key not in columns and column.default is not None and not column.primary_key:
            targets.append(column)
            make = _default_of(column.default)
            cells.append([make() for _ in values])
    for i, column in enumerate(targets):
        convert = column.type._cached_bind_processor(dialect)
        if convert is not None:
            cells[i] = _converted(convert, cells[i], _python_type(column))
    rows = list(zip(*cells, strict=True))
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in targets)}) "
           f"VALUES ({', '.join('?' for _ in targets)})")
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, rows)
    except dialect.loaded_dbapi.Error as error:
        # The same exception a Core insert raises (IntegrityError, OperationalError, ...).
        raise DBAPIError.instance(sql, None, error, dialect.loaded_dbapi.Error, hide_parameters=True,
                                  dialect=dialect) from error
    finally:
        cursor.close()
    return len(rows)


def _default_of(default: Any) -> Callable[[], Any]:
    """The column's Python default as a function of nothing: a scalar, or a callable that
    SQLAlchemy wrapped to take the execution context, called without one (the only default
    that reads it, documents' word_count, then gives None: the import sets that column itself)."""
    if default.is_scalar:
        return lambda: default.arg
    if default.is_callable:
        return lambda: default.arg(None)
    raise ValueError(f"a column default of this kind cannot be filled in here: {default!r}")


def _python_type(column: Column[Any]) -> type | None:
    """The Python type of the column's values (`dict` for JSON, whose own answer is `object`;
    also for a type that decorates JSON, as the models' JSONDocument does)."""
    kind_of = column.type
    if isinstance(kind_of, JSON) or isinstance(getattr(kind_of, "impl_instance", None), JSON):
        return dict
    try:
        kind: type = column.type.python_type
    except NotImplementedError:
        return None
    return kind


def _converted(convert: Callable[[Any], Any], values: Sequence[Any], kind: type | None) -> list[Any]:
    """`convert` applied to every value of a column whose values are of Python type `kind`:
    once per distinct value for plain scalars (an import's `now`, its origin), once for an
    empty JSON object or array or a None (most spans carry no attributes, most audit events
    no before and after), else once per value."""
    if kind is not None and issubclass(kind, datetime | date | Enum | str | int):
        once = {value: convert(value) for value in set(values)}
        return [once[value] for value in values]
    if kind in (dict, list):
        empty: dict[type, Any] = {dict: convert({}), list: convert([]), type(None): convert(None)}
        return [empty[type(value)] if not value and type(value) in empty else convert(value) for value in values]
    return [convert(value) for value in values]
