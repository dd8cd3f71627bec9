"""SemEval-2020 Task 11 span P/R/F1 and the pairwise span F1 variants."""

import math

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from annotator.agreement.metrics import pairwise_span_f1, span_prf
from annotator.agreement.metrics.spans import prf_from_counts

HYPOTHESIS = settings.get_profile("agreement")


def test_half_overlap_gives_one_half():
    assert span_prf([("d", 10, 20)], [("d", 15, 25)]) == (0.5, 0.5, 0.5)


def test_identical_spans_score_one():
    spans = [("d1", 0, 5), ("d2", 3, 9)]
    assert span_prf(spans, spans) == (1.0, 1.0, 1.0)


def test_overlapping_gold_spans_are_merged():
    # [0, 10) and [5, 15) merge into [0, 15): one gold span of length 15.
    p, r, _ = span_prf([("d", 0, 10), ("d", 5, 15)], [("d", 0, 15)])
    assert (p, r) == (1.0, 1.0)


def test_touching_spans_are_not_merged():
    # No shared character: two gold spans, each half covered by the prediction.
    p, r, _ = span_prf([("d", 0, 5), ("d", 5, 10)], [("d", 0, 10)])
    assert p == 1.0  # 5/10 + 5/10 over one predicted span
    assert r == 1.0  # 5/5 + 5/5 over two gold spans


def test_overlapping_predictions_are_merged_by_default():
    merged = span_prf([("d", 0, 10)], [("d", 0, 6), ("d", 4, 10)])
    assert merged == (1.0, 1.0, 1.0)


def test_overlapping_predictions_can_be_rejected_like_the_scorer_default():
    with pytest.raises(ValueError, match="predicted spans overlap"):
        span_prf([("d", 0, 10)], [("d", 0, 6), ("d", 4, 10)], overlapping_predicted="error")
    # Touching is not overlapping.
    span_prf([("d", 0, 10)], [("d", 0, 5), ("d", 5, 10)], overlapping_predicted="error")


def test_documents_never_mix():
    assert span_prf([("d1", 0, 10)], [("d2", 0, 10)]) == (0.0, 0.0, 0.0)


def test_denominators_count_all_documents():
    gold = [("d1", 0, 10), ("d2", 0, 10)]
    predicted = [("d1", 0, 10), ("d3", 0, 4)]
    p, r, f1 = span_prf(gold, predicted)
    assert (p, r) == (0.5, 0.5)
    assert f1 == 0.5


def test_labelled_counts_only_same_label_pairs():
    gold = [("d", 0, 10, "fear"), ("d", 20, 30, "doubt")]
    predicted = [("d", 0, 10, "doubt"), ("d", 20, 30, "doubt")]
    assert span_prf(gold, predicted, labelled=True) == (0.5, 0.5, 0.5)
    assert span_prf(gold, predicted) == (1.0, 1.0, 1.0)


def test_labelled_merges_per_label_only():
    gold = [("d", 0, 10, "a"), ("d", 5, 15, "b")]
    assert span_prf(gold, gold, labelled=True) == (1.0, 1.0, 1.0)


def test_labelled_needs_labels():
    with pytest.raises(ValueError, match="labelled scoring needs"):
        span_prf([("d", 0, 1)], [("d", 0, 1)], labelled=True)


def test_unlabelled_ignores_labels():
    assert span_prf([("d", 0, 4, "x")], [("d", 0, 4)]) == (1.0, 1.0, 1.0)


def test_empty_sides_follow_semeval_conventions():
    assert span_prf([], []) == (0.0, 0.0, 1.0)
    assert span_prf([("d", 0, 3)], []) == (0.0, 0.0, 0.0)
    assert span_prf([], [("d", 0, 3)]) == (0.0, 0.0, 0.0)


def test_empty_sides_can_be_nan():
    p, r, f1 = span_prf([], [], zero_division="nan")
    assert math.isnan(p) and math.isnan(r) and math.isnan(f1)
    p, r, f1 = span_prf([("d", 0, 3)], [], zero_division="nan")
    assert math.isnan(p) and r == 0.0 and math.isnan(f1)


@pytest.mark.parametrize(("span", "message"), [
    (("d", 5, 5), "start < end"),
    (("d", 6, 5), "start < end"),
    (("d", -1, 5), "start < end"),
    (("d", 0.0, 5), "integers"),
    (("d", 0), "a span is"),
    ("d05", "a span is"),
])
def test_malformed_spans_raise(span, message):
    with pytest.raises(ValueError, match=message):
        span_prf([span], [])


def test_option_validation():
    with pytest.raises(ValueError, match="overlapping_predicted"):
        span_prf([], [], overlapping_predicted="keep")
    with pytest.raises(ValueError, match="zero_division"):
        span_prf([], [], zero_division="warn")
    with pytest.raises(ValueError, match="match must be"):
        pairwise_span_f1([], [], match="fuzzy")


def test_pairwise_exact_and_overlap():
    a = [("d", 0, 10), ("d", 20, 30)]
    b = [("d", 0, 10), ("d", 25, 40), ("d", 50, 60)]
    assert pairwise_span_f1(a, b, match="exact") == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert pairwise_span_f1(a, b, match="overlap") == pytest.approx((2 / 3, 1.0, 0.8))
    assert pairwise_span_f1(a, b, match="proportional") == span_prf(a, b)


def test_pairwise_exact_respects_labels_when_asked():
    a, b = [("d", 0, 5, "x")], [("d", 0, 5, "y")]
    assert pairwise_span_f1(a, b)[2] == 1.0
    assert pairwise_span_f1(a, b, labelled=True)[2] == 0.0


def test_pairwise_duplicates_count_once():
    a = [("d", 0, 5), ("d", 0, 5)]
    assert pairwise_span_f1(a, [("d", 0, 5)]) == (1.0, 1.0, 1.0)


# --- Cross-check against an independent, character-set transcription of the official
# scorer's algorithm (spans as sets of positions; merging by repeated union).

def _reference_merge(span_sets):
    merged = []
    for positions in span_sets:
        positions = set(positions)
        for other in [m for m in merged if m & positions]:
            merged.remove(other)
            positions |= other
        merged.append(positions)
    return merged


def _reference_prf(gold, predicted, labelled):
    def load(spans):
        groups = {}
        for span in spans:
            key = (span[0], span[3]) if labelled else span[0]
            groups.setdefault(key, []).append(set(range(span[1], span[2])))
        return {k: _reference_merge(v) for k, v in groups.items()}

    gold_groups, pred_groups = load(gold), load(predicted)
    p_num = r_num = 0.0
    for key, pred_sets in pred_groups.items():
        for s in pred_sets:
            for t in gold_groups.get(key, []):
                p_num += len(s & t) / len(s)
                r_num += len(s & t) / len(t)
    p_den = sum(len(v) for v in pred_groups.values())
    r_den = sum(len(v) for v in gold_groups.values())
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    f1 = 1.0 if p_den == 0 and r_den == 0 else (2 * p * r / (p + r) if p > 0 and r > 0 else 0.0)
    return p, r, f1


@st.composite
def span_lists(draw, labelled=True):
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, 40))
        end = start + draw(st.integers(1, 15))
        spans.append((draw(st.sampled_from(["d1", "d2"])), start, end,
                      draw(st.sampled_from(["x", "y"]))))
    return spans


@HYPOTHESIS
@given(span_lists(), span_lists(), st.booleans())
def test_span_prf_matches_reference_scorer(gold, predicted, labelled):
    assert span_prf(gold, predicted, labelled=labelled) == pytest.approx(
        _reference_prf(gold, predicted, labelled), abs=1e-12)


@HYPOTHESIS
@given(span_lists(), span_lists())
def test_span_prf_swaps_precision_and_recall(gold, predicted):
    p, r, f1 = span_prf(gold, predicted)
    p2, r2, f1b = span_prf(predicted, gold)
    assert (p, r, f1) == pytest.approx((r2, p2, f1b), abs=1e-12)
    assert 0.0 <= p <= 1.0 and 0.0 <= r <= 1.0


@HYPOTHESIS
@given(span_lists(), span_lists(), st.booleans())
def test_pairwise_matches_brute_force(a, b, labelled):
    def key(span):
        return (span[0], span[1], span[2]) + ((span[3],) if labelled else ())

    set_a, set_b = {key(s) for s in a}, {key(s) for s in b}
    both = len(set_a & set_b)
    exact = _reference_counts(both, len(set_b), both, len(set_a))
    assert pairwise_span_f1(a, b, labelled=labelled) == pytest.approx(exact)

    def touches(s, others):
        return any(s[0] == o[0] and s[3:] == o[3:] and s[1] < o[2] and o[1] < s[2]
                   for o in others)

    hits_b = sum(touches(s, set_a) for s in set_b)
    hits_a = sum(touches(s, set_b) for s in set_a)
    lenient = _reference_counts(hits_b, len(set_b), hits_a, len(set_a))
    assert pairwise_span_f1(a, b, match="overlap", labelled=labelled) == pytest.approx(lenient)


def _reference_counts(p_num, p_den, r_num, r_den):
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    if p_den == 0 and r_den == 0:
        return p, r, 1.0
    return p, r, (2 * p * r / (p + r) if p > 0 and r > 0 else 0.0)


@HYPOTHESIS
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6), st.integers(0, 6),
                          st.integers(0, 6)), min_size=1, max_size=8))
def test_prf_from_counts_row_by_row_equals_the_reference(rows):
    # Rows of [matched_a, n_a, matched_b, n_b] (matched <= n) and [both, n_a, n_b].
    overlap = np.array([[min(ma, na), na, min(mb, nb), nb] for ma, na, mb, nb in rows])
    exact = np.array([[min(x, na, nb), na, nb] for x, na, _, nb in rows])
    p, r, f1 = prf_from_counts(overlap, match="overlap")
    for i, (ma, na, mb, nb) in enumerate(overlap.tolist()):
        assert (p[i], r[i], f1[i]) == pytest.approx(_reference_counts(mb, nb, ma, na), abs=1e-12)
    p, r, f1 = prf_from_counts(exact, match="exact")
    for i, (both, na, nb) in enumerate(exact.tolist()):
        assert (p[i], r[i], f1[i]) == pytest.approx(_reference_counts(both, nb, both, na),
                                                    abs=1e-12)


def test_prf_from_counts_nan_convention_and_bad_input():
    p, r, f1 = prf_from_counts([[0, 0, 0, 0], [0, 2, 0, 0], [1, 2, 1, 1]], match="overlap",
                               zero_division="nan")
    assert np.isnan(p[:2]).all() and r[1] == 0.0 and np.isnan(f1[:2]).all()
    assert (p[2], r[2], f1[2]) == pytest.approx((1.0, 0.5, 2 / 3))
    with pytest.raises(ValueError,
                       match="match must be one of 'exact', 'overlap'; got 'proportional'"):
        prf_from_counts([1, 2, 3], match="proportional")
    with pytest.raises(ValueError, match=r"exact counts are \[both, n_a, n_b\].*shape \(4,\)"):
        prf_from_counts([1, 2, 3, 4], match="exact")
    with pytest.raises(ValueError, match="zero_division must be"):
        prf_from_counts([1, 2, 3], match="exact", zero_division="zero")


def test_options_are_keyword_only_and_checked():
    with pytest.raises(TypeError):
        span_prf([("d", 0, 3)], [("d", 0, 3)], True)  # labelled is keyword-only
    with pytest.raises(ValueError, match="labelled must be True or False; got 'yes'"):
        span_prf([], [], labelled="yes")
    with pytest.raises(ValueError, match="labelled must be True or False"):
        pairwise_span_f1([], [], labelled=1)
    with pytest.raises(ValueError,
                       match="zero_division must be one of 'semeval', 'nan'; got 'warn'"):
        pairwise_span_f1([], [], zero_division="warn")
