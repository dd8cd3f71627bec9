"""Plain-text articles: one document per file, the text kept exactly as written."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..errors import InvalidInput
from ..formats.input_checks import decode
from ..formats.records import DocumentRecord
from .parts import body_title, with_detected_parts

__all__ = ["decode", "read_text", "read_text_file"]


def read_text(data: bytes, *, name: str, source: str, batch: str | None = None) -> DocumentRecord:
    """A .txt file's bytes as one document; the title is its first non-empty line of body text
    (a donation bar or a date line above the headline is page furniture, not the title)."""
    text = decode(data, source)
    if not text.strip():
        raise InvalidInput("the file is empty", file=source)
    base = PurePosixPath(name.replace("\\", "/"))
    record = with_detected_parts(DocumentRecord(text=text, meta={"filename": base.name},
                                                source=source, import_batch=batch))
    record.title = body_title(text, record.parts) or base.stem
    return record


def read_text_file(path: Path, *, batch: str | None = None) -> DocumentRecord:
    """A .txt file of the command line as one document."""
    return read_text(path.read_bytes(), name=path.name, source=str(path), batch=batch)
