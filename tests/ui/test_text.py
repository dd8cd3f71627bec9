"""annotator.ui.text: the one rule for user text on screen (control characters shown as
⟨U+XXXX⟩, markdown escaped, tables and options through the same rule)."""

from __future__ import annotations

import re
import sys
import unicodedata

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from annotator.ui.text import (
    CONTROLS,
    frame,
    isolate,
    marker,
    md_escape,
    one_line,
    shorten,
    visible,
)

#: The explicit bidirectional formatting characters (UAX #9, table 2) and the three marks.
BIDI_CLASSES = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
MARKS = "\u200e\u200f\u061c"
SAMPLE_CONTROLS = "\u202e\u202d\u202a\u202b\u202c\u2066\u2067\u2068\u2069\u200e\u200f\u061c\x00\x07\x1b\x7f\x85\u200b\ufeff"
MARKER = re.compile(r"⟨U\+([0-9A-F]{4,6})⟩")

#: Text as it comes: any characters, with controls mixed in often.
texts = st.lists(st.one_of(st.text(), st.sampled_from(SAMPLE_CONTROLS))).map("".join)


def _read_back(shown: str) -> str:
    return MARKER.sub(lambda m: chr(int(m.group(1), 16)), shown)


def test_an_override_is_shown_by_its_code_point() -> None:
    assert visible("photo_\u202egnp.exe") == "photo_⟨U+202E⟩gnp.exe"
    assert visible("\x00\u2066x\u2069") == "⟨U+0000⟩⟨U+2066⟩x⟨U+2069⟩"
    assert marker("\u061c") == "⟨U+061C⟩"


def test_every_bidi_control_and_every_c0_c1_control_is_shown() -> None:
    missed = [
        f"U+{cp:04X}" for cp in range(sys.maxunicode + 1)
        if (unicodedata.bidirectional(chr(cp)) in BIDI_CLASSES or chr(cp) in MARKS
            or (unicodedata.category(chr(cp)) == "Cc" and chr(cp) not in "\t\n\r"))
        and not CONTROLS.fullmatch(chr(cp))
    ]
    assert missed == []


def test_layout_characters_joiners_and_emoji_are_left_alone() -> None:
    kept = ["line\nbreak\ttab\r\n", "👩\u200d🔬 scientist", "می\u200cخواهم", "soft\u00adhyphen",
            "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "☕\ufe0f", "שלום عربي", "⟨U+202E⟩"]
    assert [visible(text) for text in kept] == kept


@given(texts)
def test_what_is_shown_has_no_control_left_and_showing_twice_changes_nothing(text: str) -> None:
    shown = visible(text)
    assert CONTROLS.search(shown) is None
    assert visible(shown) == shown


@given(texts.filter(lambda t: "⟨U+" not in t))
def test_each_marker_stands_for_exactly_the_character_it_replaced(text: str) -> None:
    assert _read_back(visible(text)) == text


@given(st.text().filter(lambda t: CONTROLS.search(t) is None))
def test_text_without_control_characters_is_unchanged(text: str) -> None:
    assert visible(text) == text


@given(texts)
def test_md_escape_shows_the_visible_text_literally(text: str) -> None:
    escaped = md_escape(text)
    assert CONTROLS.search(escaped) is None
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.DOTALL) == visible(text)


@given(texts, st.integers(min_value=2, max_value=100))
def test_shorten_gives_one_visible_line(text: str, limit: int) -> None:
    line = shorten(text, limit)
    assert CONTROLS.search(line) is None and "\n" not in line
    assert len(_read_back(line)) <= limit


def test_frame_shows_text_cells_and_column_names_and_keeps_other_types() -> None:
    table = frame([{"Title": "a\u202eb", "n": 3, "when": pd.Timestamp("2024-01-02"), "none": None,
                    "by \u202euser": "x"}])
    assert list(table.columns) == ["Title", "n", "when", "none", "by ⟨U+202E⟩user"]
    assert table.loc[0, "Title"] == "a⟨U+202E⟩b" and table.loc[0, "by ⟨U+202E⟩user"] == "x"
    assert table["n"].dtype.kind == "i" and table["when"].dtype.kind == "M"
    assert table.loc[0, "none"] is None
    assert frame({"problem": []}).empty and list(frame([], columns=["A"]).columns) == ["A"]


def test_isolate_keeps_right_to_left_text_from_reordering_what_follows() -> None:
    """User text with words of ours after it ("(#1)", a date) is isolated; its own controls are
    still shown as markers, so an override inside cannot leave the isolate."""
    assert isolate("مسؤولون") == "\u2068مسؤولون\u2069"
    assert isolate("a\u202eb\u2069c") == "\u2068a⟨U+202E⟩b⟨U+2069⟩c\u2069"
    assert one_line("first\nsecond  third", 12) == "first secon…"
