"""Saving an edited codebook makes a new version that the project and its spans move to; a label
that carries work cannot be removed; versions, their diff and the YAML file; who may edit;
required attributes stop a document from being marked done."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.codebooks import load_builtin, parse_codebook_text
from annotator.codebooks.editor import AttributeDraft, CodebookDraft
from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput
from annotator.models import AuditEvent
from annotator.services.actor import Actor
from annotator.services.annotation.codebook_versions import (
    codebook_versions,
    codebook_yaml,
    project_codebook_definition,
    project_label_usage,
    save_project_codebook,
    version_changes,
)
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.annotation.documents import set_status
from annotator.services.annotation.relations import RelationIn, create_relation, delete_relation
from annotator.services.annotation.spans import list_annotations, update_annotation

from ...conftest import make_user
from ...support.builders import SOUTHFRONT_LIKE, add_member, project_with_document, span


def _draft(db: Database, actor: Actor, project_id: int) -> CodebookDraft:
    return CodebookDraft.from_definition(project_codebook_definition(db, actor, project_id))


def test_saving_an_edit_makes_a_new_version_and_spans_follow_their_label(db: Database, admin: Actor) -> None:
    project_id, document_id = project_with_document(db, admin)
    made = span(db, admin, document_id, SOUTHFRONT_LIKE, "so-called", label="scare_quotes")
    draft = _draft(db, admin, project_id)
    draft.labels[2].name = "Scare quotes"
    extra = draft.add_label("Whataboutism")
    extra.description = "Deflecting with a counter-accusation."
    saved = save_project_codebook(db, admin, project_id, draft.to_definition())
    assert saved.changed and saved.moved == 1
    assert (saved.codebook.key, saved.codebook.version) == ("framing", 2)
    assert [c.text() for c in saved.changes] == [
        "label scare_quotes: name Scare quotes / \"so-called\" → Scare quotes", "added label whataboutism"]
    current = get_project_codebook(db, admin, project_id)
    assert current.version == 2 and current.label("whataboutism") is not None
    stored = list_annotations(db, admin, document_id)
    assert [(s.id, s.label, s.label_name) for s in stored] == [(made.id, "scare_quotes", "Scare quotes")]
    versions = codebook_versions(db, admin, project_id)
    assert [(v.version, v.current) for v in versions] == [(1, False), (2, True)]
    assert [c.text() for c in version_changes(db, admin, project_id, 1, 2)] == [c.text() for c in saved.changes]
    with db.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.object_type == "project",
                                                         AuditEvent.action == "update")).one()
        assert event.after["codebook"] == ["framing", 2] and "added label whataboutism" in (event.detail or "")


def test_saving_the_same_content_stores_nothing(db: Database, admin: Actor) -> None:
    project_id, _ = project_with_document(db, admin)
    saved = save_project_codebook(db, admin, project_id, project_codebook_definition(db, admin, project_id))
    assert not saved.changed and saved.codebook.version == 1
    assert len(codebook_versions(db, admin, project_id)) == 1


def _without_relation_ends(draft: CodebookDraft, key: str) -> CodebookDraft:
    """The draft with `key` taken out of the relation types' ends (the codebook's own check
    would otherwise refuse the edit before the service's check on used labels is reached)."""
    for relation in draft.relations:
        relation.from_ = [k for k in relation.from_ if k != key]
        relation.to = [k for k in relation.to if k != key]
    return draft


def test_a_label_that_carries_spans_cannot_be_removed_or_change_layer(db: Database, admin: Actor) -> None:
    project_id, document_id = project_with_document(db, admin)
    span(db, admin, document_id, SOUTHFRONT_LIKE, "so-called", label="scare_quotes")
    span(db, admin, document_id, SOUTHFRONT_LIKE, "opposition groups", label="scare_quotes")
    assert project_label_usage(db, admin, project_id) == {"scare_quotes": 2}
    draft = _draft(db, admin, project_id)
    draft.remove_label(next(i for i, label in enumerate(draft.labels) if label.key == "scare_quotes"))
    with pytest.raises(InvalidInput, match="'scare_quotes' carries 2 annotation"):
        save_project_codebook(db, admin, project_id, draft.to_definition())
    draft = _without_relation_ends(_draft(db, admin, project_id), "scare_quotes")
    genre = next(c.key for c in draft.categories if c.layer == "document")
    next(label for label in draft.labels if label.key == "scare_quotes").category = genre
    with pytest.raises(InvalidInput, match="cannot move from the span layer to the document layer"):
        save_project_codebook(db, admin, project_id, draft.to_definition())
    assert len(codebook_versions(db, admin, project_id)) == 1  # nothing stored
    # An unused label goes.
    draft = _draft(db, admin, project_id)
    draft.labels = [label for label in draft.labels if label.key != "euphemism"]
    assert save_project_codebook(db, admin, project_id, draft.to_definition()).changed


def test_a_relation_type_that_relations_carry_cannot_be_removed(db: Database, admin: Actor) -> None:
    """Labels were held, relation types not: removing "frames" while a relation carried it
    saved a version without it, and the relation kept a type the project's codebook no longer
    had (its export named a type its own manifest lacks)."""
    project_id, document_id = project_with_document(db, admin)
    device = span(db, admin, document_id, SOUTHFRONT_LIKE, "so-called", label="scare_quotes")
    actor = span(db, admin, document_id, SOUTHFRONT_LIKE, "opposition groups", label="claim")
    relation = create_relation(db, admin, RelationIn(device.id, actor.id, "frames"))
    delete_relation(db, admin, relation.id)  # a deleted relation can be restored: it still holds its type
    draft = _draft(db, admin, project_id)
    draft.relations = [r for r in draft.relations if r.key != "frames"]
    with pytest.raises(InvalidInput, match="relation type 'frames' carries 1 relation"):
        save_project_codebook(db, admin, project_id, draft.to_definition())
    assert len(codebook_versions(db, admin, project_id)) == 1  # nothing stored
    draft = _draft(db, admin, project_id)
    draft.relations = [r for r in draft.relations if r.key != "repeats"]  # an unused type goes
    assert save_project_codebook(db, admin, project_id, draft.to_definition()).changed


def test_label_counts_of_a_blind_project_are_for_those_who_see_everyone(db: Database, admin: Actor) -> None:
    """The counts describe everyone's work: an annotator of a blind project is refused them
    (and the attempt audited), as the agreement figures are."""
    project_id, document_id = project_with_document(db, admin, blind=True)
    ann, cora = make_user(db, "ann"), make_user(db, "cora")
    add_member(db, admin, project_id, ann)
    add_member(db, admin, project_id, cora, "curator")
    span(db, admin, document_id, SOUTHFRONT_LIKE, "so-called", label="scare_quotes")
    with pytest.raises(Forbidden):
        project_label_usage(db, ann, project_id)
    assert project_label_usage(db, cora, project_id) == {"scare_quotes": 1}
    with db.read() as session:
        assert session.scalars(select(AuditEvent.user_id).where(AuditEvent.action == "forbidden")).all() == [ann.user_id]


def test_only_project_admins_edit_the_codebook(db: Database, admin: Actor) -> None:
    project_id, _ = project_with_document(db, admin)
    curator = make_user(db, "cora")
    add_member(db, admin, project_id, curator, "curator")
    draft = _draft(db, curator, project_id)  # a member may read it
    draft.labels[0].name = "Claim!"
    with pytest.raises(Forbidden):
        save_project_codebook(db, curator, project_id, draft.to_definition())
    with db.read() as session:
        assert session.scalars(select(AuditEvent.action).where(AuditEvent.action == "forbidden")).all() == ["forbidden"]
    outsider = make_user(db, "out")
    with pytest.raises(Forbidden):
        project_codebook_definition(db, outsider, project_id)


def test_the_yaml_file_loads_back_to_the_same_codebook(db: Database, admin: Actor) -> None:
    project_id, _ = project_with_document(db, admin)
    definition = project_codebook_definition(db, admin, project_id)
    assert parse_codebook_text(codebook_yaml(definition), name="framing.yaml") == load_builtin("framing")


def test_required_attributes_must_be_filled_before_a_document_is_done(db: Database, admin: Actor) -> None:
    project_id, document_id = project_with_document(db, admin)
    draft = _draft(db, admin, project_id)
    claim = draft.labels[0]
    claim.attributes.append(AttributeDraft(key="stance", name="Stance", type="choice", choices=["for", "against"],
                                           required=True))
    save_project_codebook(db, admin, project_id, draft.to_definition())
    annotator = make_user(db, "ann")
    add_member(db, admin, project_id, annotator)
    made = span(db, annotator, document_id, SOUTHFRONT_LIKE, "Café owners said", label="claim")
    with pytest.raises(InvalidInput, match="Claim at .* lacks Stance"):
        set_status(db, annotator, document_id, "done")
    assert set_status(db, annotator, document_id, "in_progress") == "in_progress"
    update_annotation(db, annotator, made.id, expected_version=made.version, attributes={"stance": "for"})
    assert set_status(db, annotator, document_id, "done") == "done"
