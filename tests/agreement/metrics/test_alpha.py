"""Krippendorff's alpha: published values, undefined cases and a cross-check with ``krippendorff``."""

import math

import hypothesis.strategies as st
import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings

from annotator.agreement.metrics import alpha as alpha_module
from annotator.agreement.metrics import krippendorff_alpha
from annotator.agreement.metrics.alpha import alpha_from_disagreements

HYPOTHESIS = settings.get_profile("agreement")

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E.
K2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]

# Wikipedia, "Krippendorff's alpha", computational example (3 coders x 15 units).
WIKI = [[None, None, None, None, None, 3, 4, 1, 2, 1, 1, 3, 3, None, 3],
        [1, None, 2, 1, 3, 3, 4, 3, None, None, None, None, None, None, None],
        [None, None, 2, 1, 3, 4, 4, None, 2, 1, 1, 3, 3, None, 4]]


@pytest.mark.parametrize(("level", "expected"), [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_2011_four_levels(level, expected):
    assert round(krippendorff_alpha(K2011, level=level), 3) == expected


def test_krippendorff_2011_nominal_with_letters():
    letters = [[None if v is None else "abcde"[v - 1] for v in row] for row in K2011]
    assert round(krippendorff_alpha(letters), 3) == 0.743


def test_krippendorff_2011_binary_two_observers():
    # Section A: binary data, two observers, no missing data.
    ben = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    gerry = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert round(krippendorff_alpha([ben, gerry]), 3) == 0.095


def test_krippendorff_2011_nominal_two_observers():
    # Section B: nominal data, two observers, no missing data.
    assert round(krippendorff_alpha([list("aabbdcccedda"), list("babbbccceddd")]), 3) == 0.692


def test_wikipedia_example():
    assert round(krippendorff_alpha(WIKI), 3) == 0.691
    assert round(krippendorff_alpha(WIKI, level="interval"), 3) == 0.811


def test_default_level_is_nominal():
    assert krippendorff_alpha(K2011) == krippendorff_alpha(K2011, level="nominal")


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_matches_krippendorff_package_on_published_data(level):
    ours = krippendorff_alpha(K2011, level=level)
    theirs = krippendorff.alpha(np.array(K2011, dtype=float), level_of_measurement=level)
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_input_forms_agree():
    as_array = np.array(K2011, dtype=float)
    as_floats = [[None if v is None else float(v) for v in row] for row in K2011]
    as_nan = [[math.nan if v is None else v for v in row] for row in K2011]
    expected = krippendorff_alpha(K2011)
    for data in (as_array, as_floats, as_nan, as_array.astype(np.float32), tuple(K2011)):
        assert krippendorff_alpha(data) == pytest.approx(expected, abs=1e-12)


def test_string_array_input():
    data = np.array([["a", "b", "a"], ["a", "b", "b"]])
    assert krippendorff_alpha(data) == krippendorff_alpha([["a", "b", "a"], ["a", "b", "b"]])


def test_perfect_agreement_is_one():
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 3]], level="interval") == 1.0


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_no_variation_is_nan(level):
    assert math.isnan(krippendorff_alpha([[2, 2, 2], [2, 2, None]], level=level))


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_no_pairable_unit_is_nan(level):
    assert math.isnan(krippendorff_alpha([[1, None, 3], [None, 2, None]], level=level))


def test_all_missing_is_nan():
    assert math.isnan(krippendorff_alpha([[None, None], [None, None]]))


@pytest.mark.parametrize(("data", "message"), [
    ([[1, 2, 3]], "at least 2 raters"),
    ([[], []], "no units"),
    ([1, 2, 3], "rectangular"),
    ([[1, 2], [1]], "rectangular"),
    ([[1, "a"], [1, 2]], "mixes numbers and strings"),
    ([[1, [2]], [1, 2]], "rectangular|type"),
    ([[1, {}], [1, 2]], "type dict"),
    ([[1, math.inf], [1, 2]], "infinite"),
    (np.array([[1, np.inf], [1, 2]]), "infinite"),
])
def test_malformed_input_raises(data, message):
    with pytest.raises(ValueError, match=message):
        krippendorff_alpha(data)


def test_unknown_level_raises():
    with pytest.raises(ValueError, match="level must be one of"):
        krippendorff_alpha(K2011, level="cardinal")


@pytest.mark.parametrize("level", ["ordinal", "interval", "ratio"])
def test_strings_need_nominal(level):
    with pytest.raises(ValueError, match="string values"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], level=level)


def test_ratio_rejects_negative_values():
    with pytest.raises(ValueError, match="non-negative"):
        krippendorff_alpha([[-1, 2], [1, 2]], level="ratio")


def test_ordinal_uses_ranks_not_spacing():
    close = [[1, 2, 3, 3], [1, 2, 2, 3]]
    spread = [[1, 20, 300, 300], [1, 20, 20, 300]]
    assert krippendorff_alpha(close, level="ordinal") == pytest.approx(
        krippendorff_alpha(spread, level="ordinal"))


def test_chunked_counting_matches(monkeypatch):
    rng = np.random.default_rng(3)
    data = rng.integers(0, 6, size=(4, 500)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    whole = krippendorff_alpha(data, level="ordinal")
    monkeypatch.setattr(alpha_module, "_CHUNK_CELLS", 50)
    assert krippendorff_alpha(data, level="ordinal") == pytest.approx(whole, abs=1e-12)


def test_fraction_in_a_later_chunk_falls_back_to_sorting(monkeypatch):
    data = [[1, 2, 3, 1, 2, 3, 1.5], [1, 2, 2, 1, 3, 3, 1.5]]
    expected = krippendorff.alpha(np.array(data), level_of_measurement="ordinal")
    monkeypatch.setattr(alpha_module, "_CHUNK_CELLS", 8)
    assert krippendorff_alpha(data, level="ordinal") == pytest.approx(expected, abs=1e-12)


def test_sparse_and_fractional_values_use_sorting_path():
    # A huge integer range and non-integer values bypass the lookup-table fast path.
    for data in ([[0, 10**9, 5, 5], [0, 10**9, 5, 10**9]], [[0.5, 1.5, 2.25], [0.5, 1.5, 1.5]]):
        for level in ("nominal", "ordinal", "ratio"):
            theirs = krippendorff.alpha(np.array(data, dtype=float), level_of_measurement=level)
            assert krippendorff_alpha(data, level=level) == pytest.approx(theirs, abs=1e-12)


@st.composite
def reliability_data(draw, values=None):
    values = st.integers(0, 5) if values is None else values
    raters = draw(st.integers(2, 5))
    units = draw(st.integers(1, 25))
    cell = st.one_of(st.none(), values) if draw(st.booleans()) else values
    return [[draw(cell) for _ in range(units)] for _ in range(raters)]


def _reference(data, level):
    array = np.array([[np.nan if v is None else v for v in row] for row in data], dtype=float)
    try:
        with np.errstate(all="ignore"):
            return krippendorff.alpha(array, level_of_measurement=level)
    except ValueError:  # the package raises where we return NaN (too few values)
        return math.nan


def _assert_same(ours, theirs):
    if math.isnan(theirs):
        assert math.isnan(ours)
    else:
        assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-9)


@HYPOTHESIS
@given(reliability_data(), st.sampled_from(["nominal", "ordinal", "interval", "ratio"]))
def test_matches_krippendorff_package(data, level):
    _assert_same(krippendorff_alpha(data, level=level), _reference(data, level))


@HYPOTHESIS
@given(reliability_data(values=st.integers(-800, 800).map(lambda v: v / 8)),
       st.sampled_from(["nominal", "ordinal", "interval"]))
def test_matches_krippendorff_package_on_fractions(data, level):
    _assert_same(krippendorff_alpha(data, level=level), _reference(data, level))


@HYPOTHESIS
@given(reliability_data(), st.randoms(use_true_random=False))
def test_invariant_to_order_of_raters_and_units(data, random):
    raters = list(data)
    random.shuffle(raters)
    columns = list(zip(*raters, strict=True))
    random.shuffle(columns)
    shuffled = [list(row) for row in zip(*columns, strict=True)]
    for level in ("nominal", "interval"):
        _assert_same(krippendorff_alpha(shuffled, level=level),
                     krippendorff_alpha(data, level=level))


@HYPOTHESIS
@given(reliability_data())
def test_nominal_ignores_label_names(data):
    names = {v: f"label-{(7 * v) % 11}" for v in range(6)}
    renamed = [[None if v is None else names[v] for v in row] for row in data]
    _assert_same(krippendorff_alpha(renamed), krippendorff_alpha(data))


def test_alpha_from_disagreements_vectorised_with_undefined_cases():
    # Rows: Krippendorff 2011 section A (0.095), too few values, no variation.
    alpha = alpha_from_disagreements([8.0, 0.0, 0.0], [168.0, 0.0, 0.0], [20.0, 1.0, 6.0])
    assert round(float(alpha[0]), 3) == 0.095 and np.isnan(alpha[1:]).all()
    assert float(alpha[0]) == krippendorff_alpha([[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
                                                  [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]])


def test_level_is_keyword_only():
    with pytest.raises(TypeError):
        krippendorff_alpha(K2011, "ordinal")
