"""The types of what a reader made, checked before anything reaches the database.

The readers of JSON formats (native, Label Studio, W3C) take many values as the file gives them:
a url that is a number, a span uid that is a list, a note that is an object. Such a value used
to travel on until a query or an insert choked on it, ending the import with a traceback. Each
record's fields are checked here against the types `records.py` declares, once, for every
format, and a wrong one is refused naming the file, the line (or task) and the field. Written
here because the records are plain dataclasses (pydantic models of them would cost every
import a copy of every span).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..errors import InvalidInput

_NAMES = {str: "text", int: "a whole number", bool: "true or false", dict: "an object", list: "a list",
          date: "a date", datetime: "a time", float: "a number", Decimal: "a decimal"}
#: Fields that say where a record came from: set by the readers themselves.
_SKIPPED = {"source"}


@dataclasses.dataclass(frozen=True)
class _Field:
    name: str
    kinds: tuple[type, ...]
    optional: bool
    #: The record type of a list's items (a list of spans, of links), else None.
    item: type | None


_KNOWN: dict[type, tuple[_Field, ...]] = {}


def _fields(cls: type) -> tuple[_Field, ...]:
    """The checked fields of a record type (worked out once per type)."""
    if cls not in _KNOWN:
        _KNOWN[cls] = _declared(cls)
    return _KNOWN[cls]


def _declared(cls: type) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    found = []
    for field in dataclasses.fields(cls):
        if field.name in _SKIPPED:
            continue
        hint = hints[field.name]
        options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        optional = type(None) in options
        kinds: list[type] = []
        item = None
        for option in options:
            if option is type(None) or option is Any:
                continue
            origin = typing.get_origin(option) or option
            kinds.append(origin)
            args = typing.get_args(option)
            if origin is list and args and isinstance(args[0], type) and dataclasses.is_dataclass(args[0]):
                item = args[0]
        if kinds:
            found.append(_Field(field.name, tuple(kinds), optional, item))
    return tuple(found)


def _wrong(value: Any, field: _Field) -> bool:
    if value is None:
        return not field.optional
    if isinstance(value, bool):  # a bool is an int to isinstance, never a number of ours
        return bool not in field.kinds
    if type(value) is date:  # a datetime is a date to isinstance, not the other way round
        return date not in field.kinds
    if type(value) is int and float in field.kinds:  # JSON's 5 for 5.0
        return False
    return not isinstance(value, field.kinds)


def _nul_in(value: Any, path: str) -> str | None:
    """The path of the first string in `value` (a JSON-like value: keys too) that holds U+0000."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, inner in value.items():
            inner_path = f"{path}.{key}"
            if isinstance(key, str) and "\x00" in key:
                return inner_path
            found = _nul_in(inner, inner_path)
            if found:
                return found
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found = _nul_in(inner, f"{path}[{index}]")
            if found:
                return found
    return None


def _problems(record: Any, path: str, where: str) -> Iterator[InvalidInput]:
    for field in _fields(type(record)):
        value = getattr(record, field.name)
        kind = type(value)
        # The usual value, of exactly a declared type and without U+0000, passes with no more
        # than a search of its text: an import checks every field of every span.
        if value is None and field.optional:
            continue
        if kind in field.kinds and field.item is None:
            if kind is str:
                if "\x00" not in value:
                    continue
            elif kind is not dict and kind is not list or not value:
                continue
        name = f"{path}.{field.name}" if path else field.name
        here = getattr(record, "source", None) or where
        if _wrong(value, field):
            wanted = " or ".join(_NAMES.get(kind, kind.__name__) for kind in field.kinds)
            got = "nothing" if value is None else _NAMES.get(type(value), type(value).__name__)
            yield InvalidInput(f"must be {wanted}, not {got}", file=here, field=name)
        elif field.item is not None:
            for index, item in enumerate(value):
                if not isinstance(item, field.item):
                    continue  # made by a reader, never by a file: not the user's to hear about
                yield from _problems(item, f"{name}[{index}]", here)
        elif (found := _nul_in(value, name)) is not None:
            # PostgreSQL cannot store U+0000 in text (SQLite can): refused on every database.
            yield InvalidInput("holds the character U+0000 (NUL), which cannot be stored (a binary file?)", file=here,
                               field=found)


def type_problems(records: Iterable[Any], source: str = "import", limit: int = 50) -> list[InvalidInput]:
    """Every field of the records (documents and their spans, gold spans, relations, document
    labels and links; registry entities; claim groups and fact-checks) whose value is not of its declared type or holds U+0000, located; at most
    `limit`."""
    issues: list[InvalidInput] = []
    for number, record in enumerate(records, start=1):
        for issue in _problems(record, "", record.source or f"{source}, record {number}"):
            issues.append(issue)
            if len(issues) >= limit:
                return issues
    return issues
