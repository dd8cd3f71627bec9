"""Agreement reports are kept until a row the study reads changes (services/team/agreement_cache).

After every kind of write that can change a figure, the report served must be the one a fresh
study computes; between writes the study is not run again; who may look is checked every time.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.db import Database
from annotator.errors import Forbidden
from annotator.services.actor import Actor
from annotator.services.annotation.document_labels import set_document_labels
from annotator.services.annotation.documents import add_document, set_parts, set_status
from annotator.services.annotation.relations import RelationIn, create_relation, delete_relation
from annotator.services.annotation.spans import (
    delete_annotation,
    restore_annotation,
    update_annotation,
)
from annotator.services.team import agreement, agreement_cache
from annotator.services.team.agreement import AgreementFilter, project_agreement
from annotator.services.team.gold import accept_unanimous
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.builders import add_member, span

TEXT = ("The minister said the army withdrew. According to Reuters, the so-called rebels attacked first. "
        "Officials claim the army withdrew completely.")
FAST = AgreementFilter(n_resamples=20)


def _fresh(db: Database, admin: Actor, project_id: int) -> str:
    agreement_cache.clear()
    return repr(project_agreement(db, admin, project_id, FAST))


def test_every_write_that_changes_a_figure_is_seen(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Study")
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    for person in (ann, bob):
        add_member(db, admin, project.id, person)
    doc, _ = add_document(db, admin, project.id, TEXT, title="One")
    span(db, ann, doc, TEXT, "so-called rebels", "scare_quotes")
    span(db, bob, doc, TEXT, "so-called rebels", "scare_quotes")
    claim = span(db, ann, doc, TEXT, "the army withdrew", "claim")
    source = span(db, ann, doc, TEXT, "According to Reuters", "source_attribution")
    edited = span(db, bob, doc, TEXT, "the army withdrew", "loaded_language")
    state: dict[str, int] = {}

    def second_document() -> None:
        state["doc"] = add_document(db, admin, project.id, TEXT + " Again.", title="Two")[0]
        span(db, ann, state["doc"], TEXT, "The minister", "loaded_language")

    writes: list[tuple[str, Callable[[], object]]] = [
        ("page furniture is marked", lambda: set_parts(db, admin, doc, [
            {"kind": "body", "start": 0, "end": TEXT.index("Officials")},
            {"kind": "furniture", "start": TEXT.index("Officials"), "end": len(TEXT)}])),
        ("a span is made", lambda: span(db, bob, doc, TEXT, "According to Reuters", "source_attribution")),
        ("a span is edited", lambda: update_annotation(db, bob, edited.id, expected_version=1, label="claim")),
        ("a span is deleted", lambda: delete_annotation(db, ann, claim.id)),
        ("a span is restored", lambda: restore_annotation(db, ann, claim.id)),
        ("a relation is made", lambda: state.update(relation=create_relation(
            db, ann, RelationIn(claim.id, source.id, "attributed_to")).id)),
        ("a relation is deleted", lambda: delete_relation(db, ann, state["relation"])),
        ("a document label is set", lambda: set_document_labels(db, ann, doc, "genre", ["genre_opinion"])),
        ("gold is accepted", lambda: accept_unanimous(db, admin, doc)),
        ("a document is marked done", lambda: set_status(db, ann, doc, "done")),
        ("a document is added", second_document),
    ]
    served = repr(project_agreement(db, admin, project.id, FAST))
    assert served == _fresh(db, admin, project.id)
    for what, write in writes:
        before = repr(project_agreement(db, admin, project.id, FAST))  # kept before the write
        write()
        served = repr(project_agreement(db, admin, project.id, FAST))
        assert served == _fresh(db, admin, project.id), f"a stale report was served after: {what}"
        assert served != before, f"the figures do not show that {what}: the check above proves nothing"


def test_the_study_runs_once_until_a_row_changes(db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    project = create_project(db, admin, "Study")
    ann = make_user(db, "ann")
    add_member(db, admin, project.id, ann)
    doc, _ = add_document(db, admin, project.id, TEXT, title="One")
    span(db, ann, doc, TEXT, "so-called rebels", "scare_quotes")
    loads: list[int] = []
    real_load = agreement.load
    monkeypatch.setattr(agreement, "load", lambda *args: loads.append(1) or real_load(*args))
    first = project_agreement(db, admin, project.id, FAST)
    assert project_agreement(db, admin, project.id, FAST) is first and len(loads) == 1
    project_agreement(db, admin, project.id, AgreementFilter(n_resamples=20, body_only=False))
    assert len(loads) == 2  # other options, another report
    project_agreement(db, admin, project.id, AgreementFilter(n_resamples=20, seed=None))
    project_agreement(db, admin, project.id, AgreementFilter(n_resamples=20, seed=None))
    assert len(loads) == 4  # unseeded studies draw new resamples: never kept
    span(db, ann, doc, TEXT, "The minister", "loaded_language")
    assert project_agreement(db, admin, project.id, FAST) is not first and len(loads) == 5


def test_a_kept_report_is_still_refused_to_those_who_may_not_see_it(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Blind", blind=True)
    ann = make_user(db, "ann")
    add_member(db, admin, project.id, ann)
    doc, _ = add_document(db, admin, project.id, TEXT, title="One")
    span(db, ann, doc, TEXT, "so-called rebels", "scare_quotes")
    project_agreement(db, admin, project.id, FAST)
    with pytest.raises(Forbidden):
        project_agreement(db, ann, project.id, FAST)


def test_a_report_asked_for_once_is_neither_looked_for_nor_kept(
        db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    project = create_project(db, admin, "Once")
    ann = make_user(db, "ann")
    add_member(db, admin, project.id, ann)
    doc, _ = add_document(db, admin, project.id, TEXT, title="One")
    span(db, ann, doc, TEXT, "so-called rebels", "scare_quotes")
    kept = project_agreement(db, admin, project.id, FAST)
    revisions: list[int] = []
    real_revision = agreement_cache.revision
    monkeypatch.setattr(agreement_cache, "revision",
                        lambda *args: revisions.append(1) or real_revision(*args))
    once = project_agreement(db, admin, project.id, FAST, keep=False)
    assert once is not kept and repr(once) == repr(kept) and revisions == []
    assert project_agreement(db, admin, project.id, FAST) is kept and revisions == [1]
