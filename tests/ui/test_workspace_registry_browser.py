"""In a real browser: select a span in the workspace, link it to the document's outlet in the
side panel, and see the outlet's context (funding, ratings, designations) beside the article;
make a registry entity of a selected name; pick a Claim's claimant from the registry."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document, get_document
from annotator.services.annotation.spans import SpanIn, create_annotation, get_annotation
from annotator.services.registry.entities import add_designation, add_rating, create_entity
from annotator.services.registry.funding import FundingIn, create_funding_link
from annotator.services.team.projects import create_project

from ..support.appserver import running_app
from ..support.browser import browser_page, go_to, log_in

PASSWORD = "a long password"


@pytest.mark.browser
def test_link_a_span_to_the_outlet_and_see_its_context(sqlite_db: Database, corpus: Path, tmp_path: Path) -> None:
    user = create_user(sqlite_db, Actor.system(), "ana", PASSWORD, role="admin")
    lead = Actor(user.id, user.username, GlobalRole.ADMIN)
    outlet = create_entity(sqlite_db, lead, "outlet", "SouthFront", domains=["southfront.org"], country="Russia")
    state = create_entity(sqlite_db, lead, "state", "Russian Federation")
    create_funding_link(sqlite_db, lead, FundingIn(recipient_id=outlet.id, funder_id=state.id, kind="state_funding",
                                                   attribution="third_party", attributed_by="GEC report"))
    add_rating(sqlite_db, lead, outlet.id, "Media Bias/Fact Check", "factual reporting", "low")
    add_designation(sqlite_db, lead, outlet.id, "sanction", "SDN list", "US Treasury", designated_on=date(2021, 4, 15))
    project = create_project(sqlite_db, lead, "Study")
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    doc, _ = add_document(sqlite_db, lead, project.id, text, title="Astana", url="https://www.southfront.org/astana/")
    assert get_document(sqlite_db, lead, doc).outlet_id == outlet.id  # from the URL's domain
    start = text.index("so-called")
    span = create_annotation(sqlite_db, lead, doc, SpanIn(start, start + 9, "scare_quotes", "so-called"))
    start = text.index("Astana")
    name = create_annotation(sqlite_db, lead, doc, SpanIn(start, start + 6, "source_attribution", "Astana"))
    start = text.index("Syria")
    claim = create_annotation(sqlite_db, lead, doc, SpanIn(start, start + 5, "claim", "Syria",
                                                           attributes={"claimant": "a Kremlin source"}))

    with running_app(sqlite_db.url, tmp_path) as app, browser_page() as page:
        base = app.url
        from playwright.sync_api import expect

        log_in(page, base, "ana", PASSWORD)
        go_to(page, f"/workspace?doc={doc}")
        highlight = page.locator(f'.anno-hl-seg[data-ids~="{span.id}"]').first
        highlight.wait_for(timeout=30000)
        # The outlet's context is beside the article before anything is selected.
        context = page.locator(".st-key-ws-outlet")
        for line in ("SouthFront", "Russian Federation → state funding (third party: GEC report)",
                     "Media Bias/Fact Check · factual reporting: low", "sanction: SDN list, US Treasury (since 2021-04-15)",
                     "3 proposed funding links await a decision."):  # PayPal, donate page, Patreon
            expect(context).to_contain_text(line, timeout=30000)

        highlight.click()
        page.get_by_text("Links to outlets, organisations, people").wait_for(timeout=30000)
        page.locator("[data-testid=stSelectbox]").filter(has_text="Entity").first.click()
        page.get_by_role("option", name="SouthFront (Outlet) · southfront.org").click()
        page.locator("[data-testid=stSelectbox]").filter(has_text="Role").first.click()
        page.get_by_role("option", name="claimant").click()
        page.get_by_role("button", name="Link", exact=True).click()
        page.get_by_text("SouthFront · claimant").wait_for(timeout=30000)
        page.get_by_text("Linked to SouthFront as claimant.").wait_for(timeout=30000)
        expect(page.locator(".st-key-ws-outlet")).to_contain_text("Media Bias/Fact Check", timeout=30000)
        page.screenshot(path=str(tmp_path / "linked.png"), full_page=True)

        # A name in the article becomes a registry entity linked to its span in one step.
        name_span = page.locator(f'.anno-hl-seg[data-ids~="{name.id}"]').first
        name_span.click()
        key = f".st-key-ws-span-{name.id}-new-entity"
        page.locator(f"{key}-name").wait_for(state="attached", timeout=30000)  # the name's panel is shown
        page.get_by_text("New entity from this name").first.click()
        expect(page.locator(f"{key}-name input")).to_have_value("Astana", timeout=30000)
        for field, option in (("kind", "Organisation"), ("role", "target")):
            box = page.locator(f"{key}-{field}").get_by_role("combobox").first
            box.click()
            page.keyboard.type(option[:3])  # the list narrows to what is typed (a key not taken as a hotkey)
            page.get_by_role("option", name=option, exact=True).click()
            expect(box).to_have_value(option, timeout=30000)
        page.locator(f"{key} button").first.click()
        page.get_by_text("Added Astana (organisation) to the registry").first.wait_for(timeout=30000)
        page.get_by_text("Astana · target").wait_for(timeout=30000)
        for width, height in ((1440, 900), (1280, 720)):
            page.set_viewport_size({"width": width, "height": height})
            page.get_by_text("Astana · target").scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / f"new-entity-{width}.png"))
            shutil.copy(tmp_path / f"new-entity-{width}.png", Path("/tmp") / f"annotator-new-entity-{width}.png")

        # A Claim's claimant picked from the registry with the mouse: the span is linked to the
        # entity in the role claimant; the free text stays.
        page.locator(f'.anno-hl-seg[data-ids~="{claim.id}"]').first.click()
        picker = page.locator(f".st-key-ws-span-{claim.id}-attr-claimant-entity").get_by_role("combobox").first
        picker.wait_for(timeout=30000)
        picker.click()
        page.keyboard.type("Russ")
        page.get_by_role("option", name="Russian Federation (State)", exact=True).click()
        page.get_by_text("Claimant: Russian Federation (state, registry)").wait_for(timeout=30000)
        expect(page.locator(f".st-key-ws-span-{claim.id}-attr-claimant input")).to_have_value("a Kremlin source")
        for width, height in ((1440, 900), (1280, 720)):
            page.set_viewport_size({"width": width, "height": height})
            page.get_by_text("Claimant: Russian Federation (state, registry)").scroll_into_view_if_needed()
            page.screenshot(path=str(Path("/tmp") / f"annotator-claimant-{width}.png"))

    claimed = get_annotation(sqlite_db, lead, claim.id)
    assert [(link.entity_name, link.role) for link in claimed.entities] == [("Russian Federation", "claimant")]
    assert claimed.attributes == {"claimant": "a Kremlin source"}
    links = get_annotation(sqlite_db, lead, span.id).entities
    assert [(link.entity_name, link.role) for link in links] == [("SouthFront", "claimant")]
    [made] = get_annotation(sqlite_db, lead, name.id).entities
    assert (made.entity_name, made.entity_kind, made.role) == ("Astana", "organisation", "target")
