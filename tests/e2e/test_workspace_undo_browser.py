"""Undo and Redo of an edit in a real browser, as a person does it: select words with the
mouse, label them by key, change the label in the side panel, Ctrl+Z, Ctrl+Shift+Z. What the
panel shows and what the database holds are checked after each key."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from annotator.services.annotation.document_labels import list_document_labels
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import get_annotation
from annotator.services.team.projects import create_project

from .conftest import RunningApp
from .driver import (
    drag_select,
    log_in,
    open_document,
    poll,
    settle,
    wait_drawn,
    wait_selection_reported,
    wait_stored,
)

pytestmark = pytest.mark.browser


def _southfront_open(page: Any, app: RunningApp, corpus: Path, title: str) -> tuple[str, int]:
    """The SouthFront article in a new project, open in the workspace at 1440x900."""
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    project = create_project(app.db, app.actor, f"e2e {title} {uuid.uuid4().hex[:8]}")
    document_id, _ = add_document(app.db, app.actor, project.id, text, title=title)
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, app)
    open_document(page, app, document_id)
    return text, document_id


def test_a_label_change_is_undone_by_ctrl_z_and_redone_by_ctrl_shift_z(  # type: ignore[no-untyped-def]
        page, app: RunningApp, corpus, screenshot) -> None:
    text, document_id = _southfront_open(page, app, corpus, "Undo and redo")
    drag_select(page, "so-called")
    start = text.index("so-called")
    wait_selection_reported(page, start, start + len("so-called"))
    page.keyboard.press("c")  # Claim's key
    span = wait_stored(app, document_id, "so-called")
    assert span.label == "claim"
    wait_drawn(page, span.id)
    settle(page)

    def label() -> str:
        return get_annotation(app.db, app.actor, span.id).label

    field = page.locator(f".st-key-ws-span-{span.id}-label input[role=combobox]")
    expect(field).to_have_value("Claim", timeout=30_000)
    page.locator(f".st-key-ws-span-{span.id}-label [data-testid=stSelectbox]").click()
    page.get_by_role("option", name="Loaded language", exact=True).click()
    poll(lambda: label() == "loaded_language", "the new label stored")
    expect(page.get_by_text("Label of “so-called” changed to Loaded language.")).to_be_visible(timeout=30_000)
    settle(page)

    page.keyboard.press("Control+z")
    poll(lambda: label() == "claim", "the old label back in the database")
    expect(page.get_by_text("Label of “so-called” back to Claim.")).to_be_visible(timeout=30_000)
    expect(field).to_have_value("Claim")
    settle(page)
    screenshot(page, "workspace-undo-1440x900")

    page.keyboard.press("Control+Shift+z")
    poll(lambda: label() == "loaded_language", "the new label again in the database")
    expect(page.get_by_text("Label of “so-called” changed to Loaded language again.")).to_be_visible(timeout=30_000)
    expect(field).to_have_value("Loaded language")
    assert get_annotation(app.db, app.actor, span.id).version == 4  # saved, changed, undone, redone
    # The key list names both (Escape first, in case the focus is still in the label box).
    page.keyboard.press("Escape")
    page.keyboard.press("?")
    overlay = page.locator(".anno-hl-overlay-box")
    expect(overlay).to_contain_text("Redo the last undone change on this document", timeout=15_000)
    expect(overlay.locator("kbd", has_text="Ctrl+Shift+Z")).to_have_count(1)
    expect(overlay.locator("kbd", has_text="Ctrl+Y")).to_have_count(1)
    page.keyboard.press("Escape")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.locator(f".anno-hl-seg[data-ids~='{span.id}']").first.click()
    expect(field).to_have_value("Loaded language", timeout=30_000)
    expect(page.get_by_role("button", name="Redo")).to_be_disabled()  # nothing left to redo
    settle(page)
    screenshot(page, "workspace-redo-1280x720")


def test_a_genre_picked_is_undone_by_ctrl_z_and_redone_by_ctrl_y(  # type: ignore[no-untyped-def]
        page, app: RunningApp, corpus, screenshot) -> None:
    """A document label is a pill clicked with the mouse; the keys take it back and again."""
    _text, document_id = _southfront_open(page, app, corpus, "Undo a genre")
    settle(page)

    def genre() -> list[str]:
        return [v.label for v in list_document_labels(app.db, app.actor, document_id, user_id=app.actor.user_id)
                if v.category == "genre"]

    opinion = page.get_by_role("radio", name="Opinion", exact=True)  # a one-of category's pill
    opinion.click()
    poll(lambda: genre() == ["genre_opinion"], "the genre stored")
    expect(page.get_by_text("Genre of this document set to Opinion.")).to_be_visible(timeout=30_000)
    settle(page)

    page.keyboard.press("Control+z")  # the focus is still on the pill
    poll(lambda: genre() == [], "the genre taken back in the database")
    expect(page.get_by_text("Genre of this document back to none.")).to_be_visible(timeout=30_000)
    expect(opinion).to_have_attribute("aria-checked", "false")
    settle(page)

    page.keyboard.press("Control+y")
    poll(lambda: genre() == ["genre_opinion"], "the genre again in the database")
    expect(page.get_by_text("Genre of this document set to Opinion again.")).to_be_visible(timeout=30_000)
    expect(opinion).to_have_attribute("aria-checked", "true")
    settle(page)
    screenshot(page, "workspace-undo-genre-1440x900")
