"""Declarative base, naming convention and column types shared by every table."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, MetaData, String
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
