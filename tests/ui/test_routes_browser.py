"""In a real browser, the ways from page to page that annotator.ui.routes owns: the sidebar
(titles, URLs, sections), the workspace's link to the documents, a document opened from the
list, the outlet's link to its entity page, and a registry row opening its entity."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.registry.entities import create_entity
from annotator.services.team.projects import create_project

from ..support.appserver import running_app
from ..support.browser import browser_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "a long password"
SIDEBAR = [("Annotate", [("Projects", ""), ("Documents", "documents"), ("Annotate", "workspace"),
                         ("My queue", "queue"), ("History", "history")]),
           ("Study", [("Members", "members"), ("Codebook", "codebook"), ("Project settings", "settings"),
                      ("Assignment", "assignment"), ("Curation", "curation"), ("Agreement", "agreement"),
                      ("Claims", "claims")]),
           ("Registry", [("Registry", "registry"), ("Entity", "entity"), ("Funding proposals", "proposals"),
                         ("Funding network", "network")]),
           ("Data", [("Import / export", "data"), ("Administration", "admin")])]


def test_pages_reach_each_other(sqlite_db: Database, corpus: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    user = create_user(sqlite_db, Actor.system(), "ana", PASSWORD, role="admin")
    lead = Actor(user.id, user.username, GlobalRole.ADMIN)
    outlet = create_entity(sqlite_db, lead, "outlet", "SouthFront", domains=["southfront.org"])
    create_entity(sqlite_db, lead, "state", "Russian Federation")
    project = create_project(sqlite_db, lead, "Study")
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    doc, _ = add_document(sqlite_db, lead, project.id, text, title="Astana", url="https://southfront.org/astana/")

    with running_app(sqlite_db.url, tmp_path) as app, browser_page() as page:
        log_in(page, app.url, "ana", PASSWORD)
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav.get_by_test_id("stSidebarNavLink")).to_have_count(18)
        for section, pages in SIDEBAR:
            expect(nav.get_by_text(section, exact=True).first).to_be_visible()
            for title, path in pages:
                item = nav.get_by_test_id("stSidebarNavLink").filter(has_text=title).first
                expect(item).to_have_attribute("href", f"{app.url}/{path}")

        nav.get_by_test_id("stSidebarNavLink").filter(has_text="Annotate").click()
        expect(page.get_by_text("Pick a document on the Documents page to start annotating.")).to_be_visible()
        page.get_by_test_id("stMain").get_by_role("link", name="Documents").click()
        page.wait_for_url(f"{app.url}/documents?project={project.id}", timeout=30_000)
        page.locator(".st-key-documents-open").get_by_role("button", name="Open").click()
        page.wait_for_url(f"{app.url}/workspace?doc={doc}", timeout=30_000)
        page.wait_for_selector(".anno-hl-text .anno-hl-line", timeout=30_000)

        page.locator(".st-key-ws-outlet").get_by_role("link", name="Entity page").click()
        page.wait_for_url(f"{app.url}/entity?entity={outlet.id}", timeout=30_000)
        expect(page.get_by_role("heading", name="SouthFront")).to_be_visible(timeout=30_000)

        nav.get_by_test_id("stSidebarNavLink").filter(has_text="Registry").click()
        page.get_by_role("textbox", name="Search names and domains").fill("Russian")
        page.keyboard.press("Enter")
        grid = page.get_by_test_id("stDataFrame")
        expect(grid).to_have_count(1)
        page.wait_for_function(  # the search has run: one row is left
            "() => document.querySelectorAll('[data-testid=stDataFrame] table tbody tr').length === 1",
            timeout=30_000)
        box = grid.bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the row's selection box, below the header
        expect(page.get_by_role("heading", name="Russian Federation")).to_be_visible(timeout=30_000)
        assert "/entity?entity=" in page.url
