"""Exact offsets on the reference page (shared/corpus/southfront-astana-2017.txt).

Every expected offset is derived here from ``text.index`` of a literal substring, so the
test states *what* must be found, and the arithmetic is Python's.
"""

from __future__ import annotations

from annotator.suggest import (
    detect_all,
    detect_funding_appeals,
    detect_hedges,
    detect_lexicon,
    detect_parts,
    detect_scare_quotes,
)


def span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    begin = text.index(needle, start)
    return begin, begin + len(needle)


def test_quotes_in_the_file_are_typographic(southfront: str) -> None:
    assert "so-called “opposition groups”" in southfront
    assert '"opposition groups"' not in southfront


def test_scare_quotes_opposition_groups(southfront: str) -> None:
    hits = {(s.start, s.end) for s in detect_scare_quotes(southfront)}
    assert span(southfront, "“opposition groups”") in hits
    body_end = southfront.index("Notify of")
    # In the article body it is the only scare quote: “Assad must go” is a quoted
    # slogan (a clause), not a scare quote.
    body_hits = [s.quote for s in detect_scare_quotes(southfront) if s.end <= body_end]
    assert body_hits == ["“opposition groups”"]


def test_so_called_is_loaded_language_and_hedge(southfront: str) -> None:
    where = span(southfront, "so-called")
    lexicon = [(s.start, s.end, s.label) for s in detect_lexicon(southfront)]
    assert (*where, "loaded_language") in lexicon
    hedges = [(s.start, s.end, s.label) for s in detect_hedges(southfront)]
    assert (*where, "hedge") in hedges


def test_funding_detector_finds_paypal_patreon_and_donate_page(southfront: str) -> None:
    found = {(a.channel, a.identifier, a.start, a.end) for a in detect_funding_appeals(southfront)}
    assert ("paypal", "southfront@list.ru", *span(southfront, "southfront@list.ru")) in found
    patreon = "https://www.patreon.com/southfront"
    assert ("patreon", patreon, *span(southfront, patreon)) in found
    donate = "http://southfront.org/donate/"
    assert ("donation_page", donate, *span(southfront, donate)) in found


def test_funding_support_blocks(southfront: str) -> None:
    blocks = [(a.start, a.end) for a in detect_funding_appeals(southfront)
              if a.channel == "support_block"]
    first_start = southfront.index("Support SouthFront")
    first_end = southfront.index(patreon := "https://www.patreon.com/southfront") + len(patreon)
    second = span(southfront, "Support SouthFront", first_end)
    assert blocks == [(first_start, first_end), second]


def test_funding_appeals_in_detect_all(southfront: str) -> None:
    funding = [(s.start, s.end, s.detail) for s in detect_all(southfront, rules=["funding"])]
    assert (*span(southfront, "southfront@list.ru"), "paypal") in funding
    assert all(s.label == "funding_appeal" for s in detect_all(southfront, rules=["funding"]))


def _kind_at(parts, start: int, end: int) -> set[str]:
    return {p.kind for p in parts if p.start < end and start < p.end}


def test_parts_partition_and_kinds(southfront: str) -> None:
    parts = detect_parts(southfront)
    assert parts[0].start == 0 and parts[-1].end == len(southfront)
    assert all(a.end == b.start for a, b in zip(parts, parts[1:], strict=False))

    bar = span(southfront, "0 $\n2,500 $\n5,000 $\n100 $")
    assert bar[0] == 0
    assert _kind_at(parts, *bar) == {"furniture"}
    assert _kind_at(parts, *span(southfront, "MARCH 2024")) == {"furniture"}

    first_block = (southfront.index("Support SouthFront"),
                   southfront.index("southfront\n") + len("southfront"))
    assert _kind_at(parts, *first_block) == {"furniture"}
    second_block = span(southfront, "Support SouthFront", first_block[1])
    assert _kind_at(parts, *second_block) == {"furniture"}

    chrome = span(southfront, "Notify of\nNewest Most Voted\nInline Feedbacks\nView all comments")
    assert _kind_at(parts, *chrome) == {"furniture"}
    assert _kind_at(parts, *span(southfront, "Would love your thoughts, please comment.")) == {
        "furniture"
    }

    title = span(southfront, "Syria Peace Talks In Astana. What To Expect?")
    assert _kind_at(parts, *title) == {"body"}
    article = span(southfront, "Negotiations between")[0], span(southfront, "on the ground.")[1]
    assert _kind_at(parts, *article) == {"body"}

    comments = (southfront.index("So turkey is indeed"),
                southfront.index("mingles.") + len("mingles."))
    assert _kind_at(parts, *comments) == {"comments"}
    assert _kind_at(parts, *span(southfront, "Miha Semprimožnik")) == {"comments"}
    # exactly one comments part, from the first comment to the last one
    comment_parts = [(p.start, p.end) for p in parts if p.kind == "comments"]
    assert len(comment_parts) == 1
    assert comment_parts[0][0] == comments[0]
    assert southfront[comment_parts[0][0]:comment_parts[0][1]].rstrip().endswith("mingles.")


def test_every_suggestion_quotes_the_text(southfront: str) -> None:
    for s in detect_all(southfront):
        assert southfront[s.start:s.end] == s.quote
