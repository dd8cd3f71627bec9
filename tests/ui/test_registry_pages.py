"""The registry pages with AppTest: the list, the entity page with its sections and forms,
accepting and rejecting funding proposals, the Funding network page; user text shown literally."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.registry.entities import (
    add_designation,
    add_rating,
    create_entity,
    list_entities,
)
from annotator.services.registry.funding import FundingIn, create_funding_link, list_funding_links
from annotator.services.registry.funding_proposals import list_proposals
from annotator.services.team.projects import create_project
from annotator.ui.text import md_escape

from ..support.builders import add_member

NASTY = "**Bold** <script>alert(1)</script>"


def _page(module: str) -> None:
    import importlib

    importlib.import_module(f"annotator.ui.pages.{module}").render()


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch, corpus: Path) -> dict:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    user = create_user(sqlite_db, Actor.system(), "ana", "a long password", role="admin")
    lead = Actor(user.id, user.username, GlobalRole.ADMIN)
    sf = create_entity(sqlite_db, lead, "outlet", "SouthFront", domains=["southfront.org"], country="Russia")
    state = create_entity(sqlite_db, lead, "state", NASTY)
    create_funding_link(sqlite_db, lead, FundingIn(recipient_id=sf.id, funder_id=state.id, kind="state_funding",
                                                   attribution="third_party", attributed_by="A report", confidence=0.6))
    add_rating(sqlite_db, lead, sf.id, "Media Bias/Fact Check", "factual reporting", "low", rated_on=date(2023, 1, 1))
    add_designation(sqlite_db, lead, sf.id, "sanction", "SDN list", "US Treasury", designated_on=date(2021, 4, 15))
    project = create_project(sqlite_db, lead, "Study")
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    add_document(sqlite_db, lead, project.id, text, title="Astana", url="https://southfront.org/astana/")
    return {"db": sqlite_db, "lead": lead, "sf": sf.id, "state": state.id, "project": project.id}


def _app(module: str, actor: Actor) -> AppTest:
    app = AppTest.from_function(_page, args=(module,), default_timeout=30)
    app.session_state["actor"] = actor
    return app


def test_registry_list_search_and_add(setup: dict) -> None:
    app = _app("registry", setup["lead"])
    app.run()
    assert not app.exception
    frame = app.dataframe[0].value
    assert list(frame["Name"]) == [NASTY, "SouthFront"]  # literally, in a dataframe
    app.text_input(key="registry_search").input("southfront.ORG").run()
    assert list(app.dataframe[0].value["Name"]) == ["SouthFront"]
    form = app.get("form")[0]
    form.text_input[0].input("RT")
    form.text_input[2].input("rt.com  russian.rt.com")
    form.form_submit_button[0].click()
    app.run()
    assert not app.exception
    assert [e.domains for e in list_entities(setup["db"], setup["lead"], kind="outlet")] == [("rt.com", "russian.rt.com"), ("southfront.org",)]
    assert md_escape("Added RT.") in [s.value for s in app.success]


def test_a_second_entry_of_a_name_is_refused_naming_the_checkbox(setup: dict) -> None:
    app = _app("registry", setup["lead"])
    app.run()
    form = app.get("form")[0]
    form.text_input[0].input("southfront")
    form.form_submit_button[0].click()
    app.run()
    assert not app.exception
    assert [e.value for e in app.error] == [md_escape(
        f"SouthFront (outlet) is in the registry already (id {setup['sf']}); open it, or tick “Another entry of "
        "this name” to add a second one")]


def test_registry_forms_are_for_editors_only(setup: dict) -> None:
    user = create_user(setup["db"], Actor.system(), "ann", "a long password")
    annotator = Actor(user.id, user.username, GlobalRole.ANNOTATOR)
    add_member(setup["db"], setup["lead"], setup["project"], annotator)
    app = _app("registry", annotator)
    app.run()
    assert not app.exception and len(app.dataframe[0].value) == 2
    assert not app.get("form") and not app.file_uploader


def test_entity_page_shows_funding_ratings_designations_and_documents(setup: dict) -> None:
    app = _app("entity", setup["lead"])
    app.query_params["entity"] = str(setup["sf"])
    app.run()
    assert not app.exception
    assert app.header[0].value == "SouthFront"
    received = app.dataframe[0].value
    assert list(received["From"]) == [NASTY, "(the public)", "(the public)", "(the public)"]
    assert list(received["Status"]) == ["accepted", "proposed", "proposed", "proposed"]
    assert list(received["Who says so"])[0] == "third party: A report"
    values = [frame.value for frame in app.dataframe]
    assert any("Media Bias/Fact Check" in list(v.get("Provider", [])) for v in values)
    assert any("US Treasury" in list(v.get("Issuer", [])) for v in values)
    assert any("Astana" in list(v.get("Title", [])) for v in values)


def _funding_form(app: AppTest) -> Any:
    return next(form for form in app.get("form") if form.proto.form.form_id == "funding_add")


def test_entity_page_records_and_shows_amount_currency_and_period(setup: dict) -> None:
    app = _app("entity", setup["lead"])
    app.query_params["entity"] = str(setup["sf"])
    app.run()

    def record_grant(amount: str) -> None:
        form = _funding_form(app)
        next(s for s in form.selectbox if s.label == "Funder").select(setup["state"])
        next(s for s in form.selectbox if s.label == "Kind").select("grant")
        app.text_input(key="funding_amount").input(amount)
        app.selectbox(key="funding_currency").select("USD")
        app.date_input(key="funding_period_start").set_value(date(2019, 1, 1))
        app.date_input(key="funding_period_end").set_value(date(2021, 12, 31))
        form.form_submit_button[0].click()
        app.run()

    record_grant("1,5 Mio")
    assert not app.exception
    assert any("no thousands separators" in e.value for e in app.error)  # the service's words, shown
    assert len(list_funding_links(setup["db"], setup["lead"], entity_id=setup["state"])) == 1  # nothing written
    record_grant("150000")
    assert not app.exception and md_escape("Funding link recorded.") in [s.value for s in app.success]
    received = app.dataframe[0].value
    assert "USD 150,000 · 2019-01-01 to 2021-12-31" in list(received["Amount and period"])
    assert "" in list(received["Amount and period"])  # the links without an amount


def test_entity_page_edits_and_merges(setup: dict) -> None:
    db, lead = setup["db"], setup["lead"]
    dup = create_entity(db, lead, "outlet", "South Front", domains=["southfront.press"])
    app = _app("entity", lead)
    app.query_params["entity"] = str(setup["sf"])
    app.run()
    app.text_input(key="domain_new").input("WWW.southfront.info")
    app.button(key="domain_add").click().run()
    assert not app.exception and md_escape("Domain added.") in [s.value for s in app.success]
    app.selectbox(key="merge_pick").select(dup.id).run()
    assert app.button(key="merge").disabled  # not before "Yes, merge it"
    app.checkbox(key="merge_sure").check().run()
    app.button(key="merge").click().run()
    assert not app.exception
    assert any(s.value.startswith(md_escape("Merged: 1 domains")) for s in app.success)
    assert app.caption[0].value.endswith(md_escape("southfront.info southfront.org southfront.press"))


def test_entity_page_for_a_nasty_name_shows_it_literally(setup: dict) -> None:
    app = _app("entity", setup["lead"])
    app.query_params["entity"] = str(setup["state"])
    app.run()
    assert not app.exception
    assert app.header[0].value != NASTY and "\\*\\*Bold\\*\\*" in app.header[0].value
    assert list(app.dataframe[0].value["To"]) == ["SouthFront"]  # funding given; none received


def test_accept_and_reject_proposals(setup: dict) -> None:
    db, lead = setup["db"], setup["lead"]
    proposals = {p.link.channel: p.link for p in list_proposals(db, lead)}
    assert set(proposals) == {"paypal", "donation_page", "patreon"}
    app = _app("proposals", lead)
    app.run()
    assert not app.exception
    assert "southfront@list.ru" in [c.value for c in app.code]
    assert any("[southfront@list.ru]" in t.value for t in app.text)  # the passage, evidence in brackets
    paypal, page = proposals["paypal"].id, proposals["donation_page"].id
    app.button(key=f"accept-{paypal}").click().run()
    assert not app.exception
    app.text_input(key=f"proposal-note-{page}").input("a page, not a channel")
    app.button(key=f"reject-{page}").click().run()
    assert not app.exception
    left = {p.link.channel for p in list_proposals(db, lead)}
    assert left == {"patreon"}
    rejected = list_proposals(db, lead, status="rejected")
    assert [(p.link.channel, p.link.note, p.link.decided_by) for p in rejected] == [("donation_page", "a page, not a channel", "ana")]
    accepted = list_proposals(db, lead, status="accepted")
    assert [p.link.channel for p in accepted] == ["paypal"]


def test_a_proposal_from_the_page_shows_its_line_not_offsets(setup: dict) -> None:
    """A channel found on the article's page, outside its text, is shown with the page's line
    and said to be outside the article (it has no characters to name)."""
    from annotator.ingest.page_appeals import META_KEY

    db, lead = setup["db"], setup["lead"]
    add_document(db, lead, setup["project"], "Short news of the day.\n", title="Day",
                 url="https://southfront.org/day/", meta={META_KEY: ["Tip jar: https://ko-fi.com/southfront"]})
    (kofi,) = [p.link for p in list_proposals(db, lead) if p.link.channel == "kofi"]
    app = _app("proposals", lead)
    app.run()
    assert not app.exception
    captions = [c.value for c in app.caption]
    assert any("outside the article" in c and "Day" in c for c in captions)
    assert not any("None" in c for c in captions)
    assert "Tip jar: https://ko-fi.com/southfront" in [t.value for t in app.text]
    app.button(key=f"accept-{kofi.id}").click().run()
    assert [p.link.channel for p in list_proposals(db, lead, status="accepted")] == ["kofi"]


def test_two_decisions_in_one_run_both_count(setup: dict) -> None:
    """Clicks on two cards that reach the server together (a second Accept right after a
    decision) each act on their own proposal: neither is dropped."""
    db, lead = setup["db"], setup["lead"]
    proposals = {p.link.channel: p.link.id for p in list_proposals(db, lead)}
    app = _app("proposals", lead)
    app.run()
    app.button(key=f"accept-{proposals['paypal']}").click()
    app.button(key=f"accept-{proposals['donation_page']}").click()
    app.run()
    assert not app.exception
    accepted = {p.link.channel for p in list_proposals(db, lead, status="accepted")}
    assert accepted == {"paypal", "donation_page"}
    assert {p.link.channel for p in list_proposals(db, lead)} == {"patreon"}


def test_messages_and_cards_show_display_names_not_keys(setup: dict) -> None:
    """One display name per key: the card, the message after a decision and the status say
    "donation page", never `donation_page`."""
    db, lead = setup["db"], setup["lead"]
    page = next(p.link.id for p in list_proposals(db, lead) if p.link.channel == "donation_page")
    app = _app("proposals", lead)
    app.run()
    app.button(key=f"accept-{page}").click().run()
    assert not app.exception
    said = [m.value.replace("\\", "") for m in app.success]
    assert said and all("donation page" in text and "donation_page" not in text for text in said)
    app.segmented_control(key="proposals_status").set_value("accepted").run()
    shown = [m.value for m in [*app.markdown, *app.success, *app.caption, *app.text]]
    assert not [text for text in shown if "donation_page" in text.replace("\\", "")]


def test_annotators_see_proposals_without_buttons(setup: dict) -> None:
    user = create_user(setup["db"], Actor.system(), "ann", "a long password")
    annotator = Actor(user.id, user.username, GlobalRole.ANNOTATOR)
    app = _app("proposals", annotator)
    app.run()
    assert not app.exception and len(app.code) == 3 and not app.button


def test_funding_network_page_draws_both_figures(setup: dict) -> None:
    app = _app("network", setup["lead"])
    app.run()
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1  # no spans yet: only the network
    assert any("No annotated spans" in i.value for i in app.info)


def test_registry_page_offers_both_downloads(setup: dict) -> None:
    """One download per registry format, labelled by the format (registry/files.py)."""
    app = _app("registry", setup["lead"])
    app.run()
    assert not app.exception
    downloads = {b.proto.label: b.proto for b in app.get("download_button")}
    assert sorted(downloads) == ["Download CSV tables (.zip)", "Download JSON"]
    assert app.get("file_uploader")  # an editor may import


def test_the_entity_page_of_an_empty_registry_leads_to_the_registry(sqlite_db: Database,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    user = create_user(sqlite_db, Actor.system(), "ana", "a long password", role="admin")
    app = _app("entity", Actor(user.id, user.username, GlobalRole.ADMIN)).run()
    assert not app.exception
    assert [h.value for h in app.header] == ["Entity"]
    assert "The registry is empty" in app.markdown[0].value
    assert [link.proto.label for link in app.get("page_link")] == ["Open the Registry"]
