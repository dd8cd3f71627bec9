"""Who may do what with claim groups, and what a blind project hides: an annotator sees their
own spans' memberships, and beyond them only confirmed groups; they link only their own spans;
leads run, confirm, split and merge. Refusals are audited. Both backends."""

from __future__ import annotations

import io
import json

import pytest

from annotator.db import Database
from annotator.errors import Forbidden, NotFound
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.claims.decisions import confirm_group, update_group
from annotator.services.claims.linking import link_span, start_group, unlink_span
from annotator.services.claims.listing import claim_memberships, list_groups
from annotator.services.claims.nearest import span_claims
from annotator.services.claims.proposing import propose_project_groups
from annotator.services.claims.spread import group_spread
from annotator.services.exchange.exports import export_to_stream
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.audit import audit_events
from ...support.builders import add_member, span

TALKS = [
    "The Geneva talks exclude the real opposition.",
    "The so-called peace talks in Geneva exclude the real opposition, the foreign ministry said.",
    "The real opposition is excluded from the talks in Geneva.",
    "\"The talks exclude the real opposition,\" a spokesman told reporters in Geneva.",
    "By excluding the real opposition, the Geneva talks have no legitimacy, the council argued.",
]
VACCINE = ["The new vaccine alters human DNA.", "The vaccine permanently alters the DNA of everyone who gets it."]


def _claim(db: Database, lead: Actor, author: Actor, project_id: int, text: str) -> int:
    body = f"Dispatch.\n{text}\nEnd of dispatch."
    document_id, _ = add_document(db, lead, project_id, body, title=text[:20])
    return span(db, author, document_id, body, text, label="claim").id


@pytest.fixture
def blind(db: Database, admin: Actor) -> tuple[Database, Actor, Actor, Actor, int, dict[str, int]]:
    project = create_project(db, admin, "Blind", blind=True)
    ann1, ann2 = make_user(db, "ann1"), make_user(db, "ann2")
    add_member(db, admin, project.id, ann1)
    add_member(db, admin, project.id, ann2)
    spans = {f"t{n}": _claim(db, admin, ann1 if n < 3 else ann2, project.id, text) for n, text in enumerate(TALKS)}
    spans["v0"] = _claim(db, admin, ann2, project.id, VACCINE[0])
    propose_project_groups(db, admin, project.id, embeddings="off")
    return db, admin, ann1, ann2, project.id, spans


def _group(db: Database, actor: Actor, project_id: int, annotation_id: int) -> int | None:
    return {m.annotation_id: m.group_id for m in claim_memberships(db, actor, project_id)}[annotation_id]


def test_an_annotator_of_a_blind_project_sees_their_own_memberships(blind) -> None:  # type: ignore[no-untyped-def]
    db, lead, ann1, ann2, project_id, spans = blind
    talks = _group(db, lead, project_id, spans["t0"])
    vaccine = _group(db, lead, project_id, spans["v0"])
    assert talks == _group(db, lead, project_id, spans["t4"]) and vaccine != talks
    mine = {v.id: v for v in list_groups(db, ann1, project_id)}
    assert list(mine) == [talks] and mine[talks].occurrences == 3  # not ann2's two, not ann2's vaccine group
    assert {m.annotation_id for m in claim_memberships(db, ann1, project_id)} == {spans["t0"], spans["t1"], spans["t2"]}
    spread = group_spread(db, ann1, talks)
    assert {o.annotation_id for o in spread.occurrences} == {spans["t0"], spans["t1"], spans["t2"]}
    assert {o.annotator for o in spread.occurrences} == {"ann1"}
    with pytest.raises(NotFound):
        group_spread(db, ann1, vaccine)  # a proposed group of someone else's spans: not even its name
    assert group_spread(db, lead, talks).group.occurrences == 5

    # Once a lead confirms it, the group is part of the project's catalogue: visible, empty for ann1.
    confirm_group(db, lead, vaccine)
    update_group(db, lead, vaccine, canonical="The vaccine alters DNA", verdict="false")
    seen = {v.id: v for v in list_groups(db, ann1, project_id)}
    assert seen[vaccine].occurrences == 0 and seen[vaccine].verdict == "false"
    assert group_spread(db, ann1, vaccine).occurrences == ()


def test_suggestions_in_a_blind_project_come_from_what_the_annotator_may_see(blind) -> None:  # type: ignore[no-untyped-def]
    db, lead, ann1, ann2, project_id, spans = blind
    vaccine = _group(db, lead, project_id, spans["v0"])
    mine = _claim(db, lead, ann1, project_id, VACCINE[1])
    assert vaccine not in {s.group_id for s in span_claims(db, ann1, mine, embeddings="off").suggestions}
    with pytest.raises(NotFound):
        link_span(db, ann1, mine, vaccine)
    confirm_group(db, lead, vaccine)
    found = span_claims(db, ann1, mine, embeddings="off")
    assert found.group is None and found.can_link
    assert found.suggestions[0].group_id == vaccine and found.suggestions[0].score > 0.3
    assert found.suggestions[0].occurrences == 0  # ann2's span is not counted for ann1
    linked = link_span(db, ann1, mine, vaccine, score=found.suggestions[0].score)
    assert linked.occurrences == 1
    after = span_claims(db, ann1, mine, embeddings="off")
    assert after.group is not None and after.group.id == vaccine
    assert vaccine not in {s.group_id for s in after.suggestions}


def test_annotators_link_only_their_own_spans_and_leads_run(blind) -> None:  # type: ignore[no-untyped-def]
    db, lead, ann1, ann2, project_id, spans = blind
    talks = _group(db, lead, project_id, spans["t0"])
    with pytest.raises(Forbidden):
        link_span(db, ann1, spans["t3"], talks)  # ann2's span, in a blind project: not even visible
    with pytest.raises(Forbidden):
        propose_project_groups(db, ann1, project_id, embeddings="off")
    with pytest.raises(Forbidden):
        confirm_group(db, ann1, talks)
    refused = [e for e in audit_events(db, "annotation", spans["t3"]) if e.action == "forbidden"]
    assert refused and refused[0].user_id == ann1.user_id
    assert [e.action for e in audit_events(db, "project", project_id) if e.action == "forbidden"]
    # Their own: out of the group and into a new one, by their own hand.
    assert unlink_span(db, ann1, spans["t0"]) == talks
    started = start_group(db, ann1, spans["t0"])
    assert started.status == "proposed" and started.canonical == TALKS[0]
    assert _group(db, lead, project_id, spans["t0"]) == started.id


def test_in_an_open_project_annotators_see_all_but_change_their_own(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Open")
    ann1, ann2 = make_user(db, "ann1"), make_user(db, "ann2")
    add_member(db, admin, project.id, ann1)
    add_member(db, admin, project.id, ann2)
    first = _claim(db, admin, ann1, project.id, TALKS[0])
    second = _claim(db, admin, ann2, project.id, TALKS[2])
    propose_project_groups(db, admin, project.id, embeddings="off")
    group = _group(db, admin, project.id, first)
    assert group == _group(db, ann2, project.id, second)
    assert list_groups(db, ann1, project.id)[0].occurrences == 2
    with pytest.raises(Forbidden):
        unlink_span(db, ann1, second)
    assert unlink_span(db, admin, second) == group  # a lead may
    assert _group(db, admin, project.id, second) is None
    with pytest.raises(Forbidden):
        span_claims(db, make_user(db, "outsider"), first)  # not a member


def test_a_proposed_group_is_not_named_by_another_annotators_span_in_a_blind_project(blind) -> None:  # type: ignore[no-untyped-def]
    """An automatic run names a new group after one of its spans. In a blind project that span
    may be another annotator's: until a lead confirms the group, an annotator reads it under the
    wording of their own first span in it, everywhere the group's wording reaches them."""
    db, lead, ann1, ann2, project_id, spans = blind
    talks = _group(db, lead, project_id, spans["t0"])
    assert {v.id: v.canonical for v in list_groups(db, lead, project_id)}[talks] == TALKS[0]  # ann1's span
    assert {v.id: v.canonical for v in list_groups(db, ann1, project_id)}[talks] == TALKS[0]  # theirs
    shown = {v.id: v.canonical for v in list_groups(db, ann2, project_id)}
    assert shown[talks] == TALKS[3]  # ann2's first span in it, not ann1's words
    assert group_spread(db, ann2, talks).group.canonical == TALKS[3]
    found = span_claims(db, ann2, spans["t4"], embeddings="off")
    assert found.group is not None and found.group.canonical == TALKS[3]
    out = io.StringIO()
    export_to_stream(db, ann2, project_id, "jsonl", out)
    groups = [json.loads(line) for line in out.getvalue().splitlines() if '"claim_group"' in line]
    assert {g["canonical"] for g in groups if g["type"] == "claim_group"} == {TALKS[3], VACCINE[0]}
    # Confirmed, the wording is the lead's decision and the project's catalogue.
    confirm_group(db, lead, talks)
    assert {v.id: v.canonical for v in list_groups(db, ann2, project_id)}[talks] == TALKS[0]
