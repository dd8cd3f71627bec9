"""Plotly figures and one-line captions of the agreement page, as pure functions of a report.

No Streamlit here, so tests can build and inspect every figure. Plotly renders a subset of
HTML in text (``<b>``, ``<br>``, links), so every user-supplied string (label names, user
names, document titles) goes through :func:`plain` first and shows literally, with its
control characters made visible.

Each caption says what the number means and what was counted, using only numbers and fixed
words (captions are rendered as Markdown by Streamlit, user text is never put in them).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import plotly.graph_objects as go

from ..agreement.study.report import (
    AgreementReport,
    DocumentAgreement,
    Estimate,
    LabelAgreement,
    fmt,
)

# The screen's one rule for control characters (a module without Streamlit); the figures are
# drawn only by the pages.
from ..visible_text import isolate, visible

LEVEL_NAMES = {"char": "characters", "token": "tokens"}
MATCH_NAMES = {"exact": "exact match", "overlap": "overlap"}
#: Krippendorff (2004, p. 241): rely on alpha >= 0.800; draw tentative conclusions >= 0.667.
THRESHOLDS = (0.667, 0.8)
_HEIGHT_PER_ROW = 26


def plain(text: str, limit: int | None = None, *, isolated: bool = False) -> str:
    """User text for a plotly label: one line, optionally shortened, control characters
    shown (annotator.visible_text.visible), HTML-escaped; `isolated` when words of ours
    follow it in the label (visible_text.isolate: a right-to-left title keeps them in place)."""
    text = " ".join(str(text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(isolate(text) if isolated else visible(text), quote=False)


def _ci_arrays(estimates: Sequence[Estimate]) -> tuple[list[float], list[float]]:
    plus = [0.0 if math.isnan(e.high) else e.high - e.value for e in estimates]
    minus = [0.0 if math.isnan(e.low) else e.value - e.low for e in estimates]
    return plus, minus


def _value(x: float) -> float | None:
    return None if math.isnan(x) else x


def label_alpha_figure(report: AgreementReport, level: str = "char") -> go.Figure:
    """Alpha per label (and overall) with bootstrap intervals, one horizontal row each."""
    rows: list[LabelAgreement] = [*report.overall, *report.labels]
    estimates = [getattr(r, level) for r in rows]
    plus, minus = _ci_arrays(estimates)
    names = [plain(r.name, 45) for r in rows]
    hover = [f"{plain(r.name)}<br>alpha {e.text()}"
             f"<br>{r.n_spans} spans, {e.n_documents} documents" for r, e in zip(rows, estimates,
                                                                                 strict=True)]
    figure = go.Figure(go.Scatter(
        x=[_value(e.value) for e in estimates], y=names, mode="markers",
        marker={"size": 9, "color": ["#444"] * 2 + ["#1f77b4"] * len(report.labels)},
        error_x={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus},
        hovertext=hover, hoverinfo="text"))
    for x in (0.0, *THRESHOLDS):
        figure.add_vline(x=x, line_dash="dot" if x else "solid", line_color="#bbb")
    figure.update_layout(
        xaxis={"title": f"Krippendorff's alpha per {LEVEL_NAMES[level][:-1]}",
               "range": [min([-0.2, *[e.low for e in estimates if not math.isnan(e.low)]]), 1.05]},
        yaxis={"autorange": "reversed"}, height=90 + _HEIGHT_PER_ROW * len(rows),
        margin={"l": 10, "r": 10, "t": 10, "b": 40}, showlegend=False)
    return figure


def label_alpha_caption(report: AgreementReport, level: str = "char") -> str:
    c = report.counted
    positions = c.n_characters if level == "char" else c.n_tokens
    return (f"Krippendorff's alpha (nominal) on whether each {LEVEL_NAMES[level][:-1]} carries "
            f"the label: 1 = perfect agreement, 0 = no better than chance, below 0 = systematic "
            f"disagreement. Counted: {positions:,} {LEVEL_NAMES[level]} of "
            f"{c.n_documents_counted} documents with two or more annotators; bars are "
            f"{c.confidence:.0%} bootstrap intervals over documents; dotted lines at 0.667 and "
            "0.8 (Krippendorff's thresholds for tentative and reliable conclusions).")


def pairwise_figure(report: AgreementReport, match: str = "overlap") -> go.Figure:
    """Annotator x annotator heatmap of span F1 (labels must match); symmetric."""
    names = list(report.annotators)
    size = len(names)
    z: list[list[float | None]] = [[None] * size for _ in range(size)]
    text = [[""] * size for _ in range(size)]
    for pair in report.pairs:
        i, j = names.index(pair.a), names.index(pair.b)
        estimate = getattr(pair, match)
        label = "" if math.isnan(estimate.value) else f"{estimate.value:.2f}"
        for a, b in ((i, j), (j, i)):
            z[a][b] = _value(estimate.value)
            text[a][b] = label
    shown = [plain(n, 20) for n in names]
    figure = go.Figure(go.Heatmap(
        z=z, x=shown, y=shown, text=text, texttemplate="%{text}", zmin=0, zmax=1,
        colorscale="Blues", hovertemplate="%{y} vs %{x}: F1 %{z:.3f}<extra></extra>",
        colorbar={"title": "F1"}))
    figure.update_layout(height=max(260, 90 + 45 * size), yaxis={"autorange": "reversed"},
                         margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


def pairwise_caption(report: AgreementReport, match: str = "overlap") -> str:
    what = ("the same offsets and label" if match == "exact"
            else "at least one shared character and the same label")
    return (f"Span F1 between two annotators ({MATCH_NAMES[match]}): a span counts as matched "
            f"when the other annotator has a span with {what}; 1 = the same spans. Counted over "
            "the documents both annotators count on (see the table for each pair's number).")


def confusion_figure(report: AgreementReport) -> go.Figure:
    """Label x label counts of overlapping span pairs, plus spans overlapping nothing."""
    c = report.confusion
    names = [plain(n, 30) for n in c.names]
    figure = go.Figure(go.Heatmap(
        z=[list(row) for row in c.counts], x=names, y=names, colorscale="Oranges",
        texttemplate="%{z}", hovertemplate="%{y} / %{x}: %{z} pairs<extra></extra>",
        colorbar={"title": "pairs"}))
    figure.update_layout(height=max(300, 120 + 28 * len(names)),
                         yaxis={"autorange": "reversed"}, xaxis={"tickangle": -40},
                         margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


def confusion_caption(report: AgreementReport) -> str:
    off = sum(report.confusion.counts[i][j] for i in range(len(report.confusion.labels) - 1)
              for j in range(i + 1, len(report.confusion.labels) - 1))
    return (f"Where spans of two annotators overlap, which labels they carry: the diagonal "
            f"counts overlapping pairs with the same label, other cells pairs with different "
            f"labels ({off:,} such pairs), the last row and column spans that overlap no span "
            f"of the other annotator. Summed over every pair of annotators.")


def documents_figure(documents: Sequence[DocumentAgreement]) -> go.Figure:
    """Alpha per document, lowest first; each bar carries its document id as customdata."""
    labels = [f"{plain(d.title, 50, isolated=True)} (#{d.document_id})" for d in documents]
    values = [_value(d.alpha) for d in documents]
    figure = go.Figure(go.Bar(
        x=values, y=labels, orientation="h", customdata=[d.document_id for d in documents],
        marker={"color": ["#d62728" if v is not None and v < THRESHOLDS[0] else "#1f77b4"
                          for v in values]},
        hovertext=[f"alpha {fmt(d.alpha)}, observed agreement {fmt(d.observed)}, "
                   f"F1 overlap {fmt(d.f1_overlap)}, {d.n_spans} spans, "
                   f"{d.n_annotators} annotators" for d in documents],
        hoverinfo="text+y"))
    figure.update_layout(height=90 + _HEIGHT_PER_ROW * len(documents),
                         xaxis={"title": "Krippendorff's alpha (which label per character)",
                                "range": [min([-0.2, *(v for v in values if v is not None)]), 1.05]},
                         yaxis={"autorange": "reversed"}, clickmode="event+select",
                         margin={"l": 10, "r": 10, "t": 10, "b": 40})
    return figure


def documents_caption(report: AgreementReport, shown: int) -> str:
    return (f"Alpha on which label (or none) each character of one document carries, among the "
            f"annotators who count on it; lowest first, red below 0.667. Showing {shown} of "
            f"{len(report.documents)} documents; a document without variation (nobody marked "
            "anything, or everyone marked all of it alike) has an undefined alpha, listed last "
            "without a bar. Click a bar to compare the annotators' spans.")


def gold_figure(report: AgreementReport) -> go.Figure:
    """Each annotator against gold: F1 exact, F1 overlap and alpha, with intervals."""
    names = [plain(g.annotator, 20) for g in report.gold]
    figure = go.Figure()
    for title, attribute in (("F1 exact", "exact"), ("F1 overlap", "overlap"),
                             ("alpha (characters)", "char")):
        estimates = [getattr(g, attribute) for g in report.gold]
        plus, minus = _ci_arrays(estimates)
        figure.add_bar(name=title, x=names, y=[_value(e.value) for e in estimates],
                       error_y={"type": "data", "symmetric": False, "array": plus,
                                "arrayminus": minus})
    figure.update_layout(barmode="group", yaxis={"range": [min([0.0, *[
        e.value for g in report.gold for e in (g.exact, g.overlap, g.char)
        if not math.isnan(e.value)]]), 1.05]}, height=340,
        margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return figure


def gold_caption(report: AgreementReport) -> str:
    return (f"Each annotator against the gold layer, on the {report.counted.n_documents_with_gold}"
            " documents that have gold spans (and that the annotator counts on): F1 with gold as "
            "the reference (recall = share of gold spans found), and alpha on which label each "
            f"character carries; bars are {report.counted.confidence:.0%} bootstrap intervals.")


def document_labels_figure(report: AgreementReport) -> go.Figure:
    rows = report.document_labels
    estimates = [r.alpha for r in rows]
    plus, minus = _ci_arrays(estimates)
    names = [plain(f"{r.category_name}: {r.name}" if r.label else f"{r.category_name} (one of)",
                   45) for r in rows]
    figure = go.Figure(go.Scatter(
        x=[_value(e.value) for e in estimates], y=names, mode="markers",
        error_x={"type": "data", "symmetric": False, "array": plus, "arrayminus": minus},
        marker={"size": 9}))
    for x in (0.0, *THRESHOLDS):
        figure.add_vline(x=x, line_dash="dot" if x else "solid", line_color="#bbb")
    figure.update_layout(height=90 + _HEIGHT_PER_ROW * len(rows), xaxis={"range": [-0.2, 1.05],
                         "title": "Krippendorff's alpha per document"},
                         yaxis={"autorange": "reversed"},
                         margin={"l": 10, "r": 10, "t": 10, "b": 40})
    return figure


def document_labels_caption(report: AgreementReport) -> str:
    return ("Alpha (nominal) over documents for document-level labels: a one-of category "
            "(genre) compares the label each annotator chose; a many-of category (frames) gets "
            "one figure per label, chosen or not. Documents count where two or more annotators "
            "gave a value; bars are bootstrap intervals over documents.")
