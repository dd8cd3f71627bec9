"""The workspace as one screen, in a real browser at 1440x900 and 1280x720: the toolbar and the
label palette stay inside the window after selecting a span and after scrolling to the end of
the 20,000-word benchmark article; only the article and the side panel scroll; and the keys
act wherever the focus is except in a text field (after clicking a side-panel toggle, `]`
still moves on), each checked against what the database stored."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from annotator.services.annotation.documents import add_document, get_document, list_documents
from annotator.services.team.projects import create_project

from .conftest import RunningApp
from .driver import (
    check_one_screen,
    click_label,
    drag_select,
    log_in,
    open_document,
    poll,
    settle,
    stored,
    wait_drawn,
    wait_painted,
    wait_selection_reported,
    wait_stored,
)

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (1280, 720)]
GENERATOR = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "gen_peer_dataset.py"

_ARTICLE_AT_END = """() => { const s = document.querySelector('.anno-hl-scroll');
  return s.scrollTop > 0 && s.scrollTop + s.clientHeight >= s.scrollHeight - 2; }"""


@pytest.fixture(scope="module")
def long_article(app: RunningApp, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str]:
    """The peer benchmark's 20,000-word article (bench/README in ../shared), no spans."""
    out = tmp_path_factory.mktemp("peer")
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out)], check=True, capture_output=True)
    text = json.loads((out / "long.json").read_text(encoding="utf-8"))["text"]
    project = create_project(app.db, app.actor, f"layout {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, text, title="Long article (20,000 words)")
    return document_id, text


@pytest.fixture
def two_documents(app: RunningApp, corpus) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    project = create_project(app.db, app.actor, f"keys {uuid.uuid4().hex[:8]}")
    first, _ = add_document(app.db, app.actor, project.id, text, title="Syria Peace Talks In Astana. What To Expect?")
    second, _ = add_document(app.db, app.actor, project.id, "A second, short article about the talks.", title="Second article")
    return first, second, text


def a_word(text: str) -> str:
    """A word of the article's first lines that occurs nowhere before itself."""
    for word in text[:600].split():
        if len(word) >= 6 and word.isalpha() and text.index(word) == text.find(word):
            return word
    raise AssertionError("no plain word at the start of the article")


def wait_document(page, document_id: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_url(f"**doc={document_id}*", timeout=30_000)
    page.wait_for_function(f"() => window.__annotatorHighlighter && document.querySelector('.anno-hl') "
                           f"&& document.querySelector('.st-key-ws-toolbar')?.textContent.includes('document {document_id}')",
                           timeout=30_000)
    wait_painted(page)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_tools_stay_in_view_and_only_article_and_panel_scroll(
    page, app: RunningApp, long_article, width: int, height: int, screenshot  # type: ignore[no-untyped-def]
) -> None:
    document_id, text = long_article
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, app)
    open_document(page, app, document_id)
    settle(page)
    screen = check_one_screen(page, "opened")
    assert "article" in screen["scrollers"], "the long article should scroll in its box"
    # Select a word with the mouse, label it, then click the new highlight: the side panel
    # grows with the span's fields, the tools stay where they are.
    word = a_word(text)
    drag_select(page, word)
    start = text.index(word)
    wait_selection_reported(page, start, start + len(word))
    click_label(page, "claim")
    span = wait_stored(app, document_id, word)
    assert (span.start, span.end, span.label) == (start, start + len(word), "claim")
    wait_drawn(page, span.id)
    settle(page)
    page.locator(f".anno-hl-seg[data-ids~='{span.id}']").first.click()
    page.get_by_text("Note", exact=True).first.wait_for(timeout=30_000)
    settle(page)
    check_one_screen(page, "span selected")
    screenshot(page, f"workspace-selected-{width}x{height}")
    # Scroll to the end of the article with the mouse wheel over it.
    article = page.locator(".anno-hl-scroll").bounding_box()
    page.mouse.move(article["x"] + article["width"] / 2, article["y"] + article["height"] / 2)
    poll(lambda: page.mouse.wheel(0, 20_000) or page.evaluate(_ARTICLE_AT_END), "the end of the article")
    check_one_screen(page, "article scrolled to its end")
    # The wheel over the side panel scrolls the panel only.
    panel = page.locator(".st-key-ws-panel").bounding_box()
    page.mouse.move(panel["x"] + panel["width"] / 2, panel["y"] + panel["height"] / 2)
    page.mouse.wheel(0, 3_000)
    page.wait_for_timeout(200)
    check_one_screen(page, "panel scrolled")
    assert page.evaluate(_ARTICLE_AT_END), "scrolling the panel moved the article"
    screenshot(page, f"workspace-end-{width}x{height}")


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_next_key_works_after_clicking_a_side_panel_toggle(
    page, app: RunningApp, two_documents, width: int, height: int  # type: ignore[no-untyped-def]
) -> None:
    first, second, _ = two_documents
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, app)
    open_document(page, app, first)
    settle(page)
    page.locator(".st-key-ws-panel").get_by_text("Show other annotators' spans", exact=True).click()
    settle(page)
    page.keyboard.press("]")
    wait_document(page, second)
    check_one_screen(page, "after ]")
    # A button in the panel has the focus now (the expander of deleted spans): `[` goes back.
    page.locator(".st-key-ws-panel summary").first.click()
    settle(page)
    page.keyboard.press("[")
    wait_document(page, first)


def test_keys_label_select_delete_undo_and_done(page, app: RunningApp, two_documents) -> None:  # type: ignore[no-untyped-def]
    first, second, text = two_documents
    page.set_viewport_size({"width": 1280, "height": 720})
    log_in(page, app)
    open_document(page, app, first)
    # A label's key labels the selection.
    drag_select(page, "so-called")
    start = text.index("so-called")
    wait_selection_reported(page, start, start + 9)
    page.keyboard.press("q")
    span = wait_stored(app, first, "so-called")
    assert (span.start, span.end, span.label) == (start, start + 9, "scare_quotes")
    wait_drawn(page, span.id)
    settle(page)
    # Escape drops the selection; `.` selects the next highlight, Delete deletes it.
    page.keyboard.press("Escape")
    page.keyboard.press(".")
    page.wait_for_selector(f".anno-hl-seg.anno-hl-selected[data-ids~='{span.id}']", timeout=15_000)
    settle(page)
    page.keyboard.press("Delete")
    poll(lambda: stored(app, first) == [], "the span deleted")
    wait_drawn(page, span.id, present=False)
    settle(page)
    # Ctrl+Z brings it back, the same span.
    page.keyboard.press("Control+z")
    poll(lambda: [s.id for s in stored(app, first)] == [span.id], "the span restored")
    wait_drawn(page, span.id)
    settle(page)
    # `?` lists the keys; Escape closes the list.
    page.keyboard.press("?")
    overlay = page.locator(".anno-hl-overlay-box")
    overlay.wait_for(state="visible", timeout=10_000)
    assert "Next document" in overlay.inner_text() and "Scare quotes" in overlay.inner_text()
    # One column of keys and one of what they do, through every section: the descriptions
    # start at the same place (each section's list once sized its own key column).
    starts = page.evaluate("() => Array.from(document.querySelectorAll('.anno-hl-overlay-text'), (e) => Math.round(e.getBoundingClientRect().left))")
    assert len(starts) > 10 and len(set(starts)) == 1, starts
    page.keyboard.press("Escape")
    overlay.wait_for(state="hidden", timeout=10_000)
    # In a text field keys are the field's: `]` typed into the label filter stays there.
    page.keyboard.press("/")
    page.keyboard.type("]q")
    assert page.locator(".anno-hl-filter").input_value() == "]q"
    page.wait_for_timeout(300)
    assert f"doc={first}" in page.url and len(stored(app, first)) == 1
    # Escape leaves the field, and the keys act again.
    page.keyboard.press("Escape")
    assert page.locator(".anno-hl-filter").input_value() == ""
    # The same in a field of the side panel: the note takes `]`; Escape leaves it and the
    # note is saved as on any leaving of the field.
    page.locator(f".anno-hl-seg[data-ids~='{span.id}']").first.click()
    # The click's run has drawn the panel once Undo's message is gone (a message belongs to one
    # run); typing before that could go to a field the run is about to draw again.
    page.wait_for_function("() => !document.querySelector('.st-key-ws-panel')?.innerText.includes('Restored')",
                           timeout=30_000)
    note = page.locator(".st-key-ws-panel textarea[aria-label='Note']")
    note.wait_for(timeout=30_000)
    settle(page)
    note.click()
    page.wait_for_function("() => document.activeElement?.getAttribute('aria-label') === 'Note'", timeout=10_000)
    page.keyboard.type("see ]")
    page.keyboard.press("Escape")
    poll(lambda: stored(app, first)[0].note == "see ]", "the note saved on leaving the field")
    assert page.evaluate("() => document.activeElement && document.activeElement.tagName") != "TEXTAREA"
    assert f"doc={first}" in page.url
    settle(page)
    # Shift+D marks the document done.
    page.keyboard.press("Shift+D")
    poll(lambda: {d.id: d.status for d in list_documents(app.db, app.actor, span_project(app, first))}[first] == "done",
         "the document marked done")
    settle(page)
    page.keyboard.press("]")
    wait_document(page, second)


def span_project(app: RunningApp, document_id: int) -> int:
    return get_document(app.db, app.actor, document_id).project_id


def test_one_screen_at_2560x1440_and_with_the_sidebar_collapsed(page, app: RunningApp, long_article, screenshot) -> None:  # type: ignore[no-untyped-def]
    document_id, _ = long_article
    page.set_viewport_size({"width": 2560, "height": 1440})
    log_in(page, app)
    open_document(page, app, document_id)
    settle(page)
    check_one_screen(page, "2560x1440")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator("[data-testid='stSidebar']").hover()  # the collapse button shows on hover
    page.get_by_role("button", name="Collapse sidebar").click()
    # The sidebar slides out of the window; the workspace takes its room.
    page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().right <= 0",
                           timeout=15_000)
    page.wait_for_timeout(300)
    screen = check_one_screen(page, "sidebar collapsed")
    assert screen["toolbar"]["left"] < 200, "the workspace should take the sidebar's room"
    screenshot(page, "workspace-sidebar-collapsed-1280x720")
