"""schema.org ClaimReview JSON-LD: the shapes publishers use, located errors, and a round trip."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.claims import FactCheck, read_claimreview, to_jsonld, write_claimreview

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


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip).filter(bool)
_url = st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9]{0,8}", fullmatch=True)


@st.composite
def fact_checks(draw: st.DrawFn) -> FactCheck:
    worst, best = draw(st.sampled_from([(1.0, 5.0), (0.0, 1.0), (None, None)]))
    value = None if worst is None else draw(st.integers(int(worst), int(best or 1))) * 1.0
    return FactCheck(
        claim_reviewed=draw(_text), url=draw(st.none() | _url), publisher=draw(st.none() | _text),
        publisher_url=draw(st.none() | _url), date_published=draw(st.none() | st.dates()),
        rating_value=value, best_rating=best, worst_rating=worst, rating_label=draw(st.none() | _text),
        claim_author=draw(st.none() | _text), claim_date=draw(st.none() | st.dates()),
        appearances=tuple(draw(st.lists(_url, max_size=3, unique=True))))


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
