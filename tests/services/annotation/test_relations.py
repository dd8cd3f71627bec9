"""Relations between spans, on SQLite and PostgreSQL alike: the checks, optimistic locking,
soft delete and restore (with their spans too), blind projects and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidInput, NotFound
from annotator.models import AuditEvent
from annotator.services.actor import Actor
from annotator.services.annotation.history import document_history
from annotator.services.annotation.relations import (
    RelationIn,
    create_relation,
    delete_relation,
    get_relation,
    list_relations,
    restore_relation,
    update_relation,
)
from annotator.services.annotation.spans import (
    delete_annotation,
    restore_annotation,
    update_annotation,
)
from annotator.services.team.settings import set_team_settings

from ...conftest import make_user
from ...support.builders import add_member, project_with_document, span

TEXT = (
    "The minister said the army withdrew. According to Reuters, the so-called rebels attacked first. "
    "Officials claim the army withdrew completely. Critics deny that the army withdrew at all."
)


def _setup(db: Database, lead: Actor, **settings: object) -> tuple[int, int, dict[str, int]]:
    project_id, doc = project_with_document(db, lead, TEXT, **settings)
    spans = {
        "claim": span(db, lead, doc, TEXT, "the army withdrew", "claim").id,
        "source": span(db, lead, doc, TEXT, "According to Reuters", "source_attribution").id,
        "scare": span(db, lead, doc, TEXT, "so-called rebels", "scare_quotes").id,
        "claim2": span(db, lead, doc, TEXT, "the army withdrew completely", "claim").id,
    }
    return project_id, doc, spans


def test_create_checks_the_type_and_its_ends(db: Database, admin: Actor) -> None:
    _, doc, s = _setup(db, admin)
    view = create_relation(db, admin, RelationIn(s["claim"], s["source"], "attributed_to",
                                                 attributes={"speech": "indirect speech"}, note="n"))
    assert (view.type, view.from_id, view.to_id, view.version) == ("attributed_to", s["claim"], s["source"], 1)
    assert (view.from_label, view.to_label, view.to_quote) == ("claim", "source_attribution", "According to Reuters")
    assert view.attributes == {"speech": "indirect speech"} and view.note == "n" and view.username == "lead"
    # The wrong way round for a directed type, a type the codebook lacks, a bad attribute value.
    with pytest.raises(InvalidInput, match="goes claim -> source_attribution, not Source attribution -> Claim"):
        create_relation(db, admin, RelationIn(s["source"], s["claim"], "attributed_to"))
    with pytest.raises(InvalidInput, match="not in this project's codebook"):
        create_relation(db, admin, RelationIn(s["claim"], s["source"], "quotes"))
    with pytest.raises(InvalidInput, match="speech"):
        create_relation(db, admin, RelationIn(s["claim"], s["source"], "attributed_to",
                                              attributes={"speech": "shouted"}))
    # "frames" allows any span at its target; a span cannot relate to itself.
    framed = create_relation(db, admin, RelationIn(s["scare"], s["claim"], "frames"))
    assert framed.to_label == "claim"
    with pytest.raises(InvalidInput, match="two different spans"):
        create_relation(db, admin, RelationIn(s["claim"], s["claim"], "supports"))
    with pytest.raises(NotFound):
        create_relation(db, admin, RelationIn(s["claim"], 99999, "supports"))
    assert [r.type for r in list_relations(db, admin, doc)] == ["attributed_to", "frames"]


def test_the_same_relation_is_stored_once_and_undirected_types_read_both_ways(db: Database, admin: Actor) -> None:
    _, doc, s = _setup(db, admin)
    create_relation(db, admin, RelationIn(s["claim"], s["claim2"], "repeats"))
    with pytest.raises(Conflict, match="already related"):
        create_relation(db, admin, RelationIn(s["claim2"], s["claim"], "repeats"))
    # Directed: the reverse is another relation.
    create_relation(db, admin, RelationIn(s["claim"], s["claim2"], "supports"))
    create_relation(db, admin, RelationIn(s["claim2"], s["claim"], "supports"))
    with pytest.raises(Conflict, match="already related"):
        create_relation(db, admin, RelationIn(s["claim"], s["claim2"], "supports"))
    # A client uid makes a repeated save idempotent.
    first = create_relation(db, admin, RelationIn(s["scare"], s["claim"], "frames", uid="11111111-1111-4111-8111-111111111111"))
    again = create_relation(db, admin, RelationIn(s["scare"], s["claim"], "frames", uid="11111111-1111-4111-8111-111111111111"))
    assert again.id == first.id and len(list_relations(db, admin, doc)) == 4
    # One span's relations: those with it at either end, and no others.
    assert sorted(r.type for r in list_relations(db, admin, doc, span_id=s["claim2"])) == ["repeats", "supports", "supports"]
    assert [(r.type, r.from_id) for r in list_relations(db, admin, doc, span_id=s["scare"])] == [("frames", s["scare"])]
    assert list_relations(db, admin, doc, span_id=s["source"]) == []


def test_ends_must_be_one_annotators_on_one_document(db: Database, admin: Actor) -> None:
    project_id, doc, s = _setup(db, admin)
    ana = make_user(db, "ana")
    add_member(db, admin, project_id, ana)
    hers = span(db, ana, doc, TEXT, "Critics deny", "claim")
    with pytest.raises(InvalidInput, match="one annotator"):
        create_relation(db, admin, RelationIn(s["claim"], hers.id, "supports"))
    # Another annotator may not relate the lead's spans (nor see them, were the project blind).
    with pytest.raises(Forbidden):
        create_relation(db, ana, RelationIn(s["claim"], s["claim2"], "supports"))
    other_doc = project_with_document(db, admin, TEXT + " More.", name="Q")[1]
    elsewhere = span(db, admin, other_doc, TEXT, "Critics deny", "claim")
    with pytest.raises(InvalidInput, match="different documents"):
        create_relation(db, admin, RelationIn(s["claim"], elsewhere.id, "supports"))


def test_update_is_versioned_and_checked(db: Database, admin: Actor) -> None:
    _, _, s = _setup(db, admin)
    view = create_relation(db, admin, RelationIn(s["claim"], s["claim2"], "supports"))
    changed = update_relation(db, admin, view.id, expected_version=1, type="contradicts", note="really?")
    assert (changed.type, changed.note, changed.version) == ("contradicts", "really?", 2)
    with pytest.raises(Conflict, match="changed by someone else"):
        update_relation(db, admin, view.id, expected_version=1, note="stale")
    with pytest.raises(InvalidInput, match="Attributed to"):
        update_relation(db, admin, view.id, expected_version=2, type="attributed_to")
    assert get_relation(db, admin, view.id).version == 2


def test_a_span_label_change_must_keep_its_relations_valid(db: Database, admin: Actor) -> None:
    _, _, s = _setup(db, admin)
    create_relation(db, admin, RelationIn(s["claim"], s["source"], "attributed_to"))
    with pytest.raises(Conflict, match="delete the relation first"):
        update_annotation(db, admin, s["source"], expected_version=1, label="claim")
    # A label the type allows at that end is fine ("frames" points at any span).
    create_relation(db, admin, RelationIn(s["scare"], s["claim2"], "frames"))
    assert update_annotation(db, admin, s["scare"], expected_version=1, label="name_calling").label == "name_calling"


def test_delete_and_restore_with_and_without_the_spans(db: Database, admin: Actor) -> None:
    _, doc, s = _setup(db, admin)
    attributed = create_relation(db, admin, RelationIn(s["claim"], s["source"], "attributed_to"))
    repeats = create_relation(db, admin, RelationIn(s["claim"], s["claim2"], "repeats"))
    alone = create_relation(db, admin, RelationIn(s["scare"], s["claim"], "frames"))
    delete_relation(db, admin, alone.id, expected_version=1)
    # Deleting the claim takes its two live relations with it; the one deleted before stays as it was.
    delete_annotation(db, admin, s["claim"])
    assert list_relations(db, admin, doc) == []
    # Restoring a relation whose span is deleted is refused.
    with pytest.raises(Conflict, match="restore it first"):
        restore_relation(db, admin, attributed.id)
    delete_annotation(db, admin, s["claim2"])
    restore_annotation(db, admin, s["claim"])
    # attributed_to is back; repeats waits for its other end; frames was deleted on its own.
    assert [r.id for r in list_relations(db, admin, doc)] == [attributed.id]
    restore_annotation(db, admin, s["claim2"])
    assert sorted(r.id for r in list_relations(db, admin, doc)) == sorted([attributed.id, repeats.id])
    restored = restore_relation(db, admin, alone.id)
    assert not restored.deleted and len(list_relations(db, admin, doc)) == 3
    everything = list_relations(db, admin, doc, include_deleted=True)
    assert all(not r.deleted for r in everything)


def test_blind_projects_hide_other_annotators_relations(db: Database, admin: Actor) -> None:
    project_id, doc, s = _setup(db, admin, blind=True)
    ana, bo = make_user(db, "ana"), make_user(db, "bo")
    for who in (ana, bo):
        add_member(db, admin, project_id, who)
    a1, a2 = span(db, ana, doc, TEXT, "Officials claim", "claim"), span(db, ana, doc, TEXT, "Critics deny", "claim")
    hers = create_relation(db, ana, RelationIn(a1.id, a2.id, "contradicts"))
    mine = create_relation(db, admin, RelationIn(s["claim"], s["claim2"], "supports"))
    assert [r.id for r in list_relations(db, ana, doc)] == [hers.id]
    assert list_relations(db, bo, doc) == []
    with pytest.raises(Forbidden):
        list_relations(db, bo, doc, user_id=ana.user_id)
    with pytest.raises(Forbidden):
        get_relation(db, bo, hers.id)
    with pytest.raises(Forbidden):
        delete_relation(db, bo, hers.id)
    # The lead sees everyone's; with hidden names a curator sees a pseudonym.
    assert {r.id for r in list_relations(db, admin, doc)} == {hers.id, mine.id}
    cur = make_user(db, "cur")
    add_member(db, admin, project_id, cur, "curator")
    set_team_settings(db, admin, project_id, hide_annotator_names=True)
    assert {r.username for r in list_relations(db, cur, doc)} == {"Annotator 1", "lead"}
    # An annotator's document history shows their own relations' events, not others'.
    types = {(e.object_type, e.object_id) for e in document_history(db, ana, doc)}
    assert ("relation", hers.id) in types and ("relation", mine.id) not in types


def test_every_write_is_audited(db: Database, admin: Actor) -> None:
    _, _, s = _setup(db, admin)
    view = create_relation(db, admin, RelationIn(s["claim"], s["claim2"], "supports"))
    update_relation(db, admin, view.id, expected_version=1, note="x")
    delete_annotation(db, admin, s["claim2"])
    restore_annotation(db, admin, s["claim2"])
    with db.read() as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.detail).where(
            AuditEvent.object_type == "relation", AuditEvent.object_id == view.id).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "update", "delete", "restore"]
    assert events[2].detail == f"with its span {s['claim2']}"


def test_a_blind_annotator_cannot_probe_other_spans_through_a_relations_target(db: Database, admin: Actor) -> None:
    """The target of a new relation is a span the caller must be able to see: naming another
    annotator's span (blind) or a span of a project one is not in is refused and audited, the
    same answer whoever made it, instead of an error that tells whose and where it is."""
    project_id, doc, s = _setup(db, admin, blind=True)
    ana, bo = make_user(db, "ana"), make_user(db, "bo")
    for who in (ana, bo):
        add_member(db, admin, project_id, who)
    hers = span(db, ana, doc, TEXT, "Critics deny", "claim")
    mine = span(db, bo, doc, TEXT, "Officials claim", "claim")
    with pytest.raises(Forbidden) as refused:
        create_relation(db, bo, RelationIn(mine.id, hers.id, "contradicts"))
    assert "ana" not in str(refused.value) and "one annotator" not in str(refused.value)
    with pytest.raises(Forbidden):
        create_relation(db, bo, RelationIn(mine.id, s["claim"], "contradicts"))
    elsewhere_doc = project_with_document(db, admin, TEXT + " More.", name="Q")[1]
    elsewhere = span(db, admin, elsewhere_doc, TEXT, "Critics deny", "claim")
    with pytest.raises(Forbidden):
        create_relation(db, bo, RelationIn(mine.id, elsewhere.id, "contradicts"))
    with db.read() as session:
        probes = session.scalars(select(AuditEvent.object_id).where(
            AuditEvent.action == "forbidden", AuditEvent.user_id == bo.user_id).order_by(AuditEvent.id)).all()
    # The last is refused at the project's door (bo is no member of Q): audited as such.
    assert len(probes) == 3 and list(probes[:2]) == [hers.id, s["claim"]]
    assert list_relations(db, admin, doc) == []
