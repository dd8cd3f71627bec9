"""Curation for the coloured view: kinds of disagreement, agreed spans per label, rejection
notes, marking a document curated, releasing gold, the progress list and each annotator's
feedback against gold (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.errors import Forbidden, InvalidSpan
from annotator.services.actor import Actor
from annotator.services.team.curated import release_document_gold, release_project_gold, set_curated
from annotator.services.team.curation import comparison, list_gold
from annotator.services.team.curation_progress import curation_progress
from annotator.services.team.feedback import gold_feedback
from annotator.services.team.gold import accept_unanimous, accept_version, add_gold, reject_cluster

from ...conftest import make_user
from ...support.builders import add_member, project_with_document, span
from .test_curation import TEXT, _setup


def test_clusters_say_how_they_differ_and_who_drew_nothing(db: Database, admin: Actor) -> None:
    _project, doc, _ann, _bob, cur = _setup(db, admin)
    groups, claims, success = comparison(db, cur, doc).clusters
    assert (groups.kind, groups.missing) == ("extent", ())
    assert (claims.kind, claims.missing) == ("label", ())
    assert (success.kind, success.missing) == ("single", ("ann",))
    reject_cluster(db, cur, doc, success.key, note="  not loaded in context ")
    assert comparison(db, cur, doc).clusters[2].note == "not loaded in context"


def test_agreed_spans_are_accepted_per_label_or_all(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, TEXT)
    ann, bob, cur = make_user(db, "ann"), make_user(db, "bob"), make_user(db, "cura")
    for person, role in ((ann, "annotator"), (bob, "annotator"), (cur, "curator")):
        add_member(db, admin, project, person, role)
    for person in (ann, bob):
        span(db, person, doc, TEXT, "so-called", "loaded_language")
        span(db, person, doc, TEXT, "total success", "loaded_language")
        span(db, person, doc, TEXT, "Officials claimed", "claim", attributes={"verdict": "false"})
    with pytest.raises(InvalidSpan, match="no_such"):
        accept_unanimous(db, cur, doc, labels=["no_such"])
    claims = accept_unanimous(db, cur, doc, labels=["claim"])
    gold = list_gold(db, cur, doc)
    assert [(g.id, g.quote, g.attributes) for g in gold] == [(claims[0], "Officials claimed", {"verdict": "false"})]
    rest = accept_unanimous(db, cur, doc)
    assert len(rest) == 2 and {g.quote for g in list_gold(db, cur, doc)} == {
        "so-called", "total success", "Officials claimed"}
    assert comparison(db, cur, doc).pending_unanimous == ()


def test_progress_lists_untouched_open_decided_and_curated_documents(db: Database, admin: Actor) -> None:
    project, doc, ann, bob, cur = _setup(db, admin)
    from annotator.services.annotation.documents import add_document

    empty, _ = add_document(db, admin, project, "Nothing drawn here.", title="Empty")
    by_id = {d.document_id: d for d in curation_progress(db, cur, project)}
    assert (by_id[doc].status, by_id[doc].open, by_id[doc].unanimous_pending, by_id[doc].annotators) == (
        "untouched", 3, 1, 2)
    assert by_id[empty].status == "empty"
    view = comparison(db, cur, doc)
    accept_version(db, cur, doc, view.clusters[0].versions[0].uid)
    progress = {d.document_id: d for d in curation_progress(db, cur, project)}[doc]
    assert (progress.status, progress.open, progress.decided, progress.gold) == ("open", 2, 1, 1)
    accept_unanimous(db, cur, doc)
    accept_version(db, cur, doc, view.clusters[1].versions[0].uid)
    reject_cluster(db, cur, doc, view.clusters[2].key)
    progress = {d.document_id: d for d in curation_progress(db, cur, project)}[doc]
    assert (progress.status, progress.open, progress.decided, progress.gold) == ("decided", 0, 3, 3)
    set_curated(db, cur, doc)
    assert {d.document_id: d for d in curation_progress(db, cur, project)}[doc].status == "curated"
    with pytest.raises(Forbidden):
        curation_progress(db, ann, project)


def test_annotators_see_their_spans_against_gold_once_curated_and_released(db: Database, admin: Actor) -> None:
    project, doc, ann, bob, cur = _setup(db, admin)  # a blind project
    view = comparison(db, cur, doc)
    accept_unanimous(db, cur, doc)
    bobs = next(v for v in view.clusters[0].versions if v.annotator == "bob")
    accept_version(db, cur, doc, bobs.uid)  # "the opposition groups": ann's shorter one is an extra
    start = TEXT.index("claimed")
    add_gold(db, cur, doc, start=start, end=start + 7, label="claim", quote="claimed", note="only the verb",
             source_uids=[v.uid for v in view.clusters[1].versions])
    reject_cluster(db, cur, doc, view.clusters[2].key, note="not loaded here")
    closed = gold_feedback(db, ann, doc)
    assert (closed.open, closed.items) == (False, ()) and "not curated" in (closed.reason or "")
    set_curated(db, cur, doc)
    assert "blind" in (gold_feedback(db, ann, doc).reason or "")
    with pytest.raises(Forbidden):
        list_gold(db, ann, doc)
    # A lead previews what ann will see.
    preview = gold_feedback(db, cur, doc, annotator="ann")
    assert preview.open and preview.annotator == "ann"
    release_document_gold(db, cur, doc)
    mine = gold_feedback(db, ann, doc)
    assert mine.open and mine.curator == "cura"
    assert [(i.outcome, (i.own or i.gold).quote, i.near.quote if i.near else None,  # type: ignore[union-attr]
             (i.gold.note if i.gold else None)) for i in mine.items] == [
        ("match", "so-called", None, None),
        ("miss", "the opposition groups", "opposition groups", None),
        ("extra", "opposition groups", "the opposition groups", None),
        ("extra", "Officials claimed", "claimed", None),
        ("miss", "claimed", "Officials claimed", "only the verb"),
    ]
    assert mine.count("match") == 1 and mine.count("miss") == 2 and mine.count("extra") == 2
    assert [g.quote for g in list_gold(db, ann, doc)] == ["so-called", "the opposition groups", "claimed"]
    # Released gold says what is right, not which other annotator drew it (blind).
    assert [g.chosen_from for g in list_gold(db, ann, doc)] == [None, None, None]
    assert [g.chosen_from for g in list_gold(db, cur, doc)] == [None, "bob", None]
    theirs = gold_feedback(db, bob, doc)
    assert [(i.outcome, i.rejected_note) for i in theirs.items if i.own and i.own.quote == "total success"] == [
        ("extra", "not loaded here")]
    with pytest.raises(Forbidden):
        gold_feedback(db, ann, doc, annotator="bob")
    # Withdrawn for the document, released for the whole project instead.
    release_document_gold(db, cur, doc, released=False)
    assert not gold_feedback(db, ann, doc).open
    release_project_gold(db, cur, project)
    assert gold_feedback(db, ann, doc).open
    set_curated(db, cur, doc, False)
    assert not gold_feedback(db, ann, doc).open
    for attempt in (lambda: set_curated(db, ann, doc), lambda: release_document_gold(db, ann, doc),
                    lambda: release_project_gold(db, ann, project)):
        with pytest.raises(Forbidden):
            attempt()


def test_in_a_project_that_is_not_blind_curation_is_enough(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, TEXT)
    ann, cur = make_user(db, "ann"), make_user(db, "cura")
    add_member(db, admin, project, ann)
    add_member(db, admin, project, cur, "curator")
    mine = span(db, ann, doc, TEXT, "so-called")
    accept_version(db, cur, doc, mine.uid)
    assert not gold_feedback(db, ann, doc).open
    state = set_curated(db, cur, doc)
    assert state.curated and state.open_to_annotators
    assert [i.outcome for i in gold_feedback(db, ann, doc).items] == ["match"]


def test_comparison_follows_every_change_of_the_spans(db: Database, admin: Actor) -> None:
    """The annotators' side of the comparison is cached per revision of the document's spans:
    an edit, a delete, a restore, a new span, a status change and an attribute change each show
    at once."""
    from annotator.services.annotation.documents import set_status
    from annotator.services.annotation.spans import (
        delete_annotation,
        restore_annotation,
        update_annotation,
    )

    _project, doc, ann, bob, cur = _setup(db, admin)

    def ann_spans() -> list[tuple[str, str, object]]:
        view = comparison(db, cur, doc)
        return [(v.quote, v.label, v.attributes.get("verdict")) for v in view.spans["ann"]]

    before = ann_spans()
    assert comparison(db, cur, doc).spans == comparison(db, cur, doc).spans  # served twice alike
    claim = next(v for v in comparison(db, cur, doc).spans["ann"] if v.quote == "Officials claimed")
    changed = update_annotation(db, ann, claim.annotation_id, expected_version=1, label="unattributed_assertion")
    assert ("Officials claimed", "unattributed_assertion", None) in ann_spans()
    # Now both drew the same: agreed, no longer a disagreement.
    assert "Officials claimed" in [u.quote for u in comparison(db, cur, doc).unanimous]
    assert [c.kind for c in comparison(db, cur, doc).clusters] == ["extent", "single"]
    update_annotation(db, ann, claim.annotation_id, expected_version=changed.version, label="claim",
                      attributes={"verdict": "false"})
    assert ("Officials claimed", "claim", "false") in ann_spans()
    delete_annotation(db, ann, claim.annotation_id)
    assert [q for q, _, _ in ann_spans()] == ["so-called", "opposition groups"]
    restore_annotation(db, ann, claim.annotation_id)
    assert [q for q, _, _ in ann_spans()] == ["so-called", "opposition groups", "Officials claimed"]
    span(db, ann, doc, TEXT, "total success", "loaded_language")
    assert len(ann_spans()) == len(before) + 1
    assert comparison(db, cur, doc).pending_unanimous[-1].quote == "total success"
    set_status(db, ann, doc, "done")
    assert comparison(db, cur, doc, done_only=True).annotators == ("ann",)
    assert comparison(db, cur, doc).annotators == ("ann", "bob")
