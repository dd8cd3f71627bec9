"""A span as brat writes it: fragments split at line breaks and tabs, whitespace trimmed at each
fragment's ends, and the text column that brat's loader demands for them.

brat's editor (server `annotator.py`, `__create_span`) splits a selection at `\\n` and `\\t`
into discontinuous fragments and trims whitespace at both ends of each; its loader
(`annotation.py`, `TextBoundAnnotationWithText`) then requires the text column to equal the
fragments' texts joined by one space. We split at every character that ends a line of the
`.ann` file when brat reads it (Python's `str.splitlines` breaks: `\\r`, `\\x0b`, `\\x0c`,
`\\x1c`-`\\x1e`, `\\x85`, U+2028, U+2029) as well, since one of those inside a text column would
cut the line in two.

Trimming moves the outer ends of a span that starts or ends with whitespace, and a span of
nothing but whitespace has no fragment at all: brat then gets a null fragment at its start,
and the writer keeps the exact offsets in manifest.json so that an import restores them.
"""

from __future__ import annotations

import re

#: Where brat splits (tab, line feed) and where a line of an .ann file ends for Python.
BREAKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK = re.compile(f"[{re.escape(BREAKS)}]")

Fragment = tuple[int, int]


def fragments(text: str, start: int, end: int) -> list[Fragment]:
    """The fragments brat's editor makes of [start, end): split at breaks, each trimmed, empty
    ones left out; a null fragment at `start` when nothing but whitespace is left."""
    found: list[Fragment] = []
    position = start
    for match in _BREAK.finditer(text, start, end):
        _trimmed(text, position, match.start(), found)
        position = match.end()
    _trimmed(text, position, end, found)
    return found or [(start, start)]


def _trimmed(text: str, start: int, end: int, found: list[Fragment]) -> None:
    segment = text[start:end]
    left = start + len(segment) - len(segment.lstrip())
    right = end - (len(segment) - len(segment.rstrip()))
    if left < right:
        found.append((left, right))


def text_column(text: str, parts: list[Fragment]) -> str:
    """What brat's loader requires after the offsets: the fragments' texts joined by one space."""
    return " ".join(text[start:end] for start, end in parts)


def offsets_column(parts: list[Fragment]) -> str:
    return ";".join(f"{start} {end}" for start, end in parts)


def joinable(text: str, parts: list[Fragment]) -> bool:
    """Fragments that are one span: in order, with only whitespace between them."""
    return all(end <= start and not text[end:start].strip()
               for (_, end), (start, _) in zip(parts, parts[1:], strict=False))
