"""The documents page's list, a page at a time in SQL: the same documents and counts as the
whole list, filtered by the caller's status and the title, and the same permissions."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput
from annotator.services.actor import Actor
from annotator.services.annotation.document_list import document_page
from annotator.services.annotation.documents import add_document, list_documents, set_status
from annotator.services.team.assignments import assign
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.builders import add_member, span

TEXTS = [f"Article {i}: the so-called experts said a shocking thing on day {i}." for i in range(7)]


def _project(db: Database, admin: Actor, **settings: object) -> tuple[int, list[int]]:
    project = create_project(db, admin, "Paged", **settings)  # type: ignore[arg-type]
    ids = [add_document(db, admin, project.id, text, title=f"Doc {i}{' 100%' if i == 4 else ''}")[0]
           for i, text in enumerate(TEXTS)]
    return project.id, ids


def test_pages_hold_what_the_whole_list_holds(db: Database, admin: Actor) -> None:
    project_id, ids = _project(db, admin)
    span(db, admin, ids[1], TEXTS[1], "so-called experts")
    span(db, admin, ids[1], TEXTS[1], "shocking")
    span(db, admin, ids[5], TEXTS[5], "shocking")
    whole = list_documents(db, admin, project_id)
    pages = [document_page(db, admin, project_id, offset=offset, limit=3) for offset in (0, 3, 6)]
    assert [d for page in pages for d in page.documents] == whole
    assert [len(page.documents) for page in pages] == [3, 3, 1]
    first = pages[0]
    assert (first.matching, first.total, first.done) == (7, 7, 0)
    assert [page.spans for page in pages] == [2, 1, 0]  # the spans of each page's documents
    assert document_page(db, admin, project_id, offset=7, limit=3).documents == []


def test_filters_by_own_status_and_title(db: Database, admin: Actor) -> None:
    project_id, ids = _project(db, admin)
    set_status(db, admin, ids[2], "done")
    set_status(db, admin, ids[3], "in_progress")
    done = document_page(db, admin, project_id, status="done")
    assert [d.id for d in done.documents] == [ids[2]]
    assert (done.matching, done.total, done.done) == (1, 7, 1)
    rest = document_page(db, admin, project_id, status="not done")
    assert [d.id for d in rest.documents] == [i for i in ids if i != ids[2]]
    assert [d.status for d in rest.documents][:4] == [None, None, "in_progress", None]
    found = document_page(db, admin, project_id, search="dOC 3")
    assert [d.id for d in found.documents] == [ids[3]] and found.matching == 1
    # Wildcards are characters to find, not patterns.
    assert [d.id for d in document_page(db, admin, project_id, search="%").documents] == [ids[4]]
    assert document_page(db, admin, project_id, search="_").documents == []
    assert document_page(db, admin, project_id, status="done", search="Doc 1").matching == 0


def test_permissions_and_limits(db: Database, admin: Actor) -> None:
    project_id, ids = _project(db, admin, blind=True)
    annotator, outsider = make_user(db, "ann"), make_user(db, "out")
    add_member(db, admin, project_id, annotator)
    span(db, admin, ids[0], TEXTS[0], "shocking")
    span(db, annotator, ids[0], TEXTS[0], "so-called experts")
    # Blind: an annotator counts their own spans only.
    page = document_page(db, annotator, project_id)
    assert page.documents[0].annotation_count == 1 and page.spans == 1
    assert document_page(db, admin, project_id).spans == 2
    # Once assignments are used, an annotator's list is their queue.
    assign(db, admin, project_id, [ids[3], ids[6]], ["ann"])
    queue = document_page(db, annotator, project_id)
    assert [d.id for d in queue.documents] == [ids[3], ids[6]] == [d.id for d in list_documents(db, annotator, project_id)]
    assert (queue.total, queue.spans) == (2, 0)
    with pytest.raises(Forbidden):
        document_page(db, outsider, project_id)
    with pytest.raises(InvalidInput, match="a page holds"):
        document_page(db, admin, project_id, limit=0)
    with pytest.raises(InvalidInput, match="status must be"):
        document_page(db, admin, project_id, status="finished")  # type: ignore[arg-type]
