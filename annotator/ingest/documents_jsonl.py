"""JSON lines of articles, one per line: text, title, url, outlet, published, meta (and more).

This is the simple way to bring a collection in; annotations travel in the native format.
"""

from __future__ import annotations

from typing import IO, Any

from ..errors import InvalidInput
from ..formats.base import parse_date
from ..formats.input_checks import RecordLimit, take
from ..formats.json_input import json_lines
from ..formats.records import DocumentRecord
from .parts import with_detected_parts

FIELDS = {"text", "title", "url", "outlet", "published", "meta", "author", "language", "external_id", "id"}


def read(fp: IO[str], *, source: str, limit: RecordLimit | None = None
         ) -> tuple[list[DocumentRecord], list[InvalidInput]]:
    """The articles and the problems found (TooManyRecords ends the reading at the first
    line beyond `limit`)."""
    records: list[DocumentRecord] = []
    issues: list[InvalidInput] = []
    for number, data in json_lines(fp, source):
        take(limit, 1, file=source, line=number)
        if isinstance(data, InvalidInput):
            issues.append(data)
            continue
        try:
            records.append(record_of(data, source, number))
        except InvalidInput as error:
            issues.append(error)
    return records, issues


def record_of(data: Any, source: str, line: int) -> DocumentRecord:
    """An article given as its fields (a JSON line, a CSV row) as a document record."""
    if not isinstance(data, dict):
        raise InvalidInput("each line must be a JSON object", file=source, line=line)
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise InvalidInput("text must be a string", file=source, line=line, field="text")
    if not text or not text.strip():
        raise InvalidInput("missing or empty text", file=source, line=line, field="text")
    for key in ("title", "url", "outlet", "author", "language"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InvalidInput(f"{key} must be a string", file=source, line=line, field=key)
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise InvalidInput("meta must be an object", file=source, line=line, field="meta")
    extra = {k: v for k, v in data.items() if k not in FIELDS}
    external = data.get("external_id", data.get("id"))
    return with_detected_parts(DocumentRecord(
        text=text,
        title=data.get("title") or "",
        url=data.get("url"),
        outlet=data.get("outlet"),
        author=data.get("author"),
        language=data.get("language"),
        published=parse_date(data.get("published"), file=source, line=line, field="published", leading=True),
        external_id=str(external) if external is not None else None,
        meta={**meta, **extra},
        source=f"{source}, line {line}",
    ))
