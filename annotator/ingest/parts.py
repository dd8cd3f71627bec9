"""Page furniture and reader comments, marked when an article comes in, so that the
workspace can dim them and agreement can leave them out (annotator.suggest.detect_parts)."""

from __future__ import annotations

import re
from typing import Any

from ..formats.records import DocumentRecord


def detected_parts(text: str) -> list[dict[str, Any]]:
    """Body / furniture / comments ranges, or [] when the whole text is body."""
    # Imported here: the detectors' patterns cost a command that reads no new article (an
    # import of annotations) a tenth of its start.
    from ..suggest import detect_parts

    parts = detect_parts(text)
    if all(part.kind == "body" for part in parts):
        return []
    return [{"kind": part.kind, "start": part.start, "end": part.end} for part in parts]


def with_detected_parts(record: DocumentRecord) -> DocumentRecord:
    """Fill in the parts of a newly read article that does not say what they are."""
    if not record.parts:
        record.parts = detected_parts(record.text)
    return record


#: What a title line is stripped of at its ends: whitespace, and the zero-width characters and
#: byte-order marks that text copied from web pages carries (not whitespace to `str.strip`):
#: a line of nothing else is no title.
_BLANK = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff\u00ad]+|[\s\u200b-\u200d\u2060\ufeff\u00ad]+$")


def body_title(text: str, parts: list[dict[str, Any]], limit: int = 300) -> str:
    """The first non-empty line that starts in the body (any line when no parts are marked)."""
    body = [(p["start"], p["end"]) for p in parts if p["kind"] == "body"] or [(0, len(text))]
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = _BLANK.sub("", line)
        if stripped and any(start <= offset < end for start, end in body):
            return stripped[:limit]
        offset += len(line)
    return ""
