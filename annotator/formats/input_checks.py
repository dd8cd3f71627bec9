"""Checks on what a user hands to an import before a format parses it: UTF-8 text only, and
files no larger than the configured limit. The file readers, the bundle reader, the registry
upload and the command line all refuse in the same words."""

from __future__ import annotations

from pathlib import Path

from ..errors import InvalidInput


def check_size(path: Path, limit: int) -> int:
    """The file's size, or InvalidInput when it is larger than `limit` bytes: checked before
    anything reads it."""
    size = path.stat().st_size
    if size > limit:
        raise InvalidInput(f"file is larger than the limit of {limit} bytes", file=str(path))
    return size


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM); anything else is refused rather than guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(f"not UTF-8 text (byte {error.start})", file=source, line=line) from error
