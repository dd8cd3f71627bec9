"""Document-level labels: one-of and any-of categories, audit, blind visibility."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput
from annotator.models import AuditEvent, DocumentLabel
from annotator.services.actor import Actor
from annotator.services.annotation.document_labels import list_document_labels, set_document_labels

from ...conftest import make_user
from ...support.builders import add_member, project_with_document


def keys(views: list) -> list[str]:
    return [v.label for v in views]


def test_genre_is_one_of_and_replaced(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    assert keys(set_document_labels(db, admin, doc, "genre", ["genre_opinion"])) == ["genre_opinion"]
    assert keys(set_document_labels(db, admin, doc, "genre", ["genre_satire"])) == ["genre_satire"]
    with pytest.raises(InvalidInput, match="takes one label"):
        set_document_labels(db, admin, doc, "genre", ["genre_opinion", "genre_satire"])
    assert keys(list_document_labels(db, admin, doc)) == ["genre_satire"]


def test_frames_are_any_of_and_categories_independent(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    set_document_labels(db, admin, doc, "genre", ["genre_reporting"])
    result = set_document_labels(db, admin, doc, "frames", ["frame_political", "frame_economic", "frame_political"])
    assert keys(result) == ["genre_reporting", "frame_economic", "frame_political"]
    result = set_document_labels(db, admin, doc, "frames", ["frame_morality"])
    assert keys(result) == ["genre_reporting", "frame_morality"]
    assert keys(set_document_labels(db, admin, doc, "frames", [])) == ["genre_reporting"]


def test_bad_input_refused_and_nothing_changed(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    set_document_labels(db, admin, doc, "frames", ["frame_political"])
    with pytest.raises(InvalidInput, match="not a label of category"):
        set_document_labels(db, admin, doc, "frames", ["frame_economic", "genre_opinion"])
    with pytest.raises(InvalidInput, match="span category"):
        set_document_labels(db, admin, doc, "devices", ["loaded_language"])
    with pytest.raises(InvalidInput, match="not in this project's codebook"):
        set_document_labels(db, admin, doc, "nope", [])
    assert keys(list_document_labels(db, admin, doc)) == ["frame_political"]


def test_changes_are_audited(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    set_document_labels(db, admin, doc, "genre", ["genre_opinion"])
    set_document_labels(db, admin, doc, "genre", ["genre_satire"])
    with db.read() as s:
        events = s.execute(
            select(AuditEvent.action, AuditEvent.before, AuditEvent.after)
            .where(AuditEvent.object_type == "document_label").order_by(AuditEvent.id)
        ).all()
    assert [e.action for e in events] == ["create", "delete", "create"]
    assert events[1].before["label_id"] == events[0].after["label_id"]


def test_blind_project_shows_annotators_their_own(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, blind=True)
    ana, bob = make_user(db, "ana"), make_user(db, "bob")
    add_member(db, admin, project, ana)
    add_member(db, admin, project, bob)
    set_document_labels(db, ana, doc, "genre", ["genre_opinion"])
    set_document_labels(db, bob, doc, "genre", ["genre_satire"])
    assert [(v.username, v.label) for v in list_document_labels(db, ana, doc, user_id=bob.user_id)] == [("ana", "genre_opinion")]
    assert sorted((v.username, v.label) for v in list_document_labels(db, admin, doc)) == [
        ("ana", "genre_opinion"), ("bob", "genre_satire"),
    ]
    assert keys(list_document_labels(db, admin, doc, user_id=bob.user_id)) == ["genre_satire"]


def test_outsiders_refused(db: Database, admin: Actor) -> None:
    _, doc = project_with_document(db, admin)
    eve = make_user(db, "eve")
    with pytest.raises(Forbidden):
        set_document_labels(db, eve, doc, "genre", ["genre_opinion"])
    with pytest.raises(Forbidden):
        list_document_labels(db, eve, doc)
    with db.read() as s:
        assert s.scalar(select(DocumentLabel.id)) is None


def test_a_curator_of_a_project_that_hides_names_sees_pseudonyms(db: Database, admin: Actor) -> None:
    from annotator.services.team.settings import set_team_settings

    project_id, doc = project_with_document(db, admin)
    ann, cora = make_user(db, "ann"), make_user(db, "cora")
    add_member(db, admin, project_id, ann)
    add_member(db, admin, project_id, cora, "curator")
    set_team_settings(db, admin, project_id, hide_annotator_names=True)
    set_document_labels(db, ann, doc, "genre", ["genre_opinion"])
    assert [v.username for v in list_document_labels(db, cora, doc)] == ["Annotator 1"]
    assert [v.username for v in list_document_labels(db, admin, doc)] == ["ann"]
    assert [v.username for v in list_document_labels(db, ann, doc)] == ["ann"]
