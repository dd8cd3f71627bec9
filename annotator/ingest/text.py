"""Plain-text articles: one document per file, the text kept exactly as written."""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInput
from ..formats.input_checks import decode
from ..formats.records import DocumentRecord
from .parts import body_title, with_detected_parts

__all__ = ["decode", "read_text_file"]


def read_text_file(path: Path, *, batch: str | None = None) -> DocumentRecord:
    """A .txt file as one document; the title is its first non-empty line of body text (a
    donation bar or a date line above the headline is page furniture, not the title)."""
    text = decode(path.read_bytes(), str(path))
    if not text.strip():
        raise InvalidInput("the file is empty", file=str(path))
    record = with_detected_parts(DocumentRecord(text=text, meta={"filename": path.name},
                                                source=str(path), import_batch=batch))
    record.title = body_title(text, record.parts) or path.stem
    return record
