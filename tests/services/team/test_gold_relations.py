"""The gold layer's relations: drawn by a curator or taken from an annotator's, checked like
annotators' relations, leaving and returning with their gold spans; curators only."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidInput
from annotator.services.actor import Actor
from annotator.services.annotation.relations import RelationIn, create_relation
from annotator.services.team.gold import (
    accept_version,
    add_gold,
    delete_gold,
    restore_gold,
    update_gold,
)
from annotator.services.team.gold_relations import (
    accept_relation,
    add_gold_relation,
    delete_gold_relation,
    list_gold_relations,
    restore_gold_relation,
    update_gold_relation,
)

from ...conftest import make_user
from ...support.builders import add_member, project_with_document, span

TEXT = "Officials claimed the talks succeeded, according to state media. Critics said the talks failed."


def _gold(db: Database, curator: Actor, doc: int, quote: str, label: str) -> int:
    start = TEXT.index(quote)
    return add_gold(db, curator, doc, start=start, end=start + len(quote), label=label, quote=quote).id


def test_curators_draw_update_delete_and_restore_gold_relations(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, TEXT, blind=True)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    claim = _gold(db, admin, doc, "the talks succeeded", "claim")
    source = _gold(db, admin, doc, "according to state media", "source_attribution")
    other = _gold(db, admin, doc, "the talks failed", "claim")
    made = add_gold_relation(db, admin, doc, from_id=claim, to_id=source, type="attributed_to")
    assert (made.from_id, made.to_id, made.user_id, made.username) == (claim, source, None, "lead")
    with pytest.raises(InvalidInput, match="goes claim -> source_attribution"):
        add_gold_relation(db, admin, doc, from_id=source, to_id=claim, type="attributed_to")
    with pytest.raises(Conflict, match="already related"):
        add_gold_relation(db, admin, doc, from_id=claim, to_id=source, type="attributed_to")
    contra = add_gold_relation(db, admin, doc, from_id=other, to_id=claim, type="contradicts")
    changed = update_gold_relation(db, admin, contra.id, expected_version=1, type="repeats", note="same?")
    assert (changed.type, changed.version, changed.note) == ("repeats", 2, "same?")
    with pytest.raises(Conflict):
        update_gold_relation(db, admin, contra.id, expected_version=1, note="stale")
    # A gold span's label change must keep its relations valid; its deletion takes them along.
    with pytest.raises(Conflict, match="delete the relation first"):
        update_gold(db, admin, source, expected_version=1, label="claim")
    delete_gold(db, admin, claim)
    assert list_gold_relations(db, admin, doc) == []
    with pytest.raises(Conflict, match="restore it first"):
        restore_gold_relation(db, admin, made.id)
    restore_gold(db, admin, claim)
    assert {r.id for r in list_gold_relations(db, admin, doc)} == {made.id, contra.id}
    delete_gold_relation(db, admin, made.id)
    assert [r.id for r in list_gold_relations(db, admin, doc)] == [contra.id]
    assert restore_gold_relation(db, admin, made.id).deleted is False
    # Annotators of a blind project neither read nor write the gold layer's relations.
    with pytest.raises(Forbidden):
        list_gold_relations(db, ann, doc)
    with pytest.raises(Forbidden):
        add_gold_relation(db, ann, doc, from_id=claim, to_id=other, type="supports")


def test_an_annotators_relation_is_accepted_between_its_ends_gold_spans(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, TEXT)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    claim = span(db, ann, doc, TEXT, "the talks succeeded", "claim")
    source = span(db, ann, doc, TEXT, "according to state media", "source_attribution")
    relation = create_relation(db, ann, RelationIn(claim.id, source.id, "attributed_to",
                                                   attributes={"speech": "paraphrase"}))
    with pytest.raises(Conflict, match="accept it first"):
        accept_relation(db, admin, relation.uid)
    gold_claim = accept_version(db, admin, doc, claim.uid)
    gold_source = accept_version(db, admin, doc, source.uid)
    with pytest.raises(Forbidden):
        accept_relation(db, ann, relation.uid)
    accepted = accept_relation(db, admin, relation.uid)
    assert (accepted.from_id, accepted.to_id) == (gold_claim.id, gold_source.id)
    assert accepted.attributes == {"speech": "paraphrase"} and accepted.type == "attributed_to"
