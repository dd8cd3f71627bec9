"""The Claims page with AppTest: a lead proposes groups, opens one, confirms it, gives it a
verdict, splits and merges, adds a fact-check and accepts a proposed one, and what was stored
is checked through the services; an annotator sees the groups without the lead's forms;
user text is shown literally."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.claims.factchecks import (
    import_fact_checks,
    list_fact_checks,
    list_proposals,
)
from annotator.services.claims.listing import claim_memberships, list_groups
from annotator.services.claims.proposing import propose_project_groups
from annotator.ui.text import md_escape

from ..claims.gold import tuning_claims
from ..conftest import make_user
from ..services.claims.helpers import claims_project
from ..services.claims.spread_data import add_namesakes, build
from ..support.builders import add_member

TOPICS = ("talks-exclude-opposition", "talks-do-not-exclude", "vaccine-alters-dna")


def _page() -> None:
    from annotator.ui.pages import claims

    claims.render()


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    claims = tuning_claims(TOPICS)
    project_id, spans = claims_project(sqlite_db, lead, claims)
    return {"db": sqlite_db, "lead": lead, "project": project_id, "spans": spans}


def _app(actor: Actor) -> AppTest:
    app = AppTest.from_function(_page, default_timeout=60)
    app.session_state["actor"] = actor
    return app


def _form(app: AppTest, form_id: str):  # noqa: ANN202 (AppTest's Block)
    return next(f for f in app.get("form") if f.proto.form.form_id == form_id)


def _group_of(setup: dict, claim: str) -> int:
    by_span = {m.annotation_id: m.group_id for m in claim_memberships(setup["db"], setup["lead"], setup["project"])}
    group = by_span[setup["spans"][claim]]
    assert group is not None
    return group


def test_a_lead_proposes_groups_and_decides_one(setup: dict) -> None:
    db, lead, project_id = setup["db"], setup["lead"], setup["project"]
    app = _app(lead)
    app.run()
    assert not app.exception
    assert any("No claim groups yet" in i.value for i in app.info)
    app.button(key="claims_propose").click().run()
    assert not app.exception
    groups = list_groups(db, lead, project_id)
    assert len(groups) >= len(TOPICS)
    assert any("claims placed" in s.value for s in app.success)
    assert len(app.dataframe[0].value) == len(groups)

    target = _group_of(setup, "talks-exclude-opposition/0")
    app.selectbox(key="claims_group").select(target).run()
    assert not app.exception
    assert app.query_params["claim"] == [str(target)] or app.query_params["claim"] == str(target)
    app.button(key=f"claims_confirm_{target}").click().run()
    assert next(g for g in list_groups(db, lead, project_id) if g.id == target).status == "confirmed"

    form = _form(app, f"claims_edit_{target}")
    form.text_input[0].input("The talks exclude the real opposition")
    form.selectbox[0].select("false")
    form.text_area[0].input("**seen** in six outlets")
    form.checkbox[0].check()
    form.form_submit_button[0].click()
    app.run()
    assert not app.exception
    saved = next(g for g in list_groups(db, lead, project_id) if g.id == target)
    assert (saved.canonical, saved.verdict, saved.notes, saved.closed) == (
        "The talks exclude the real opposition", "false", "**seen** in six outlets", True)
    assert "**seen** in six outlets" in [t.value for t in app.text]  # literally

    # Split one occurrence off, then merge it back.
    moving = setup["spans"]["talks-exclude-opposition/1"]
    assert _group_of(setup, "talks-exclude-opposition/1") == target
    app.multiselect(key=f"claims_split_pick_{target}").select(moving)
    _form(app, f"claims_split_{target}").form_submit_button[0].click()
    app.run()
    assert not app.exception
    split_off = _group_of(setup, "talks-exclude-opposition/1")
    assert split_off != target
    app.selectbox(key="claims_group").select(target).run()
    app.multiselect(key=f"claims_merge_pick_{target}").select(split_off)
    _form(app, f"claims_merge_{target}").form_submit_button[0].click()
    app.run()
    assert not app.exception
    assert _group_of(setup, "talks-exclude-opposition/1") == target
    assert split_off not in {g.id for g in list_groups(db, lead, project_id)}


def test_fact_checks_on_a_group(setup: dict) -> None:
    db, lead, project_id = setup["db"], setup["lead"], setup["project"]
    propose_project_groups(db, lead, project_id, embeddings="off")
    target = _group_of(setup, "vaccine-alters-dna/0")
    review = {"@type": "ClaimReview", "url": "https://checker.example/dna",
              "claimReviewed": "The vaccine alters your DNA", "reviewRating": {"alternateName": "False"},
              "author": {"@type": "Organization", "name": "Checker"}}
    import_fact_checks(db, lead, project_id, json.dumps(review), source="checks.json", embeddings="off")
    proposal = next(p for p in list_proposals(db, lead, project_id) if p.group_id == target)
    app = _app(lead)
    app.run()
    app.selectbox(key="claims_group").select(target).run()
    assert not app.exception
    app.button(key=f"claims_accept_{proposal.id}").click().run()
    assert not app.exception
    assert [f.group_id for f in list_fact_checks(db, lead, project_id)] == [target]
    assert list(app.dataframe[1].value["Publisher"]) == ["Checker"]

    form = _form(app, f"claims_add_check_{target}")
    fields = {t.label: t for t in form.text_input}
    fields["URL"].input("https://second.example/1")
    fields["Publisher"].input("Second <b>checker</b>")
    fields["Rating"].input("Misleading")
    form.form_submit_button[0].click()
    app.run()
    assert not app.exception
    checks = list_fact_checks(db, lead, project_id)
    assert [(c.publisher, c.rating, c.group_id) for c in checks][-1] == ("Second <b>checker</b>", "Misleading", target)
    assert md_escape("Fact-check added.") in [s.value for s in app.success]


def test_an_annotator_sees_the_groups_without_the_forms(setup: dict) -> None:
    db, lead, project_id = setup["db"], setup["lead"], setup["project"]
    propose_project_groups(db, lead, project_id, embeddings="off")
    annotator = make_user(db, "ann")
    add_member(db, lead, project_id, annotator)
    app = _app(annotator)
    app.run()
    assert not app.exception
    assert len(app.dataframe[0].value) == len(list_groups(db, annotator, project_id))
    keys = {b.key for b in app.button}
    assert "claims_propose" not in keys and not any(str(k).startswith("claims_confirm") for k in keys)
    assert not [f for f in app.get("form") if f.proto.form.form_id.startswith(("claims_edit", "claims_split"))]


def test_filters_narrow_the_list(setup: dict) -> None:
    db, lead, project_id = setup["db"], setup["lead"], setup["project"]
    propose_project_groups(db, lead, project_id, embeddings="off")
    app = _app(lead)
    app.run()
    everything = len(app.dataframe[0].value)
    app.text_input(key="claims_search").input("vaccine").run()
    assert not app.exception
    shown = list(app.dataframe[0].value["Claim"])
    assert 0 < len(shown) < everything and all("vaccine" in c.lower() or "dna" in c.lower() for c in shown)
    app.text_input(key="claims_search").input("no such words anywhere").run()
    assert any("No claim group matches" in i.value for i in app.info)


def test_each_outlet_of_a_spread_is_its_own_card(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outlets are told apart by what they are, not by their name: an earlier article whose
    outlet "Wire" came only with its import (not matched to the registry) does not hide the
    registry's Wire and its funding, and two registry outlets called "Gazette" are two cards."""
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    data = build(sqlite_db, lead)
    *_, other_gazette_id = add_namesakes(sqlite_db, lead, data)
    propose_project_groups(sqlite_db, lead, data.project_id, embeddings="off")
    (group,) = list_groups(sqlite_db, lead, data.project_id)
    app = _app(lead)
    app.run()
    app.selectbox(key="claims_group").select(group.id).run()
    assert not app.exception
    cards = {str(c.key): c for c in app.get("flex_container") if str(getattr(c, "key", "")).startswith("claims_")}
    keys = [k for k in cards if k.startswith(("claims_outlet_", "claims_unlisted_"))]
    assert sorted(keys) == sorted([f"claims_outlet_{data.outlets['Gazette']}", f"claims_outlet_{other_gazette_id}",
                                   f"claims_outlet_{data.outlets['Wire']}", f"claims_outlet_{data.outlets['Sentinel']}",
                                   "claims_unlisted_0"]), keys
    wire_text = " ".join(str(t.value) for t in cards[f"claims_outlet_{data.outlets['Wire']}"].text)
    assert "funded by Ruritania" in wire_text
    unlisted = " ".join(str(t.value) for t in cards["claims_unlisted_0"].text)
    assert "Not in the registry" in unlisted
