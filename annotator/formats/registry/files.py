"""The registry formats' small catalog: writing by format name, reading by file name.

An export names its format (`json` or `csv`, as `REGISTRY_FORMATS` lists them, typed with the
protocols below so that mypy checks each module). An import takes files by their names: a
registry .json, a native .jsonl export (its entity lines), one CSV table, or a .zip of CSV
tables (`read_registry_files`). Used by the exchange services, for the page and the command line.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import IO, Literal, Protocol

from ...errors import InvalidInput
from .. import native_jsonl
from ..bundle import Limits, Sink
from ..input_checks import decode
from ..protocol import Named
from ..record_types import type_problems
from ..records import EntityRecord, RegistryFile
from . import csv_tables, json_file

#: The suffixes an import reads.
EXTENSIONS = (".json", ".jsonl", ".csv", ".zip")


class _Described(Named, Protocol):
    @property
    def FILE_NAME(self) -> str:
        """The name of a download."""


class RegistryFileFormat(_Described, Protocol):
    """The registry as one text file (JSON)."""

    @property
    def KIND(self) -> Literal["file"]: ...

    def write(self, entities: Iterable[EntityRecord], fp: IO[str], /) -> int:
        """Returns the number of entities."""


class RegistryBundleFormat(_Described, Protocol):
    """The registry as several files, in a folder or a zip (the CSV tables)."""

    @property
    def KIND(self) -> Literal["bundle"]: ...

    def write(self, entities: Iterable[EntityRecord], sink: Sink, /) -> int:
        """Returns the number of entities."""


RegistryFormat = RegistryFileFormat | RegistryBundleFormat

_FILE_FORMATS: tuple[RegistryFileFormat, ...] = (json_file,)
_BUNDLE_FORMATS: tuple[RegistryBundleFormat, ...] = (csv_tables,)
_ALL: tuple[RegistryFormat, ...] = (*_FILE_FORMATS, *_BUNDLE_FORMATS)
REGISTRY_FORMATS: dict[str, RegistryFormat] = {m.NAME: m for m in _ALL}


def get_registry_format(name: str) -> RegistryFormat:
    try:
        return REGISTRY_FORMATS[name]
    except KeyError:
        raise InvalidInput(f"unknown registry format {name!r}; known: {', '.join(REGISTRY_FORMATS)}",
                           field="format") from None


def read_registry_files(files: Mapping[str, bytes], *, limits: Limits = csv_tables.ZIP_LIMITS) -> RegistryFile:
    """All the given files (name -> content) as one registry; CSV tables may come one by one,
    or in a zip read within `limits`."""
    result = RegistryFile()
    tables: dict[str, str] = {}
    for name, data in files.items():
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
        try:
            if suffix == "csv":
                tables[name] = decode(data, name)
                continue
            if suffix == "zip":
                part = csv_tables.read_zip(data, source=name, limits=limits)
            elif suffix == "jsonl":
                native = native_jsonl.read(io.StringIO(decode(data, name)), source=name)
                part = RegistryFile(entities=native.entities, issues=list(native.issues))
            elif suffix == "json":
                part = json_file.read(io.StringIO(decode(data, name)), source=name)
            else:
                raise InvalidInput(f"not a registry file (expected {', '.join(EXTENSIONS)})", file=name)
        except InvalidInput as error:
            result.issues.append(error)
            continue
        _extend(result, part)
    if tables:
        _extend(result, csv_tables.read_tables(tables))
    # Every value of the right type and without U+0000 before anything queries or writes it,
    # as a project import's records are checked (record_types).
    result.issues += type_problems([*result.entities, *result.funding_links, *result.ratings, *result.designations],
                                   source="registry")
    return result


def _extend(result: RegistryFile, part: RegistryFile) -> None:
    result.entities += part.entities
    result.funding_links += part.funding_links
    result.ratings += part.ratings
    result.designations += part.designations
    result.issues += part.issues
