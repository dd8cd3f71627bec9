"""Comparison, unanimous pre-acceptance, disagreements, gold writes and provenance."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidSpan, NotFound
from annotator.models import AuditEvent
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document, set_status
from annotator.services.annotation.spans import list_annotations
from annotator.services.exchange.data_export import ExportFilter, open_export
from annotator.services.team.assignments import assign
from annotator.services.team.curation import comparison, list_gold
from annotator.services.team.gold import (
    accept_unanimous,
    accept_unanimous_project,
    accept_version,
    add_gold,
    delete_gold,
    reject_cluster,
    reopen_cluster,
    restore_gold,
    update_gold,
)
from annotator.services.team.projects import remove_member
from annotator.services.team.settings import set_team_settings

from ...conftest import make_user
from ...support.builders import add_member, project_with_document, span

TEXT = ("The so-called experts met the opposition groups in Astana on Monday. "
        "Officials claimed the talks were a total success.")


def _setup(db: Database, lead: Actor, **settings: object) -> tuple[int, int, Actor, Actor, Actor]:
    project, doc = project_with_document(db, lead, TEXT, blind=True, **settings)
    ann, bob, cur = make_user(db, "ann"), make_user(db, "bob"), make_user(db, "cura")
    add_member(db, lead, project, ann)
    add_member(db, lead, project, bob)
    add_member(db, lead, project, cur, "curator")
    assign(db, lead, project, [doc], ["ann", "bob"])
    # Agree: "so-called" loaded language. Disagree: offsets of "opposition groups",
    # label of the claim, and a span only bob drew.
    span(db, ann, doc, TEXT, "so-called", "loaded_language")
    span(db, bob, doc, TEXT, "so-called", "loaded_language")
    span(db, ann, doc, TEXT, "opposition groups", "scare_quotes")
    span(db, bob, doc, TEXT, "the opposition groups", "scare_quotes")
    span(db, ann, doc, TEXT, "Officials claimed", "claim")
    span(db, bob, doc, TEXT, "Officials claimed", "unattributed_assertion")
    span(db, bob, doc, TEXT, "total success", "loaded_language")
    return project, doc, ann, bob, cur


def test_comparison_shows_each_annotator_and_splits_agreement(db: Database, admin: Actor) -> None:
    _project, doc, _ann, _bob, cur = _setup(db, admin)
    view = comparison(db, cur, doc)
    assert view.annotators == ("ann", "bob") and not view.names_hidden
    assert [v.quote for v in view.spans["ann"]] == ["so-called", "opposition groups", "Officials claimed"]
    assert len(view.spans["bob"]) == 4
    assert [(u.quote, u.label, u.in_gold) for u in view.unanimous] == [("so-called", "loaded_language", False)]
    assert [[v.quote for v in c.versions] for c in view.clusters] == [
        ["the opposition groups", "opposition groups"], ["Officials claimed", "Officials claimed"],
        ["total success"]]
    assert {c.status for c in view.clusters} == {"open"}


def test_unanimous_spans_are_pre_accepted_once_with_provenance(db: Database, admin: Actor) -> None:
    _project, doc, ann, bob, cur = _setup(db, admin)
    created = accept_unanimous(db, cur, doc)
    assert accept_unanimous(db, cur, doc) == ()
    (gold,) = list_gold(db, cur, doc)
    assert created == (gold.id,)
    sources = {a.uid for a in list_annotations(db, admin, doc) if a.quote == "so-called"}
    assert (gold.quote, gold.provenance, set(gold.source_uids), gold.curator) == (
        "so-called", "unanimous", sources, "cura")
    # Undone by the curator, it stays undone when unanimous spans are accepted again.
    delete_gold(db, cur, gold.id, expected_version=gold.version)
    assert accept_unanimous(db, cur, doc) == ()
    assert list_gold(db, cur, doc) == []
    restored = restore_gold(db, cur, gold.id)
    assert not restored.deleted and comparison(db, cur, doc).unanimous[0].in_gold


def test_done_only_compares_finished_annotators(db: Database, admin: Actor) -> None:
    _project, doc, ann, bob, cur = _setup(db, admin)
    assert comparison(db, cur, doc, done_only=True).annotators == ()
    set_status(db, ann, doc, "done")
    view = comparison(db, cur, doc, done_only=True)
    assert view.annotators == ("ann",) and view.unanimous == ()  # one annotator is no consensus


def test_an_annotator_marking_done_does_not_hide_the_others(db: Database, admin: Actor) -> None:
    """On a document nobody was assigned (spans imported, or drawn where assignments are not
    used), an annotator who marks it done gets an assignment of their own: the project's other
    annotators who drew there are still compared; a curator's spans there stay out."""
    from annotator.services.team.curation_progress import curation_progress
    from annotator.services.team.curation_window import curation_summary

    project, doc = project_with_document(db, admin, TEXT)
    ann, bob, cur = make_user(db, "ann"), make_user(db, "bob"), make_user(db, "cura")
    add_member(db, admin, project, ann)
    add_member(db, admin, project, bob)
    add_member(db, admin, project, cur, "curator")
    for person in (ann, bob):
        span(db, person, doc, TEXT, "so-called", "loaded_language")
    span(db, bob, doc, TEXT, "total success", "loaded_language")
    set_status(db, ann, doc, "done")
    span(db, cur, doc, TEXT, "Officials", "claim")
    view = comparison(db, cur, doc)
    assert view.annotators == ("ann", "bob")
    assert [u.quote for u in view.unanimous] == ["so-called"]
    assert [c.missing for c in view.clusters] == [("ann",)]
    (row,) = curation_progress(db, cur, project)
    assert (row.annotators, row.spans, row.unanimous_pending, row.open) == (2, 3, 1, 1)
    assert curation_summary(db, cur, project) == {"untouched": 1}
    assert comparison(db, cur, doc, done_only=True).annotators == ("ann",)  # only those done


def test_the_spans_of_an_annotator_who_left_are_still_curated(db: Database, admin: Actor) -> None:
    """Removing a member keeps their spans, but on an assigned document the comparison took in
    only the assignees and the current annotators who drew there: the spans of an annotator
    who left (imported, or drawn before assignments) vanished from curation, its progress
    and its counts. Only curators' and admins' own spans stay out."""
    from annotator.services.team.curation_progress import curation_progress
    from annotator.services.team.curation_window import curation_summary

    project, doc = project_with_document(db, admin, TEXT)
    zoe, ann, bob, cur = (make_user(db, n) for n in ("zoe", "ann", "bob", "cura"))
    for person in (zoe, ann, bob):
        add_member(db, admin, project, person)
    add_member(db, admin, project, cur, "curator")
    span(db, zoe, doc, TEXT, "The so-called experts met the opposition groups", "claim")  # nests the others
    span(db, zoe, doc, TEXT, "so-called", "loaded_language")
    only_hers, _ = add_document(db, admin, project, TEXT + " Hers.", title="Hers")
    span(db, zoe, only_hers, TEXT + " Hers.", "Officials", "claim")
    assign(db, admin, project, [doc, only_hers], ["ann", "bob"])
    span(db, ann, doc, TEXT, "so-called experts", "loaded_language")
    span(db, bob, doc, TEXT, "experts", "name_calling")
    span(db, cur, doc, TEXT, "Officials", "claim")
    remove_member(db, admin, project, "zoe")
    view = comparison(db, cur, doc)
    assert view.annotators == ("ann", "bob", "zoe")
    [cluster] = view.clusters
    assert sorted((v.annotator, v.label) for v in cluster.versions) == [
        ("ann", "loaded_language"), ("bob", "name_calling"), ("zoe", "claim"), ("zoe", "loaded_language")]
    row, hers = curation_progress(db, cur, project)
    assert (row.annotators, row.spans, row.open) == (3, 4, 1)
    assert (hers.annotators, hers.spans, hers.open) == (3, 1, 1)
    assert curation_summary(db, cur, project) == {"untouched": 2}


def test_a_disagreement_seen_with_done_only_can_be_rejected_and_reopened(db: Database, admin: Actor) -> None:
    """With "only annotators who marked it done" the clusters are those of the done annotators'
    spans (their keys differ from the full comparison's): rejecting one of them works, and it
    shows as rejected in that view."""
    _project, doc, ann, _bob, cur = _setup(db, admin)
    set_status(db, ann, doc, "done")
    view = comparison(db, cur, doc, done_only=True)
    first = view.clusters[0]
    assert first.key not in {c.key for c in comparison(db, cur, doc).clusters}
    reject_cluster(db, cur, doc, first.key, note="none is right")
    statuses = {c.key: c.status for c in comparison(db, cur, doc, done_only=True).clusters}
    assert statuses[first.key] == "rejected"
    assert reopen_cluster(db, cur, doc, first.key) == 1
    assert {c.key: c.status for c in comparison(db, cur, doc, done_only=True).clusters}[first.key] == "open"


def test_disagreements_accept_edit_reject(db: Database, admin: Actor) -> None:
    _project, doc, ann, bob, cur = _setup(db, admin)
    view = comparison(db, cur, doc)
    groups, claims, success = view.clusters
    chosen = next(v for v in groups.versions if v.annotator == "bob")
    gold = accept_version(db, cur, doc, chosen.uid)
    assert (gold.provenance, gold.chosen_from, gold.source_uids, gold.quote) == (
        "chosen", "bob", (chosen.uid,), "the opposition groups")
    with pytest.raises(Conflict, match="already"):
        accept_version(db, cur, doc, chosen.uid)
    # Edited: the curator keeps ann's label but narrows the span.
    start = TEXT.index("claimed")
    with pytest.raises(InvalidSpan, match="quote does not match"):
        add_gold(db, cur, doc, start=start, end=start + 7, label="claim", quote="Claimed",
                 source_uids=[v.uid for v in claims.versions])
    edited = add_gold(db, cur, doc, start=start, end=start + 7, label="claim", quote="claimed",
                      source_uids=[v.uid for v in claims.versions])
    assert edited.provenance == "edited" and len(edited.source_uids) == 2
    reject_cluster(db, cur, doc, success.key, note="not loaded in context")
    after = comparison(db, cur, doc)
    assert [c.status for c in after.clusters] == ["resolved", "resolved", "rejected"]
    assert after.open_clusters == ()
    assert reopen_cluster(db, cur, doc, success.key) == 1
    assert comparison(db, cur, doc).clusters[2].status == "open"
    with pytest.raises(NotFound):
        reject_cluster(db, cur, doc, "no-such-key")


def test_gold_edits_are_versioned_and_turn_provenance_to_edited(db: Database, admin: Actor) -> None:
    _project, doc, _ann, _bob, cur = _setup(db, admin)
    accept_unanimous(db, cur, doc)
    (gold,) = list_gold(db, cur, doc)
    changed = update_gold(db, cur, gold.id, expected_version=gold.version, label="scare_quotes")
    assert (changed.label, changed.provenance, changed.version) == ("scare_quotes", "edited", gold.version + 1)
    with pytest.raises(Conflict, match="changed by someone else"):
        update_gold(db, cur, gold.id, expected_version=gold.version, note="stale")
    start = TEXT.index("Monday")
    added = add_gold(db, cur, doc, start=start, end=start + 6, label="claim", quote="Monday")
    assert added.provenance == "added" and added.source_uids == () and added.chosen_from is None


def test_hidden_names_give_the_curator_pseudonyms_everywhere(db: Database, admin: Actor) -> None:
    project, doc, ann, bob, cur = _setup(db, admin)
    set_team_settings(db, admin, project, hide_annotator_names=True)
    view = comparison(db, cur, doc)
    assert view.names_hidden and view.annotators == ("Annotator 1", "Annotator 2")
    assert all(v.annotator.startswith("Annotator ") for vs in view.spans.values() for v in vs)
    gold = accept_version(db, cur, doc, view.clusters[0].versions[0].uid)
    assert gold.chosen_from in {"Annotator 1", "Annotator 2"}
    assert {a.username for a in list_annotations(db, cur, doc)} == {"Annotator 1", "Annotator 2"}
    with open_export(db, cur, project, fmt="native") as stream:
        (record,) = list(stream.records)
    assert {a.annotator for a in record.annotations} == {"Annotator 1", "Annotator 2"}
    assert {a["annotator"] for a in record.assignments} == {"Annotator 1", "Annotator 2"}
    # Project admins keep the names.
    assert comparison(db, admin, doc).annotators == ("ann", "bob")


def test_a_pseudonym_stays_with_its_annotator_when_another_leaves(db: Database, admin: Actor) -> None:
    """Numbers followed the current members' order, so when the first annotator left the
    project, "Annotator 1" became the second one: a curator following one annotator's habits,
    or reading a note about "Annotator 2", was misled. A member who leaves and one who comes
    back keep their numbers; one who joins later gets the next."""
    project, doc, ann, bob, cur = _setup(db, admin)
    dan = make_user(db, "dan")
    add_member(db, admin, project, dan)
    assign(db, admin, project, [doc], ["dan"])
    span(db, dan, doc, TEXT, "Astana", "loaded_language")
    set_team_settings(db, admin, project, hide_annotator_names=True)

    def seen() -> dict[str, list[str]]:
        return {name: [v.quote for v in versions] for name, versions in comparison(db, cur, doc).spans.items()}

    before = seen()
    assert before["Annotator 3"] == ["Astana"] and before["Annotator 1"][1] == "opposition groups"
    remove_member(db, admin, project, "ann")
    assert seen() == before
    eve = make_user(db, "eve")
    add_member(db, admin, project, eve)
    add_member(db, admin, project, ann)  # back again
    assign(db, admin, project, [doc], ["eve"])
    span(db, eve, doc, TEXT, "Monday", "loaded_language")
    assert seen() == {**before, "Annotator 4": ["Monday"]}


def test_only_curators_and_admins_curate(db: Database, admin: Actor) -> None:
    project, doc, ann, bob, cur = _setup(db, admin)
    view = comparison(db, cur, doc)
    own = next(v.uid for v in view.spans["ann"])
    attempts = [
        lambda: comparison(db, ann, doc),
        lambda: accept_unanimous(db, ann, doc),
        lambda: accept_unanimous_project(db, ann, project),
        lambda: accept_version(db, ann, doc, own),
        lambda: add_gold(db, ann, doc, start=0, end=3, label="claim", quote="The"),
        lambda: reject_cluster(db, ann, doc, view.clusters[0].key),
        lambda: list_gold(db, ann, doc),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            attempt()
    with db.read() as s:
        refused = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "forbidden")).all()
    assert len(refused) == len(attempts)
    assert list_gold(db, cur, doc) == []


def test_project_pre_accept_and_gold_export_carry_provenance(db: Database, admin: Actor) -> None:
    project, doc, _ann, bob, cur = _setup(db, admin)
    assert accept_unanimous_project(db, cur, project) == {doc: 1}
    claims = comparison(db, cur, doc).clusters[1]
    accept_version(db, cur, doc, next(v.uid for v in claims.versions if v.annotator == "bob"))
    with open_export(db, cur, project, fmt="native", filters=ExportFilter(gold_only=True)) as stream:
        (record,) = list(stream.records)
    assert record.annotations == []
    assert [(g.quote, g.provenance, g.chosen_from, g.curator) for g in record.gold] == [
        ("so-called", "unanimous", None, "cura"),
        ("Officials claimed", "chosen", "bob", "cura"),
    ]


def test_a_unanimous_span_inside_a_disagreement_does_not_decide_it(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, TEXT, blind=True)
    ann, bob, cur = make_user(db, "ann"), make_user(db, "bob"), make_user(db, "cura")
    for person, role in ((ann, "annotator"), (bob, "annotator"), (cur, "curator")):
        add_member(db, admin, project, person, role)
    span(db, ann, doc, TEXT, "so-called", "loaded_language")
    span(db, bob, doc, TEXT, "so-called", "loaded_language")
    span(db, bob, doc, TEXT, "so-called experts", "scare_quotes")
    accept_unanimous(db, cur, doc)
    (cluster,) = comparison(db, cur, doc).clusters
    assert cluster.status == "open" and cluster.gold == ()
    start = TEXT.index("experts")
    add_gold(db, cur, doc, start=start, end=start + 7, label="claim", quote="experts")
    assert comparison(db, cur, doc).clusters[0].status == "resolved"  # drawn by hand across it
