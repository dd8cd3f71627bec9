"""The agreement page's plotly figures and captions, built from a real report."""

from __future__ import annotations

import math

import numpy as np
import pytest

from annotator.agreement.study import (
    Category,
    LabelInfo,
    Spans,
    StudyInput,
    StudyOptions,
    compute_study,
)
from annotator.charts import agreement as charts

LABELS = [LabelInfo("ll", "Loaded <b>language</b>"), LabelInfo("nc", "Name calling"),
          LabelInfo("unused", "Never used")]


@pytest.fixture(scope="module")
def report():
    texts = ["The regime said the so-called groups lost.", "Another regime, another day."]
    spans = [(0, 0, 0, 4, 10), (0, 1, 0, 4, 10), (0, 2, 1, 4, 10), (1, 0, 0, 8, 14),
             (1, 1, 1, 16, 23)]
    genre = Category("genre", "Genre", False, (LabelInfo("op", "Opinion"), LabelInfo("re", "Report")))
    data = StudyInput("p", [11, 12], ["<i>First</i>", "Second " * 20], texts, [[], []],
                      ["ann", "<b>bob</b>", "cy"], LABELS, Spans.of(spans),
                      np.ones((2, 3), dtype=bool), gold=Spans.of([(0, 0, 0, 4, 10)]),
                      categories=[genre], document_labels=[(0, 0, 0, 0), (0, 1, 0, 1)])
    return compute_study(data, options=StudyOptions(n_resamples=50))


def test_user_text_is_escaped_for_plotly(report):
    figure = charts.label_alpha_figure(report)
    assert "Loaded &lt;b&gt;language&lt;/b&gt;" in figure.data[0].y
    assert all("<b>" not in y for y in figure.data[0].y)
    heatmap = charts.pairwise_figure(report)
    assert "&lt;b&gt;bob&lt;/b&gt;" in heatmap.data[0].x
    documents = charts.documents_figure(report.documents)
    # The title is isolated: "(#11)" stays after it whatever direction the title reads in.
    assert any(y == "\u2068&lt;i&gt;First&lt;/i&gt;\u2069 (#11)" for y in documents.data[0].y)
    assert all(len(y) < 70 for y in documents.data[0].y)  # long titles are shortened


def test_label_figure_has_a_row_and_interval_per_label(report):
    figure = charts.label_alpha_figure(report, "token")
    trace = figure.data[0]
    assert len(trace.y) == 2 + len(LABELS)
    assert trace.x[-1] is None  # the unused label: undefined, not drawn as 0 or 1
    row = report.labels[0].token
    assert trace.x[2] == pytest.approx(row.value)
    assert trace.error_x.array[2] == pytest.approx(row.high - row.value)
    assert trace.error_x.arrayminus[2] == pytest.approx(row.value - row.low)
    assert "per token" in figure.layout.xaxis.title.text


def test_pairwise_heatmap_is_symmetric_with_an_empty_diagonal(report):
    for match in ("exact", "overlap"):
        z = charts.pairwise_figure(report, match).data[0].z
        size = len(report.annotators)
        assert all(z[i][i] is None for i in range(size))
        assert all(z[i][j] == z[j][i] for i in range(size) for j in range(size))
        pair = report.pair("ann", "cy")
        assert z[0][2] == pytest.approx(getattr(pair, match).value)


def test_confusion_and_documents_carry_their_numbers(report):
    confusion = charts.confusion_figure(report).data[0]
    assert [list(r) for r in confusion.z] == [list(r) for r in report.confusion.counts]
    documents = charts.documents_figure(report.documents).data[0]
    assert list(documents.customdata) == [d.document_id for d in report.documents]
    alphas = [d.alpha for d in report.documents]
    assert alphas == sorted(alphas, key=lambda a: (math.isnan(a), a))


def test_gold_and_document_label_figures(report):
    gold = charts.gold_figure(report)
    assert [t.name for t in gold.data] == ["F1 exact", "F1 overlap", "alpha (characters)"]
    assert list(gold.data[0].x) == ["ann", "&lt;b&gt;bob&lt;/b&gt;", "cy"]
    labels = charts.document_labels_figure(report)
    assert list(labels.data[0].y) == ["Genre (one of)"]


def test_captions_say_what_was_counted(report):
    counted = report.counted
    assert f"{counted.n_characters:,} characters of 2 documents" in charts.label_alpha_caption(report)
    assert f"{counted.n_tokens:,} tokens" in charts.label_alpha_caption(report, "token")
    assert "same offsets and label" in charts.pairwise_caption(report, "exact")
    assert "Showing 2 of 2 documents" in charts.documents_caption(report, 2)
    assert "1 documents that have gold spans" in charts.gold_caption(report)
    assert "pairs with different labels" in charts.confusion_caption(report)
    for caption in (charts.label_alpha_caption(report), charts.pairwise_caption(report),
                    charts.confusion_caption(report), charts.documents_caption(report, 2),
                    charts.gold_caption(report), charts.document_labels_caption(report)):
        assert "<" not in caption and "*" not in caption and "_" not in caption


def test_documents_whose_alpha_is_all_undefined_still_draw() -> None:
    """Two annotators who both mark a whole document with one label, or mark nothing and call it
    done: no variation, so alpha is undefined. A page showing only such documents drew nothing:
    the chart's axis range was the minimum of no values (TypeError)."""
    texts = ["The regime said the talks would fail."]
    whole = [(0, annotator, 0, 0, len(texts[0])) for annotator in (0, 1)]
    data = StudyInput("p", [7], ["Whole"], texts, [[]], ["ann", "bob"], LABELS, Spans.of(whole),
                      np.ones((1, 2), dtype=bool))
    report = compute_study(data, options=StudyOptions(n_resamples=20))
    assert [math.isnan(d.alpha) for d in report.documents] == [True]
    figure = charts.documents_figure(report.documents)
    assert list(figure.data[0].x) == [None] and list(figure.data[0].customdata) == [7]
    assert figure.layout.xaxis.range == (-0.2, 1.05)
    assert len(charts.documents_figure([]).data[0].x) == 0
