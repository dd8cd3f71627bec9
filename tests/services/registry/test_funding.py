"""Funding links: validation, CRUD with audit, proposals from the funding appeals of imported
articles (the SouthFront page), accepting and rejecting them (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput, NotFound
from annotator.formats.records import DocumentRecord
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.exchange.data_import import import_records
from annotator.services.registry.entities import create_entity
from annotator.services.registry.funding import (
    FundingIn,
    create_funding_link,
    decide_funding_link,
    delete_funding_link,
    get_funding_link,
    list_funding_links,
    update_funding_link,
)
from annotator.services.registry.funding_proposals import (
    detect_funding_in_document,
    list_proposals,
)
from annotator.services.registry.outlets import outlet_context, set_outlet
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.audit import audit_events
from ...support.builders import add_member


@pytest.fixture
def registry(db: Database, admin: Actor) -> dict[str, int]:
    return {
        "sf": create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"]).id,
        "state": create_entity(db, admin, "state", "Russian Federation").id,
        "rt": create_entity(db, admin, "outlet", "RT", domains=["rt.com"]).id,
    }


def test_a_valid_link_is_stored_and_audited(db: Database, admin: Actor, registry: dict[str, int]) -> None:
    link = create_funding_link(db, admin, FundingIn(
        recipient_id=registry["rt"], funder_id=registry["state"], kind="state_funding",
        attribution="third_party", attributed_by="EU Council Regulation 2022/350",
        evidence_url="https://eur-lex.europa.eu/eli/reg/2022/350/oj", confidence=0.9,
        evidence_quote="  funded by the Russian state  ", observed_on=date(2022, 3, 1)))
    assert (link.funder, link.recipient, link.status, link.says_who) == (
        "Russian Federation", "RT", "accepted", "third party: EU Council Regulation 2022/350")
    assert link.evidence_quote == "funded by the Russian state" and link.decided_by == "lead"
    changed = update_funding_link(db, admin, link.id, confidence=0.8, note="checked")
    assert changed.confidence == 0.8 and get_funding_link(db, admin, link.id) == changed
    delete_funding_link(db, admin, link.id)
    with pytest.raises(NotFound):
        get_funding_link(db, admin, link.id)
    assert [e.action for e in audit_events(db, "funding_link", link.id)] == ["create", "update", "delete"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"recipient_id": 9999}, "no entity with id 9999"),
        ({"funder_id": 9999}, "no entity with id 9999"),
        ({"kind": "bribe"}, "unknown kind 'bribe'"),
        ({"attribution": "rumour"}, "unknown attribution 'rumour'"),
        ({"funder_id": None, "kind": "ownership"}, "a ownership link needs a funder"),
        ({"attribution": "third_party", "attributed_by": " "}, "must name who says so"),
        ({"evidence_url": "southfront.org/donate"}, "not a web address"),
        ({"evidence_url": "https://"}, "not a well-formed URL"),
        ({"evidence_url": "https://exa mple.org/x"}, "not a well-formed URL"),
        ({"evidence_url": "http://example.org:port/"}, "not a well-formed URL"),
        ({"confidence": 1.5}, "between 0 and 1"),
        ({"evidence_start": 3, "evidence_end": 5}, "need the document"),
        ({"evidence_start": 3}, "both evidence offsets"),
        ({"funder_id": "recipient"}, "cannot fund itself"),
    ],
)
def test_invalid_links_are_refused(db: Database, admin: Actor, registry: dict[str, int], changes: dict, message: str) -> None:
    fields = {"recipient_id": registry["rt"], "funder_id": registry["state"], "kind": "state_funding",
              "attribution": "self_declared"} | changes
    if fields.get("funder_id") == "recipient":
        fields["funder_id"] = fields["recipient_id"]
    with pytest.raises(InvalidInput, match=message):
        create_funding_link(db, admin, FundingIn(**fields))
    assert list_funding_links(db, admin, statuses=()) == []


def test_evidence_offsets_must_match_the_document(db: Database, admin: Actor, registry: dict[str, int]) -> None:
    project = create_project(db, admin, "P")
    text = "Donate via PayPal: a@b.org today."
    doc, _ = add_document(db, admin, project.id, text)
    base = dict(recipient_id=registry["rt"], kind="donation_channel", attribution="self_declared",
                channel="PayPal", identifier="a@b.org", evidence_document_id=doc)
    with pytest.raises(InvalidInput, match="does not match the document"):
        create_funding_link(db, admin, FundingIn(**base, evidence_start=19, evidence_end=26, evidence_quote="x@b.org"))
    with pytest.raises(InvalidInput, match="leave the document"):
        create_funding_link(db, admin, FundingIn(**base, evidence_start=19, evidence_end=99))
    link = create_funding_link(db, admin, FundingIn(**base, evidence_start=19, evidence_end=26))
    assert (link.evidence_quote, link.channel, link.funder) == ("a@b.org", "paypal", None)


def test_annotators_read_but_do_not_write_funding(db: Database, admin: Actor, registry: dict[str, int]) -> None:
    annotator = make_user(db, "ann")
    with pytest.raises(Forbidden):
        create_funding_link(db, annotator, FundingIn(recipient_id=registry["rt"], kind="donation_channel", attribution="self_declared"))
    link = create_funding_link(db, admin, FundingIn(recipient_id=registry["rt"], kind="donation_channel", attribution="self_declared"))
    assert [v.id for v in list_funding_links(db, annotator, entity_id=registry["rt"])] == [link.id]


def _southfront_record(corpus: Path) -> DocumentRecord:
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    return DocumentRecord(text=text, title="Astana", url="https://southfront.org/astana-talks/",
                          published=date(2017, 1, 24))


def test_import_proposes_the_southfront_paypal_and_patreon(db: Database, admin: Actor, registry: dict[str, int], corpus: Path) -> None:
    project = create_project(db, admin, "P")
    record = _southfront_record(corpus)
    import_records(db, admin, project.id, [record])
    proposals = list_proposals(db, admin)
    found = {(p.link.channel, p.link.identifier) for p in proposals}
    assert ("paypal", "southfront@list.ru") in found
    assert ("patreon", "https://www.patreon.com/southfront") in found
    assert found == {("paypal", "southfront@list.ru"), ("patreon", "https://www.patreon.com/southfront"),
                     ("donation_page", "http://southfront.org/donate/")}
    text = record.text
    for proposal in proposals:
        link = proposal.link
        assert (link.recipient, link.kind, link.attribution, link.status, link.funder) == (
            "SouthFront", "donation_channel", "self_declared", "proposed", None)
        assert text[link.evidence_start:link.evidence_end] == link.evidence_quote == link.identifier
        assert link.evidence_url == "https://southfront.org/astana-talks/" and link.observed_on == date(2017, 1, 24)
        assert proposal.document_title == "Astana" and proposal.after and proposal.before
        assert text[link.evidence_end:link.evidence_end + len(proposal.after)] == proposal.after
        assert text[link.evidence_start - len(proposal.before):link.evidence_start] == proposal.before
    paypal = next(p.link for p in proposals if p.link.channel == "paypal")
    assert (paypal.evidence_start, paypal.evidence_end) == (text.index("southfront@list.ru"), text.index("southfront@list.ru") + 18)
    # Importing again, or the same appeal in another article, proposes nothing new.
    import_records(db, admin, project.id, [record])
    add_document(db, admin, project.id, "Support us! PayPal: SouthFront@list.ru", url="https://southfront.org/other")
    assert len(list_proposals(db, admin)) == 3
    # Accepted links show in the outlet context; proposals are only counted there.
    decide_funding_link(db, admin, paypal.id, "accepted", confidence=0.95)
    context = outlet_context(db, admin, paypal.evidence_document_id)
    assert context is not None and context.outlet.name == "SouthFront"
    assert [(f.channel, f.confidence) for f in context.funding_in] == [("paypal", 0.95)] and context.proposed == 2


def test_accept_and_reject_are_audited_and_rejections_are_not_proposed_again(
    db: Database, admin: Actor, registry: dict[str, int], corpus: Path
) -> None:
    project = create_project(db, admin, "P")
    import_records(db, admin, project.id, [_southfront_record(corpus)])
    proposals = {p.link.channel: p.link for p in list_proposals(db, admin)}
    accepted = decide_funding_link(db, admin, proposals["patreon"].id, "accepted")
    rejected = decide_funding_link(db, admin, proposals["donation_page"].id, "rejected", note="a link, not a channel")
    assert (accepted.status, accepted.decided_by) == ("accepted", "lead") and accepted.decided_at is not None
    assert rejected.status == "rejected" and rejected.note == "a link, not a channel"
    assert [e.action for e in audit_events(db, "funding_link", rejected.id)] == ["propose", "reject"]
    event = audit_events(db, "funding_link", accepted.id)[-1]
    assert (event.action, event.before["status"], event.after["status"]) == ("accept", "proposed", "accepted")
    assert decide_funding_link(db, admin, accepted.id, "accepted") == accepted  # twice: no change
    assert len(audit_events(db, "funding_link", accepted.id)) == 2
    assert [p.link.channel for p in list_proposals(db, admin)] == ["paypal"]
    assert [p.link.channel for p in list_proposals(db, admin, status="rejected")] == ["donation_page"]
    doc = proposals["paypal"].evidence_document_id
    assert detect_funding_in_document(db, admin, doc) == 0
    with pytest.raises(InvalidInput):
        decide_funding_link(db, admin, accepted.id, "proposed")


def test_only_registry_editors_decide(db: Database, admin: Actor, registry: dict[str, int], corpus: Path) -> None:
    project = create_project(db, admin, "P")
    import_records(db, admin, project.id, [_southfront_record(corpus)])
    annotator = make_user(db, "ann")
    add_member(db, admin, project.id, annotator)
    proposal = list_proposals(db, annotator)[0]
    assert proposal.document_title == "Astana"  # a member reads the passage
    outsider = make_user(db, "out")
    assert list_proposals(db, outsider)[0].document_title is None  # not a member: no passage
    with pytest.raises(Forbidden):
        decide_funding_link(db, annotator, proposal.link.id, "accepted")
    assert list_proposals(db, admin)[0].link.status == "proposed"


def test_support_blocks_are_proposed_only_without_a_channel(db: Database, admin: Actor, registry: dict[str, int]) -> None:
    project = create_project(db, admin, "P")
    text = "News of the day.\n\nSupport RT\nPlease support us: without your help we cannot go on.\n"
    add_document(db, admin, project.id, text, url="https://rt.com/news/1")
    (proposal,) = list_proposals(db, admin)
    assert (proposal.link.channel, proposal.link.identifier) == ("support_block", "Support RT")
    assert text[proposal.link.evidence_start:proposal.link.evidence_end] == proposal.link.evidence_quote


def test_setting_the_outlet_by_hand_proposes_its_channels(db: Database, admin: Actor, registry: dict[str, int]) -> None:
    project = create_project(db, admin, "P")
    doc, _ = add_document(db, admin, project.id, "Support us via PayPal: tips@rt.example please.")
    assert list_proposals(db, admin) == []
    set_outlet(db, admin, doc, registry["rt"])
    assert [(p.link.recipient, p.link.identifier) for p in list_proposals(db, admin)] == [("RT", "tips@rt.example")]
