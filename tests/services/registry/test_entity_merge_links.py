"""Span links to entities, and merging two duplicate entities without losing a link
(SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, or_, select

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput
from annotator.models import (
    AnnotationEntity,
    Designation,
    Document,
    EntityDomain,
    FundingLink,
    Rating,
)
from annotator.services.actor import Actor
from annotator.services.annotation.documents import get_document
from annotator.services.annotation.spans import get_annotation
from annotator.services.registry.entities import (
    add_designation,
    add_rating,
    create_entity,
    get_entity,
    list_entities,
)
from annotator.services.registry.entity_detail import entity_detail
from annotator.services.registry.entity_links import link_span, spans_linking, unlink_span
from annotator.services.registry.entity_merge import merge_entities
from annotator.services.registry.funding import FundingIn, create_funding_link
from annotator.services.registry.outlets import outlet_for_url
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.audit import audit_events
from ...support.builders import SOUTHFRONT_LIKE, add_member, project_with_document, span


def test_link_and_unlink_a_span(db: Database, admin: Actor) -> None:
    project_id, doc = project_with_document(db, admin, blind=True)
    annotator, other = make_user(db, "ann"), make_user(db, "other")
    for user in (annotator, other):
        add_member(db, admin, project_id, user)
    sf = create_entity(db, admin, "outlet", "SouthFront")
    mine = span(db, annotator, doc, SOUTHFRONT_LIKE, "so-called")
    theirs = span(db, other, doc, SOUTHFRONT_LIKE, "Astana")
    link = link_span(db, annotator, mine.id, sf.id, "claimant")
    assert link_span(db, annotator, mine.id, sf.id, "claimant") == link  # twice: stored once
    link_span(db, annotator, mine.id, sf.id, "target")
    link_span(db, other, theirs.id, sf.id, "mentioned")
    assert [(e.entity_name, e.role) for e in get_annotation(db, annotator, mine.id).entities] == [
        ("SouthFront", "claimant"), ("SouthFront", "target")]
    with pytest.raises(Forbidden):
        link_span(db, annotator, theirs.id, sf.id, "funder")  # not their span
    with pytest.raises(InvalidInput, match="unknown role"):
        link_span(db, annotator, mine.id, sf.id, "owner")
    # Blind project: the annotator sees only their own spans linking the entity.
    assert {s.role for s in spans_linking(db, annotator, sf.id)} == {"claimant", "target"}
    assert {s.role for s in spans_linking(db, admin, sf.id)} == {"claimant", "target", "mentioned"}
    assert spans_linking(db, make_user(db, "outsider"), sf.id) == []
    unlink_span(db, annotator, link.id)
    assert [e.role for e in get_annotation(db, annotator, mine.id).entities] == ["target"]
    assert [e.action for e in audit_events(db, "annotation_entity", link.id)] == ["create", "delete"]


def test_the_spans_linking_an_entity_name_annotators_as_the_project_shows_them(db: Database, admin: Actor) -> None:
    """With hidden annotator names a curator sees "Annotator N" in every span list: the
    entity page's list of spans too, where the real name gave the pseudonym away."""
    from annotator.services.team.settings import set_team_settings

    project_id, doc = project_with_document(db, admin)
    ann, cora = make_user(db, "ann"), make_user(db, "cora")
    add_member(db, admin, project_id, ann)
    add_member(db, admin, project_id, cora, "curator")
    set_team_settings(db, admin, project_id, hide_annotator_names=True)
    sf = create_entity(db, admin, "outlet", "SouthFront")
    link_span(db, ann, span(db, ann, doc, SOUTHFRONT_LIKE, "so-called").id, sf.id, "claimant")
    assert [s.username for s in spans_linking(db, cora, sf.id)] == ["Annotator 1"]
    assert [s.username for s in entity_detail(db, cora, sf.id).spans] == ["Annotator 1"]
    assert [s.username for s in spans_linking(db, admin, sf.id)] == ["ann"]  # project admins keep names
    assert [s.username for s in spans_linking(db, ann, sf.id)] == ["ann"]


def _count_links_to(db: Database, entity_id: int) -> dict[str, int]:
    with db.read() as session:
        count = lambda query: session.scalar(select(func.count()).select_from(query.subquery()))  # noqa: E731
        return {
            "domains": count(select(EntityDomain.id).where(EntityDomain.entity_id == entity_id)),
            "funding": count(select(FundingLink.id).where(or_(FundingLink.funder_id == entity_id, FundingLink.recipient_id == entity_id))),
            "ratings": count(select(Rating.id).where(Rating.entity_id == entity_id)),
            "designations": count(select(Designation.id).where(Designation.entity_id == entity_id)),
            "documents": count(select(Document.id).where(Document.outlet_id == entity_id)),
            "span_links": count(select(AnnotationEntity.id).where(AnnotationEntity.entity_id == entity_id)),
        }


def test_merge_keeps_every_link(db: Database, admin: Actor) -> None:
    keep = create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"])
    dup = create_entity(db, admin, "outlet", "South Front", country="Russia", domains=["southfront.press"])
    older = create_entity(db, admin, "outlet", "SF (old entry)")
    state = create_entity(db, admin, "state", "Russian Federation")
    merge_entities(db, admin, dup.id, older.id)  # an earlier merge into the duplicate
    project = create_project(db, admin, "P")
    from annotator.services.annotation.documents import add_document

    doc, _ = add_document(db, admin, project.id, SOUTHFRONT_LIKE, url="https://southfront.press/a")
    assert get_document(db, admin, doc).outlet_id == dup.id
    a = span(db, admin, doc, SOUTHFRONT_LIKE, "so-called")
    b = span(db, admin, doc, SOUTHFRONT_LIKE, "Astana")
    link_span(db, admin, a.id, keep.id, "claimant")
    link_span(db, admin, a.id, dup.id, "claimant")  # the same fact twice
    link_span(db, admin, b.id, dup.id, "target")
    create_funding_link(db, admin, FundingIn(recipient_id=dup.id, kind="donation_channel", attribution="self_declared", channel="paypal", identifier="x@y.org"))
    create_funding_link(db, admin, FundingIn(recipient_id=dup.id, funder_id=state.id, kind="grant", attribution="third_party", attributed_by="A report"))
    create_funding_link(db, admin, FundingIn(recipient_id=state.id, funder_id=dup.id, kind="advertising", attribution="self_declared"))
    create_funding_link(db, admin, FundingIn(recipient_id=keep.id, kind="donation_channel", attribution="self_declared", channel="patreon"))
    add_rating(db, admin, dup.id, "NewsGuard", "score", "0/100")
    add_designation(db, admin, dup.id, "sanction", "OFAC SDN", "US Treasury")
    before_keep, before_dup = _count_links_to(db, keep.id), _count_links_to(db, dup.id)

    result = merge_entities(db, admin, keep.id, dup.id)

    after_keep, after_dup = _count_links_to(db, keep.id), _count_links_to(db, dup.id)
    assert after_dup == dict.fromkeys(after_dup, 0)
    for key in after_keep:
        expected = before_keep[key] + before_dup[key] - (1 if key == "span_links" else 0)
        assert after_keep[key] == expected, key
    assert result.moved["span_links_already_present"] == 1 and result.moved["funding_received"] == 2
    assert result.moved["funding_given"] == 1 and result.moved["merged_entities"] == 1
    merged = get_entity(db, admin, dup.id)
    assert merged.merged_into_id == keep.id and merged.merged_into_name == "SouthFront"
    assert get_entity(db, admin, older.id).merged_into_id == keep.id
    survivor = get_entity(db, admin, keep.id)
    assert survivor.domains == ("southfront.org", "southfront.press") and survivor.country == "Russia"
    assert outlet_for_url(db, admin, "https://southfront.press/b") == keep.id
    assert [e.name for e in list_entities(db, admin, kind="outlet")] == ["SouthFront"]
    detail = entity_detail(db, admin, keep.id)
    assert {s.role for s in detail.spans} == {"claimant", "target"}
    assert {e.name for e in detail.merged_from} == {"South Front", "SF (old entry)"}
    event = audit_events(db, "entity", keep.id)[-1]
    assert event.action == "merge" and event.after["moved"]["documents"] == 1
    with pytest.raises(InvalidInput, match="merged into SouthFront"):
        merge_entities(db, admin, keep.id, dup.id)
    with pytest.raises(InvalidInput, match="into itself"):
        merge_entities(db, admin, keep.id, keep.id)


def test_only_registry_editors_merge(db: Database, admin: Actor) -> None:
    a = create_entity(db, admin, "outlet", "A")
    b = create_entity(db, admin, "outlet", "B")
    with pytest.raises(Forbidden):
        merge_entities(db, make_user(db, "ann"), a.id, b.id)
    assert get_entity(db, admin, b.id).merged_into_id is None


def test_imported_documents_and_links_go_to_the_survivor_and_to_an_outlet(db: Database, admin: Actor) -> None:
    """A file written before a merge names the duplicate (by uid or name): what it imports
    lands on the survivor, as the merge moved everything else. An outlet named in a document
    is an outlet, not a person of the same name."""
    from annotator.formats.records import AnnotationRecord, DocumentRecord, EntityLinkRecord
    from annotator.services.exchange.data_import import import_records

    survivor = create_entity(db, admin, "outlet", "Daily Planet")
    duplicate = create_entity(db, admin, "outlet", "The Daily Planet")
    create_entity(db, admin, "person", "Reuters")
    reuters = create_entity(db, admin, "outlet", "Reuters")
    merge_entities(db, admin, survivor.id, duplicate.id)
    project = create_project(db, admin, "Imported")
    quote = "Planet"
    links = [EntityLinkRecord(role="mentioned", entity_uid=duplicate.uid),
             EntityLinkRecord(role="claimant", entity_name="The Daily Planet")]
    import_records(db, admin, project.id, [
        DocumentRecord(text="By uid. Planet", title="by uid", outlet_uid=duplicate.uid, annotations=[
            AnnotationRecord(8, 14, "claim", annotator="ann", quote=quote, entities=links)]),
        DocumentRecord(text="By name.", title="by name", outlet="The Daily Planet"),
        DocumentRecord(text="A wire story.", title="wire", outlet="Reuters"),
    ])
    with db.read() as session:
        outlets = dict(session.execute(select(Document.title, Document.outlet_id)
                                       .where(Document.project_id == project.id)).all())
        linked = set(session.execute(select(AnnotationEntity.entity_id, AnnotationEntity.role)).all())
    assert outlets == {"by uid": survivor.id, "by name": survivor.id, "wire": reuters.id}
    assert linked == {(survivor.id, "mentioned"), (survivor.id, "claimant")}


def test_a_merge_that_would_make_an_entity_fund_itself_is_refused(db: Database, admin: Actor) -> None:
    """Funding between the two duplicates would become funding of the survivor by itself,
    which no write allows: the merge is refused, naming the link, and changes nothing."""
    foundation = create_entity(db, admin, "organisation", "Foundation X")
    twin = create_entity(db, admin, "organisation", "X Foundation")
    outlet = create_entity(db, admin, "outlet", "C News")
    create_funding_link(db, admin, FundingIn(recipient_id=outlet.id, funder_id=twin.id, kind="grant",
                                             attribution="self_declared"))
    between = create_funding_link(db, admin, FundingIn(recipient_id=twin.id, funder_id=foundation.id,
                                                       kind="grant", attribution="self_declared"))
    with pytest.raises(InvalidInput, match=f"Foundation X funds X Foundation \\(funding link {between.id}\\)"):
        merge_entities(db, admin, foundation.id, twin.id)
    assert get_entity(db, admin, twin.id).merged_into_id is None
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(FundingLink).where(
            FundingLink.funder_id == FundingLink.recipient_id)) == 0
        assert session.scalar(select(FundingLink.funder_id).where(FundingLink.recipient_id == outlet.id)) == twin.id
