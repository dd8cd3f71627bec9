"""Reading JSON and JSON lines with errors located by file, line and column."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InvalidInput


def _malformed(error: json.JSONDecodeError, source: str, line: int) -> InvalidInput:
    return InvalidInput(f"malformed JSON: {error.msg} (column {error.colno})", file=source, line=line)


def load_json(fp: IO[str], source: str) -> Any:
    """The parsed document, or InvalidInput naming the line and column where it breaks."""
    try:
        return json.load(fp)
    except json.JSONDecodeError as error:
        raise _malformed(error, source, error.lineno) from error


def json_lines(fp: IO[str], source: str) -> Iterator[tuple[int, Any | InvalidInput]]:
    """(line number, parsed value or the problem) for every non-empty line."""
    for number, raw in enumerate(fp, start=1):
        if not raw.strip():
            continue
        try:
            yield number, json.loads(raw)
        except json.JSONDecodeError as error:
            yield number, _malformed(error, source, number)
