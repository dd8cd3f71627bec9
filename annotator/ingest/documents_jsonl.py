"""JSON lines of articles, one per line: text, title, url, outlet, published, meta (and more).

This is the simple way to bring a collection in; annotations travel in the native format, or
come with the articles as doccano writes them (`doccano_spans`).
"""

from __future__ import annotations

from typing import IO, Any

from ..errors import InvalidInput
from ..formats.base import EndUids, parse_date
from ..formats.input_checks import RecordLimit, take
from ..formats.json_input import json_lines
from ..formats.records import DocumentRecord
from .doccano_spans import attach, could_be_units, take_spans
from .parts import with_detected_parts

FIELDS = {"text", "title", "url", "outlet", "published", "meta", "author", "language", "external_id", "id"}


def read(fp: IO[str], *, source: str, limit: RecordLimit | None = None, notes: list[str] | None = None
         ) -> tuple[list[DocumentRecord], list[InvalidInput]]:
    """The articles and the problems found (TooManyRecords ends the reading at the first
    line beyond `limit`); what the import should tell about doccano offsets goes to `notes`."""
    records: list[DocumentRecord] = []
    issues: list[InvalidInput] = []
    end_uids = EndUids()
    in_units: list[int] = []
    either: list[int] = []
    for number, data in json_lines(fp, source):
        take(limit, 1, file=source, line=number)
        if isinstance(data, InvalidInput):
            issues.append(data)
            continue
        try:
            spans, relations = take_spans(data, source, number) if isinstance(data, dict) else ([], [])
            record = record_of(data, source, number)
            if attach(record, spans, relations, end_uids):
                in_units.append(number)
            elif could_be_units(record.text or "", spans):
                either.append(number)
            records.append(record)
        except InvalidInput as error:
            issues.append(error)
    if notes is not None:
        notes += _offset_notes(source, in_units, either)
    return records, issues


def _offset_notes(source: str, in_units: list[int], either: list[int]) -> list[str]:
    """doccano counts offsets in UTF-16 units in its browser, and as given in an import: after
    an emoji the two differ by one. The lines read as units, and those that could be either."""
    said = []
    if in_units:
        said.append(f"{source}: the spans of {_lines(in_units)} count UTF-16 units (as doccano's browser "
                    "does; in characters they run past the text) and were read so")
    if either:
        said.append(f"{source}: {_lines(either)} {'has' if len(either) == 1 else 'have'} characters beyond U+FFFF "
                    "(emoji, flags) before spans; their offsets were read as characters. A span drawn in doccano's "
                    "browser counts UTF-16 units and would sit a character late after each: check those documents "
                    "in the workspace")
    return said


def _lines(numbers: list[int]) -> str:
    """"line 3", or "lines 1, 2, ... and 7 more" (the first ten named)."""
    named = ", ".join(map(str, numbers[:10])) + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
    return f"line {named}" if len(numbers) == 1 else f"lines {named}"


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
