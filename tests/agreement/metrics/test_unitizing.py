"""Krippendorff's alpha_U: published worked examples and a direct transcription of the formulas.

Reference values come from Krippendorff (1995, 2004) as reproduced by DKPro Statistics'
``Krippendorff1995Test`` and ``Krippendorff2004Test`` (tolerances as there: the 1995 paper's
expected disagreement differs slightly from the 2004 formula).
"""

import math

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from annotator.agreement.metrics import unitizing_alpha
from annotator.agreement.metrics.intervals import as_arrays
from annotator.agreement.metrics.unitizing import _label_disagreements

HYPOTHESIS = settings.get_profile("agreement")

# Krippendorff (2004), Content Analysis 2nd ed., p. 254: continuum [150, 450), two observers.
K2004 = [(1, 225, 295, "c"), (1, 370, 400, "c"), (1, 180, 240, "k"), (1, 300, 350, "k"),
         (2, 220, 300, "c"), (2, 355, 375, "c"), (2, 400, 420, "c"),
         (2, 180, 240, "k"), (2, 300, 350, "k")]

# Krippendorff (1995), p. 57: four pairs of observers (A-D) on 24 positions, as
# (offset, length, observer) triples per example, each example its own label.
K1995 = {
    "A": [(2, 8, 0), (14, 6, 0), (4, 4, 1), (15, 2, 1)],
    "B": [(0, 18, 0), (0, 2, 1), (2, 1, 1), (3, 1, 1), (4, 1, 1), (5, 1, 1), (6, 3, 1),
          (9, 1, 1)],
    "C": [(2, 6, 0), (10, 2, 0), (14, 4, 0), (20, 2, 0), (0, 2, 1), (4, 4, 1), (10, 4, 1),
          (16, 2, 1), (20, 2, 1)],
    "D": [(0, 2, 0), (2, 8, 0), (10, 4, 0), (14, 6, 0), (20, 4, 0), (0, 4, 1), (4, 4, 1),
          (8, 7, 1), (15, 2, 1), (17, 7, 1)],
}


def _k1995(stretch):
    spans = [(observer, int(offset * stretch), int(offset * stretch) + int(length * stretch),
              label) for label, units in K1995.items() for offset, length, observer in units]
    return spans, (0, int(24 * stretch))


def _disagreements(spans, continuum, label):
    units = [as_arrays([(s, e) for a, s, e, c in spans if a == annotator and c == label])
             for annotator in sorted({a for a, *_ in spans})]
    return _label_disagreements(units, *continuum)


def test_krippendorff_2004_example():
    result = unitizing_alpha(K2004, (150, 450))
    assert result["c"] == pytest.approx(0.7286, abs=1e-4)
    assert result["k"] == pytest.approx(1.0, abs=1e-4)
    # Published 0.8591 was computed from rounded D values; unrounded it is 0.8587.
    assert result["overall"] == pytest.approx(0.8591, abs=5e-4)
    d_o, d_e = _disagreements(K2004, (150, 450), "c")
    assert (d_o, d_e) == pytest.approx((0.0144, 0.0532), abs=1e-4)
    assert _disagreements(K2004, (150, 450), "k") == pytest.approx((0.0, 0.0490), abs=1e-4)


def test_krippendorff_1995_observed_disagreement():
    spans, continuum = _k1995(1)
    expected = {"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}
    for label, d_o in expected.items():
        assert _disagreements(spans, continuum, label)[0] == pytest.approx(d_o, abs=1e-5)


def test_krippendorff_1995_expected_disagreement():
    spans, continuum = _k1995(0.5)
    assert _disagreements(spans, continuum, "C")[1] == pytest.approx(0.05494, abs=1e-5)
    spans, continuum = _k1995(50000)
    expected = {"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}
    for label, d_e in expected.items():
        assert _disagreements(spans, continuum, label)[1] == pytest.approx(d_e, abs=5e-3)


@pytest.mark.parametrize(("stretch", "alpha_c"), [
    (0.5, 0.494), (5, 0.663), (50, 0.677), (500, 0.678), (5000, 0.679), (50000, 0.679)])
def test_krippendorff_1995_varying_lengths(stretch, alpha_c):
    spans, continuum = _k1995(stretch)
    only_c = [s for s in spans if s[3] == "C"]
    assert unitizing_alpha(only_c, continuum)["C"] == pytest.approx(alpha_c, abs=0.02)


def test_krippendorff_1995_agreement():
    spans, continuum = _k1995(50000)
    result = unitizing_alpha(spans, continuum)
    expected = {"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}
    for label, value in expected.items():
        assert result[label] == pytest.approx(value, abs=0.02)


def test_identical_annotations_give_one():
    spans = [(a, s, e, lab) for a in ("x", "y", "z")
             for s, e, lab in [(0, 4, "p"), (10, 30, "p"), (12, 15, "q")]]
    assert unitizing_alpha(spans, (0, 50)) == {"overall": 1.0, "p": 1.0, "q": 1.0}


def test_annotator_who_marked_nothing_counts():
    spans = [("x", 0, 10, "p"), ("y", 0, 10, "p")]
    assert unitizing_alpha(spans, (0, 20))["p"] == 1.0
    with_silent = unitizing_alpha(spans, (0, 20), annotators=["x", "y", "z"])
    assert with_silent["p"] < 1.0


def test_no_expected_disagreement_is_nan():
    # Length-1 units covering a length-1 continuum: D_e = 0.
    result = unitizing_alpha([("x", 0, 1, "p"), ("y", 0, 1, "p")], (0, 1))
    assert math.isnan(result["p"]) and math.isnan(result["overall"])


def test_overlapping_same_label_spans():
    spans = [("x", 0, 10, "p"), ("x", 5, 15, "p"), ("y", 0, 15, "p")]
    with pytest.raises(ValueError, match="overlapping spans labelled 'p'"):
        unitizing_alpha(spans, (0, 30))
    assert unitizing_alpha(spans, (0, 30), overlapping="merge")["p"] == 1.0
    # Different labels may overlap; touching same-label spans stay two units.
    unitizing_alpha([("x", 0, 10, "p"), ("x", 5, 15, "q"), ("y", 10, 12, "p")], (0, 30))
    touching = unitizing_alpha([("x", 0, 5, "p"), ("x", 5, 10, "p"), ("y", 0, 10, "p")], (0, 30))
    assert touching["p"] < 1.0


@pytest.mark.parametrize(("spans", "continuum", "kwargs", "message"), [
    ([("x", 0, 5, "p")], (0, 10), {}, "at least 2 annotators"),
    ([], (0, 10), {"annotators": ["x", "y"]}, "no spans"),
    ([("x", 0, 5, "overall"), ("y", 0, 5, "p")], (0, 10), {}, "reserved"),
    ([("x", 0, 5, "p"), ("y", 0, 5, "p")], (0, 10), {"annotators": ["x"]}, "not in annotators"),
    ([("x", 0, 5, "p"), ("y", 0, 5, "p")], (0, 10), {"annotators": ["x", "x", "y"]},
     "duplicates"),
    ([("x", 0, 11, "p"), ("y", 0, 5, "p")], (0, 10), {}, "start < end <= 10"),
    ([("x", 4, 4, "p"), ("y", 0, 5, "p")], (0, 10), {}, "start < end"),
    ([("x", 0.5, 4, "p"), ("y", 0, 5, "p")], (0, 10), {}, "integers"),
    ([("x", 0, 4), ("y", 0, 5, "p")], (0, 10), {}, "annotator, start, end, label"),
    ([("x", 0, 4, "p"), ("y", 0, 5, "p")], (10, 0), {}, "begin < end"),
    ([("x", 0, 4, "p"), ("y", 0, 5, "p")], (0,), {}, "pair"),
    ([("x", 0, 4, "p"), ("y", 0, 5, "p")], (0, 10), {"overlapping": "ignore"}, "overlapping"),
])
def test_invalid_input_raises(spans, continuum, kwargs, message):
    with pytest.raises(ValueError, match=message):
        unitizing_alpha(spans, continuum, **kwargs)


# --- Direct transcription of the equations (all section pairs, explicit loops).

def _delta(b1, l1, unit1, b2, l2, unit2):
    if unit1 and unit2 and -l1 < b1 - b2 < l2:
        return (b1 - b2) ** 2 + (b1 + l1 - b2 - l2) ** 2
    if unit1 and not unit2 and l2 - l1 >= b1 - b2 >= 0:
        return l1 ** 2
    if not unit1 and unit2 and l1 - l2 >= b2 - b1 >= 0:
        return l2 ** 2
    return 0


def test_transcribed_delta_matches_krippendorff_2004_distances():
    # (begin, length, is_unit) pairs and distances from Krippendorff (2004) via DKPro.
    assert _delta(2, 3, False, 2, 2, True) + _delta(5, 6, True, 4, 7, False) == 40
    assert _delta(5, 6, True, 4, 2, True) == 26
    assert _delta(5, 6, True, 5, 2, True) == 16
    assert _delta(5, 6, True, 6, 2, True) == 10
    assert _delta(5, 6, True, 7, 2, True) == 8
    assert _delta(5, 6, True, 6, 4, True) == 2
    assert _delta(225, 70, True, 220, 80, True) == 50
    assert _delta(370, 30, True, 355, 20, True) == 850
    assert _delta(400, 50, False, 400, 20, True) == 400


def _sections(units, begin, stop):
    out, position = [], begin
    for start, end in sorted(units):
        if start > position:
            out.append((position, start - position, False))
        out.append((start, end - start, True))
        position = end
    if position < stop:
        out.append((position, stop - position, False))
    return out


def _reference(spans, continuum, annotators):
    begin, stop = continuum
    length, m = stop - begin, len(annotators)
    result, total_o, total_e = {}, 0.0, 0.0
    for label in dict.fromkeys(s[3] for s in spans):
        sections = [_sections([(s, e) for a, s, e, c in spans if a == ann and c == label],
                              begin, stop) for ann in annotators]
        observed = sum(_delta(*g, *h) for i in range(m) for j in range(m) if i != j
                       for g in sections[i] for h in sections[j])
        d_o = observed / (m * (m - 1) * length ** 2)
        units = [sec for secs in sections for sec in secs if sec[2]]
        gaps = [sec for secs in sections for sec in secs if not sec[2]]
        n_c = len(units)
        numerator = sum((n_c - 1) * (2 * u[1] ** 3 - 3 * u[1] ** 2 + u[1]) / 3
                        + u[1] ** 2 * sum(g[1] - u[1] + 1 for g in gaps if g[1] >= u[1])
                        for u in units)
        d_e = (2 / length) * numerator / (m * length * (m * length - 1)
                                          - sum(u[1] * (u[1] - 1) for u in units))
        result[label] = 1 - d_o / d_e if d_e else math.nan
        total_o, total_e = total_o + d_o, total_e + d_e
    return {"overall": 1 - total_o / total_e if total_e else math.nan, **result}


@st.composite
def unitized(draw):
    length = draw(st.integers(1, 40))
    annotators = list(range(draw(st.integers(2, 4))))
    spans = []
    for annotator in annotators:
        for label in draw(st.sets(st.sampled_from(["p", "q", "r"]))):
            cuts = sorted(draw(st.sets(st.integers(0, length), min_size=2, max_size=8)))
            # Consecutive cut points bound sections; a coin flip makes each one a unit, so
            # units may touch but never overlap.
            for start, end in zip(cuts, cuts[1:], strict=False):
                if draw(st.booleans()):
                    spans.append((annotator, start, end, label))
    offset = draw(st.integers(-5, 5))
    return [(a, s + offset, e + offset, c) for a, s, e, c in spans], \
        (offset, length + offset), annotators


def _same(ours, theirs):
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        if math.isnan(value):
            assert math.isnan(ours[key])
        else:
            assert ours[key] == pytest.approx(value, rel=1e-9, abs=1e-9)


@HYPOTHESIS
@given(unitized())
def test_matches_transcribed_formulas(case):
    spans, continuum, annotators = case
    if not spans:
        return
    _same(unitizing_alpha(spans, continuum, annotators=annotators),
          _reference(spans, continuum, annotators))


@HYPOTHESIS
@given(unitized())
def test_invariant_to_span_and_annotator_order(case):
    spans, continuum, annotators = case
    if not spans:
        return
    _same(unitizing_alpha(list(reversed(spans)), continuum, annotators=annotators[::-1]),
          unitizing_alpha(spans, continuum, annotators=annotators))
