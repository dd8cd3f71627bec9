"""The documents page a page at a time (AppTest): paging, the title search, the status filter
and the caption's whole-project figures."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document, set_status
from annotator.services.team.projects import create_project
from annotator.ui.pages import documents as documents_page

from .workspace_support import PASSWORD, log_in, new_app, open_page

TITLES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


@pytest.fixture
def lead(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[Database, Actor, list[int]]:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    monkeypatch.setattr(documents_page, "PAGE_SIZE", 2)
    view = create_user(sqlite_db, Actor.system(), "lead", PASSWORD, role="admin")
    actor = Actor(view.id, "lead", GlobalRole.ADMIN)
    project = create_project(sqlite_db, actor, "Paged")
    ids = [add_document(sqlite_db, actor, project.id, f"Article {title}: text.", title=title)[0] for title in TITLES]
    return sqlite_db, actor, ids


def titles(at) -> list[str]:  # type: ignore[no-untyped-def]
    return list(at.dataframe[0].value["Title"])


def test_pages_search_and_filter(lead: tuple[Database, Actor, list[int]]) -> None:
    db, actor, ids = lead
    set_status(db, actor, ids[3], "done")
    at = open_page(log_in(new_app(), "lead"), "documents")
    assert not at.exception
    assert titles(at) == ["Alpha", "Bravo"]
    assert any("5 documents · 1 done by you" in c.value for c in at.caption)
    assert at.number_input(key="documents-page").label == "Page (of 3)"
    at.number_input(key="documents-page").set_value(3).run()
    assert titles(at) == ["Echo"]
    assert any("Documents 5-5 of 5" in c.value for c in at.caption)
    # A narrower filter clamps the page number to the pages it has.
    at.text_input(key="documents-search").input("a").run()  # Alpha, Bravo, Charlie, Delta
    assert titles(at) == ["Charlie", "Delta"] and at.number_input(key="documents-page").value == 2
    at.segmented_control(key="documents-filter").set_value("done").run()
    assert titles(at) == ["Delta"]
    at.text_input(key="documents-search").input("zulu").run()
    assert not at.exception and any("No document matches" in i.value for i in at.info)
