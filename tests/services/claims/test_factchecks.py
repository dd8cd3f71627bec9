"""Fact-checks: ClaimReview imported whole or refused whole, matched to groups as proposals,
accepted or rejected by a lead, added by hand, and exported as ClaimReview with where the
group's claim appeared. Both backends."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest

from annotator.claims import read_claimreview, write_claimreview
from annotator.claims.claimreview import Rating
from annotator.db import Database
from annotator.errors import Forbidden, ImportRefused, InvalidInput
from annotator.services.actor import Actor
from annotator.services.claims.factchecks import (
    FactCheckIn,
    add_fact_check,
    attach_fact_check,
    claimreview_export,
    decide_proposal,
    delete_fact_check,
    import_fact_checks,
    list_fact_checks,
    list_proposals,
)
from annotator.services.claims.listing import claim_memberships
from annotator.services.claims.proposing import propose_project_groups
from annotator.services.claims.spread import group_spread

from ...conftest import make_user
from ...support.audit import audit_events
from ...support.builders import add_member
from .spread_data import build

REVIEWS = [
    {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checker.example/1",
     "claimReviewed": "The Geneva talks exclude the real opposition.", "datePublished": "2024-02-12",
     "author": {"@type": "Organization", "name": "Checker"},
     "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1, "alternateName": "Misleading"},
     "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A ministry"},
                      "appearance": [{"@type": "CreativeWork", "url": "https://elsewhere.example/x"}]}},
    {"@context": "https://schema.org", "@type": "ClaimReview", "url": "https://checker.example/2",
     "claimReviewed": "Bananas cure the common cold.", "reviewRating": {"@type": "Rating", "alternateName": "False"}},
]


def test_a_review_with_several_ratings_is_imported_with_the_one_the_tool_uses(db: Database, admin: Actor) -> None:
    """An array of ratings refused the whole file ("expected a Rating object, found list")."""
    project_id, _ = _setup(db, admin)
    review = {**REVIEWS[1], "reviewRating": [{"@type": "Rating", "alternateName": "Faux"},
                                             {"@type": "Rating", "alternateName": "False"},
                                             {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1}]}
    result = import_fact_checks(db, admin, project_id, json.dumps([review]), source="checks.json", embeddings="off")
    assert result.added == 1
    [stored] = list_fact_checks(db, admin, project_id)
    assert stored.rating == "Faux"
    # The others are stored too (they were read, checked and dropped) and written back after it.
    [exported] = claimreview_export(db, admin, project_id)
    assert exported.other_ratings == (Rating(label="False"), Rating(value=1.0, best=5.0, worst=1.0))
    out = io.StringIO()
    write_claimreview([exported], out)
    ratings = json.loads(out.getvalue())[0]["reviewRating"]
    assert [(r.get("alternateName"), r.get("ratingValue")) for r in ratings] == [("Faux", None), ("False", None), (None, 1)]


def _setup(db: Database, admin: Actor) -> tuple[int, int]:
    data = build(db, admin)
    propose_project_groups(db, admin, data.project_id, embeddings="off")
    (group_id,) = {m.group_id for m in claim_memberships(db, admin, data.project_id)}
    assert group_id is not None
    return data.project_id, group_id


def test_import_match_accept_and_export(db: Database, admin: Actor) -> None:
    project_id, group_id = _setup(db, admin)
    result = import_fact_checks(db, admin, project_id, json.dumps(REVIEWS), source="checks.json", embeddings="off")
    assert (result.added, result.skipped, result.proposals) == (2, 0, 1)
    again = import_fact_checks(db, admin, project_id, json.dumps(REVIEWS[:1]).encode(), source="checks.json",
                               embeddings="off")
    assert (again.added, again.skipped) == (0, 1)
    (proposal,) = list_proposals(db, admin, project_id)
    assert (proposal.group_id, proposal.fact_check.publisher, proposal.fact_check.rating) == (group_id, "Checker", "Misleading")
    assert group_spread(db, admin, group_id).proposals == (proposal,)
    accepted = decide_proposal(db, admin, proposal.id, accept=True)
    assert accepted.group_id == group_id and list_proposals(db, admin, project_id) == []
    spread = group_spread(db, admin, group_id)
    assert [f.url for f in spread.fact_checks] == ["https://checker.example/1"] and spread.group.fact_checks == 1
    assert [e.action for e in audit_events(db, "claim_fact_check", accepted.id)] == ["import", "attach"]

    manual = add_fact_check(db, admin, group_id, FactCheckIn("The talks leave out the opposition", url="https://c2.example/9",
                                                             publisher="Second checker", date_published=date(2024, 3, 1),
                                                             rating_label="False"))
    assert manual.group_id == group_id and manual.source == "added by hand"
    exported = claimreview_export(db, admin, project_id)
    assert [f.url for f in exported] == ["https://checker.example/1", "https://checker.example/2", "https://c2.example/9"]
    first = exported[0]
    # its own appearance first, then the documents of the group, earliest first (the undated last)
    assert first.appearances == ("https://elsewhere.example/x", "https://wire.example/b", "https://gazette.example/a",
                                 "https://wire.example/c")
    assert exported[1].appearances == ()  # not attached to any group
    out = io.StringIO()
    write_claimreview(exported, out)
    back = read_claimreview(out.getvalue(), source="export.json")
    assert back.issues == [] and back.fact_checks == exported
    assert (first.rating_value, first.best_rating, first.rating_label, first.claim_author) == (2.0, 5.0, "Misleading", "A ministry")

    delete_fact_check(db, admin, manual.id)
    assert [f.id for f in list_fact_checks(db, admin, project_id)] == [accepted.id, accepted.id + 1]
    detached = attach_fact_check(db, admin, accepted.id, None)
    assert detached.group_id is None
    assert [f.url for f in list_fact_checks(db, admin, project_id, unattached=True)] == [
        "https://checker.example/1", "https://checker.example/2"]


def test_a_fact_check_imported_again_under_a_variant_address_is_skipped(db: Database, admin: Actor) -> None:
    """The same review shared with tracking parameters, over http, with www. or a trailing
    slash is the one the project holds, not a second fact-check of the group."""
    project_id, _ = _setup(db, admin)
    import_fact_checks(db, admin, project_id, json.dumps(REVIEWS[:1]), source="checks.json", embeddings="off")
    for url in ("https://checker.example/1?utm_source=twitter&utm_medium=social", "http://www.checker.example/1/"):
        again = import_fact_checks(db, admin, project_id, json.dumps([{**REVIEWS[0], "url": url}]),
                                   source="shared.json", embeddings="off")
        assert (again.added, again.skipped) == (0, 1), url
    other = import_fact_checks(db, admin, project_id, json.dumps([{**REVIEWS[0], "url": "https://checker.example/1?page=2"}]),
                               source="other.json", embeddings="off")
    assert other.added == 1
    assert len(list_fact_checks(db, admin, project_id)) == 2


def test_a_page_graph_with_linked_nodes_keeps_its_publisher_rating_and_appearances(db: Database, admin: Actor) -> None:
    """A fact-checker's page whose graph names the author, rating and claim by "@id" (as SEO
    plugins write it): the stored fact-check has them, and the matching group is proposed."""
    project_id, group_id = _setup(db, admin)
    page = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "https://checker.example/#org", "name": "Checker"},
        {"@type": "Rating", "@id": "https://checker.example/1#rating", "alternateName": "Misleading"},
        {"@type": "Claim", "@id": "https://checker.example/1#claim", "appearance": [{"@id": "https://elsewhere.example/x"}]},
        {"@type": "ClaimReview", "url": "https://checker.example/1", "claimReviewed": REVIEWS[0]["claimReviewed"],
         "author": {"@id": "https://checker.example/#org"}, "reviewRating": {"@id": "https://checker.example/1#rating"},
         "itemReviewed": {"@id": "https://checker.example/1#claim"}}]}
    result = import_fact_checks(db, admin, project_id, json.dumps(page), source="page.json", embeddings="off")
    assert (result.added, result.proposals) == (1, 1)
    (check,) = list_fact_checks(db, admin, project_id)
    assert (check.publisher, check.rating) == ("Checker", "Misleading")
    assert [p.group_id for p in list_proposals(db, admin, project_id)] == [group_id]
    (exported,) = claimreview_export(db, admin, project_id)
    assert exported.appearances == ("https://elsewhere.example/x",)


def test_a_bad_file_is_refused_whole(db: Database, admin: Actor) -> None:
    project_id, _ = _setup(db, admin)
    bad = [REVIEWS[0], {"@type": "ClaimReview", "claimReviewed": "x", "url": "ftp://nope"}, {"@type": "WebPage"}]
    with pytest.raises(ImportRefused) as refused:
        import_fact_checks(db, admin, project_id, json.dumps(bad), source="bad.json", embeddings="off")
    located = [issue.located() for issue in refused.value.issues]
    assert sorted(located) == ["bad.json, item 1, field 'url': not an http(s) URL: 'ftp://nope'",
                               "bad.json, item 2, field '@type': not a ClaimReview (@type 'WebPage')"]
    assert list_fact_checks(db, admin, project_id) == []
    with pytest.raises(ImportRefused, match="no ClaimReview"):
        import_fact_checks(db, admin, project_id, json.dumps({"@graph": []}), source="empty.json", embeddings="off")
    # Longer than the stored field holds: refused with its place, not a database error.
    long = [{**REVIEWS[1], "reviewRating": {"@type": "Rating", "alternateName": "False. " * 150}},
            {**REVIEWS[1], "author": {"name": "P" * 501}}]
    with pytest.raises(ImportRefused) as refused:
        import_fact_checks(db, admin, project_id, json.dumps(long), source="long.json", embeddings="off")
    assert [issue.located() for issue in refused.value.issues] == [
        "long.json, item 0, field 'reviewRating.alternateName': longer than 1000 characters (1049)",
        "long.json, item 1, field 'author.name': longer than 500 characters (501)"]
    with pytest.raises(InvalidInput, match="longer than 1000 characters"):
        add_fact_check(db, admin, _setup_group(db, admin, project_id), FactCheckIn("x", rating_label="F" * 1001))
    assert list_fact_checks(db, admin, project_id) == []
    with pytest.raises(InvalidInput, match="not an http"):
        add_fact_check(db, admin, _setup_group(db, admin, project_id), FactCheckIn("x", url="javascript:alert(1)"))


def test_a_verdict_written_as_sentences_is_kept_whole(db: Database, admin: Actor) -> None:
    """Full Fact and others give their verdict as a sentence or two (reviewRating.alternateName):
    kept whole up to 1,000 characters, on both backends (migration 0010 widened the column)."""
    project_id, _ = _setup(db, admin)
    verdict = ("This is not correct. The figure refers to all public spending on the programme over five "
               "years, not to a single year, and it includes money that was announced before the policy "
               "in question came in. The department has since corrected its own press release.")
    assert len(verdict) > 200
    review = {**REVIEWS[1], "reviewRating": {"@type": "Rating", "alternateName": verdict}}
    import_fact_checks(db, admin, project_id, json.dumps([review]), source="fullfact.json", embeddings="off")
    assert [f.rating for f in list_fact_checks(db, admin, project_id)] == [verdict]


def _setup_group(db: Database, admin: Actor, project_id: int) -> int:
    return next(m.group_id for m in claim_memberships(db, admin, project_id) if m.group_id is not None)


def test_fact_checks_are_a_lead_s_to_change(db: Database, admin: Actor) -> None:
    project_id, group_id = _setup(db, admin)
    annotator = make_user(db, "ann")
    add_member(db, admin, project_id, annotator)
    with pytest.raises(Forbidden):
        import_fact_checks(db, annotator, project_id, json.dumps(REVIEWS), source="x.json", embeddings="off")
    with pytest.raises(Forbidden):
        add_fact_check(db, annotator, group_id, FactCheckIn("The talks exclude the opposition"))
    added = add_fact_check(db, admin, group_id, FactCheckIn("The talks exclude the opposition", rating_label="False"))
    with pytest.raises(Forbidden):
        delete_fact_check(db, annotator, added.id)
    with pytest.raises(Forbidden):
        list_proposals(db, annotator, project_id)
    assert [f.id for f in list_fact_checks(db, annotator, project_id)] == [added.id]  # they read them
    assert [f.rating_label for f in claimreview_export(db, annotator, project_id)] == ["False"]
