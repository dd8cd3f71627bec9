"""Assignment by hand and automatically, queues, progress, and the assigned-only rule."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput, NotFound
from annotator.models import AuditEvent
from annotator.services.actor import Actor
from annotator.services.annotation.documents import (
    add_document,
    get_document,
    list_documents,
    neighbours,
    set_status,
)
from annotator.services.annotation.spans import SpanIn, create_annotation, list_annotations
from annotator.services.exchange.data_export import open_export
from annotator.services.team.assignments import (
    annotator_progress,
    assign,
    auto_assign,
    document_progress,
    former_assignees,
    my_queue,
    queue_of,
    unassign,
)
from annotator.services.team.projects import create_project, remove_member
from annotator.services.team.settings import set_team_settings

from ...conftest import make_user
from ...support.builders import add_member
from ...support.statements import parameters_per_statement


def _project(db: Database, lead: Actor, documents: int, annotators: int, **settings: object) -> tuple[int, list[int], list[Actor]]:
    project = create_project(db, lead, "Study", **settings)  # type: ignore[arg-type]
    docs = [add_document(db, lead, project.id, f"Article {i}: the so-called experts spoke.", title=f"A{i}")[0]
            for i in range(documents)]
    people = [make_user(db, f"ann{i}") for i in range(annotators)]
    for person in people:
        add_member(db, lead, project.id, person)
    return project.id, docs, people


def _loads(db: Database, lead: Actor, project: int) -> dict[str, int]:
    return {p.name: p.assigned for p in annotator_progress(db, lead, project)}


def test_auto_assign_gives_n_annotators_per_document_with_balanced_load(db: Database, admin: Actor) -> None:
    project, docs, people = _project(db, admin, documents=7, annotators=3)
    result = auto_assign(db, admin, project, per_document=2)
    assert result.created == 14 and result.existing == 0
    per_doc = Counter(len(p.annotators) for p in document_progress(db, admin, project))
    assert per_doc == {2: 7}
    loads = _loads(db, admin, project)
    assert sorted(loads.values()) == [4, 5, 5] and max(loads.values()) - min(loads.values()) <= 1
    # Running it again adds nothing; raising N tops every document up, still balanced.
    assert auto_assign(db, admin, project, per_document=2).created == 0
    assert auto_assign(db, admin, project, per_document=3).created == 7
    assert set(_loads(db, admin, project).values()) == {7}


def test_auto_assign_is_deterministic_and_refuses_impossible_requests(db: Database, admin: Actor) -> None:
    project, docs, people = _project(db, admin, documents=4, annotators=2)
    with pytest.raises(InvalidInput, match="only 2 active annotator"):
        auto_assign(db, admin, project, per_document=3)
    assert document_progress(db, admin, project)[0].assigned == 0  # nothing written
    auto_assign(db, admin, project, per_document=1)
    queues = {p.username: [i.document_id for i in queue_of(db, admin, project, p.username).items] for p in people}
    assert queues == {"ann0": [docs[0], docs[2]], "ann1": [docs[1], docs[3]]}


def test_random_order_is_reproducible_with_a_seed(db: Database, admin: Actor) -> None:
    project, docs, people = _project(db, admin, documents=12, annotators=2)
    result = auto_assign(db, admin, project, per_document=2, random_order=True, seed=7)
    assert result.seed == 7
    first = [i.document_id for i in queue_of(db, admin, project, "ann0").items]
    second = [i.document_id for i in queue_of(db, admin, project, "ann1").items]
    assert sorted(first) == sorted(docs) and first != docs and first != second
    # The same seed on a fresh project gives the same order (relative to its documents).
    other = create_project(db, admin, "Other")
    other_docs = [add_document(db, admin, other.id, f"Other {i}.")[0] for i in range(12)]
    for person in people:
        add_member(db, admin, other.id, person)
    auto_assign(db, admin, other.id, per_document=2, random_order=True, seed=7)
    again = [i.document_id for i in queue_of(db, admin, other.id, "ann0").items]
    assert [other_docs.index(d) for d in again] == [docs.index(d) for d in first]


def test_assign_by_hand_appends_to_queues_and_reports_existing(db: Database, admin: Actor) -> None:
    project, docs, (ann, bob) = _project(db, admin, documents=3, annotators=2)
    result = assign(db, admin, project, [docs[2], docs[0]], ["ann0", "ann1"])
    assert (result.created, result.per_annotator) == (4, {"ann0": 2, "ann1": 2})
    assert assign(db, admin, project, [docs[0], docs[1]], ["ann0"]).existing == 1
    queue = my_queue(db, ann, project)
    assert [i.document_id for i in queue.items] == [docs[2], docs[0], docs[1]]
    assert [i.position for i in queue.items] == [0, 1, 2]
    with pytest.raises(NotFound, match="not members"):
        assign(db, admin, project, [docs[0]], ["stranger"])
    with pytest.raises(NotFound, match="not in this project"):
        assign(db, admin, project, [999], ["ann0"])
    events = [e for e in _events(db) if e.action == "assign"]
    assert len(events) == 5 and {e.document_id for e in events} == set(docs)


def _events(db: Database) -> list[AuditEvent]:
    with db.read() as s:
        events = list(s.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        s.expunge_all()
    return events


def test_queue_progress_and_lead_views(db: Database, admin: Actor) -> None:
    project, docs, (ann, bob) = _project(db, admin, documents=2, annotators=2)
    assign(db, admin, project, docs, ["ann0", "ann1"])
    text = get_document(db, ann, docs[0]).text
    start = text.index("so-called")
    create_annotation(db, ann, docs[0], SpanIn(start, start + 9, "loaded_language", "so-called"))
    set_status(db, ann, docs[0], "done")
    queue = my_queue(db, ann, project)
    assert (queue.done, queue.total, queue.next_document_id) == (1, 2, docs[1])
    assert queue.items[0].spans == 1 and queue.items[0].status == "done"
    by_name = {p.name: p for p in annotator_progress(db, admin, project)}
    assert (by_name["ann0"].done, by_name["ann0"].todo, by_name["ann0"].spans) == (1, 1, 1)
    assert by_name["ann0"].percent_done == 50.0 and by_name["ann1"].done == 0
    first = document_progress(db, admin, project)[0]
    assert (first.assigned, first.done, first.spans) == (2, 1, 1)
    assert dict(first.annotators) == {"ann0": "done", "ann1": "todo"}
    for attempt in (annotator_progress, document_progress):
        with pytest.raises(Forbidden):
            attempt(db, ann, project)
    with pytest.raises(Forbidden):
        queue_of(db, ann, project, "ann1")


def test_once_assigned_annotators_open_only_their_documents(db: Database, admin: Actor) -> None:
    project, docs, (ann, bob) = _project(db, admin, documents=3, annotators=2)
    assert len(list_documents(db, ann, project)) == 3  # before any assignment: everything
    assign(db, admin, project, [docs[0], docs[2]], ["ann0"])
    assert [d.id for d in list_documents(db, ann, project)] == [docs[0], docs[2]]
    assert list_documents(db, bob, project) == []
    assert len(list_documents(db, admin, project)) == 3
    assert neighbours(db, ann, docs[0]) == (None, docs[2])
    text = get_document(db, ann, docs[0]).text
    start = text.index("so-called")
    refused = [
        lambda: get_document(db, ann, docs[1]),
        lambda: list_annotations(db, ann, docs[1]),
        lambda: create_annotation(db, ann, docs[1], SpanIn(start, start + 9, "loaded_language", "so-called")),
        lambda: set_status(db, ann, docs[1], "done"),
    ]
    for attempt in refused:
        with pytest.raises(Forbidden, match="not assigned"):
            attempt()
    forbidden = [e for e in _events(db) if e.action == "forbidden"]
    assert len(forbidden) == 4 and all(e.document_id == docs[1] for e in forbidden)
    with open_export(db, ann, project, fmt="native") as stream:
        assert [r.title for r in stream.records] == ["A0", "A2"]
    # An admin may turn the rule off again; their choice is not overridden by later assigning.
    set_team_settings(db, admin, project, assigned_only=False)
    assign(db, admin, project, [docs[1]], ["ann1"])
    assert len(list_documents(db, ann, project)) == 3


def test_unassign_protects_work_unless_forced(db: Database, admin: Actor) -> None:
    project, docs, (ann, _bob) = _project(db, admin, documents=1, annotators=2)
    assign(db, admin, project, docs, ["ann0", "ann1"])
    text = get_document(db, ann, docs[0]).text
    start = text.index("so-called")
    create_annotation(db, ann, docs[0], SpanIn(start, start + 9, "loaded_language", "so-called"))
    with pytest.raises(InvalidInput, match="ann0 on document") as refused:
        unassign(db, admin, project, docs, ["ann0", "ann1"])
    # The service names the keyword that overrides it, in no front end's words: the command
    # line names its --force, the page its checkbox.
    assert refused.value.override == "force" and "force" not in str(refused.value)
    assert unassign(db, admin, project, docs, ["ann1"]) == 1
    assert unassign(db, admin, project, docs, ["ann0"], force=True) == 1
    assert list_annotations(db, admin, docs[0])[0].username == "ann0"  # the spans stay
    assert [e.action for e in _events(db)].count("unassign") == 2


def test_the_documents_of_an_annotator_who_left_go_to_the_others(db: Database, admin: Actor) -> None:
    """An annotator removed mid-study kept their assignments: automatic assignment counted them
    as one of each document's annotators, so it never topped those documents up, and unassign
    refused them as "not members of this project". Now only the documents they finished still
    count them; the rest go to the others, and their assignments can be taken back."""
    project, docs, people = _project(db, admin, documents=2, annotators=3, annotators_per_document=2)
    auto_assign(db, admin, project)  # ann0 on both documents, ann1 and ann2 on one each
    set_status(db, people[0], docs[0], "done")
    remove_member(db, admin, project, "ann0")
    assert former_assignees(db, admin, project) == ["ann0"]
    result = auto_assign(db, admin, project)
    assert (result.created, result.per_annotator) == (1, {"ann1": 1})
    assert {d.document_id: sorted(n for n, _ in d.annotators) for d in document_progress(db, admin, project)} == {
        docs[0]: ["ann0", "ann1"], docs[1]: ["ann0", "ann1", "ann2"]}
    assert unassign(db, admin, project, [docs[1]], ["ann0"]) == 1
    with pytest.raises(NotFound, match="nobody"):
        unassign(db, admin, project, [docs[1]], ["nobody"])


def test_annotators_cannot_assign(db: Database, admin: Actor) -> None:
    project, docs, (ann, _bob) = _project(db, admin, documents=1, annotators=2)
    for attempt in (lambda: assign(db, ann, project, docs, ["ann0"]),
                    lambda: auto_assign(db, ann, project, per_document=1),
                    lambda: unassign(db, ann, project, docs, ["ann1"]),
                    lambda: set_team_settings(db, ann, project, assigned_only=False)):
        with pytest.raises(Forbidden):
            attempt()
    assert [e.action for e in _events(db)].count("forbidden") == 4


def test_unassign_asks_for_documents_a_batch_at_a_time(db: Database, admin: Actor,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A lead may unassign every document of a 100,000-document project: no statement may name
    them all (PostgreSQL takes at most 65,535 parameters). Batches of two here; the work found
    on a document of a later batch still refuses the unforced unassign."""
    monkeypatch.setattr("annotator.services.in_batches.IN_BATCH", 2)
    project, docs, people = _project(db, admin, 5, 1)
    assign(db, admin, project, docs, ["ann0"])
    create_annotation(db, people[0], docs[4], SpanIn(0, 7, "loaded_language", "Article"))
    with parameters_per_statement(db) as counts, pytest.raises(InvalidInput, match="document"):
        unassign(db, admin, project, docs, ["ann0"])
    assert max(counts) < len(docs)
    assert unassign(db, admin, project, docs, ["ann0"], force=True) == 5
