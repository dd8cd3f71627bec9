"""The workspace's registry parts with AppTest: linking the selected span to an entity in a
role and unlinking it, the outlet context beside the article, changing the outlet by hand."""

from __future__ import annotations

from datetime import date

import pytest

from annotator.db import Database
from annotator.errors import Forbidden
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document, get_document
from annotator.services.annotation.spans import SpanIn, create_annotation, get_annotation
from annotator.services.registry.entities import add_rating, create_entity
from annotator.services.registry.entity_links import link_span
from annotator.services.registry.funding import FundingIn, create_funding_link
from annotator.services.team.projects import create_project, set_member
from annotator.ui import state

from ..support.builders import SOUTHFRONT_LIKE
from .workspace_support import (
    PASSWORD,
    event,
    lead_and_annotator,
    log_in,
    new_app,
    open_page,
    send,
    texts,
)

NASTY = "**Bold** <b>Org</b>"


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead, ana = lead_and_annotator(sqlite_db)
    outlet = create_entity(sqlite_db, lead, "outlet", "SouthFront", domains=["southfront.org"])
    other = create_entity(sqlite_db, lead, "organisation", NASTY)
    add_rating(sqlite_db, lead, outlet.id, "NewsGuard", "score", "10/100")
    project = create_project(sqlite_db, lead, "Study")
    set_member(sqlite_db, lead, project.id, "ana", "annotator")
    doc, _ = add_document(sqlite_db, lead, project.id, SOUTHFRONT_LIKE, url="https://southfront.org/a")
    start = SOUTHFRONT_LIKE.index("so-called")
    span = create_annotation(sqlite_db, ana, doc, SpanIn(start, start + 9, "scare_quotes", "so-called"))
    return {"db": sqlite_db, "lead": lead, "ana": ana, "doc": doc, "span": span.id, "outlet": outlet.id, "other": other.id}


def test_link_and_unlink_the_selected_span(setup: dict) -> None:
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(setup["doc"]))
    assert any("NewsGuard · score: 10/100" in t for t in texts(at))  # the outlet's context, before any click
    span_id = setup["span"]
    send(at, event(setup["doc"], "select", span=str(span_id)))
    entity_box = at.selectbox(key=f"ws-span-{span_id}-link-entity")
    assert entity_box.options[0].startswith("SouthFront")  # the document's outlet comes first
    entity_box.select(setup["other"])
    at.selectbox(key=f"ws-span-{span_id}-link-role").select("quoted_source")
    at.button(key=f"ws-span-{span_id}-link").click().run()
    assert not at.exception
    links = get_annotation(setup["db"], setup["ana"], span_id).entities
    assert [(link.entity_name, link.role) for link in links] == [(NASTY, "quoted_source")]
    assert f"{NASTY} · quoted source" in [t.value for t in at.text]  # literally
    at.button(key=f"ws-span-{span_id}-unlink-{links[0].id}").click().run()
    assert not at.exception and get_annotation(setup["db"], setup["ana"], span_id).entities == ()
    # Clicking Link without an entity says so and stores nothing.
    at.button(key=f"ws-span-{span_id}-link").click().run()
    assert any("Pick an entity" in t for t in texts(at))


def test_the_outlet_box_shows_the_amount_share_and_period_of_its_funding(setup: dict) -> None:
    create_funding_link(setup["db"], setup["lead"], FundingIn(
        recipient_id=setup["outlet"], funder_id=setup["other"], kind="ownership", attribution="self_declared",
        amount="10000000", currency="USD", share_percent="51", period_start=date(2015, 6, 1)))
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(setup["doc"]))
    assert any("→ ownership · USD 10,000,000 · 51% share · from 2015-06-01 (self-declared)" in t for t in texts(at))


def test_annotators_see_but_do_not_change_the_outlet(setup: dict) -> None:
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(setup["doc"]))
    assert not [b for b in at.button if b.key and b.key.startswith("ws-outlet-save")]


def test_a_lead_changes_the_outlet(setup: dict) -> None:
    at = open_page(log_in(new_app(), "lead"), "workspace", doc=str(setup["doc"]))
    at.selectbox(key=f"ws-outlet-pick-{setup['doc']}").select_index(0)
    at.button(key=f"ws-outlet-save-{setup['doc']}").click().run()
    assert not at.exception
    assert get_document(setup["db"], setup["lead"], setup["doc"]).outlet_id is None
    assert "No outlet is known for this document." in texts(at)


def test_the_outlet_box_names_funding_keys_as_people_read_them(setup: dict) -> None:
    """One display name per key: the outlet box says "donation channel via donation page", as
    the funding cards do, never `donation_page` or `donation_channel`."""
    create_funding_link(setup["db"], setup["lead"], FundingIn(
        recipient_id=setup["outlet"], kind="donation_channel", attribution="self_declared",
        channel="donation_page", identifier="https://southfront.org/donate"))
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(setup["doc"]))
    shown = texts(at)
    assert any("donation channel via donation page" in t for t in shown)
    assert not [t for t in shown if "donation_page" in t.replace("\\", "") or "donation_channel" in t.replace("\\", "")]


def test_a_selected_name_becomes_a_linked_registry_entity_in_one_step(setup: dict) -> None:
    db, lead = setup["db"], setup["lead"]
    start = SOUTHFRONT_LIKE.index("Astana")
    name = create_annotation(db, lead, setup["doc"], SpanIn(start, start + 6, "scare_quotes", "Astana"))
    start = SOUTHFRONT_LIKE.index("opposition groups")
    next_name = create_annotation(db, lead, setup["doc"], SpanIn(start, start + 17, "scare_quotes", "opposition groups"))
    at = open_page(log_in(new_app(), "lead"), "workspace", doc=str(setup["doc"]))
    send(at, event(setup["doc"], "select", span=str(name.id)))
    assert at.text_input(key=f"ws-span-{name.id}-new-entity-name").value == "Astana"  # prefilled
    assert at.selectbox(key=f"ws-span-{name.id}-new-entity-kind").value == "person"
    at.selectbox(key=f"ws-span-{name.id}-new-entity-kind").select("state")
    at.selectbox(key=f"ws-span-{name.id}-new-entity-role").select("target")
    at.button(key=f"ws-span-{name.id}-new-entity").click().run()
    assert not at.exception
    [link] = get_annotation(db, lead, name.id).entities
    assert (link.entity_name, link.entity_kind, link.role) == ("Astana", "state", "target")
    assert "Astana · target" in [t.value for t in at.text]
    assert any("Added Astana (state) to the registry" in t for t in texts(at))
    # The same again is refused, naming the entity; nothing more is stored.
    at.button(key=f"ws-span-{name.id}-new-entity").click().run()
    assert any("is in the registry already" in t for t in texts(at))
    assert len(get_annotation(db, lead, name.id).entities) == 1
    # The kind picked last is the next span's default.
    send(at, event(setup["doc"], "select", span=str(next_name.id)))
    assert at.text_input(key=f"ws-span-{next_name.id}-new-entity-name").value == "opposition groups"
    assert at.selectbox(key=f"ws-span-{next_name.id}-new-entity-kind").value == "state"


def test_an_annotator_is_told_who_adds_to_the_registry(setup: dict) -> None:
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(setup["doc"]))
    send(at, event(setup["doc"], "select", span=str(setup["span"])))
    assert any("Only curators and admins add to the registry" in t for t in texts(at))
    assert not [b for b in at.button if b.key and b.key.endswith("-new-entity")]


def test_the_claimant_is_picked_from_the_registry_or_typed(setup: dict) -> None:
    """A Claim's claimant field: picking a registry entity links the span to it in the role
    claimant (the one place it is stored), shown as the claimant; the free text stays for a
    claimant the registry does not hold; Unlink there removes the link."""
    db, ana = setup["db"], setup["ana"]
    start = SOUTHFRONT_LIKE.index("opposition groups")
    claim = create_annotation(db, ana, setup["doc"], SpanIn(start, start + 17, "claim", "opposition groups",
                                                             attributes={"claimant": "the rebels' spokesman"}))
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(setup["doc"]))
    send(at, event(setup["doc"], "select", span=str(claim.id)))
    picker = at.selectbox(key=f"ws-span-{claim.id}-attr-claimant-entity")
    assert picker.value is None and picker.options[0].startswith("SouthFront")  # the outlet first
    picker.select(setup["other"]).run()
    assert not at.exception
    stored = get_annotation(db, ana, claim.id)
    assert [(link.entity_id, link.role) for link in stored.entities] == [(setup["other"], "claimant")]
    assert stored.attributes == {"claimant": "the rebels' spokesman"}  # the free text is kept as it was
    assert stored.version == claim.version  # a link is not an edit of the span
    assert f"Claimant: {NASTY} (organisation, registry)" in [t.value for t in at.text]  # literally
    assert f"{NASTY} · claimant" in [t.value for t in at.text]  # the same link in the Links section
    picker = at.selectbox(key=f"ws-span-{claim.id}-attr-claimant-entity")
    assert picker.value is None and not [o for o in picker.options if o.startswith("**Bold**")]
    assert at.text_input(key=f"ws-span-{claim.id}-attr-claimant").value == "the rebels' spokesman"
    [link] = stored.entities
    at.button(key=f"ws-span-{claim.id}-attr-claimant-unlink-{link.id}").click().run()
    assert not at.exception and get_annotation(db, ana, claim.id).entities == ()
    assert any("is no longer the claimant" in t for t in texts(at))


def test_another_annotator_cannot_pick_a_claimant_for_my_claim(setup: dict) -> None:
    """The link service refuses it (the panel is read-only for others' spans, but the check
    is the service's)."""
    db, lead, ana = setup["db"], setup["lead"], setup["ana"]
    start = SOUTHFRONT_LIKE.index("opposition groups")
    claim = create_annotation(db, ana, setup["doc"], SpanIn(start, start + 17, "claim", "opposition groups"))
    bob_view = create_user(db, Actor.system(), "bob", PASSWORD)
    set_member(db, lead, get_document(db, lead, setup["doc"]).project_id, "bob", "annotator")
    with pytest.raises(Forbidden):
        link_span(db, Actor(bob_view.id, "bob", GlobalRole.ANNOTATOR), claim.id, setup["outlet"], "claimant")
    assert get_annotation(db, ana, claim.id).entities == ()
    at = open_page(log_in(new_app(), "bob"), "workspace", doc=str(setup["doc"]))
    at.toggle(key=state.SHOW_OTHERS).set_value(True).run()
    send(at, event(setup["doc"], "select", span=str(claim.id)))
    assert at.text_input(key=f"ws-span-{claim.id}-attr-claimant").disabled  # bob sees the claim, read-only
    assert not [s for s in at.selectbox if s.key == f"ws-span-{claim.id}-attr-claimant-entity"]
