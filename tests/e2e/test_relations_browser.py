"""Relations in the workspace in a real browser: one drawn with the mouse (start on a span, click
the other in the article, pick the type), one with the keyboard (Alt+L, then the other span and
the type picked from lists), one deleted and brought back with Undo; the database is checked
after each step, and the workspace stays one screen throughout (the messages of these steps
once took the layout's style sheet away)."""

from __future__ import annotations

import uuid

import pytest

from annotator.services.annotation.documents import add_document
from annotator.services.annotation.relations import list_relations
from annotator.services.team.projects import create_project

from ..support.builders import span
from .conftest import RunningApp
from .driver import check_one_screen, log_in, open_document, poll, settle, wait_drawn

pytestmark = pytest.mark.browser

TEXT = ("Officials claimed the talks succeeded, according to state media.\n"
        "Critics said the talks failed, and nobody believed them.\n")


def _relations(app: RunningApp, document_id: int, **kwargs: object) -> list[tuple[str, str, str]]:
    return sorted((r.type, r.from_quote, r.to_quote)
                  for r in list_relations(app.db, app.actor, document_id, **kwargs))  # type: ignore[arg-type]


def _select_span(page, span_id: int) -> None:  # type: ignore[no-untyped-def]
    """Click the span's highlight in the article, as a person does, and wait for its panel."""
    settle(page)
    page.locator(f".anno-hl-seg[data-ids~='{span_id}']").first.click()
    page.locator(f".st-key-ws-rel-start-{span_id}, .st-key-ws-rel-cancel-{span_id}").first.wait_for(timeout=30_000)
    settle(page)


def test_draw_relations_by_mouse_and_keyboard_delete_and_undo(page, app: RunningApp,  # type: ignore[no-untyped-def]
                                                             screenshot) -> None:
    project = create_project(app.db, app.actor, f"e2e {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, TEXT, title="Relations")
    claim = span(app.db, app.actor, document_id, TEXT, "the talks succeeded", "claim")
    source = span(app.db, app.actor, document_id, TEXT, "according to state media", "source_attribution")
    failed = span(app.db, app.actor, document_id, TEXT, "the talks failed", "claim")
    log_in(page, app)
    open_document(page, app, document_id)
    for drawn in (claim, source, failed):
        wait_drawn(page, drawn.id)

    # Mouse: start on the claim, click the source in the article, pick the only type that fits.
    _select_span(page, claim.id)
    page.get_by_role("button", name="Start a relation").click()
    page.get_by_text("Now click the span the relation goes to").wait_for(timeout=30_000)
    _select_span(page, source.id)
    page.get_by_role("button", name="Attributed to").click()
    poll(lambda: _relations(app, document_id) == [("attributed_to", "the talks succeeded", "according to state media")],
         "the attributed_to relation in the database")
    page.get_by_text("← Attributed to · “the talks succeeded”").wait_for(timeout=30_000)
    settle(page)
    check_one_screen(page, "a relation drawn")

    # Keyboard: Alt+L starts on the selected claim; the other span and the type come from lists.
    _select_span(page, failed.id)
    page.keyboard.press("Alt+l")
    page.get_by_text("Now click the span the relation goes to").wait_for(timeout=30_000)
    settle(page)
    other = page.get_by_role("combobox", name="Relate to")
    other.focus()
    page.keyboard.type("succeeded")
    page.keyboard.press("Enter")
    kind = page.get_by_role("combobox", name="Type")
    kind.wait_for(timeout=30_000)
    settle(page)
    kind.focus()
    page.keyboard.type("Contradicts")
    page.keyboard.press("Enter")
    settle(page)
    relate = page.get_by_role("button", name="Relate", exact=True)
    relate.focus()
    page.keyboard.press("Enter")
    poll(lambda: ("contradicts", "the talks failed", "the talks succeeded") in _relations(app, document_id),
         "the contradicts relation in the database")
    assert len(_relations(app, document_id)) == 2

    # Delete the contradicts relation from the failed claim's panel, then Undo.
    page.get_by_text("→ Contradicts · “the talks succeeded”").wait_for(timeout=30_000)
    [contradicts] = [r for r in list_relations(app.db, app.actor, document_id) if r.type == "contradicts"]
    page.locator(f".st-key-ws-rel-del-{failed.id}-{contradicts.id} button").first.click()
    poll(lambda: _relations(app, document_id) == [("attributed_to", "the talks succeeded", "according to state media")],
         "the relation to be deleted")
    deleted = [r for r in list_relations(app.db, app.actor, document_id, include_deleted=True) if r.deleted]
    assert [r.id for r in deleted] == [contradicts.id]
    settle(page)
    check_one_screen(page, "a relation deleted")
    page.locator(f".st-key-ws-rel-undo-{failed.id} button").first.click()
    poll(lambda: len(_relations(app, document_id)) == 2, "the relation to be restored")
    assert ("contradicts", "the talks failed", "the talks succeeded") in _relations(app, document_id)
    page.get_by_text("→ Contradicts · “the talks succeeded”").wait_for(timeout=30_000)
    settle(page)
    check_one_screen(page, "a relation restored")
    for width, height in ((1440, 900), (1280, 720)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(200)
        check_one_screen(page, f"relations drawn and deleted, at {width}x{height}")
        page.locator(f".st-key-ws-rel-start-{failed.id}").scroll_into_view_if_needed()
        screenshot(page, f"relations-panel-{width}")
