"""Spans to raters x positions tables (characters and tokens)."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from annotator.agreement.metrics import char_level_matrix, krippendorff_alpha, token_level_matrix
from annotator.agreement.metrics.matrices import covered_tokens

HYPOTHESIS = settings.get_profile("agreement")


def test_label_mode_default_empty_is_none():
    table = char_level_matrix({"a": [(0, 2, "X")], "b": [(1, 3, "Y")]}, 4)
    assert table.tolist() == [["X", "X", None, None], [None, "Y", "Y", None]]


def test_rows_follow_mapping_order():
    table = char_level_matrix({"b": [(0, 1)], "a": []}, 2, mode="presence")
    assert table.tolist() == [[1, 0], [0, 0]]
    assert table.dtype == np.int8


def test_same_label_overlap_is_fine_conflict_raises():
    char_level_matrix({"a": [(0, 3, "X"), (2, 4, "X")]}, 5)
    with pytest.raises(ValueError, match="different label"):
        char_level_matrix({"a": [(0, 3, "X"), (2, 4, "Y")]}, 5)
    # Presence ignores labels, so different labels may overlap there.
    table = char_level_matrix({"a": [(0, 3, "X"), (2, 4, "Y")]}, 5, mode="presence")
    assert table.tolist() == [[1, 1, 1, 1, 0]]


@pytest.mark.parametrize(("spans", "length", "kwargs", "message"), [
    ({"a": [(0, 6, "X")]}, 5, {}, "runs past length"),
    ({"a": [(3, 3, "X")]}, 5, {}, "start < end"),
    ({"a": [(0, 2)]}, 5, {}, "needs \\(start, end, label\\)"),
    ({"a": [(0, 2, "X", "extra")]}, 5, {}, "a span is"),
    ({}, 5, {}, "is empty"),
    ({"a": []}, 0, {}, "positive integer"),
    ({"a": []}, 5, {"mode": "tokens"}, "mode must be"),
])
def test_char_level_validation(spans, length, kwargs, message):
    with pytest.raises(ValueError, match=message):
        char_level_matrix(spans, length, **kwargs)


def test_token_level_labels_every_touched_token():
    tokens = [(0, 3), (4, 9), (10, 12)]
    table = token_level_matrix({"a": [(2, 5, "X")], "b": [(3, 4, "X")]}, tokens, empty="O")
    assert table.tolist() == [["X", "X", "O"], ["O", "O", "O"]]


def test_token_level_validation():
    with pytest.raises(ValueError, match="must not overlap"):
        token_level_matrix({"a": []}, [(0, 3), (2, 5)])
    with pytest.raises(ValueError, match="tokens is empty"):
        token_level_matrix({"a": []}, [])


def test_tables_feed_alpha():
    spans = {"a": [(0, 10, "claim")], "b": [(2, 10, "claim")], "c": [(0, 8, "claim")]}
    presence = char_level_matrix(spans, 20, mode="presence")
    labels = char_level_matrix(spans, 20, empty="O")
    assert krippendorff_alpha(presence) == pytest.approx(krippendorff_alpha(labels))


@st.composite
def annotations(draw):
    length = draw(st.integers(1, 60))
    spans = {}
    for annotator in range(draw(st.integers(1, 3))):
        spans[annotator] = []
        for _ in range(draw(st.integers(0, 5))):
            start = draw(st.integers(0, length - 1))
            end = draw(st.integers(start + 1, length))
            spans[annotator].append((start, end, "X"))
    return spans, length


@HYPOTHESIS
@given(annotations())
def test_presence_matches_character_sets(case):
    spans, length = case
    table = char_level_matrix(spans, length, mode="presence")
    for row, annotator_spans in zip(table, spans.values(), strict=True):
        covered = {i for s, e, _ in annotator_spans for i in range(s, e)}
        assert set(np.flatnonzero(row)) == covered


@HYPOTHESIS
@given(annotations())
def test_single_character_tokens_equal_char_level(case):
    spans, length = case
    tokens = [(i, i + 1) for i in range(length)]
    assert token_level_matrix(spans, tokens, empty="O").tolist() == \
        char_level_matrix(spans, length, empty="O").tolist()


@HYPOTHESIS
@given(st.lists(st.integers(0, 3), min_size=1, max_size=8), st.data())
def test_covered_tokens_are_the_tokens_sharing_a_character(gaps, data):
    starts, ends, cursor = [], [], 0
    for gap in gaps:  # tokens of length 1-3 with gaps of 0-3 characters between them
        cursor += gap
        starts.append(cursor)
        cursor += data.draw(st.integers(1, 3))
        ends.append(cursor)
    spans = data.draw(st.lists(st.tuples(st.integers(0, cursor + 2), st.integers(1, 4)),
                               min_size=1, max_size=5))
    first, stop = covered_tokens(np.array(starts), np.array(ends),
                                 np.array([s for s, _ in spans]),
                                 np.array([s + n for s, n in spans]))
    for (s, n), f, e in zip(spans, first.tolist(), stop.tolist(), strict=True):
        shared = [i for i in range(len(starts)) if starts[i] < s + n and s < ends[i]]
        assert list(range(f, e)) == shared
