"""The workspace in a real browser: selecting with the mouse and the keyboard, labelling,
overlaps, delete and undo, a reload, user text shown literally. Stored offsets are checked
against Python's own `text.index(...)` (code points)."""

from __future__ import annotations

import uuid

import pytest

from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import SpanIn, create_annotation, update_annotation
from annotator.services.team.projects import create_project

from .conftest import RunningApp
from .driver import (
    char_boxes,
    click_label,
    double_click_word,
    drag_select,
    drawn_ids,
    log_in,
    open_document,
    poll,
    settle,
    shift_click_after,
    stored,
    wait_drawn,
    wait_painted,
    wait_selection_reported,
    wait_stored,
)

pytestmark = pytest.mark.browser

EMOJI_TEXT = (
    "Flags 🇰🇿 and a scientist 👩‍🔬 wrote about naïve cafés (e\u0301) 😀 dramatically.\n"
    "Second line: the so-called “experts” 🇺🇦 said nothing.\n\n"
    "A third paragraph with <script>alert(1)</script> and **bold** text."
)


def new_document(app: RunningApp, text: str, title: str) -> int:
    project = create_project(app.db, app.actor, f"e2e {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, text, title=title)
    return document_id


@pytest.fixture
def southfront(app: RunningApp, corpus) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    return new_document(app, text, "Syria Peace Talks In Astana. What To Expect?"), text


def test_drag_select_so_called_and_label_it(page, app: RunningApp, southfront) -> None:  # type: ignore[no-untyped-def]
    document_id, text = southfront
    log_in(page, app)
    open_document(page, app, document_id)
    drag_select(page, "so-called")
    start = text.index("so-called")
    wait_selection_reported(page, start, start + len("so-called"))
    click_label(page, "scare_quotes")
    span = wait_stored(app, document_id, "so-called")
    assert (span.start, span.end, span.quote, span.label) == (start, start + 9, "so-called", "scare_quotes")
    wait_drawn(page, span.id)
    assert len(stored(app, document_id)) == 1


def test_double_click_after_emoji_and_shift_extend(page, app: RunningApp) -> None:  # type: ignore[no-untyped-def]
    document_id = new_document(app, EMOJI_TEXT, "Emoji, combining marks and flags")
    log_in(page, app)
    open_document(page, app, document_id)
    double_click_word(page, "dramatically")
    start = EMOJI_TEXT.index("dramatically")
    wait_selection_reported(page, start, start + len("dramatically"))
    page.keyboard.press("l")
    span = wait_stored(app, document_id, "dramatically")
    assert (span.start, span.end, span.label) == (start, start + 12, "loaded_language")
    wait_drawn(page, span.id)
    # Double-click a word, shift-click further on: the selection grows to both words.
    double_click_word(page, "wrote")
    shift_click_after(page, "about")
    start = EMOJI_TEXT.index("wrote about")
    wait_selection_reported(page, start, start + len("wrote about"))
    page.keyboard.press("c")
    span = wait_stored(app, document_id, "wrote about")
    assert (span.start, span.end, span.label) == (start, start + 11, "claim")
    wait_drawn(page, span.id)
    # A drag across a flag, a ZWJ emoji and a combining accent stays on whole characters.
    drag_select(page, "🇰🇿 and a scientist 👩‍🔬 wrote about naïve cafés (e\u0301)")
    quote = "🇰🇿 and a scientist 👩‍🔬 wrote about naïve cafés (e\u0301)"
    start = EMOJI_TEXT.index(quote)
    wait_selection_reported(page, start, start + len(quote))
    click_label(page, "hedge")
    span = wait_stored(app, document_id, quote)
    assert (span.start, span.end) == (start, start + len(quote))


def test_keyboard_selection_and_no_label_refusal(page, app: RunningApp) -> None:  # type: ignore[no-untyped-def]
    document_id = new_document(app, EMOJI_TEXT, "Keyboard")
    log_in(page, app)
    open_document(page, app, document_id)
    box = char_boxes(page, "Second")
    page.mouse.click(box["x1"] - 0.5, box["y1"])  # the caret before "Second"
    for _ in range(len("Second line")):
        page.keyboard.press("Shift+ArrowRight")
    start = EMOJI_TEXT.index("Second line")
    wait_selection_reported(page, start, start + len("Second line"))
    page.keyboard.press("Enter")  # "the last label again": there is none yet
    page.get_by_text("Pick a label for the selection").wait_for(timeout=30_000)
    assert stored(app, document_id) == []
    page.keyboard.press("q")
    span = wait_stored(app, document_id, "Second line")
    assert (span.start, span.end, span.label) == (start, start + 11, "scare_quotes")
    # Typing into the article never changes it.
    page.keyboard.type("zz")
    page.keyboard.press("Backspace")
    text = page.evaluate("() => document.querySelector('.anno-hl-text').textContent")
    assert text == EMOJI_TEXT.replace("\r\n", "\n") or text == EMOJI_TEXT


def test_overlapping_spans_both_drawn(page, app: RunningApp, southfront, screenshot) -> None:  # type: ignore[no-untyped-def]
    document_id, text = southfront
    log_in(page, app)
    open_document(page, app, document_id)
    drag_select(page, "the so-called")
    click_label(page, "loaded_language")
    outer = wait_stored(app, document_id, "the so-called")
    wait_drawn(page, outer.id)
    drag_select(page, "so-called “opposition groups”")
    click_label(page, "scare_quotes")
    inner = wait_stored(app, document_id, "so-called “opposition groups”")
    wait_drawn(page, inner.id)
    both = page.locator(f".anno-hl-seg[data-ids~='{outer.id}'][data-ids~='{inner.id}']")
    assert both.count() == 1 and both.inner_text() == "so-called"
    layers = both.evaluate("e => getComputedStyle(e).backgroundImage")
    assert layers.count("gradient") == 3  # two bands and the tint of the inner span
    assert {str(outer.id), str(inner.id)} <= drawn_ids(page)
    box = both.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tip = page.locator(".anno-hl-tip")
    tip.wait_for(state="visible", timeout=15_000)
    assert "Loaded language — ana" in tip.inner_text() and "Scare quotes" in tip.inner_text()
    screenshot(page, "workspace-overlap")


def test_delete_undo_and_reload(page, app: RunningApp, screenshot) -> None:  # type: ignore[no-untyped-def]
    document_id = new_document(app, EMOJI_TEXT, "Delete and undo <b>literal</b> **title**")
    log_in(page, app)
    open_document(page, app, document_id)
    drag_select(page, "the so-called “experts”")
    click_label(page, "scare_quotes")
    span = wait_stored(app, document_id, "the so-called “experts”")
    wait_drawn(page, span.id)
    # Click the highlight, press Delete: gone; Ctrl+Z: back.
    page.locator(f".anno-hl-seg[data-ids~='{span.id}']").first.click()
    page.get_by_role("button", name="Delete span").wait_for(timeout=30_000)
    page.keyboard.press("Delete")
    poll(lambda: stored(app, document_id) == [], "the span to be deleted")
    wait_drawn(page, span.id, present=False)
    page.keyboard.press("Control+z")
    poll(lambda: [s.id for s in stored(app, document_id)] == [span.id], "the span to be restored")
    wait_drawn(page, span.id)
    # The panel's Delete button and its Undo.
    page.locator(f".anno-hl-seg[data-ids~='{span.id}']").first.click()
    page.get_by_role("button", name="Delete span").click()
    poll(lambda: stored(app, document_id) == [], "the span to be deleted again")
    page.get_by_text("Deleted “the so-called “experts”” as Scare quotes").wait_for(timeout=30_000)
    page.get_by_role("button", name="Undo").click()
    poll(lambda: [s.id for s in stored(app, document_id)] == [span.id], "the span to be restored again")
    wait_drawn(page, span.id)
    # A second span, then a reload: still logged in, same document, everything drawn.
    double_click_word(page, "nothing")
    page.keyboard.press("h")
    second = wait_stored(app, document_id, "nothing")
    wait_drawn(page, second.id)
    page.reload()
    wait_painted(page)
    assert page.get_by_role("button", name="Log in").count() == 0
    assert {str(span.id), str(second.id)} == drawn_ids(page)
    assert page.evaluate("() => document.querySelector('.anno-hl-title').textContent") == (
        "Delete and undo <b>literal</b> **title**"
    )
    screenshot(page, "workspace-after-reload")


def test_user_text_is_never_html(page, app: RunningApp) -> None:  # type: ignore[no-untyped-def]
    document_id = new_document(app, EMOJI_TEXT, "<img src=x onerror=alert(1)> **Title**")
    log_in(page, app)
    open_document(page, app, document_id)
    assert page.locator(".anno-hl-text script, .anno-hl-header img").count() == 0
    drawn = page.evaluate("() => document.querySelector('.anno-hl-text').textContent")
    assert "<script>alert(1)</script> and **bold** text." in drawn
    assert page.evaluate("() => document.querySelector('.anno-hl-title').textContent") == "<img src=x onerror=alert(1)> **Title**"


def test_logout_ends_the_session(page, app: RunningApp) -> None:  # type: ignore[no-untyped-def]
    log_in(page, app)
    page.reload()
    page.get_by_text("Signed in as").wait_for(timeout=20_000)
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("button", name="Log in").wait_for(timeout=20_000)
    page.wait_for_timeout(500)
    page.reload()
    page.get_by_role("button", name="Log in").wait_for(timeout=20_000)
    assert page.get_by_text("Signed in as").count() == 0


def test_refused_note_keeps_what_was_typed_beside_the_stored_note(page, app: RunningApp, southfront) -> None:  # type: ignore[no-untyped-def]
    document_id, text = southfront
    start = text.index("so-called")
    span = create_annotation(app.db, app.actor, document_id, SpanIn(start, start + 9, "scare_quotes", "so-called"))
    log_in(page, app)
    open_document(page, app, document_id)
    settle(page)
    page.locator(f".anno-hl-seg[data-ids~='{span.id}']").first.click()
    note = page.locator(".st-key-ws-panel textarea[aria-label='Note']")
    note.wait_for(timeout=30_000)
    # Someone else (another tab) changes the note meanwhile; then the user types and leaves the field.
    update_annotation(app.db, app.actor, span.id, expected_version=span.version, note="from elsewhere")
    note.click()
    page.keyboard.type("mine")
    page.locator(".st-key-ws-panel").get_by_text("Label", exact=True).first.click()
    page.get_by_text("was not saved", exact=False).first.wait_for(timeout=30_000)
    settle(page)
    assert stored(app, document_id)[0].note == "from elsewhere"

    def note_value() -> str | None:
        # While a rerun replaces the field (its key carries the span's version), the old one
        # stays in the page until the new one is drawn: read it once there is one field.
        return note.input_value() if note.count() == 1 else None

    poll(lambda: note_value() == "from elsewhere", "the field showing what is stored")
    box = page.locator(f".st-key-ws-span-{span.id}-refused-note")
    assert "mine" in box.inner_text()
    box.get_by_role("button", name="Save mine instead").click()
    poll(lambda: stored(app, document_id)[0].note == "mine", "the note saved on the new version")
    poll(lambda: note_value() == "mine", "the field showing the note saved")
    box.wait_for(state="detached", timeout=15_000)
