"""Reading a registry upload by its file name: a registry .json, a native .jsonl export (its
entity lines), one CSV table, or a .zip of CSV tables. Used by the command line and the page."""

from __future__ import annotations

import io
from collections.abc import Mapping

from ..errors import InvalidInput
from . import native_jsonl, registry_csv, registry_json
from .input_checks import decode
from .records import RegistryFile

EXTENSIONS = (".json", ".jsonl", ".csv", ".zip")


def read_registry_files(files: Mapping[str, bytes]) -> RegistryFile:
    """All the given files (name -> content) as one registry; CSV tables may come one by one."""
    result = RegistryFile()
    tables: dict[str, str] = {}
    for name, data in files.items():
        suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
        try:
            if suffix == "csv":
                tables[name] = decode(data, name)
                continue
            if suffix == "zip":
                part = registry_csv.read_zip(data, source=name)
            elif suffix == "jsonl":
                native = native_jsonl.read(io.StringIO(decode(data, name)), source=name)
                part = RegistryFile(entities=native.entities, issues=list(native.issues))
            elif suffix == "json":
                part = registry_json.read(io.StringIO(decode(data, name)), source=name)
            else:
                raise InvalidInput(f"not a registry file (expected {', '.join(EXTENSIONS)})", file=name)
        except InvalidInput as error:
            result.issues.append(error)
            continue
        _extend(result, part)
    if tables:
        _extend(result, registry_csv.read_tables(tables))
    return result


def _extend(result: RegistryFile, part: RegistryFile) -> None:
    result.entities += part.entities
    result.funding_links += part.funding_links
    result.ratings += part.ratings
    result.designations += part.designations
    result.issues += part.issues
