"""Page furniture and reader comments, marked when an article comes in, so that the
workspace can dim them and agreement can leave them out (annotator.suggest.detect_parts)."""

from __future__ import annotations

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


def body_title(text: str, parts: list[dict[str, Any]], limit: int = 300) -> str:
    """The first non-empty line that starts in the body (any line when no parts are marked)."""
    body = [(p["start"], p["end"]) for p in parts if p["kind"] == "body"] or [(0, len(text))]
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and any(start <= offset < end for start, end in body):
            return stripped[:limit]
        offset += len(line)
    return ""
