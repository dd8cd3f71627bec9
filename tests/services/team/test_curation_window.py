"""The curation page's window on a big project: a page of documents with the statuses the whole
list gives them, the status counts equal to counting the whole list (with and without "done
only"), the search, the next document with open disagreements, who may ask, and that a page
reads the spans of its own documents only (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import event

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document, set_status
from annotator.services.team.assignments import assign
from annotator.services.team.curated import set_curated
from annotator.services.team.curation import comparison
from annotator.services.team.curation_progress import curation_progress
from annotator.services.team.curation_window import (
    curation_summary,
    curation_window,
    next_open_document,
)
from annotator.services.team.gold import (
    accept_unanimous,
    accept_version,
    add_gold,
    delete_gold,
    reject_cluster,
)

from ...support.builders import span
from .test_curation import TEXT, _setup


def _project(db: Database, lead: Actor) -> dict[str, Any]:
    """Documents in every status: untouched, open, decided, curated, empty (nothing drawn, and
    drawn only by someone not assigned), drawn by leads without assignments, only deleted gold, and one
    where only one of the two assignees is done."""
    project, untouched, ann, bob, cur = _setup(db, lead)
    docs: dict[str, int] = {"untouched": untouched}
    for name in ("open", "decided", "curated", "free", "outsider", "half_done", "gold_deleted"):
        docs[name], _ = add_document(db, lead, project, f"{TEXT} ({name})", title=f"Doc {name}",
                                     external_id=f"ext-{name}")
    docs["empty"], _ = add_document(db, lead, project, "Nothing drawn here.", title="Empty one")
    assign(db, lead, project, [docs[n] for n in ("open", "decided", "curated", "outsider", "half_done")],
           ["ann", "bob"])
    for name in ("open", "decided", "curated", "half_done"):
        for person in (ann, bob):
            span(db, person, docs[name], TEXT, "so-called")
        span(db, ann, docs[name], TEXT, "opposition groups", "scare_quotes")
        span(db, bob, docs[name], TEXT, "the opposition groups", "scare_quotes")
    # Leads draw anywhere (annotators only on what is assigned to them once assignments are used).
    span(db, lead, docs["free"], TEXT, "so-called")
    span(db, cur, docs["free"], TEXT, "so-called", "scare_quotes")
    span(db, cur, docs["outsider"], TEXT, "so-called")
    span(db, lead, docs["gold_deleted"], TEXT, "so-called")
    start = TEXT.index("total success")
    gold = add_gold(db, cur, docs["gold_deleted"], start=start, end=start + len("total success"),
                    label="loaded_language", quote="total success")
    delete_gold(db, cur, gold.id)
    view = comparison(db, cur, docs["open"])
    accept_version(db, cur, docs["open"], view.clusters[0].versions[0].uid)
    for name in ("decided", "curated"):
        accept_unanimous(db, cur, docs[name])
        reject_cluster(db, cur, docs[name], comparison(db, cur, docs[name]).clusters[0].key)
    set_curated(db, cur, docs["curated"])
    set_status(db, ann, docs["half_done"], "done")
    return {"project": project, "docs": docs, "cur": cur, "ann": ann}


@pytest.fixture
def big(db: Database, admin: Actor) -> tuple[Database, dict[str, Any]]:
    return db, _project(db, admin)


@pytest.mark.parametrize("done_only", [False, True])
def test_counts_and_pages_are_those_of_the_whole_list(big: tuple[Database, dict[str, Any]], done_only: bool) -> None:
    db, p = big
    whole = curation_progress(db, p["cur"], p["project"], done_only=done_only)
    assert curation_summary(db, p["cur"], p["project"], done_only=done_only) == dict(Counter(d.status for d in whole))
    statuses = {d.status for d in whole}
    assert {"untouched", "open", "decided", "curated", "empty"} <= statuses
    pages = [curation_window(db, p["cur"], p["project"], page=n, per_page=4, done_only=done_only) for n in (1, 2, 3)]
    assert [d for window in pages for d in window.rows] == whole
    assert [(w.total, w.pages, w.page) for w in pages] == [(len(whole), 3, n) for n in (1, 2, 3)]
    assert curation_window(db, p["cur"], p["project"], page=9, per_page=4).page == 3  # past the end: the last


def test_the_search_and_the_document_shown(big: tuple[Database, dict[str, Any]]) -> None:
    db, p = big
    docs, project, cur = p["docs"], p["project"], p["cur"]
    found = curation_window(db, cur, project, search="DOC OP")
    assert [d.document_id for d in found.rows] == [docs["open"]] and found.total == 1
    assert [d.document_id for d in curation_window(db, cur, project, search="ext-free").rows] == [docs["free"]]
    assert [d.document_id for d in curation_window(db, cur, project, search=f"#{docs['empty']}").rows] == [docs["empty"]]
    assert curation_window(db, cur, project, search="100%_").total == 0  # wildcards are plain characters
    shown = curation_window(db, cur, project, search="Doc open", also=docs["curated"])
    assert [d.document_id for d in shown.rows] == [docs["curated"], docs["open"]] and shown.total == 1
    assert [d.document_id for d in curation_window(db, cur, project, search="Doc open", also=docs["open"]).rows] == [
        docs["open"]]
    with pytest.raises(InvalidInput):
        curation_window(db, cur, project, page=0)
    with pytest.raises(InvalidInput):
        curation_window(db, cur, project, per_page=501)


def test_next_open_document_goes_on_and_wraps_around(big: tuple[Database, dict[str, Any]]) -> None:
    db, p = big
    docs, project, cur = p["docs"], p["project"], p["cur"]
    whole = curation_progress(db, cur, project)
    opened = [d.document_id for d in whole if d.open and not d.curated]
    assert docs["curated"] not in opened and docs["decided"] not in opened and len(opened) >= 3
    assert next_open_document(db, cur, project, opened[0]) == opened[1]
    assert next_open_document(db, cur, project, opened[-1]) == opened[0]  # from the start again
    assert next_open_document(db, cur, project, opened[0], search="Doc half") == docs["half_done"]
    assert next_open_document(db, cur, project, docs["half_done"], search="Doc half") is None  # none but itself
    assert next_open_document(db, cur, project, opened[0], search="Empty") is None


def test_only_leads_see_the_window(big: tuple[Database, dict[str, Any]]) -> None:
    db, p = big
    for call in (lambda: curation_window(db, p["ann"], p["project"]),
                 lambda: curation_summary(db, p["ann"], p["project"]),
                 lambda: next_open_document(db, p["ann"], p["project"], 0)):
        with pytest.raises(Forbidden):
            call()


def test_a_page_reads_the_spans_of_its_own_documents_only(big: tuple[Database, dict[str, Any]]) -> None:
    """The statements that read spans name the page's documents: a bigger project reads no more."""
    db, p = big
    window = curation_window(db, p["cur"], p["project"], page=2, per_page=2)
    shown = {d.document_id for d in window.rows}
    others = set(p["docs"].values()) - shown - {p["project"]}
    seen: list[tuple[str, set[Any]]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        seen.append((statement, set(values)))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert curation_window(db, p["cur"], p["project"], page=2, per_page=2) == window
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    # (The project's id is a parameter too: it is no document's here.)
    reading_spans = [values - {p["project"]} for statement, values in seen if "FROM annotations" in statement]
    assert reading_spans and all(shown <= values and not values & others for values in reading_spans)
