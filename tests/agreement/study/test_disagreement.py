"""Where annotators disagree in one document, and the plain-text excerpts that show it."""

import hypothesis.strategies as st
from hypothesis import given, settings

from annotator.agreement.study.disagreement import (
    disagreement_regions,
    excerpt_window,
    marked_excerpt,
)

HYPOTHESIS = settings.get_profile("agreement")
TEXT = "The regime said the so-called opposition groups would fail, the regime said."


def at(quote, label, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(quote, start + 1)
    return (start, start + len(quote), label)


def test_regions_cover_label_and_boundary_disagreements_in_text_order():
    spans = {"ann": [at("regime", "LL"), at("so-called", "SQ"), at("regime", "LL", 1)],
             "bob": [at("regime", "NC"), at("so-called opposition", "SQ"), at("regime", "LL", 1)]}
    regions = disagreement_regions(len(TEXT), [(0, len(TEXT))], spans)
    assert [TEXT[r.start:r.end] for r in regions] == ["regime", " opposition"]
    assert regions[0].labels == (("ann", ("LL",)), ("bob", ("NC",)))
    assert regions[1].describe({"SQ": "Scare quotes"}) == "ann: nothing; bob: Scare quotes"


def test_close_disagreements_merge_and_uncounted_text_is_ignored():
    spans = {"ann": [at("so-called", "X"), at("opposition", "X")], "bob": []}
    merged = disagreement_regions(len(TEXT), [(0, len(TEXT))], spans)
    assert [TEXT[r.start:r.end] for r in merged] == ["so-called opposition"]
    apart = disagreement_regions(len(TEXT), [(0, len(TEXT))], spans, merge_gap=0)
    assert len(apart) == 2
    body = disagreement_regions(len(TEXT), [(0, TEXT.index("opposition"))], spans)
    assert [TEXT[r.start:r.end] for r in body] == ["so-called"]
    assert disagreement_regions(len(TEXT), [(0, len(TEXT))], {"ann": spans["ann"]}) == []


def test_marked_excerpt_brackets_nested_and_cut_spans():
    spans = [at("so-called opposition groups", "A"), at("opposition", "B"), at("regime", "C")]
    start, end = TEXT.index("said"), TEXT.index("would") + 5
    marked, shown = marked_excerpt(TEXT, spans, start, end)
    assert marked == "…said the ⟦so-called ⟦opposition⟧² groups⟧¹ would…"
    assert shown == [0, 1]
    cut, _ = marked_excerpt(TEXT, spans, TEXT.index("called"), TEXT.index("groups"))
    assert cut == "…⟦called ⟦opposition⟧² ⟧¹…"


@HYPOTHESIS
@given(st.lists(st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 20),
                          st.sampled_from("XY")), max_size=6),
       st.integers(0, len(TEXT) - 1), st.integers(1, 40))
def test_removing_the_brackets_gives_the_excerpt_back(raw, start, width):
    spans = [(s, min(s + w, len(TEXT)), k) for s, w, k in raw]
    end = min(start + width, len(TEXT))
    marked, shown = marked_excerpt(TEXT, spans, start, end)
    plain = marked
    for digit in "¹²³⁴⁵⁶⁷⁸⁹⁰⟦⟧":
        plain = plain.replace(digit, "")
    assert plain == ("…" if start else "") + TEXT[start:end] + ("…" if end < len(TEXT) else "")
    assert marked.count("⟦") == marked.count("⟧") == len(shown)


def test_excerpt_window_keeps_overlapping_spans_and_whole_words():
    spans = {"ann": [at("so-called opposition groups", "A")], "bob": [at("opposition", "A")]}
    region = disagreement_regions(len(TEXT), [(0, len(TEXT))], spans)[0]
    start, end = excerpt_window(len(TEXT), region, spans, context=8, text=TEXT)
    assert start <= TEXT.index("so-called") and end >= TEXT.index("groups") + 6
    assert TEXT[start - 1] == " " and TEXT[end] in " ,"
