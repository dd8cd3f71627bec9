"""JSON-able views of detector output, for the CLI (one JSON object per line).

Pure functions with fixed keys, so that the CLI output format is defined in one place:

* suggestions -> ``rule``, ``label``, ``start``, ``end``, ``quote``
* funding appeals -> ``channel``, ``identifier``, ``start``, ``end``, ``quote``
* page parts -> ``kind``, ``start``, ``end``

Offsets are code points (Python string indices).  JSON lines are written with
``ensure_ascii=False`` so that quotes read as in the article.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from .funding import FundingAppeal
from .furniture import Part
from .model import Suggestion


def suggestion_to_dict(suggestion: Suggestion) -> dict[str, Any]:
    return {
        "rule": suggestion.rule,
        "label": suggestion.label,
        "start": suggestion.start,
        "end": suggestion.end,
        "quote": suggestion.quote,
    }


def funding_appeal_to_dict(appeal: FundingAppeal) -> dict[str, Any]:
    return {
        "channel": appeal.channel,
        "identifier": appeal.identifier,
        "start": appeal.start,
        "end": appeal.end,
        "quote": appeal.quote,
    }


def part_to_dict(part: Part) -> dict[str, Any]:
    return {"kind": part.kind, "start": part.start, "end": part.end}


def to_json_lines(items: Iterable[Suggestion | FundingAppeal | Part]) -> Iterator[str]:
    """One compact JSON object per item (no trailing newline)."""
    for item in items:
        if isinstance(item, Suggestion):
            data = suggestion_to_dict(item)
        elif isinstance(item, FundingAppeal):
            data = funding_appeal_to_dict(item)
        elif isinstance(item, Part):
            data = part_to_dict(item)
        else:
            raise TypeError(f"cannot serialise {type(item).__name__}")
        yield json.dumps(data, ensure_ascii=False)
