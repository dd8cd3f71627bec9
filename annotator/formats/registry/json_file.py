"""The registry as one JSON file: entities with their domains, ratings, designations and the
funding they receive, exactly as the native export's entity lines carry them.

    {"format": "annotator-registry", "format_version": 1,
     "entities": [{"uid": ..., "kind": "outlet", "name": "SouthFront", "domains": [...],
                   "ratings": [...], "designations": [...], "funding_received": [...]}]}

A hand-written file may leave out uids and name entities by name instead, and may give
`funding_links`, `ratings` and `designations` as top-level lists whose rows name their
entities (`recipient` / `funder` / `entity`, by uid or name).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any, Final

from pydantic import TypeAdapter, ValidationError

from ...errors import InvalidInput
from ..json_input import load_json
from ..native_jsonl import json_default, plain
from ..records import DesignationRecord, EntityRecord, FundingLinkRecord, RatingRecord, RegistryFile

NAME = "json"
TITLE = "JSON"
FORMAT_ID = "annotator-registry"
FORMAT_VERSION = 1
EXTENSIONS = (".json",)
FILE_NAME = "registry.json"
MEDIA_TYPE = "application/json"
KIND: Final = "file"

_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "entities": TypeAdapter(EntityRecord),
    "funding_links": TypeAdapter(FundingLinkRecord),
    "ratings": TypeAdapter(RatingRecord),
    "designations": TypeAdapter(DesignationRecord),
}


def write(entities: Iterable[EntityRecord], fp: IO[str]) -> int:
    """Write the registry; returns the number of entities."""
    rows = [plain(entity) for entity in entities]
    json.dump({"format": FORMAT_ID, "format_version": FORMAT_VERSION, "entities": rows}, fp,
              ensure_ascii=False, indent=2, default=json_default)
    fp.write("\n")
    return len(rows)


def read(fp: IO[str], *, source: str = "<registry.json>") -> RegistryFile:
    """Parse a registry file; problems are collected (file, line or field), not raised."""
    result = RegistryFile()
    try:
        data = load_json(fp, source)
    except InvalidInput as error:
        result.issues.append(error)
        return result
    if not isinstance(data, dict) or not any(key in data for key in _ADAPTERS):
        result.issues.append(InvalidInput("expected an object with an 'entities' list (an annotator registry file)", file=source))
        return result
    if data.get("format", FORMAT_ID) != FORMAT_ID:
        result.issues.append(InvalidInput(f"not an {FORMAT_ID} file (format {data.get('format')!r})", file=source, field="format"))
        return result
    if int(data.get("format_version", 1)) > FORMAT_VERSION:
        result.issues.append(InvalidInput(f"format version {data['format_version']} is newer than this tool reads ({FORMAT_VERSION})",
                                          file=source, field="format_version"))
        return result
    for key, adapter in _ADAPTERS.items():
        items = data.get(key, [])
        if not isinstance(items, list):
            result.issues.append(InvalidInput(f"{key} must be a list", file=source, field=key))
            continue
        target = getattr(result, key)
        for index, item in enumerate(items):
            try:
                record = adapter.validate_python(item)
            except ValidationError as error:
                result.issues.append(InvalidInput.from_validation(error, file=source, within=f"{key}[{index}]"))
                continue
            record.source = f"{source}, {key}[{index}]"
            target.append(record)
    return result
