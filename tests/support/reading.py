"""An import's reading of one file in hand (what `Reading.formatted` makes of its text), for
tests of the readers that the import picks by a file's content."""

from __future__ import annotations

import io
import json

from annotator.config import get_settings
from annotator.ingest.readers import Reading


def read_text(fmt: str, text: str, source: str) -> Reading:
    """`text` read as a file of format `fmt` named `source`."""
    reading = Reading(get_settings("sqlite://"))
    reading.formatted(fmt, source=source, text=lambda: io.StringIO(text, newline=""),
                      bundle=lambda: None)  # type: ignore[arg-type,return-value]
    return reading


def read_lines(lines: list[object] | tuple[object, ...], source: str) -> Reading:
    """JSON lines, one per value, read as a `jsonl` file named `source`."""
    return read_text("jsonl", "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), source)
