"""A small, predictable sentence splitter with code-point offsets.

The claim detector proposes whole sentences, so it needs sentence spans; a full
tokenizer would be a heavy dependency for what is a suggestion aid.  The rules:

* a line break always ends a sentence (scraped pages and the PTC corpus put one
  paragraph or one sentence per line);
* inside a line, ``.``, ``!``, ``?`` or ``…`` (optionally followed by closing quotes or
  brackets) ends a sentence when whitespace and then an upper-case letter, a digit or an
  opening quote follow;
* except after common abbreviations ("Mr.", "Dr.", "Sept.", "U.S.") and single-letter
  initials ("John F. Kennedy").

Spans are trimmed of surrounding whitespace and never empty.
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“‘«„(\[]?[A-Z0-9À-ÖØ-Þ])")
_ABBREVIATIONS_TEXT = """mr mrs ms dr st sen rep gov gen col lt sgt capt prof jr sr inc co corp ltd vs
    no nos jan feb mar apr jun jul aug sep sept oct nov dec rev fr msgr hon pres supt
    dept est approx fig vol ed mt ft"""
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
# "U.S." and "e.g." style: letters separated by dots.
_DOTTED = re.compile(r"(?:[A-Za-z]\.){1,4}[A-Za-z]?$")
_LAST_WORD = re.compile(r"([\w.]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the '.' at index ``dot`` closes an abbreviation, not a sentence."""
    # A bounded window keeps this O(1): abbreviations are short.
    match = _LAST_WORD.search(text, max(0, dot - 24), dot + 1)
    if match is None:
        return False
    word = match.group(1)
    bare = word.rstrip(".")
    if len(bare) == 1 and bare.isupper():
        return True  # an initial
    if bare.casefold() in _ABBREVIATIONS:
        return True
    return bool(_DOTTED.match(word)) and len(bare) <= 5 and "." in bare


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` in order, trimmed, non-empty."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        seg_start = line.start()
        for boundary in _BOUNDARY.finditer(text, line.start(), line.end()):
            if text[boundary.start()] == "." and boundary.end() - boundary.start() == 1 and (
                _is_abbreviation(text, boundary.start())
            ):
                continue
            span = _trimmed(text, seg_start, boundary.end())
            if span:
                spans.append(span)
            seg_start = boundary.end()
        span = _trimmed(text, seg_start, line.end())
        if span:
            spans.append(span)
    return spans
