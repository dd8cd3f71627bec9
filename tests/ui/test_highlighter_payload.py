"""The highlighter's data in and events out (plain Python, no browser), and md_escape."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import InvalidSpan
from annotator.services.views import AnnotationView, EntityLinkView
from annotator.spans import grapheme_boundaries
from annotator.ui.highlighter.payload import (
    Drawing,
    DrawnSpan,
    Selection,
    check_selection,
    parse_events,
)
from annotator.ui.text import md_escape
from annotator.ui.workspace.drawing import header_title, tooltip

UID = "12345678-1234-4234-8234-123456789abc"
TEXT = "Flag 🇰🇿 and é (e\u0301) said the so-called “rebels”.\r\nNext line 👩‍🔬."


def test_parse_events_skips_malformed_entries() -> None:
    state = {"events": [
        {"id": "a", "type": "create", "doc": 3, "label": "claim", "t": 5,
         "selection": {"start": 1, "end": 4, "quote": "lag", "uid": UID}},
        {"id": "b", "type": "drop tables"},
        {"type": "select"},
        "junk",
        {"id": "c", "type": "create", "selection": {"start": "1", "end": 4, "quote": "x", "uid": UID}},
        {"id": "d", "type": "create", "selection": {"start": 1, "end": 4, "quote": "x", "uid": "not-a-uuid"}},
        {"id": "e", "type": "command", "command": "Drop tables;", "doc": "3"},
        {"id": "f", "type": "select", "span": 17},
        {"id": "g", "type": "command", "command": "next-document"},
    ]}
    events = parse_events(state)
    assert [e.id for e in events] == ["a", "c", "d", "e", "f", "g"]
    assert events[0].selection == Selection(1, 4, "lag", UID) and events[0].label == "claim"
    assert events[0].doc == 3 and events[0].sent_at == 5.0
    assert events[1].selection is None and events[2].selection is None
    assert events[3].command is None and events[3].doc is None
    assert events[5].command == "next-document"
    assert events[4].span == "17"
    assert parse_events(None) == [] and parse_events({"events": "x"}) == []


def test_check_selection_accepts_exact_quotes() -> None:
    start = TEXT.index("so-called")
    checked = check_selection(TEXT, Selection(start, start + 9, "so-called", UID))
    assert (checked.start, checked.end, checked.quote, checked.widened) == (start, start + 9, "so-called", False)


def test_check_selection_refuses_a_different_quote() -> None:
    start = TEXT.index("so-called")
    with pytest.raises(InvalidSpan, match="does not match"):
        check_selection(TEXT, Selection(start, start + 9, "so-caled!", UID))
    with pytest.raises(InvalidSpan, match="outside the text"):
        check_selection(TEXT, Selection(0, len(TEXT) + 1, TEXT, UID))


@given(st.data())
def test_check_selection_widens_to_whole_characters(data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(TEXT) - 1))
    end = data.draw(st.integers(start + 1, len(TEXT)))
    checked = check_selection(TEXT, Selection(start, end, TEXT[start:end], UID))
    bounds = set(grapheme_boundaries(TEXT))
    assert checked.start in bounds and checked.end in bounds
    assert checked.start <= start < end <= checked.end
    assert checked.quote == TEXT[checked.start : checked.end]
    assert checked.widened == ((checked.start, checked.end) != (start, end))


def test_drawing_data_is_compact_and_revisioned() -> None:
    spans = [DrawnSpan(1, 0, 4, "#ff0000", "Claim", "tip"), DrawnSpan("s:2", 2, 6, "javascript:x", "S", "t", "suggestion")]
    data = Drawing(7, TEXT, "sha", spans).to_data()
    assert data["spans"] == [[1, 0, 4, "#ff0000", "Claim", "tip", "annotation"],
                             ["s:2", 2, 6, "#888888", "S", "t", "suggestion"]]
    other = Drawing(7, TEXT, "sha", spans[:1]).to_data()
    assert data["spans_rev"] != other["spans_rev"]
    assert Drawing(7, TEXT, "sha", list(spans)).to_data()["spans_rev"] == data["spans_rev"]


def test_tooltip_is_plain_text_with_attributes_links_and_note() -> None:
    now = datetime.now(UTC)
    view = AnnotationView(
        id=1, uid=UID, document_id=1, user_id=1, username="ana", label="claim", label_name="Claim",
        colour="#0072b2", start=0, end=4, quote="Flag", prefix="", suffix="",
        attributes={"claimant": "<b>Ministry</b>", "check_worthy": True}, note="**why**",
        origin="manual", version=1, created_at=now, updated_at=now, deleted=False,
        entities=(EntityLinkView(1, 2, "SouthFront", "outlet", "quoted_source"),),
    )
    assert tooltip(view, None) == (
        "Claim — ana\nclaimant: <b>Ministry</b> · check_worthy: yes\n"
        "Links: SouthFront (quoted source)\nNote: **why**"
    )


@pytest.mark.parametrize("raw", ["**bold**", "<script>alert(1)</script>", ":red[x] $x$ `c` [a](b)", "a\\b_c#d"])
def test_md_escape_leaves_no_markdown(raw: str) -> None:
    import re

    escaped = md_escape(raw)
    assert re.sub(r"\\(.)", r"\1", escaped) == raw
    assert not re.search(r"(?<!\\)[*_<>`\[\]$:#]", escaped)


@pytest.mark.parametrize(("title", "text", "shown"), [
    # The headline is the article's first line (a .txt import, PTC): the toolbar names the
    # document already, so the header above the article does not say it a third time.
    ("Puerto Rico’s Power Grid Failure", "Puerto Rico’s Power Grid Failure\n\nOne month after...", ""),
    ("Emoji and flags 🇺🇦🇩🇪", "Emoji and flags 🇺🇦🇩🇪\r\n\r\nThe nurse 👩🏽\u200d⚕️ said.", ""),
    ("Bundeskanzlerin äußert Zweifel", "\n  Bundeskanzlerin äußert Zweifel \nDie Ministerin sagte", ""),
    ("قال المتحدث إن 75% (WHO, 2021).", "قال المتحدث إن 75% (WHO, 2021).\n", ""),  # a one-line article
    # A title the text does not begin with stays.
    ("Invoice", "Flags first. The file is attached.", "Invoice"),
    ("Puerto Rico", "Puerto Rico’s Power Grid Failure\n\nOne month after...", "Puerto Rico"),
    ("Second line", "First line\nSecond line", "Second line"),
    ("", "Anything", ""),
])
def test_the_header_leaves_out_a_title_that_is_the_first_line_of_the_text(title: str, text: str, shown: str) -> None:
    assert header_title(title, text) == shown
