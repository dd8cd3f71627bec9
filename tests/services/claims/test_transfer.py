"""Claim groups and fact-checks travel in the native format: exported with the spans, restored
on import (states, verdicts, fact-checks and their proposals), left alone when imported again,
and a file whose claim lines do not fit is refused whole with the line and field. Both backends."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from annotator.claims.claimreview import Rating
from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.models import Annotation, Document
from annotator.services.actor import Actor
from annotator.services.claims.decisions import confirm_group, update_group
from annotator.services.claims.factchecks import (
    FactCheckIn,
    add_fact_check,
    claimreview_export,
    import_fact_checks,
    list_fact_checks,
)
from annotator.services.claims.listing import claim_memberships, list_groups
from annotator.services.exchange.exports import export_to_stream
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import find_project_id

from .conftest import Grouped

FORMAT = "jsonl"


def _partition(db: Database, actor: Actor, project_id: int) -> set[frozenset[tuple[str, int]]]:
    """The groups as sets of (document external id, start): comparable across projects."""
    with db.read() as session:
        where = dict(session.execute(select(Document.id, Document.external_id)
                                     .where(Document.project_id == project_id)).all())
    with db.read() as session:
        spans = {a.id: (where[a.document_id], a.start) for a in session.scalars(
            select(Annotation).where(Annotation.document_id.in_(list(where))))}
    groups: dict[int, set[tuple[str, int]]] = {}
    for member in claim_memberships(db, actor, project_id):
        groups.setdefault(member.group_id, set()).add(spans[member.annotation_id])
    return {frozenset(g) for g in groups.values()}


def _export(grouped: Grouped) -> str:
    out = io.StringIO()
    export_to_stream(grouped.db, grouped.lead, grouped.project_id, FORMAT, out)
    return out.getvalue()


def _decide(grouped: Grouped) -> int:
    """A confirmed group with a verdict, a fact-check by hand and an imported one proposed."""
    db, lead = grouped.db, grouped.lead
    group_id = grouped.group_of("talks-exclude-opposition/0")
    view = confirm_group(db, lead, group_id)
    update_group(db, lead, group_id, expected_version=view.version, verdict="false", notes="seen twice")
    add_fact_check(db, lead, group_id, FactCheckIn("The talks exclude the opposition", url="https://c.example/1",
                                                   publisher="Checker", rating_label="False"))
    review = {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://c.example/2",
              "claimReviewed": "The vaccine alters your DNA.",
              "reviewRating": [{"alternateName": "False"}, {"alternateName": "Faux"},
                               {"ratingValue": 1, "bestRating": 5, "worstRating": 1}],
              "author": {"@type": "Organization", "name": "Other checker"}}
    import_fact_checks(db, lead, grouped.project_id, json.dumps([review]).encode(), source="checks.json",
                       embeddings="off")
    return group_id


def test_groups_and_fact_checks_survive_export_and_import(grouped: Grouped) -> None:
    db, lead = grouped.db, grouped.lead
    _decide(grouped)
    text = _export(grouped)
    kinds = [json.loads(line)["type"] for line in text.splitlines()]
    assert kinds.count("claim_group") == len(list_groups(db, lead, grouped.project_id)) > 0
    assert kinds.count("fact_check") == 2 and kinds.index("claim_group") > kinds.index("document")

    settings = get_settings(db.url)
    done = import_uploads(db, lead, "Copy", [Upload("claims.jsonl", text.encode())], fmt=FORMAT, settings=settings)
    copy_id = find_project_id_of(db, "Copy")
    assert any("claim groups:" in m for m in done.result.messages)
    assert _partition(db, lead, copy_id) == _partition(db, lead, grouped.project_id)
    before = {g.canonical: (g.status, g.verdict, g.notes, g.fact_checks, g.open_proposals)
              for g in list_groups(db, lead, grouped.project_id)}
    after = {g.canonical: (g.status, g.verdict, g.notes, g.fact_checks, g.open_proposals)
             for g in list_groups(db, lead, copy_id)}
    assert after == before and ("confirmed", "false", "seen twice", 1, 0) in after.values()
    assert sorted(f.url or "" for f in list_fact_checks(db, lead, copy_id)) == ["https://c.example/1", "https://c.example/2"]
    # A review's other ratings travel with it.
    assert [f.other_ratings for f in claimreview_export(db, lead, copy_id)] == [
        f.other_ratings for f in claimreview_export(db, lead, grouped.project_id)]
    assert (Rating(label="Faux"), Rating(value=1.0, best=5.0, worst=1.0)) in [
        f.other_ratings for f in claimreview_export(db, lead, copy_id)]

    # The same file again: the documents are skipped and nothing of the claims is doubled.
    import_uploads(db, lead, "Copy", [Upload("claims.jsonl", text.encode())], fmt=FORMAT, settings=settings)
    assert {g.canonical for g in list_groups(db, lead, copy_id)} == set(after)
    assert len(list_fact_checks(db, lead, copy_id)) == 2


def find_project_id_of(db: Database, name: str) -> int:
    with db.read() as session:
        found = find_project_id(session, name)
    assert found is not None
    return found


@pytest.mark.parametrize(("change", "field"), [
    (lambda g: g["members"][0].update(annotation_uid="no-such-span"), "members[0].annotation_uid"),
    (lambda g: g.update(verdict="half-true-ish"), "verdict"),
    (lambda g: g.update(status="maybe"), "status"),
])
def test_a_claim_line_that_does_not_fit_refuses_the_whole_file(grouped: Grouped, change, field: str) -> None:
    db, lead = grouped.db, grouped.lead
    lines = _export(grouped).splitlines()
    number = next(n for n, line in enumerate(lines) if json.loads(line)["type"] == "claim_group")
    group = json.loads(lines[number])
    change(group)
    lines[number] = json.dumps(group)
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, lead, "Copy", [Upload("claims.jsonl", "\n".join(lines).encode())], fmt=FORMAT,
                       settings=get_settings(db.url))
    issue = refused.value.issues[0]
    assert (issue.file, issue.field) == (f"claims.jsonl, line {number + 1}", field)
    with db.read() as session:
        assert find_project_id(session, "Copy") is None  # nothing was written, not even the project


def test_a_fact_check_field_too_long_to_store_refuses_the_whole_file(grouped: Grouped) -> None:
    """As a ClaimReview file is read: a value longer than its stored field is refused with the
    line and field (PostgreSQL failed with a database error)."""
    db, lead = grouped.db, grouped.lead
    _decide(grouped)
    lines = _export(grouped).splitlines()
    number = next(n for n, line in enumerate(lines) if json.loads(line)["type"] == "fact_check")
    check = json.loads(lines[number])
    check["rating_label"] = "Misleading. " * 90
    lines[number] = json.dumps(check)
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, lead, "Copy", [Upload("claims.jsonl", "\n".join(lines).encode())], fmt=FORMAT,
                       settings=get_settings(db.url))
    issue = refused.value.issues[0]
    assert (issue.file, issue.field) == (f"claims.jsonl, line {number + 1}", "rating_label")
    assert "longer than 1000 characters (1080)" in str(issue)
