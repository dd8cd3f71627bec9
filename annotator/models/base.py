"""Declarative base, naming convention and column types shared by every table."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, MetaData, Numeric, String
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator, TypeEngine

# A fixed naming convention keeps constraint names identical on SQLite and PostgreSQL, so
# Alembic migrations stay stable and can drop constraints by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class JSONDocument(TypeDecorator[Any]):
    """JSON everywhere, JSONB on PostgreSQL (indexable, compact). The same as
    `JSON().with_variant(JSONB(), "postgresql")`, but naming JSONB there imported SQLAlchemy's
    PostgreSQL dialects (and asyncio with them) at every start, 17 ms of each command on SQLite;
    here they are imported when a PostgreSQL connection asks for the type. Migrations keep
    writing `sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")`, which
    compares equal (tests/test_migrations.py, both backends)."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


JSONType: TypeEngine[Any] = JSONDocument()


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal kept digit for digit: NUMERIC(precision, scale) on PostgreSQL; on SQLite, which
    has no decimal type, its text (VARCHAR(precision + 2), fixed to `scale` places).

    SQLAlchemy's Numeric on SQLite goes through a float: NUMERIC affinity stores
    123456789012345.6789 as the REAL 123456789012345.67, and it comes back as
    Decimal('123456789012345.6719'). Money must not change on the way in. Both backends return
    a Decimal with `scale` places. Check constraints compare `CAST(column AS NUMERIC)`, which on
    SQLite compares the text as a number and on PostgreSQL changes nothing. Migrations write
    `sa.Numeric(p, s).with_variant(sa.String(p + 2), "sqlite")`, which compares equal
    (tests/test_migrations.py, both backends)."""

    impl = Numeric
    cache_ok = True

    def __init__(self, precision: int, scale: int) -> None:
        super().__init__(precision=precision, scale=scale, asdecimal=True)
        self.precision, self.scale = precision, scale
        self._quantum = Decimal(1).scaleb(-scale)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(self.precision + 2))
        return dialect.type_descriptor(Numeric(self.precision, self.scale, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"a decimal column takes a Decimal, not {type(value).__name__}")
        fixed = value.quantize(self._quantum)
        if fixed != value:
            raise ValueError(f"{value} has more than {self.scale} decimal places (the services refuse it first)")
        return f"{fixed:f}" if dialect.name == "sqlite" else fixed

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return Decimal(value).quantize(self._quantum)


def column_size(model: type[Base], name: str) -> int | None:
    """The most characters the text column `name` of `model` holds (None: no limit). Checks of
    input read it here, so that a size is written once, in the model."""
    size: int | None = getattr(model.__table__.c[name].type, "length", None)
    return size


def utcnow() -> datetime:
    """Naive UTC: both backends store `timestamp without time zone` and compare it as such."""
    return datetime.now(UTC).replace(tzinfo=None)


#: The variant digit of a version-4 UUID (bits 10xx) for each hex digit of random bits.
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def new_uid() -> str:
    """Stable identifier that survives export and import into another database: a random
    (version 4) UUID. Formatted from the random bytes directly, which is what `uuid.uuid4()`
    does after validating and building an object: an import makes one per span (tens of
    thousands), where that costs more than the rest of the span's row."""
    digits = os.urandom(16).hex()
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{_VARIANT[digits[16]]}{digits[17:20]}-{digits[20:]}"


def new_uids() -> Iterator[str]:
    """`new_uid`s without end, for one caller that needs many (an import: one per span): the
    random bytes of 256 uids are read at a time, where a read per uid was a third of its
    cost. Not shared between threads: each caller makes its own."""
    while True:
        block = os.urandom(16 * 256).hex()
        for at in range(0, len(block), 32):
            digits = block[at : at + 32]
            yield f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-{_VARIANT[digits[16]]}{digits[17:20]}-{digits[20:]}"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
        str: String(),
    }


def enum_type(enum: type[StrEnum]) -> SAEnum:
    """A StrEnum stored as its value in a VARCHAR (no native ENUM: migrations stay simple)."""
    return SAEnum(
        enum,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
