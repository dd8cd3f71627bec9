"""A new registry entity made from a span's name and linked to the span in one step
(entity_links.link_new_entity), on SQLite and PostgreSQL: both or neither are stored, and the
actor needs both rights (change the span, add to the registry)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidInput
from annotator.models import Entity
from annotator.services.actor import Actor
from annotator.services.annotation.spans import get_annotation
from annotator.services.registry.entities import create_entity, list_entities
from annotator.services.registry.entity_links import link_new_entity

from ...conftest import make_user
from ...support.audit import audit_events
from ...support.builders import SOUTHFRONT_LIKE, add_member, project_with_document, span


def _entities(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Entity)) or 0)


def test_a_curator_makes_an_entity_from_a_name_and_links_it(db: Database, admin: Actor) -> None:
    project_id, doc = project_with_document(db, admin)
    curator = make_user(db, "cora")
    add_member(db, admin, project_id, curator, "curator")
    name = span(db, curator, doc, SOUTHFRONT_LIKE, "Astana")
    link = link_new_entity(db, curator, name.id, "state", "  Astana ", "mentioned")
    assert (link.entity_name, link.entity_kind, link.role) == ("Astana", "state", "mentioned")
    assert [(e.entity_name, e.role) for e in get_annotation(db, curator, name.id).entities] == [("Astana", "mentioned")]
    assert [(e.name, e.kind) for e in list_entities(db, curator)] == [("Astana", "state")]
    assert [e.action for e in audit_events(db, "entity")] == ["create"]
    assert [e.action for e in audit_events(db, "annotation_entity")] == ["create"]
    # The same name and kind again (any case) is refused, naming the one there.
    with pytest.raises(Conflict, match="Astana \\(state\\) is in the registry already"):
        link_new_entity(db, curator, name.id, "state", "astana", "target")
    cyrillic = link_new_entity(db, curator, name.id, "state", "Россия", "mentioned")
    with pytest.raises(Conflict, match="Россия \\(state\\) is in the registry already"):
        link_new_entity(db, curator, name.id, "state", "РОССИЯ", "target")
    assert cyrillic.entity_kind == "state"
    # Another kind of the same name is another entity.
    assert link_new_entity(db, curator, name.id, "organisation", "Astana", "target").entity_kind == "organisation"


def test_a_name_from_the_text_with_other_spaces_or_accents_is_no_new_entity(db: Database, admin: Actor) -> None:
    """A span's text may hold a non-breaking space, a line break or a decomposed accent where
    the registry's name has a plain space and a composed letter: that is the entity the
    registry holds, refused as a duplicate, not a second one."""
    project_id, doc = project_with_document(db, admin)
    name = span(db, admin, doc, SOUTHFRONT_LIKE, "Astana")
    create_entity(db, admin, "organisation", "Caf\u00e9 Babel Foundation")
    for written in ("Caf\u00e9\u00a0Babel Foundation", "Caf\u0065\u0301 Babel\nFoundation", "CAF\u00c9  BABEL FOUNDATION"):
        with pytest.raises(Conflict, match="Caf\u00e9 Babel Foundation \\(organisation\\) is in the registry already"):
            link_new_entity(db, admin, name.id, "organisation", written, "mentioned")
    assert _entities(db) == 1


def test_both_rights_are_needed_and_nothing_is_stored_otherwise(db: Database, admin: Actor) -> None:
    project_id, doc = project_with_document(db, admin)
    ann, other = make_user(db, "ann"), make_user(db, "other")
    for user in (ann, other):
        add_member(db, admin, project_id, user)
    mine = span(db, ann, doc, SOUTHFRONT_LIKE, "so-called")
    create_entity(db, admin, "outlet", "SouthFront")
    before = _entities(db)
    # An annotator may link their span but not add to the registry.
    with pytest.raises(Forbidden):
        link_new_entity(db, ann, mine.id, "person", "Somebody", "claimant")
    # An admin may add to the registry but bad input still stores nothing.
    with pytest.raises(InvalidInput, match="unknown role"):
        link_new_entity(db, admin, mine.id, "person", "Somebody", "owner")
    with pytest.raises(InvalidInput):
        link_new_entity(db, admin, mine.id, "planet", "Somebody", "claimant")
    with pytest.raises(InvalidInput):
        link_new_entity(db, admin, mine.id, "person", "   ", "claimant")
    assert _entities(db) == before
    assert get_annotation(db, ann, mine.id).entities == ()
