"""Donation channels on an article's page, outside its text, become proposals too: with the
page's line as the evidence and no offsets, after the article's own, never twice
(SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.ingest.html import read_html
from annotator.ingest.page_appeals import META_KEY
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.exchange.data_import import import_records
from annotator.services.registry.entities import create_entity
from annotator.services.registry.funding import decide_funding_link
from annotator.services.registry.funding_proposals import list_proposals
from annotator.services.registry.outlets import set_outlet
from annotator.services.team.projects import create_project

from ...support.audit import audit_events

PAGE = """<html lang="en"><head><title>Harbour reopens</title>
<script>var fake = "PayPal: scam@elsewhere.example";</script></head><body>
<nav><ul><li><a href="/donate/">Donate</a></li><li><a href="https://www.patreon.com/harbourtimes">Patreon</a></li></ul></nav>
<article><h1>Harbour reopens</h1><p>The harbour of the town reopened on Monday after three weeks of
repairs, the port authority said in a statement to reporters on the quay.</p><p>Fishing boats were the
first to sail out, followed by two ferries to the islands. {extra}</p></article>
<footer><h3>Support us</h3><p>Please donate: without your support we cannot continue.</p>
<p>PayPal: tips@harbour.example</p></footer></body></html>"""


@pytest.fixture
def outlet(db: Database, admin: Actor) -> int:
    return create_entity(db, admin, "outlet", "Harbour Times", domains=["harbour.example"]).id


def _record(extra: str = ""):  # type: ignore[no-untyped-def]
    return read_html(PAGE.replace("{extra}", extra), source="harbour.html", url="https://harbour.example/news/1")


def test_the_pages_channels_are_proposed_with_their_line(db: Database, admin: Actor, outlet: int) -> None:
    project = create_project(db, admin, "P")
    import_records(db, admin, project.id, [_record()])
    proposals = list_proposals(db, admin)
    assert [(p.link.channel, p.link.identifier, p.link.evidence_quote) for p in proposals] == [
        ("donation_page", "https://harbour.example/donate/", "Donate https://harbour.example/donate/"),
        ("patreon", "https://www.patreon.com/harbourtimes", "Patreon https://www.patreon.com/harbourtimes"),
        ("paypal", "tips@harbour.example", "PayPal: tips@harbour.example"),
    ]  # the footer's "Support us" block is not proposed: the page names channels
    for proposal in proposals:
        link = proposal.link
        assert (link.recipient, link.status, link.attribution, link.kind) == (
            "Harbour Times", "proposed", "self_declared", "donation_channel")
        assert (link.evidence_start, link.evidence_end, proposal.before, proposal.after) == (None, None, "", "")
        assert link.evidence_document_id is not None and link.evidence_url == "https://harbour.example/news/1"
        assert proposal.document_title == "Harbour reopens"
    event = audit_events(db, "funding_link", proposals[0].link.id)[0]
    assert event.detail == "funding appeal (donation_page) found on the article's page, outside its text"
    # The same page again proposes nothing new, nor does a decision bring the rejected back.
    decide_funding_link(db, admin, proposals[0].link.id, "rejected")
    import_records(db, admin, project.id, [_record()])
    assert [p.link.channel for p in list_proposals(db, admin)] == ["patreon", "paypal"]


def test_the_articles_own_appeals_come_first_with_their_offsets(db: Database, admin: Actor, outlet: int) -> None:
    project = create_project(db, admin, "P")
    record = _record(extra="Readers can send a tip on https://www.patreon.com/harbourtimes today.")
    import_records(db, admin, project.id, [record])
    proposals = list_proposals(db, admin)
    assert [(p.link.channel, p.link.evidence_start is not None) for p in proposals] == [
        ("patreon", True), ("donation_page", False), ("paypal", False)]
    patreon = proposals[0].link
    assert record.text[patreon.evidence_start:patreon.evidence_end] == patreon.identifier


def test_a_page_block_alone_is_proposed_when_nothing_names_a_channel(db: Database, admin: Actor, outlet: int) -> None:
    project = create_project(db, admin, "P")
    doc, _ = add_document(db, admin, project.id, "The harbour reopened on Monday.\n", url="https://harbour.example/n",
                          meta={META_KEY: ["Support Harbour Times\nPlease support us: without your help we cannot go on.",
                                           42, {"forged": True}]})
    (proposal,) = list_proposals(db, admin)
    assert (proposal.link.channel, proposal.link.identifier, proposal.link.evidence_start) == (
        "support_block", "Support Harbour Times", None)
    assert proposal.link.evidence_document_id == doc


def test_setting_the_outlet_later_reads_the_page_too(db: Database, admin: Actor, outlet: int) -> None:
    project = create_project(db, admin, "P")
    other = create_entity(db, admin, "outlet", "Quay Post").id
    doc, _ = add_document(db, admin, project.id, "The harbour reopened on Monday.\n",
                          meta={META_KEY: ["PayPal: tips@quay.example"]})
    assert list_proposals(db, admin) == []
    set_outlet(db, admin, doc, other)
    assert [(p.link.recipient, p.link.identifier) for p in list_proposals(db, admin)] == [("Quay Post", "tips@quay.example")]
