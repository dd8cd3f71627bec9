"""A claim told by three outlets on three days, quoted inside longer sentences, with framing
devices around it: the data of the spread and fact-check tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.registry.entities import create_entity
from annotator.services.registry.funding import FundingIn, create_funding_link
from annotator.services.team.projects import create_project

from ...support.builders import span

CLAIM = "the talks exclude the real opposition"
ARTICLES = [
    # (outlet, date, url, text, framing (quote, label) around the claim)
    ("Gazette", date(2024, 2, 5), "https://gazette.example/a",
     "Diplomats met on Monday. The so-called mediators admit that the talks exclude the real opposition. "
     "Nobody else commented.", [("so-called", "scare_quotes")]),
    ("Wire", date(2024, 2, 3), "https://wire.example/b",
     "Everyone knows the talks exclude the real opposition, a disgraceful farce.\nA new paragraph.",
     [("disgraceful farce", "loaded_language")]),
    ("Wire", None, "https://wire.example/c", "Again: the talks exclude the real opposition.", []),
    ("Sentinel", date(2024, 2, 9), None, "Sentinel says the talks exclude the real opposition. It is a scandal.",
     [("scandal", "loaded_language")]),
]


@dataclass
class Spread:
    project_id: int
    documents: list[int]
    claims: list[int]
    outlets: dict[str, int]


def build(db: Database, lead: Actor) -> Spread:
    project = create_project(db, lead, "Spread")
    outlets = {name: create_entity(db, lead, "outlet", name).id for name in ("Gazette", "Wire", "Sentinel")}
    state = create_entity(db, lead, "state", "Ruritania")
    create_funding_link(db, lead, FundingIn(recipient_id=outlets["Wire"], funder_id=state.id, kind="state_funding",
                                            attribution="third_party", attributed_by="An audit"))
    create_funding_link(db, lead, FundingIn(recipient_id=outlets["Wire"], kind="donation_channel",
                                            attribution="self_declared", channel="paypal"))
    documents, claims = [], []
    for number, (outlet, day, url, text, framing) in enumerate(ARTICLES):
        document_id, _ = add_document(db, lead, project.id, text, title=f"Article {number}", url=url,
                                      published=day, outlet_id=outlets[outlet], external_id=f"art-{number}")
        documents.append(document_id)
        claims.append(span(db, lead, document_id, text, CLAIM, label="claim").id)
        for quote, label in framing:
            span(db, lead, document_id, text, quote, label=label)
    return Spread(project.id, documents, claims, outlets)


def add_namesakes(db: Database, lead: Actor, spread: Spread) -> tuple[int, int, int]:
    """Two more articles of the claim: one whose outlet "Wire" came only with its import (a
    name in its metadata, not the registry's Wire), and one of a second registry outlet
    called "Gazette"; their ids and the second Gazette's."""
    text = f"Wire, in print: {CLAIM}."
    early, _ = add_document(db, lead, spread.project_id, text, title="Print", meta={"outlet": "Wire"},
                            published=date(2024, 1, 20))
    span(db, lead, early, text, CLAIM, label="claim")
    other = create_entity(db, lead, "outlet", "Gazette", country="Elsewhere", same_name=True)
    text = f"The other Gazette: {CLAIM}."
    second, _ = add_document(db, lead, spread.project_id, text, title="Other", outlet_id=other.id)
    span(db, lead, second, text, CLAIM, label="claim")
    return early, second, other.id
