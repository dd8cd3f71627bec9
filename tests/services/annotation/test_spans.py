"""The span rules, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidInput, InvalidSpan, NotFound
from annotator.models import AuditEvent
from annotator.services.actor import Actor
from annotator.services.annotation.history import span_history
from annotator.services.annotation.spans import (
    SpanIn,
    create_annotation,
    delete_annotation,
    get_annotation,
    list_annotations,
    restore_annotation,
    update_annotation,
)

from ...conftest import make_user
from ...support.builders import SOUTHFRONT_LIKE, add_member, project_with_document, span

TEXT = SOUTHFRONT_LIKE


def test_create_stores_code_point_offsets_and_anchors(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    quote = "“opposition groups”"
    start = TEXT.index(quote)
    view = create_annotation(db, admin, doc, SpanIn(start, start + len(quote), "scare_quotes", quote))
    assert (view.start, view.end, view.quote) == (start, start + len(quote), quote)
    assert view.prefix == TEXT[max(0, start - 32) : start] and view.suffix == TEXT[view.end : view.end + 32]
    assert view.version == 1 and view.origin == "manual" and view.username == "lead"
    # After an astral flag, code points and UTF-16 differ: the stored offsets are Python's.
    after_flag = span(db, admin, doc, TEXT, "January")
    assert TEXT[after_flag.start : after_flag.end] == "January"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-1, 3, "outside"), (5, 5, "outside"), (10, 5, "outside"), (0, len(TEXT) + 1, "outside")],
)
def test_offsets_out_of_range_are_refused(db: Database, admin: Actor, start: int, end: int, message: str) -> None:
    _, doc = project_with_document(db, admin)
    with pytest.raises(InvalidSpan, match=message):
        create_annotation(db, admin, doc, SpanIn(start, end, "claim", "x"))
    assert list_annotations(db, admin, doc) == []


def test_quote_mismatch_is_refused(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    start = TEXT.index("so-called")
    with pytest.raises(InvalidSpan, match="quote does not match"):
        # A UTF-16 offset mistaken for a code point shifts the quote by one after the flag.
        create_annotation(db, admin, doc, SpanIn(start + 1, start + 10, "loaded_language", "so-called"))


def test_unknown_and_document_labels_are_refused(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    start = TEXT.index("so-called")
    with pytest.raises(InvalidSpan, match="not in this project's codebook"):
        create_annotation(db, admin, doc, SpanIn(start, start + 9, "Loaded_Language", "so-called"))
    with pytest.raises(InvalidSpan, match="document-level"):
        create_annotation(db, admin, doc, SpanIn(start, start + 9, "genre_opinion", "so-called"))


def test_attributes_are_checked_against_the_label(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    with pytest.raises(InvalidInput, match="verdict must be one of"):
        span(db, admin, doc, TEXT, "Café owners said", "claim", attributes={"verdict": "probably"})
    with pytest.raises(InvalidInput, match="true or false"):
        span(db, admin, doc, TEXT, "Café owners said", "claim", attributes={"check_worthy": "yes"})
    view = span(db, admin, doc, TEXT, "Café owners said", "claim",
                attributes={"claimant": "café owners", "check_worthy": True, "verdict": "unverifiable"})
    assert view.attributes == {"claimant": "café owners", "check_worthy": True, "verdict": "unverifiable"}


def test_overlaps_follow_the_project_setting(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin, name="strict", allow_overlaps=False)
    span(db, admin, doc, TEXT, "so-called “opposition groups”", "scare_quotes")
    with pytest.raises(InvalidSpan, match="overlaps"):
        span(db, admin, doc, TEXT, "opposition", "loaded_language")
    # Adjacent is fine; another annotator's spans never clash with yours.
    span(db, admin, doc, TEXT, " kicked", "loaded_language")
    _, doc2 = project_with_document(db, admin, TEXT + " again", name="lenient")
    span(db, admin, doc2, TEXT, "so-called “opposition groups”", "scare_quotes")
    span(db, admin, doc2, TEXT, "opposition", "loaded_language")


def test_other_annotators_spans_do_not_clash_when_overlaps_are_refused(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, allow_overlaps=False)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    span(db, admin, doc, TEXT, "so-called", "scare_quotes")
    span(db, ann, doc, TEXT, "so-called", "scare_quotes")


def test_stale_version_is_a_conflict(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    view = span(db, admin, doc, TEXT, "so-called")
    first = update_annotation(db, admin, view.id, expected_version=view.version, note="first")
    assert first.version == 2
    with pytest.raises(Conflict, match="changed by someone else"):
        update_annotation(db, admin, view.id, expected_version=view.version, note="second")
    assert get_annotation(db, admin, view.id).note == "first"


def test_update_label_extent_and_note(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    view = span(db, admin, doc, TEXT, "so-called")
    start = TEXT.index("so-called “opposition groups”")
    changed = update_annotation(db, admin, view.id, expected_version=1, label="scare_quotes",
                                start=start, end=start + 29, note="widened")
    assert (changed.label, changed.quote, changed.note) == ("scare_quotes", "so-called “opposition groups”", "widened")
    with pytest.raises(InvalidSpan):
        update_annotation(db, admin, view.id, expected_version=changed.version, start=start, end=start + 3, quote="nope")


def test_soft_delete_and_restore(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    view = span(db, admin, doc, TEXT, "so-called")
    deleted = delete_annotation(db, admin, view.id, expected_version=1)
    assert deleted.deleted and list_annotations(db, admin, doc) == []
    assert [a.id for a in list_annotations(db, admin, doc, include_deleted=True)] == [view.id]
    with pytest.raises(Conflict, match="deleted"):
        update_annotation(db, admin, view.id, expected_version=deleted.version, note="x")
    restored = restore_annotation(db, admin, view.id)
    assert not restored.deleted and [a.id for a in list_annotations(db, admin, doc)] == [view.id]


def test_restore_refuses_a_stale_version_and_changes_nothing(db: Database, admin: Actor) -> None:
    """The workspace's Undo of a delete names the version its own delete left: a span restored,
    changed and deleted again elsewhere meanwhile stays as it is."""
    _, doc = project_with_document(db, admin)
    view = span(db, admin, doc, TEXT, "so-called")
    deleted = delete_annotation(db, admin, view.id, expected_version=1)
    restore_annotation(db, admin, view.id)
    again = delete_annotation(db, admin, view.id)  # elsewhere: restored and deleted again
    with pytest.raises(Conflict, match="changed by someone else"):
        restore_annotation(db, admin, view.id, expected_version=deleted.version)
    assert list_annotations(db, admin, doc) == []
    restored = restore_annotation(db, admin, view.id, expected_version=again.version)
    assert not restored.deleted and restored.version == again.version + 1


def test_every_write_is_audited_with_before_and_after(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    view = span(db, admin, doc, TEXT, "so-called")
    updated = update_annotation(db, admin, view.id, expected_version=1, note="n")
    delete_annotation(db, admin, view.id, expected_version=updated.version)
    restore_annotation(db, admin, view.id)
    events = span_history(db, admin, view.id)
    assert [e.action for e in events] == ["create", "update", "delete", "restore"]
    assert events[0].changes["quote"] == (None, "so-called")
    assert events[1].changes["note"] == (None, "n")
    assert events[2].changes["deleted_at"][0] is None and events[2].changes["deleted_at"][1] is not None
    assert events[3].changes["deleted_at"][1] is None
    assert all(e.who == "lead" for e in events)


def test_same_uid_saved_twice_is_stored_once(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    start = TEXT.index("so-called")
    spec = SpanIn(start, start + 9, "loaded_language", "so-called", uid="0b7f6c1e-0000-4000-8000-000000000001")
    first = create_annotation(db, admin, doc, spec)
    second = create_annotation(db, admin, doc, spec)
    assert first.id == second.id and len(list_annotations(db, admin, doc)) == 1
    with pytest.raises(Conflict):
        create_annotation(db, admin, doc, SpanIn(0, 5, "claim", TEXT[:5], uid=spec.uid))


def test_annotators_cannot_change_each_others_spans(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin)
    ann, other = make_user(db, "ann"), make_user(db, "bob")
    add_member(db, admin, project, ann)
    add_member(db, admin, project, other)
    mine = span(db, ann, doc, TEXT, "so-called")
    with pytest.raises(Forbidden):
        update_annotation(db, other, mine.id, expected_version=1, note="hijack")
    with pytest.raises(Forbidden):
        delete_annotation(db, other, mine.id)
    with db.read() as s:
        refused = s.scalars(select(AuditEvent.user_id).where(AuditEvent.action == "forbidden")).all()
    assert refused == [other.user_id, other.user_id]
    # The project admin may correct anyone's span.
    assert update_annotation(db, admin, mine.id, expected_version=1, note="ok").note == "ok"


def test_blind_projects_hide_other_annotators(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, blind=True)
    ann, other = make_user(db, "ann"), make_user(db, "bob")
    add_member(db, admin, project, ann)
    add_member(db, admin, project, other)
    mine = span(db, ann, doc, TEXT, "so-called")
    theirs = span(db, other, doc, TEXT, "so-called")
    assert [a.id for a in list_annotations(db, ann, doc)] == [mine.id]
    assert [a.id for a in list_annotations(db, ann, doc, user_id=ann.user_id)] == [mine.id]
    with pytest.raises(Forbidden):  # asking for someone else's spans is a refused probe
        list_annotations(db, ann, doc, user_id=other.user_id)
    assert {a.id for a in list_annotations(db, admin, doc)} == {mine.id, theirs.id}
    with pytest.raises(Forbidden):
        get_annotation(db, ann, theirs.id)


def test_non_members_and_missing_rows(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    stranger = make_user(db, "stranger")
    with pytest.raises(Forbidden):
        list_annotations(db, stranger, doc)
    with pytest.raises(NotFound):
        list_annotations(db, admin, 999_999)
    with pytest.raises(InvalidInput, match="belong to a user"):
        create_annotation(db, Actor.system(), doc, SpanIn(0, 3, "claim", TEXT[:3]))
