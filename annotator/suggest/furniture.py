"""Page furniture: split a scraped page into body, furniture and reader comments.

Scrapers keep more than the article: donation widgets, date stamps, comment-widget
chrome and the readers' comments.  :func:`detect_parts` labels every character of the
text, in order, as one of three kinds, so that the UI can grey out what is not the
article and the detectors' suggestions there can be discounted.

Rules, applied line by line (a line's part includes its line break):

* **furniture**
  - donation progress bars: two or more consecutive lines that are each only an amount
    of money ("0 $", "2,500 $", "$5,000", "45%" is not money and does not count);
  - a stray date line ("MARCH 2024", "January 23, 2017", "2017-01-23") among the first
    ten non-blank lines;
  - "Support <outlet>" blocks: the heading and its appeal paragraph, and other funding
    appeal lines (see :func:`annotator.suggest.funding.detect_funding_appeals`);
  - comment-widget chrome: lines that are exactly "Notify of", "Newest Most Voted",
    "Inline Feedbacks", "View all comments", "Would love your thoughts, please
    comment." (with the widget's close mark "x" the scraper may glue to it),
    "Leave a Reply", "N Comments" and the like;
* **comments** — every other non-blank line after the first chrome line: the
  reader-comment section follows the widget;
* **body** — the rest.

Blank lines take the kind of the line before them (at the very top, of the line after
them); adjacent lines of one kind are merged.  The parts partition the text: they are
in order, have no gaps or overlaps, and together cover ``text`` exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .funding import detect_funding_appeals

KINDS = ("body", "furniture", "comments")


@dataclass(frozen=True, slots=True)
class Part:
    """A run of text of one kind; ``start`` inclusive, ``end`` exclusive (code points)."""

    kind: str
    start: int
    end: int


_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_MONEY_LINE = re.compile(
    r"^\s*(?:[$€£¥₽]\s?\d[\d,.\u00a0\u202f ]*|\d[\d,.\u00a0\u202f ]*?\s?(?:[$€£¥₽]|USD|EUR|RUB))\s*$"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_LINE = re.compile(
    rf"(?i)^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?)?\s*$"
)
_DATE_LINE_WINDOW = 10  # "near the top": among the first ten non-blank lines
_CHROME = re.compile(
    r"(?i)^\s*(?:notify\s+of|(?:oldest\s+)?newest\s+most\s+voted|oldest|inline\s+feedbacks|"
    r"view\s+all\s+comments|load\s+more\s+comments|would\s+love\s+your\s+thoughts,?\s+please\s+"
    r"comment\.?(?:\s*[x×✕])?|leave\s+a\s+(?:reply|comment)|\d+\s+comments?|comments?|login|guest|"
    r"subscribe|reply|show\s+more\s+replies|join\s+the\s+discussion)\s*$"
)


def _classify(text: str, lines: list[tuple[int, int]]) -> list[str | None]:
    """Kind of each line; None for blank lines (decided afterwards)."""
    furniture_spans = [(a.start, a.end) for a in detect_funding_appeals(text)
                       if a.channel == "support_block"]
    kinds: list[str | None] = []
    seen_chrome = False
    non_blank = 0
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if not line.strip():
            kinds.append(None)
            continue
        non_blank += 1
        if _CHROME.match(line):
            seen_chrome = True
            kinds.append("furniture")
        elif (
            any(s < end and start < e for s, e in furniture_spans)
            or (_MONEY_LINE.match(line) and _in_money_run(text, lines, index))
            or (non_blank <= _DATE_LINE_WINDOW and _DATE_LINE.match(line))
        ):
            kinds.append("furniture")
        else:
            kinds.append("comments" if seen_chrome else "body")
    return kinds


def _in_money_run(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """True when the line at ``index`` has a money-only neighbour (a run of two or more)."""
    for other in (index - 1, index + 1):
        if 0 <= other < len(lines) and _MONEY_LINE.match(text[slice(*lines[other])]):
            return True
    return False


def detect_parts(text: str) -> list[Part]:
    """Partition ``text`` into body, furniture and comments parts, in order."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    if not lines:
        return []
    kinds = _classify(text, lines)
    # Blank lines join the preceding part; leading blank lines join the first part.
    first = next((k for k in kinds if k is not None), "body")
    filled: list[str] = []
    for kind in kinds:
        filled.append(kind if kind is not None else (filled[-1] if filled else first))
    parts: list[Part] = []
    for (start, end), kind in zip(lines, filled, strict=True):
        if parts and parts[-1].kind == kind and parts[-1].end == start:
            parts[-1] = Part(kind, parts[-1].start, end)
        else:
            parts.append(Part(kind, start, end))
    return parts
