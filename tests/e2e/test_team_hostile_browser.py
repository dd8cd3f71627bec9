"""Browser test: hostile content in every user-text field (article text, title, note, label
names, entity and project names) is shown literally on every page the team uses, and no
script runs (no dialog, no page error, `window.__pwned` unset, no injected image or link)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from annotator.models import Document, Entity
from annotator.models.enums import EntityKind
from annotator.services.annotation.documents import add_document
from annotator.services.team.assignments import assign
from annotator.services.team.projects import create_project

from ..conftest import make_user
from ..support.builders import add_member, span
from .conftest import PASSWORD as ADMIN_PASSWORD
from .conftest import USER as ADMIN
from .conftest import RunningApp
from .driver import go_to_page, log_in, settle, wait_painted

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"

SCRIPT = "<script>window.__pwned = 1; alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
MARKDOWN = "[click me](javascript:window.__pwned=3) **bold** :red[red] $x^2$"
CONTROL = "bell\x07 escape\x1b[31m tab\t end"
LONG = "L" * 4000


def _hostile_codebook(tmp_path: Path) -> Path:
    path = tmp_path / "evil.yaml"
    path.write_text(
        "key: evil\nname: Evil codebook\ncategories:\n  - {key: c, name: 'C', layer: span}\n"
        "labels:\n"
        f"  - {{key: evil, name: '{SCRIPT} **label**', category: c, colour: '#aa0000', description: '{IMG}'}}\n"
        f"  - {{key: plain, name: 'Plain {IMG}', category: c, colour: '#00aa00', description: 'x'}}\n",
        encoding="utf-8")
    return path


def _check_clean(page: Any, dialogs: list[str], where: str) -> None:
    assert page.evaluate("window.__pwned") is None, f"a script ran on {where}"
    assert dialogs == [], f"a dialog opened on {where}: {dialogs}"
    assert page.locator("img[src='x']").count() == 0, f"an injected image on {where}"
    assert page.locator("a[href^='javascript']").count() == 0, f"a javascript: link on {where}"


def test_hostile_content_is_shown_literally_and_never_runs(app: RunningApp, browser: Any, tmp_path: Path) -> None:
    db, lead = app.db, app.actor
    project = create_project(db, lead, f"Study {IMG}", codebook=str(_hostile_codebook(tmp_path)), blind=True)
    text = f"Intro {SCRIPT} then {IMG} and {MARKDOWN}.\n{LONG}\nControl: {CONTROL} done."
    doc, _ = add_document(db, lead, project.id, text, title=f"{IMG} **title** {SCRIPT}")
    with db.write() as session:
        outlet = Entity(kind=EntityKind.OUTLET, name=f"Outlet {SCRIPT} {IMG}")
        session.add(outlet)
        session.flush()
        session.get(Document, doc).outlet_id = outlet.id  # type: ignore[union-attr]
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    add_member(db, lead, project.id, ann)
    add_member(db, lead, project.id, bob)
    assign(db, lead, project.id, [doc], ["ann", "bob", ADMIN])
    span(db, ann, doc, text, SCRIPT, "evil", note=f"note {MARKDOWN} {IMG}")
    span(db, bob, doc, text, IMG, "plain", note=f"{SCRIPT}")
    span(db, bob, doc, text, MARKDOWN, "evil")

    people = (("ann", PASSWORD, ["Documents", "My queue", "History"]),
              (ADMIN, ADMIN_PASSWORD, ["Projects", "Documents", "My queue", "History", "Assignment",
                                       "Curation", "Administration"]))
    for who, password, pages in people:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog, seen=dialogs: (seen.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error, seen=dialogs: seen.append(f"page error: {error}"))
        log_in(page, app, who, password)
        for title in pages:
            if title == "Documents":  # headed by the project's name
                page.get_by_role("link", name=title).click()
                page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
                settle(page)
            else:
                go_to_page(page, title)
            if title == "Administration":
                page.get_by_role("tab", name="Audit log").click()
                settle(page)
            _check_clean(page, dialogs, f"{title} as {who}")
            page.screenshot(path=str(tmp_path / f"{who}-{title}.png"), full_page=True)
        # The annotation workspace of the same document, opened from the queue.
        go_to_page(page, "My queue")
        page.get_by_role("button", name="Open next").click()
        wait_painted(page)
        _check_clean(page, dialogs, f"the workspace as {who}")
        page.screenshot(path=str(tmp_path / f"{who}-workspace.png"), full_page=True)
        if who == ADMIN:
            # On the curation page the quotes and notes are text elements: literal.
            go_to_page(page, "Curation")
            for literal in (SCRIPT, "**label**", "**bold**"):  # waits for the page to finish drawing
                expect(page.locator("body")).to_contain_text(literal, timeout=30_000)
            _check_clean(page, dialogs, "Curation (again)")
        context.close()
