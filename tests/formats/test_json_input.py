"""The lone-surrogate test of every JSON reader: the scan of the raw text's escapes (which spares
walking the parsed value) must agree exactly with what the parsed strings hold."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import InvalidInput
from annotator.formats.json_input import check_text, parse_json

#: Text with surrogates (paired or not), backslashes, `u` and hex digits next to each other.
_PIECES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00", "\\", "u", "d800",
                           "\\ud800", "é", "😀", "a", '"', "\n"])
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


def _holds_lone(value: object) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@given(st.lists(_TEXTS, min_size=1, max_size=4), st.booleans())
def test_the_escape_scan_finds_exactly_the_lone_surrogates(texts: list[str], ascii_only: bool) -> None:
    value = {"data": {"text": texts[0], "more": texts[1:]}}
    raw = json.dumps(value, ensure_ascii=ascii_only)
    if not ascii_only and _holds_lone(value):
        return  # a lone surrogate cannot be in a decoded file unescaped
    # What the parsed strings hold: an escaped high and low surrogate in a row are one character.
    if _holds_lone(json.loads(raw)):
        with pytest.raises(InvalidInput, match="lone surrogate"):
            check_text(json.loads(raw), raw, "f.json")
    else:
        check_text(json.loads(raw), raw, "f.json")


def test_escaped_backslashes_before_u_are_text() -> None:
    assert parse_json(r'{"a": "\\ud800 and \\\\ud800 and \ud83d\ude00"}', "f.json")["a"].startswith("\\ud800")
    with pytest.raises(InvalidInput, match=r"field 'a'|lone surrogate"):
        parse_json(r'{"a": "\\\ud800"}', "f.json")
    with pytest.raises(InvalidInput, match="lone surrogate"):
        parse_json(r'["\ud83d\\ude00"]', "f.json")


def test_surrogates_escaped_in_capitals_are_checked_too() -> None:
    """The scan starts only where a surrogate is spelled; `\\uD800` and `\\ud800` both are."""
    for raw in (r'{"a": "x\uD800y"}', r'{"a": "x\uDC00"}', r'{"a": "\\\uDbff"}'):
        with pytest.raises(InvalidInput, match="lone surrogate"):
            parse_json(raw, "f.json")
    assert parse_json(r'{"a": "\uD83D\uDE00 \u00e9\n\t\\ud800"}', "f.json")["a"] == "😀 é\n\t\\ud800"
