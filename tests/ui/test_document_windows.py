"""AppTest of the document pickers on a project bigger than a page (assignment by hand, the
assignment page's progress per document, the history page): they list one page of documents,
not every one, the pages turn, a search finds a document, and what is picked stays picked."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.team.assignments import document_progress, my_queue
from annotator.services.team.projects import create_project
from annotator.ui import pickers
from annotator.ui.pages import agreement, assignment

from ..conftest import make_user
from ..support.builders import add_member
from .test_team_pages import _app, _frame


@pytest.fixture
def five(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[Database, Actor, Actor, int, list[int]]:
    """Five documents, pickers of two per page."""
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    monkeypatch.setattr(pickers, "WINDOW", 2)
    monkeypatch.setattr(assignment, "PER_PAGE", 2)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    project = create_project(sqlite_db, lead, "Big").id
    docs = [add_document(sqlite_db, lead, project, f"Text number {n}.", title=f"Article {n}")[0] for n in range(5)]
    ann = make_user(sqlite_db, "ann")
    add_member(sqlite_db, lead, project, ann)
    return sqlite_db, lead, ann, project, docs


def test_assigning_by_hand_picks_across_pages(five: tuple[Database, Actor, Actor, int, list[int]]) -> None:
    db, lead, ann, project, docs = five
    app = _app("assignment", lead)
    assert not app.exception, app.exception
    documents = app.multiselect(key=assignment.HAND_KEY)
    assert documents.options == [f"{d} · Article {n}" for n, d in enumerate(docs[:2])]
    documents.select(docs[1]).run()
    app.button(key=f"{assignment.HAND_KEY}_next").click().run()
    documents = app.multiselect(key=assignment.HAND_KEY)
    assert documents.value == [docs[1]]  # still picked on another page
    assert documents.options == [f"{d} · Article {n}" for n, d in ((1, docs[1]), (2, docs[2]), (3, docs[3]))]
    documents.select(docs[3]).run()
    app.text_input(key=f"{assignment.HAND_KEY}_search").input("article 4").run()
    app.multiselect(key=assignment.HAND_KEY).select(docs[4]).run()
    next(m for m in app.multiselect if m.label == "Annotators").select("ann")  # in the form: sent with it
    next(b for b in app.button if b.label == "Assign").click().run()
    assert not app.exception, app.exception
    assert [s.value for s in app.success] == ["3 assignment(s) added, 0 already there."], [e.value for e in app.error]
    assert [item.document_id for item in my_queue(db, ann, project).items] == [docs[1], docs[3], docs[4]]


def test_progress_per_document_is_paged(five: tuple[Database, Actor, Actor, int, list[int]]) -> None:
    db, lead, ann, project, docs = five
    app = _app("assignment", lead)
    assert list(_frame(app, "Wanted")["Document"]) == docs[:2]
    app.button(key="progress_next").click().run()
    assert list(_frame(app, "Wanted")["Document"]) == docs[2:4]
    app.button(key="progress_next").click().run()
    assert list(_frame(app, "Wanted")["Document"]) == docs[4:]
    assert app.button(key="progress_next").disabled
    whole = {d.document_id: d for d in document_progress(db, lead, project)}
    assert list(_frame(app, "Wanted")["Title"]) == [whole[docs[4]].title]


def test_history_picks_a_document_from_a_page_or_a_search(five: tuple[Database, Actor, Actor, int, list[int]]) -> None:
    db, lead, ann, project, docs = five
    app = _app("history", lead)
    assert not app.exception, app.exception
    assert app.selectbox(key="history_document").options == [f"{d} · Article {n}" for n, d in enumerate(docs[:2])]
    app.text_input(key="history_document_search").input("Article 3").run()
    picker = app.selectbox(key="history_document")
    assert picker.value == docs[0] and docs[3] in [int(o.split()[0]) for o in picker.options]
    picker.select(docs[3]).run()
    app.text_input(key="history_document_search").input("").run()
    # The document picked stays listed (in front) on a page that does not hold it.
    assert app.selectbox(key="history_document").value == docs[3]
    assert [int(o.split()[0]) for o in app.selectbox(key="history_document").options] == [docs[3], *docs[:2]]
    app.text_input(key="history_document_search").input("no such words").run()
    assert not app.exception, app.exception


def test_the_agreement_filter_picks_documents_from_pages(five: tuple[Database, Actor, Actor, int, list[int]]) -> None:
    """The Agreement page's document filter lists a page of documents (a multiselect of every
    title of a 100,000-document project took seconds on each rerun); picks carry across pages."""
    db, lead, ann, project, docs = five
    app = _app("agreement", lead)
    assert not app.exception, app.exception
    documents = app.multiselect(key=agreement.DOCUMENTS)
    assert documents.options == [f"#{d} Article {n}" for n, d in enumerate(docs[:2])]
    documents.select(docs[0]).run()
    app.button(key=f"{agreement.DOCUMENTS}_next").click().run()
    app.button(key=f"{agreement.DOCUMENTS}_next").click().run()
    documents = app.multiselect(key=agreement.DOCUMENTS)
    assert documents.options == [f"#{docs[0]} Article 0", f"#{docs[4]} Article 4"]
    documents.select(docs[4]).run()
    assert not app.exception, app.exception
    assert app.multiselect(key=agreement.DOCUMENTS).value == [docs[0], docs[4]]
