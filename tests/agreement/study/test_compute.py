"""compute_study against a brute-force transcription built from the library's own functions.

Every figure of the report is recomputed the slow way: full raters x positions tables from
``char_level_matrix`` / ``token_level_matrix`` fed to ``krippendorff_alpha``, span F1 from
``pairwise_span_f1``, the confusion matrix by looping over span pairs.
"""

import math
from itertools import combinations

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from annotator.agreement.metrics import (
    krippendorff_alpha,
    pairwise_span_f1,
    token_level_matrix,
)
from annotator.agreement.study import (
    ALL_LABELS,
    ANY_SPAN,
    Category,
    LabelInfo,
    Spans,
    StudyInput,
    StudyOptions,
    compute_study,
)
from annotator.agreement.study.positions import counted_ranges, tokenize
from annotator.agreement.study.report import NO_MATCH

HYPOTHESIS = settings.get_profile("agreement")
LABELS = [LabelInfo("X", "Ex"), LabelInfo("Y", "Why"), LabelInfo("Z", "Zed")]
WORDS = ["alpha", "be", "c", "déjà", "vu", "😀", ",", "."]


@st.composite
def studies(draw):
    n_docs = draw(st.integers(1, 4))
    n_ann = draw(st.integers(2, 3))
    texts, parts = [], []
    for _ in range(n_docs):
        text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=10)))
        texts.append(text)
        cut = draw(st.integers(0, len(text)))
        parts.append([{"kind": "body", "start": 0, "end": cut},
                      {"kind": "comments", "start": cut, "end": len(text)}]
                     if 0 < cut < len(text) and draw(st.booleans()) else [])
    rows = []
    for d, text in enumerate(texts):
        for a in range(n_ann + 1):  # the last row is gold
            for _ in range(draw(st.integers(0, 3))):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
                rows.append((d, a, draw(st.integers(0, len(LABELS) - 1)), start, end))
    included = np.array(draw(st.lists(st.lists(st.booleans(), min_size=n_ann, max_size=n_ann),
                                      min_size=n_docs, max_size=n_docs)), dtype=bool)
    spans = Spans.of([r for r in rows if r[1] < n_ann])
    gold = Spans.of([(d, 0, label, s, e) for d, a, label, s, e in rows if a == n_ann])
    return StudyInput("p", list(range(100, 100 + n_docs)), [f"doc {d}" for d in range(n_docs)],
                      texts, parts, [f"a{i}" for i in range(n_ann)], LABELS, spans, included,
                      gold=gold)


def spans_of(data, row, doc, *, gold=False):
    table = data.gold if gold else data.spans
    return [(int(table.start[i]), int(table.end[i]), LABELS[table.label[i]].key)
            for i in range(len(table)) if table.doc[i] == doc and (gold or table.row[i] == row)]


def brute_alpha(data, value, *, level, raters, docs=None, body_only=True):
    """alpha over every document's full raters x positions table; ``value(labels)`` codes the
    set of labels covering a position. Characters: each counted character; tokens: as
    ``token_level_matrix`` (a span covers every token it shares a character with)."""
    table = [[] for _ in raters]
    for d, text in enumerate(data.texts):
        ranges = counted_ranges(data.parts[d], len(text), body_only=body_only)
        if level == "char":
            positions = [(o, o + 1) for s, e in ranges for o in range(s, e)]
        else:
            positions = tokenize(text, ranges)
        for row, r in enumerate(raters):
            spans = spans_of(data, r, d, gold=r == "gold")
            counts = (docs is None or docs[d]) and (r == "gold" or data.included[d, r])
            if level == "token" and positions:
                by_label = {lab.key: token_level_matrix(
                    {0: [(s, e) for s, e, k in spans if k == lab.key]}, positions,
                    mode="presence")[0] for lab in LABELS}
            else:
                by_label = {lab.key: [any(s <= p < e for s, e, k in spans if k == lab.key)
                                      for p, _ in positions] for lab in LABELS}
            table[row].extend(value({k for k, v in by_label.items() if v[i]}) if counts else None
                              for i in range(len(positions)))
    if not table[0]:
        return math.nan
    return krippendorff_alpha(table)


def same(ours, reference):
    return (math.isnan(ours) and math.isnan(reference)) or ours == pytest.approx(reference,
                                                                               abs=1e-9)


def f1_brute(data, a, b, docs, match, *, gold_as_a=False, labelled=True):
    sa = [(d, s, e, k) for d in docs
          for s, e, k in (spans_of(data, 0, d, gold=True) if gold_as_a else spans_of(data, a, d))]
    sb = [(d, s, e, k) for d in docs for s, e, k in spans_of(data, b, d)]
    if not labelled:
        sa, sb = [x[:3] for x in sa], [x[:3] for x in sb]
    if not sa and not sb:
        return math.nan
    return pairwise_span_f1(sa, sb, match=match, labelled=labelled)[2]


OPTIONS = StudyOptions(n_resamples=20)


@HYPOTHESIS
@given(studies())
def test_alpha_figures_equal_full_tables(data):
    report = compute_study(data, options=OPTIONS)
    raters = list(range(len(data.annotators)))
    for level in ("char", "token"):
        for row, label in zip(report.labels, LABELS, strict=True):
            reference = brute_alpha(data, lambda labels, k=label.key: int(k in labels),
                                    level=level, raters=raters)
            assert same(getattr(row, level).value, reference), (level, label)
        overall = {row.key: row for row in report.overall}
        assert same(getattr(overall[ALL_LABELS], level).value,
                    brute_alpha(data, lambda labels: "+".join(sorted(labels)) or "none",
                                level=level, raters=raters))
        assert same(getattr(overall[ANY_SPAN], level).value,
                    brute_alpha(data, lambda labels: int(bool(labels)), level=level,
                                raters=raters))


@HYPOTHESIS
@given(studies())
def test_span_figures_equal_pairwise_span_f1(data):
    # Without parts the counted positions are the characters, as pairwise_span_f1 sees them.
    data = StudyInput(**{**data.__dict__, "parts": [[] for _ in data.texts]})
    report = compute_study(data, options=OPTIONS)
    for pair in report.pairs:
        a, b = data.annotators.index(pair.a), data.annotators.index(pair.b)
        docs = [d for d in range(len(data.texts)) if data.included[d, a] and data.included[d, b]]
        assert same(pair.exact.value, f1_brute(data, a, b, docs, "exact"))
        assert same(pair.overlap.value, f1_brute(data, a, b, docs, "overlap"))
        assert pair.exact.n_documents == len(docs)
    has_gold = {int(d) for d in data.gold.doc}
    for row in report.gold:
        a = data.annotators.index(row.annotator)
        docs = [d for d in range(len(data.texts)) if data.included[d, a] and d in has_gold]
        assert same(row.exact.value, f1_brute(data, None, a, docs, "exact", gold_as_a=True))
        assert same(row.overlap.value, f1_brute(data, None, a, docs, "overlap", gold_as_a=True))
        mask = np.array([d in docs for d in range(len(data.texts))])
        assert same(row.char.value, brute_alpha(
            data, lambda labels: "+".join(sorted(labels)) or "none", level="char",
            raters=[a, "gold"], docs=mask))
    assert bool(report.gold) == bool(has_gold)


@HYPOTHESIS
@given(studies())
def test_confusion_counts_overlapping_pairs(data):
    data = StudyInput(**{**data.__dict__, "parts": [[] for _ in data.texts]})
    report = compute_study(data, options=OPTIONS)
    keys = [label.key for label in LABELS] + [NO_MATCH]
    expected = np.zeros((len(keys), len(keys)), dtype=int)
    for a, b in combinations(range(len(data.annotators)), 2):
        for d in range(len(data.texts)):
            if not (data.included[d, a] and data.included[d, b]):
                continue
            sa, sb = set(spans_of(data, a, d)), set(spans_of(data, b, d))
            for s1, e1, k1 in sa:
                for s2, e2, k2 in sb:
                    if s1 < e2 and s2 < e1:
                        expected[keys.index(k1), keys.index(k2)] += 1
                        if k1 != k2:
                            expected[keys.index(k2), keys.index(k1)] += 1
            for mine, theirs in ((sa, sb), (sb, sa)):
                for s1, e1, k1 in mine:
                    if not any(s1 < e2 and s2 < e1 for s2, e2, _ in theirs):
                        expected[keys.index(k1), -1] += 1
                        expected[-1, keys.index(k1)] += 1
    assert np.array_equal(np.array(report.confusion.counts), expected)


def test_identical_annotators_agree_perfectly_and_documents_rank_lowest_first():
    texts = ["one two three four five six", "seven eight nine ten eleven twelve"]
    spans = [(0, a, 0, 4, 13) for a in range(2)] + [(1, 0, 1, 0, 5), (1, 1, 1, 0, 11)]
    data = StudyInput("p", [7, 8], ["first", "second"], texts, [[], []], ["ann", "bob"],
                      LABELS, Spans.of(spans), np.ones((2, 2), dtype=bool))
    report = compute_study(data, options=OPTIONS)
    assert [d.document_id for d in report.documents] == [8, 7]
    assert report.documents[1].alpha == 1.0 and report.documents[1].f1_overlap == 1.0
    assert report.documents[0].alpha < 1.0
    x = report.labels[0]
    assert x.char.value == 1.0 and x.token.value == 1.0 and x.f1_overlap.value == 1.0
    # A label nobody used has no variation: alpha and F1 are undefined, not 1.
    assert math.isnan(report.labels[2].char.value) and math.isnan(report.labels[2].f1_overlap.value)
    assert report.pairs[0].exact.value == pytest.approx(2 * 1 / 4)
    assert report.counted.n_documents_counted == 2 and report.gold == ()


def test_one_annotator_per_document_counts_nothing():
    data = StudyInput("p", [1], ["t"], ["some words here"], [[]], ["ann", "bob"], LABELS,
                      Spans.of([(0, 0, 0, 0, 4)]), np.array([[True, False]]))
    report = compute_study(data, options=OPTIONS)
    assert report.counted.n_documents_counted == 0 and report.documents == ()
    assert math.isnan(report.labels[0].char.value) and report.labels[0].char.n_documents == 0
    assert report.pairs[0].exact.n_documents == 0


def test_document_labels_one_of_and_many_of():
    genre = Category("genre", "Genre", False, (LabelInfo("news", "News"), LabelInfo("op", "Opinion")))
    frames = Category("frames", "Frames", True, (LabelInfo("eco", "Economic"), LabelInfo("mor", "Morality")))
    chosen = [  # (doc, annotator, category, label)
        (0, 0, 0, 0), (0, 1, 0, 0), (1, 0, 0, 1), (1, 1, 0, 0), (2, 0, 0, 1), (2, 1, 0, 1),
        (0, 0, 1, 0), (0, 1, 1, 0), (1, 0, 1, 1), (2, 1, 1, 1),
    ]
    data = StudyInput("p", [1, 2, 3], ["a", "b", "c"], ["x y", "y z", "z w"], [[], [], []],
                      ["ann", "bob"], LABELS, Spans.of([]), np.ones((3, 2), dtype=bool),
                      categories=[genre, frames], document_labels=chosen)
    rows = {(r.category, r.label): r for r in compute_study(data, options=OPTIONS).document_labels}
    assert rows["genre", None].alpha.value == pytest.approx(
        krippendorff_alpha([["news", "op", "op"], ["news", "news", "op"]]))
    assert rows["frames", "eco"].alpha.value == pytest.approx(krippendorff_alpha([[1, 0, 0], [1, 0, 0]]))
    assert rows["frames", "mor"].alpha.value == pytest.approx(krippendorff_alpha([[0, 1, 0], [0, 0, 1]]))
    assert rows["genre", None].n_annotations == 6


def test_many_of_rows_count_their_own_label():
    """Each label of a many-of category says how often that label was chosen (the "chosen"
    column of the command line), not how many labels of the whole category were."""
    frames = Category("frames", "Frames", True, (LabelInfo("eco", "Economic"),
                                                 LabelInfo("mor", "Morality"),
                                                 LabelInfo("pol", "Political")))
    chosen = [(0, 0, 0, 0), (0, 1, 0, 0), (1, 0, 0, 0), (1, 1, 0, 1), (0, 2, 0, 1)]
    data = StudyInput("p", [1, 2], ["a", "b"], ["x y", "y z"], [[], []], ["ann", "bob", "cy"],
                      LABELS, Spans.of([]), np.ones((2, 3), dtype=bool), categories=[frames],
                      document_labels=chosen)
    rows = {r.label: r for r in compute_study(data, options=OPTIONS).document_labels}
    assert (rows["eco"].n_annotations, rows["mor"].n_annotations, rows["pol"].n_annotations) == (3, 2, 0)


def test_confidence_interval_brackets_value_and_is_reproducible():
    rng = np.random.default_rng(0)
    texts, spans = [], []
    for d in range(30):
        texts.append(" ".join(["word"] * 40))
        for _ in range(4):
            s = int(rng.integers(0, 150))
            e = s + int(rng.integers(5, 40))
            spans.append((d, 0, 0, s, e))
            shift = int(rng.integers(-3, 4))
            spans.append((d, 1, 0, max(0, s + shift), e + shift))
    data = StudyInput("p", list(range(30)), [str(d) for d in range(30)], texts, [[]] * 30,
                      ["ann", "bob"], LABELS, Spans.of(spans), np.ones((30, 2), dtype=bool))
    report = compute_study(data, options=StudyOptions(n_resamples=300, seed=1))
    est = report.labels[0].char
    assert est.low <= est.value <= est.high and est.high - est.low > 0
    assert compute_study(data, options=StudyOptions(n_resamples=300, seed=1)).labels[0].char == est


def test_bad_spans_are_refused():
    data = StudyInput("p", [1], ["t"], ["short"], [[]], ["ann", "bob"], LABELS,
                      Spans.of([(0, 0, 0, 2, 9)]), np.ones((1, 2), dtype=bool))
    with pytest.raises(ValueError, match=r"spans\[0\]"):
        compute_study(data, options=OPTIONS)


def test_span_counts_hold_only_the_spans_the_figures_rest_on():
    """The headline and per-label span counts leave out spans on documents that are not
    counted (fewer than two annotators count there) and spans by annotators who do not count
    on their document."""
    texts = ["one two three four", "five six seven eight", "nine ten eleven twelve"]
    spans = [(0, 0, 0, 0, 3), (0, 1, 0, 0, 3), (0, 1, 1, 4, 7),  # counted: both annotators count
             (1, 0, 0, 0, 4), (1, 0, 1, 5, 8),                     # only ann counts on doc 1
             (2, 0, 2, 0, 4), (2, 1, 2, 0, 4)]                     # bob does not count on doc 2
    included = np.array([[True, True], [True, False], [True, False]])
    data = StudyInput("p", [1, 2, 3], ["a", "b", "c"], texts, [[], [], []], ["ann", "bob"], LABELS,
                      Spans.of(spans), included)
    report = compute_study(data, options=OPTIONS)
    assert report.counted.n_documents_counted == 1
    assert report.counted.n_spans == 3
    assert [r.n_spans for r in report.overall] == [3, 3]
    assert [r.n_spans for r in report.labels] == [2, 1, 0]


def test_one_document_gives_no_interval_and_says_so():
    texts = ["one two three four five six"]
    spans = [(0, 0, 0, 0, 7), (0, 1, 0, 0, 7), (0, 0, 1, 8, 13), (0, 1, 1, 14, 18)]
    data = StudyInput("p", [1], ["a"], texts, [[]], ["ann", "bob"], LABELS, Spans.of(spans),
                      np.ones((1, 2), dtype=bool))
    report = compute_study(data, options=StudyOptions(n_resamples=200, seed=1))
    estimate = report.overall[0].char
    assert estimate.n_documents == 1 and not math.isnan(estimate.value)
    assert math.isnan(estimate.low) and math.isnan(estimate.high)
    assert estimate.text() == f"{estimate.value:.3f} (not enough documents for an interval)"
    assert "[" not in report.pairs[0].exact.text()


def test_spans_inside_furniture_are_not_counted():
    """A span wholly inside page furniture is left out of the body-only study, so the span
    counts (headline, per label, per pair) leave it out too; counting the whole text they
    count it."""
    text = "Body words here. Support us on PayPal! More body."
    cut, back = text.index("Support"), text.index("More")
    parts = [[{"kind": "body", "start": 0, "end": cut},
              {"kind": "furniture", "start": cut, "end": back},
              {"kind": "body", "start": back, "end": len(text)}]]
    paypal = text.index("PayPal")
    spans = Spans.of([(0, 0, 0, 0, 4), (0, 1, 0, 0, 4), (0, 0, 1, paypal, paypal + 6)])
    data = StudyInput("p", [1], ["t"], [text], parts, ["ann", "bob"], LABELS, spans,
                      np.ones((1, 2), dtype=bool))
    body = compute_study(data, options=OPTIONS)
    assert body.counted.n_spans == 2 and body.overall[0].n_spans == 2
    assert [row.n_spans for row in body.labels] == [2, 0, 0]
    assert (body.pairs[0].n_spans_a, body.pairs[0].n_spans_b) == (1, 1)
    whole = compute_study(data, options=StudyOptions(n_resamples=20, body_only=False))
    assert whole.counted.n_spans == 3 and [row.n_spans for row in whole.labels] == [2, 1, 0]
    assert (whole.pairs[0].n_spans_a, whole.pairs[0].n_spans_b) == (2, 1)


def test_a_document_row_counts_the_spans_its_figures_rest_on():
    """The per-document span count leaves out the spans of an annotator who does not count
    there (not done, with the finished basis), as the headline and label counts do."""
    text = "one two three four"
    spans = Spans.of([(0, 0, 0, 0, 3), (0, 1, 0, 0, 3), (0, 2, 0, 4, 7), (0, 2, 1, 8, 13)])
    data = StudyInput("p", [1], ["t"], [text], [[]], ["ann", "bob", "cy"], LABELS, spans,
                      np.array([[True, True, False]]))
    report = compute_study(data, options=OPTIONS)
    assert report.counted.n_spans == 2 and report.documents[0].n_spans == 2
