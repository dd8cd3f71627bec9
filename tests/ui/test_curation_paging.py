"""AppTest of the curation page on a project bigger than a page: the document picker and the
progress list show one page (not every document), the progress button counts them all, the
pages turn, the search finds a document by title or number, and "Next open" skips documents
without open disagreements."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.team.assignments import assign
from annotator.services.team.projects import create_project
from annotator.ui.pages import curation

from ..conftest import make_user
from ..support.builders import add_member, span
from .test_curation_page import _app, _popovers

TEXT = "The so-called experts met the opposition groups in Astana."


@pytest.fixture
def many(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[Actor, list[int]]:
    """Five documents; the second and the fifth have a disagreement, the others nothing drawn."""
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    monkeypatch.setattr(curation, "PER_PAGE", 2)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    project = create_project(sqlite_db, lead, "Big").id
    docs = [add_document(sqlite_db, lead, project, f"{TEXT} ({n})", title=f"Article {n}")[0] for n in range(5)]
    ann, bob, cura = make_user(sqlite_db, "ann"), make_user(sqlite_db, "bob"), make_user(sqlite_db, "cura")
    for person, role in ((ann, "annotator"), (bob, "annotator"), (cura, "curator")):
        add_member(sqlite_db, lead, project, person, role)
    assign(sqlite_db, lead, project, docs, ["ann", "bob"])
    for doc in (docs[1], docs[4]):
        span(sqlite_db, ann, doc, TEXT, "so-called")
        span(sqlite_db, bob, doc, TEXT, "the opposition groups", "scare_quotes")
    return cura, docs


def _listed(app: AppTest) -> list[int]:
    """The documents the picker offers (its options read "#id title · status")."""
    return [int(option.split()[0].lstrip("#")) for option in app.selectbox(key=curation.DOCUMENT_KEY).options]


def _progress_rows(app: AppTest) -> list[int]:
    (table,) = [d.value for d in app.dataframe if "Agreed, not in gold" in d.value.columns]
    return [int(n) for n in table["Document"]]


def test_the_picker_lists_a_page_and_the_progress_counts_all(many: tuple[Actor, list[int]]) -> None:
    cura, docs = many
    app = _app(cura)
    assert not app.exception, app.exception
    assert _listed(app) == docs[:2]
    assert "Progress: 3 with nothing drawn · 2 untouched" in _popovers(app)
    assert _progress_rows(app) == docs[:2]
    app.button(key="cur_next").click().run()
    assert _listed(app) == [docs[0], *docs[2:4]]  # the document open stays in front
    assert _progress_rows(app) == [docs[0], *docs[2:4]]
    app.selectbox(key=curation.DOCUMENT_KEY).select(docs[3]).run()
    app.button(key="cur_next").click().run()
    assert _listed(app) == [docs[3], docs[4]]
    assert app.button(key="cur_next").disabled


def test_search_and_next_open(many: tuple[Actor, list[int]]) -> None:
    cura, docs = many
    app = _app(cura)
    app.text_input(key=curation.SEARCH_KEY).input(f"#{docs[3]}").run()
    assert _listed(app) == [docs[0], docs[3]]
    app.text_input(key=curation.SEARCH_KEY).input("article 4").run()
    app.selectbox(key=curation.DOCUMENT_KEY).select(docs[4]).run()
    assert _listed(app) == [docs[4]]
    app.text_input(key=curation.SEARCH_KEY).input("").run()
    app.button(key="cur_next_open").click().run()  # from the last, round to the first open one
    assert app.selectbox(key=curation.DOCUMENT_KEY).value == docs[1]
    app.button(key="cur_next_open").click().run()
    assert app.selectbox(key=curation.DOCUMENT_KEY).value == docs[4]
    assert not app.exception, app.exception
