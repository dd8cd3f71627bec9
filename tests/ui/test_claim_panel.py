"""The side panel's claim group section (annotator/ui/claim_panel.py) with AppTest: a new Claim
span sees the similar groups with their verdicts, links to one in one click, is shown in it
with a link to the spread, leaves it again; someone else's span offers no link."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import SpanIn, create_annotation
from annotator.services.claims.decisions import update_group
from annotator.services.claims.listing import claim_memberships
from annotator.services.claims.proposing import propose_project_groups
from annotator.ui.text import md_escape

from ..claims.gold import tuning_claims
from ..conftest import make_user
from ..services.claims.helpers import claims_project
from ..support.builders import add_member

TOPICS = ("talks-exclude-opposition", "vaccine-alters-dna")
NEW = "Critics insist the Geneva talks shut out the real opposition."


def _panel(project_id: int, annotation_id: int) -> None:
    import streamlit as st

    from annotator.ui.claim_panel import claim_section
    from annotator.ui.resources import get_db

    claim_section(get_db(), st.session_state["actor"], project_id, annotation_id)


def _key(project_id: int, annotation_id: int) -> None:
    """What Shift+L does in the workspace (keys.link_claim), then the flashed message."""
    import streamlit as st

    from annotator.ui.claim_panel import link_nearest
    from annotator.ui.feedback import show_flash
    from annotator.ui.resources import get_db

    link_nearest(get_db(), st.session_state["actor"], annotation_id)
    show_flash()


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    claims = tuning_claims(TOPICS)
    project_id, spans = claims_project(sqlite_db, lead, claims)
    propose_project_groups(sqlite_db, lead, project_id, embeddings="off")
    groups = {m.annotation_id: m.group_id for m in claim_memberships(sqlite_db, lead, project_id)}
    talks = groups[spans["talks-exclude-opposition/0"]]
    assert talks is not None
    update_group(sqlite_db, lead, talks, verdict="false")
    text = f"A new report.\n{NEW}\n"
    document_id, _ = add_document(sqlite_db, lead, project_id, text, title="New report")
    start = text.index(NEW)
    span = create_annotation(sqlite_db, lead, document_id, SpanIn(start, start + len(NEW), "claim", NEW))
    return {"db": sqlite_db, "lead": lead, "project": project_id, "span": span.id, "talks": talks,
            "document": document_id, "text": text}


def _app(setup: dict, actor: Actor) -> AppTest:
    app = AppTest.from_function(_panel, args=(setup["project"], setup["span"]), default_timeout=60)
    app.session_state["actor"] = actor
    return app


def _group_of(setup: dict) -> int | None:
    return {m.annotation_id: m.group_id for m in claim_memberships(setup["db"], setup["lead"], setup["project"])}.get(
        setup["span"])


def test_link_a_new_claim_to_a_suggested_group_and_leave_it(setup: dict) -> None:
    app = _app(setup, setup["lead"])
    app.run()
    assert not app.exception
    assert "In no group yet." in [c.value for c in app.caption]
    first = app.markdown[0].value
    assert md_escape("verdict: false") in first  # the closest group is the talks group, with its verdict
    app.button(key=f"claim_link_{setup['span']}_{setup['talks']}").click().run()
    assert not app.exception
    assert _group_of(setup) == setup["talks"]
    assert "Take out of group" in [b.label for b in app.button]
    assert [p.proto.query_string for p in app.get("page_link")] == [f"claim={setup['talks']}&project={setup['project']}"]
    app.button(key=f"claim_unlink_{setup['span']}").click().run()
    assert not app.exception
    assert _group_of(setup) is None
    app.button(key=f"claim_new_{setup['span']}").click().run()
    assert _group_of(setup) not in (None, setup["talks"])


def test_someone_elses_span_offers_no_link(setup: dict) -> None:
    annotator = make_user(setup["db"], "ann")
    add_member(setup["db"], setup["lead"], setup["project"], annotator)
    app = _app(setup, annotator)
    app.run()
    assert not app.exception
    assert app.markdown  # the suggestions are shown
    assert not [b for b in app.button if str(b.key).startswith(("claim_link_", "claim_new_"))]


def test_the_key_links_to_the_most_similar_group(setup: dict) -> None:
    app = AppTest.from_function(_key, args=(setup["project"], setup["span"]), default_timeout=60)
    app.session_state["actor"] = setup["lead"]
    app.run()
    assert not app.exception
    assert _group_of(setup) == setup["talks"]
    assert any("Linked to" in s.value for s in app.success)


def test_the_key_on_a_span_that_is_no_claim_says_why(setup: dict) -> None:
    db, lead = setup["db"], setup["lead"]
    start = setup["text"].index("new report")
    other = create_annotation(db, lead, setup["document"], SpanIn(start, start + 10, "loaded_language", "new report"))
    app = AppTest.from_function(_key, args=(setup["project"], other.id), default_timeout=60)
    app.session_state["actor"] = lead
    app.run()
    assert not app.exception
    assert any("is not a Claim" in e.value for e in app.error)
    assert other.id not in {m.annotation_id for m in claim_memberships(db, lead, setup["project"])}
