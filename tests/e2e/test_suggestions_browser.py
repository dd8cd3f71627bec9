"""Suggestions in a real browser on the SouthFront page: the toggle draws dashed outlines in
the label's colour, a click on the `“opposition groups”` suggestion and Accept store it as
the user's span (offsets checked against Python's `text.index`), Delete dismisses another,
and after a reload the dismissed one stays away while the toggle stays on. Furniture and
comments are faded."""

from __future__ import annotations

import uuid

import pytest

from annotator.services.annotation.documents import add_document
from annotator.services.annotation.suggestions import run_suggestions, stored_suggestions
from annotator.services.team.projects import create_project

from .conftest import RunningApp
from .driver import log_in, open_document, poll, settle, stored, wait_drawn, wait_painted

pytestmark = pytest.mark.browser

TITLE = "Syria Peace Talks In Astana. What To Expect?"


@pytest.fixture
def southfront(app: RunningApp, corpus) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    project = create_project(app.db, app.actor, f"suggest {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, text, title=TITLE)
    run_suggestions(app.db, app.actor, project.id)  # as `suggest --project`: also marks the parts
    return document_id, text


def open_suggestions(app: RunningApp, document_id: int) -> dict[tuple[str, str], int]:
    """(rule, quote) -> suggestion id of what the user has open."""
    return {(s.rule, s.quote): s.id for s in stored_suggestions(app.db, app.actor, document_id) or []}


def click_suggestion(page, suggestion_id: int, rule: str) -> None:  # type: ignore[no-untyped-def]
    """Click the suggestion's highlight until the highlighter has it selected (where several
    are stacked on the same words, each click steps to the next one), then wait for the side
    panel to show it. The clicks stop at the target, so the last selection the server
    handles is the target's, whatever order the reruns of earlier clicks arrive in."""
    target = f"s:{suggestion_id}"
    for _ in range(4):
        settle(page)
        segment = page.locator(f".anno-hl-seg[data-ids~='{target}']").first
        segment.scroll_into_view_if_needed()
        segment.click()
        if page.evaluate("() => document.querySelector('.anno-hl').dataset.selected") == target:
            card = page.locator(".st-key-ws-suggestion").filter(has_text=f"rule {rule.replace('_', ' ')}:")
            card.wait_for(timeout=30_000)
            settle(page)
            assert page.evaluate("() => document.querySelector('.anno-hl').dataset.selected") == target
            return
    raise AssertionError(f"clicks never selected the {rule} suggestion {suggestion_id}")


def test_accept_and_dismiss_suggestions_on_the_southfront_page(page, app: RunningApp, southfront, screenshot) -> None:  # type: ignore[no-untyped-def]
    document_id, text = southfront
    log_in(page, app)
    open_document(page, app, document_id)
    assert page.locator(".anno-hl-suggestion").count() == 0
    # Furniture and comments are faded, and the side panel says so.
    assert page.locator(".anno-hl-dim-furniture").count() > 0 and page.locator(".anno-hl-dim-comments").count() > 0
    page.get_by_text("Page parts · faded: page furniture").wait_for(timeout=15_000)

    page.get_by_text("Suggestions", exact=True).click()
    page.wait_for_selector(".anno-hl-suggestion", timeout=30_000)
    found = open_suggestions(app, document_id)
    target = found[("scare_quotes", "“opposition groups”")]
    outline = page.locator(f".anno-hl-seg[data-ids~='s:{target}']").first
    style = outline.evaluate("e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.borderTopColor]; }")
    assert style[0] == "dashed" and style[1] != "rgba(0, 0, 0, 0)"
    settle(page)
    screenshot(page, "suggestions-on")

    # Hover: rule and label.
    outline.hover()
    tip = page.locator(".anno-hl-tip")
    tip.wait_for(state="visible", timeout=15_000)
    assert "Suggestion: Scare quotes" in tip.inner_text() and "rule: scare quotes" in tip.inner_text()

    # Click it, Accept: a span of the user's, at Python's offsets, origin "suggestion".
    click_suggestion(page, target, "scare_quotes")
    page.get_by_role("button", name="Accept", exact=True).click()
    start = text.index("“opposition groups”")
    span = poll(lambda: next((s for s in stored(app, document_id) if s.quote == "“opposition groups”"), None),
                "the accepted span")
    assert (span.start, span.end, span.label, span.origin) == (start, start + len("“opposition groups”"),
                                                               "scare_quotes", "suggestion")
    wait_drawn(page, span.id)
    page.wait_for_selector(f".anno-hl-seg[data-ids~='s:{target}']", state="detached", timeout=15_000)
    settle(page)
    screenshot(page, "suggestions-accepted")

    # Another one, dismissed with the Delete key.
    other = next(sid for (rule, quote), sid in found.items() if rule == "lexicon" and quote == "so-called")
    click_suggestion(page, other, "lexicon")
    page.keyboard.press("Delete")
    poll(lambda: other not in open_suggestions(app, document_id).values(), "the dismissal")
    page.wait_for_selector(f".anno-hl-seg[data-ids~='s:{other}']", state="detached", timeout=15_000)
    assert len(stored(app, document_id)) == 1  # a dismissal makes no span

    # A reload: the toggle is still on, the dismissed suggestion stays away, the span is there.
    page.reload()
    wait_painted(page)
    page.wait_for_selector(".anno-hl-suggestion", timeout=30_000)
    assert page.locator(f".anno-hl-seg[data-ids~='s:{other}']").count() == 0
    assert page.locator(f".anno-hl-seg[data-ids~='{span.id}']").count() > 0
    hedge = found[("hedges", "so-called")]
    assert page.locator(f".anno-hl-seg[data-ids~='s:{hedge}']").count() > 0  # only the one dismissed
    settle(page)
    screenshot(page, "suggestions-after-reload")

    # The keyboard: click the hedge, Enter accepts it; Ctrl+Z takes it back.
    click_suggestion(page, hedge, "hedges")
    page.keyboard.press("Enter")
    start = text.index("so-called")
    hedged = poll(lambda: next((s for s in stored(app, document_id) if s.label == "hedge"), None), "the hedge span")
    assert (hedged.start, hedged.end, hedged.origin) == (start, start + len("so-called"), "suggestion")
    wait_drawn(page, hedged.id)
    page.keyboard.press("Control+z")
    poll(lambda: [s.label for s in stored(app, document_id)] == ["scare_quotes"], "the undo")
    page.wait_for_selector(f".anno-hl-seg[data-ids~='s:{hedge}']", timeout=15_000)
