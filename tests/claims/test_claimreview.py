"""schema.org ClaimReview JSON-LD: the shapes publishers use, located errors, and a round trip."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.claims import FactCheck, Rating, read_claimreview, to_jsonld, write_claimreview

REVIEW = {
    "@context": "https://schema.org", "@type": "ClaimReview",
    "url": "https://checker.example/checks/1", "datePublished": "2024-03-01T09:30:00Z",
    "claimReviewed": "The vaccine alters human DNA.",
    "author": {"@type": "Organization", "name": "Checker", "url": "https://checker.example"},
    "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": 5, "worstRating": 1,
                     "alternateName": "False"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Blogger"},
                     "datePublished": "2024-02-20",
                     "firstAppearance": {"@type": "CreativeWork", "url": "https://blog.example/p"},
                     "appearance": [{"@type": "CreativeWork", "url": "https://blog.example/p"},
                                    "https://video.example/v"]},
}
EXPECTED = FactCheck(
    claim_reviewed="The vaccine alters human DNA.", url="https://checker.example/checks/1",
    publisher="Checker", publisher_url="https://checker.example", date_published=date(2024, 3, 1),
    rating_value=1.0, best_rating=5.0, worst_rating=1.0, rating_label="False", claim_author="A. Blogger",
    claim_date=date(2024, 2, 20), appearances=("https://blog.example/p", "https://video.example/v"))


@pytest.mark.parametrize("document", [
    REVIEW,
    [REVIEW],
    {"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "x"}, REVIEW]},
    {**REVIEW, "@type": ["schema:ClaimReview"]},
    # Google's Fact Check Markup Tool exports a DataFeed: each element's item, one or a list.
    {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [
        {"@type": "DataFeedItem", "dateCreated": "2024-05-02", "item": [REVIEW]}]},
    {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": REVIEW}]},
])
def test_single_objects_arrays_graphs_and_feeds(document: object) -> None:
    read = read_claimreview(json.dumps(document), "checks.json")
    assert read.issues == []
    assert read.fact_checks == [EXPECTED]


# A page's graph as SEO plugins write it: the ClaimReview names its author, its claim and the
# claim's author by "@id", each a node of its own in the graph.
LINKED_GRAPH = {"@context": "https://schema.org", "@graph": [
    {"@type": "WebPage", "@id": "https://checker.example/checks/1#page", "url": "https://checker.example/checks/1"},
    {"@type": "Organization", "@id": "https://checker.example/#org", "name": "Checker", "url": "https://checker.example"},
    {"@type": "Person", "@id": "https://checker.example/#blogger", "name": "A. Blogger"},
    {"@type": "Claim", "@id": "https://checker.example/checks/1#claim", "author": {"@id": "https://checker.example/#blogger"},
     "datePublished": "2024-02-20", "firstAppearance": {"@id": "https://blog.example/p"},
     "appearance": [{"@id": "https://blog.example/p"}, {"@id": "https://checker.example/#video"}]},
    {"@type": "VideoObject", "@id": "https://checker.example/#video", "url": "https://video.example/v"},
    {"@type": "Rating", "@id": "https://checker.example/checks/1#rating", "ratingValue": 1, "bestRating": 5,
     "worstRating": 1, "alternateName": "False"},
    {"@type": "ClaimReview", "@id": "https://checker.example/checks/1#review", "url": "https://checker.example/checks/1",
     "datePublished": "2024-03-01T09:30:00Z", "claimReviewed": "The vaccine alters human DNA.",
     "author": {"@id": "https://checker.example/#org"}, "reviewRating": {"@id": "https://checker.example/checks/1#rating"},
     "itemReviewed": {"@id": "https://checker.example/checks/1#claim"}},
]}


@pytest.mark.parametrize("document", [
    LINKED_GRAPH,
    # A scraper's list of a page's JSON-LD blocks, one of them a graph.
    [{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Checker"}]}, LINKED_GRAPH],
])
def test_nodes_named_by_id_in_a_graph_are_followed(document: object) -> None:
    """Nothing is lost when the review's parts are nodes of their own, named by "@id" (the
    author, rating and claim were read as empty before); an appearance named only by its "@id"
    is that address."""
    read = read_claimreview(json.dumps(document), "page.json")
    assert read.issues == []
    assert read.fact_checks == [EXPECTED]


def test_a_reference_to_a_node_the_file_lacks_reads_as_what_its_id_says() -> None:
    """JSON-LD may name a node defined elsewhere: an appearance's http(s) @id is its address;
    an author, rating or claim given by an @id alone says nothing more, and is no error."""
    review = {**REVIEW, "author": {"@id": "https://checker.example/#org"},
              "reviewRating": {"@id": "_:rating"}, "itemReviewed": {"@type": "Claim", "appearance": [
                  {"@id": "_:b0"}, {"@type": "CreativeWork", "@id": "https://blog.example/p"}]}}
    read = read_claimreview(json.dumps(review), "c.json")
    assert read.issues == []
    assert read.fact_checks == [FactCheck(claim_reviewed=EXPECTED.claim_reviewed, url=EXPECTED.url,
                                          date_published=EXPECTED.date_published, appearances=("https://blog.example/p",))]


def test_a_lone_surrogate_in_a_node_named_by_reference_is_located() -> None:
    text = json.dumps({"@graph": [{"@id": "#org", "name": "PLACEHOLDER"},
                                  {**REVIEW, "author": {"@id": "#org"}}]}).replace("PLACEHOLDER", "bad \\ud800")
    read = read_claimreview(text, "page.json")
    assert read.fact_checks == []
    assert [(i.line, i.field) for i in read.issues] == [(1, "@graph[0].name")]


def test_a_publisher_stands_for_a_missing_author() -> None:
    review = {key: value for key, value in REVIEW.items() if key != "author"}
    read = read_claimreview(json.dumps({**review, "publisher": REVIEW["author"]}), "c.json")
    assert read.fact_checks == [EXPECTED]
    both = read_claimreview(json.dumps({**REVIEW, "publisher": {"@type": "Organization", "name": "Other"}}), "c.json")
    assert both.fact_checks == [EXPECTED]


def test_bytes_and_streams() -> None:
    assert read_claimreview(json.dumps(REVIEW).encode(), "c.json").fact_checks == [EXPECTED]
    assert read_claimreview(io.StringIO(json.dumps(REVIEW)), "c.json").fact_checks == [EXPECTED]


def _issues(document: object) -> list[str]:
    return [issue.located() for issue in read_claimreview(json.dumps(document), "checks.json").issues]


@pytest.mark.parametrize(("change", "located"), [
    ({"claimReviewed": ""}, "checks.json, item 1, field 'claimReviewed': missing: a ClaimReview needs the text of the claim it reviews"),
    ({"claimReviewed": " \n\t"}, "checks.json, item 1, field 'claimReviewed': missing: a ClaimReview needs the text of the claim it reviews"),
    ({"url": "javascript:alert(1)"}, "checks.json, item 1, field 'url': not an http(s) URL: 'javascript:alert(1)'"),
    ({"datePublished": "1 March"}, "checks.json, item 1, field 'datePublished': not an ISO date (YYYY-MM-DD): '1 March'"),
    ({"reviewRating": {"ratingValue": "very false"}}, "checks.json, item 1, field 'reviewRating.ratingValue': expected a number, found 'very false'"),
    ({"reviewRating": {"ratingValue": 9, "bestRating": 5, "worstRating": 1}},
     "checks.json, item 1, field 'reviewRating.ratingValue': 9 is outside the scale 1 (worst) to 5 (best)"),
    ({"itemReviewed": {"appearance": [{"url": "https://ok.example"}, {"url": "ftp://x"}]}},
     "checks.json, item 1, field 'itemReviewed.appearance[1].url': not an http(s) URL: 'ftp://x'"),
    ({"author": 7}, "checks.json, item 1, field 'author': expected an Organization or Person, found int"),
    ({"@type": "Review"}, "checks.json, item 1, field '@type': not a ClaimReview (@type 'Review')"),
])
def test_bad_items_are_located_and_left_out(change: dict[str, object], located: str) -> None:
    document = [REVIEW, {**REVIEW, **change}]
    read = read_claimreview(json.dumps(document), "checks.json")
    assert read.fact_checks == [EXPECTED]
    assert _issues(document) == [located]


def test_lone_surrogates_and_bad_files_are_refused_with_their_place() -> None:
    text = json.dumps([REVIEW, {**REVIEW, "claimReviewed": "PLACEHOLDER"}], indent=1)
    text = text.replace("PLACEHOLDER", "bad \\ud800 text")
    read = read_claimreview(text, "checks.json")
    assert read.fact_checks == []
    assert [i.field for i in read.issues] == ["[1].claimReviewed"]
    assert "lone surrogate" in read.issues[0].message and read.issues[0].line == text.count("\n", 0, text.index("ud800")) + 1
    assert read_claimreview(b"\xff[]", "c.json").issues[0].located() == "c.json, line 1: not UTF-8 text (byte 0)"
    assert "malformed JSON" in read_claimreview("[{", "c.json").issues[0].message
    assert read_claimreview('{"@graph": 3}', "c.json").issues[0].located() == "c.json, field '@graph': @graph must be an array"
    feed = {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [REVIEW, {"@type": "Thing"}]},
                                                     {"@type": "DataFeedItem"}]}
    assert [i.located() for i in read_claimreview(json.dumps(feed), "feed.json").issues] == [
        "feed.json, dataFeedElement[1], field 'item': a feed element without an item"]
    del feed["dataFeedElement"][1]
    assert [i.located() for i in read_claimreview(json.dumps(feed), "feed.json").issues] == [
        "feed.json, dataFeedElement[0].item[1], field '@type': not a ClaimReview (@type 'Thing')"]


def test_several_ratings_are_read_the_first_that_says_something_used_and_the_rest_kept() -> None:
    """schema.org allows several ratings, and fact-checkers publish arrays (a verdict in two
    languages, words beside a scale): an array was refused as "expected a Rating object"."""
    ratings = [{"@type": "Rating"},  # says nothing: passed over
               {"@type": "Rating", "alternateName": "Falso"},
               {"@id": "_:scale"},
               {"@type": "Rating", "ratingValue": 0, "bestRating": 1, "worstRating": 0, "alternateName": "False"}]
    document = {"@graph": [{**REVIEW, "reviewRating": ratings},
                           {"@id": "_:scale", "@type": "Rating", "ratingValue": "1", "bestRating": "5", "worstRating": 1}]}
    read = read_claimreview(json.dumps(document), "checks.json")
    assert read.issues == []
    [check] = read.fact_checks
    assert (check.rating_value, check.best_rating, check.worst_rating, check.rating_label) == (None, None, None, "Falso")
    assert check.other_ratings == (Rating(value=1.0, best=5.0, worst=1.0), Rating(0.0, 1.0, 0.0, "False"))
    assert read_claimreview(json.dumps({**REVIEW, "reviewRating": [REVIEW["reviewRating"]]}), "c.json").fact_checks == [
        EXPECTED]
    assert read_claimreview(json.dumps({**REVIEW, "reviewRating": []}), "c.json").fact_checks == [
        replace(EXPECTED, rating_value=None, best_rating=None, worst_rating=None, rating_label=None)]
    written = to_jsonld(check)["reviewRating"]
    assert written == [{"@type": "Rating", "alternateName": "Falso"},
                       {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
                       {"@type": "Rating", "ratingValue": 0, "bestRating": 1, "worstRating": 0, "alternateName": "False"}]


@pytest.mark.parametrize(("ratings", "located"), [
    ([{"alternateName": "False"}, {"ratingValue": "very"}],
     "checks.json, item 0, field 'reviewRating[1].ratingValue': expected a number, found 'very'"),
    ([{"alternateName": "False"}, {"ratingValue": 9, "bestRating": 5, "worstRating": 1}],
     "checks.json, item 0, field 'reviewRating[1].ratingValue': 9 is outside the scale 1 (worst) to 5 (best)"),
    ([{"alternateName": "False"}, "False"], "checks.json, item 0, field 'reviewRating[1]': expected a Rating object, found str"),
])
def test_a_bad_rating_in_an_array_is_located_by_its_place(ratings: list[object], located: str) -> None:
    assert _issues([{**REVIEW, "reviewRating": ratings}]) == [located]


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip).filter(bool)
_url = st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9]{0,8}", fullmatch=True)


@st.composite
def ratings(draw: st.DrawFn) -> Rating:
    worst, best = draw(st.sampled_from([(1.0, 5.0), (0.0, 1.0), (None, None)]))
    value = None if worst is None else draw(st.integers(int(worst), int(best or 1))) * 1.0
    return Rating(value, best, worst, draw(st.none() | _text))


@st.composite
def fact_checks(draw: st.DrawFn) -> FactCheck:
    rating = draw(ratings())
    # Several ratings where the first says something (the rule picks it): the others are kept.
    said = rating.value is not None or rating.label is not None
    others = tuple(r for r in draw(st.lists(ratings(), max_size=2)) if r.value is not None or r.label) if said else ()
    return FactCheck(
        claim_reviewed=draw(_text), url=draw(st.none() | _url), publisher=draw(st.none() | _text),
        publisher_url=draw(st.none() | _url), date_published=draw(st.none() | st.dates()),
        rating_value=rating.value, best_rating=rating.best, worst_rating=rating.worst, rating_label=rating.label,
        claim_author=draw(st.none() | _text), claim_date=draw(st.none() | st.dates()),
        appearances=tuple(draw(st.lists(_url, max_size=3, unique=True))), other_ratings=others)


@given(st.lists(fact_checks(), max_size=4))
def test_what_is_written_reads_back_the_same(checks: list[FactCheck]) -> None:
    out = io.StringIO()
    assert write_claimreview(checks, out) == len(checks)
    read = read_claimreview(out.getvalue(), "out.json")
    assert read.issues == []
    assert read.fact_checks == checks


def test_written_objects_are_claimreview_json_ld() -> None:
    written = to_jsonld(EXPECTED)
    assert written["@context"] == "https://schema.org" and written["@type"] == "ClaimReview"
    assert written["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1,
                                       "alternateName": "False"}
    assert written["itemReviewed"]["appearance"][1] == {"@type": "CreativeWork", "url": "https://video.example/v"}
    assert to_jsonld(FactCheck("Only the claim")) == {"@context": "https://schema.org", "@type": "ClaimReview",
                                                      "claimReviewed": "Only the claim"}
