"""Agreement page: the project's inter-annotator agreement, charted, with a drill-down into
one document where the annotators' spans are shown side by side at each disagreement.

The page only arranges: figures come from services.team.agreement, charts from charts.agreement.
User text (titles, names, labels, quotes) reaches the screen through st.text, st.dataframe,
widget options (annotator.ui.text.visible and frame) and plotly labels escaped by
charts.agreement.plain, never through Markdown.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...agreement.study.report import AgreementReport, fmt
from ...agreement.study.report_json import indented_json
from ...charts import agreement as charts
from ...db import Database
from ...errors import AnnotatorError
from ...formats.base import slug
from ...services.actor import Actor
from ...services.annotation.codebooks import get_project_codebook
from ...services.team.agreement import AgreementFilter, project_agreement, study_annotators
from ..auth import require_actor
from ..comparison import render_comparison
from ..pickers import LEAD_ROLES, pick_documents, pick_project
from ..resources import get_db
from ..text import frame, isolate, visible

# Widget keys of this page (prefixed so that they never clash with other pages' widgets).
PROJECT = "agreement_project"
DOCUMENTS = "agreement_documents"
ANNOTATORS = "agreement_annotators"
LABELS = "agreement_labels"
BASIS = "agreement_basis"
BODY_ONLY = "agreement_body_only"
LEVEL = "agreement_level"
MATCH = "agreement_match"
DOCUMENT = "agreement_document"
DOCUMENT_CHART = "agreement_document_chart"
LAST_CLICK = "agreement_last_click"

BASES = {"auto": None, "finished": True, "annotated": False}
BASIS_NAMES = {"auto": "Finished documents once any is marked done (default)",
               "finished": "Only documents the annotator marked done",
               "annotated": "Every document the annotator worked on"}
CHART_DOCUMENTS = 30


def render() -> None:
    actor = require_actor()
    st.header("Agreement")
    db = get_db()
    project = pick_project(PROJECT, empty_message="You are not a member of any project yet.")
    if project is None:
        return
    project_id = project.id
    options = _options(db, actor, project_id)
    try:
        with st.spinner("Computing agreement…"):
            report = project_agreement(db, actor, project_id, options)
    except AnnotatorError as error:
        st.error("The agreement figures cannot be shown:")
        st.text(visible(str(error)))
        return
    _summary(report)
    # The figures for a script or a spreadsheet: what `agreement --format json` writes, made
    # only on a click (a 100,000-document report takes most of a second to write).
    st.download_button("Download the figures (JSON)", lambda: indented_json(report.to_dict()),
                       file_name=f"agreement-{slug(project.name) or project.id}.json", mime="application/json",
                       on_click="ignore", icon=":material/download:", key="agreement_download")
    if report.counted.n_documents_counted == 0:
        st.info("No document has two or more annotators counting on it yet, so there is "
                "nothing to compare. Change the selection or the basis above.")
        return
    _labels(report)
    _pairs(report)
    _confusion(report)
    document_id = _documents(report)
    if document_id is not None:
        render_comparison(db, actor, project_id, document_id, options,
                          can_curate=project.my_role in LEAD_ROLES)
    if report.gold:
        _gold(report)
    if report.document_labels:
        _document_labels(report)


def _options(db: Database, actor: Actor, project_id: int) -> AgreementFilter:
    with st.expander("Selection and options"):
        members = study_annotators(db, actor, project_id)  # as the report names them ("Annotator N")
        codebook = get_project_codebook(db, actor, project_id)
        span_labels = {label.key: label.name for label in codebook.span_labels()}
        # A page of documents at a time: a multiselect of a 100,000-document project's titles
        # took seconds to build and send on every rerun.
        documents = pick_documents(project_id, DOCUMENTS, label="Documents (none = every document)",
                                   describe=lambda d: f"#{d.id} {d.title}")
        annotators = st.multiselect("Annotators (none = everyone)", members, key=ANNOTATORS, format_func=visible)
        labels = st.multiselect("Labels (none = every label)", list(span_labels),
                                format_func=lambda k: visible(span_labels[k]), key=LABELS)
        basis = st.radio("Which documents count for an annotator", list(BASES),
                         format_func=BASIS_NAMES.__getitem__, key=BASIS)
        body_only = st.checkbox("Body text only (leave out page furniture and comments)",
                                value=True, key=BODY_ONLY)
    return AgreementFilter(annotators=tuple(annotators), labels=tuple(labels),
                           document_ids=tuple(documents), finished_only=BASES[basis],
                           body_only=body_only)


def _summary(report: AgreementReport) -> None:
    c = report.counted
    columns = st.columns(5)
    columns[0].metric("Documents counted", f"{c.n_documents_counted} of {c.n_documents}")
    columns[1].metric("Annotators", c.n_annotators)
    columns[2].metric("Spans", f"{c.n_spans:,}")
    columns[3].metric("Characters", f"{c.n_characters:,}")
    columns[4].metric("Tokens", f"{c.n_tokens:,}")
    where = "body text only (no page furniture or comments)" if c.body_only else "whole texts"
    st.caption(f"{c.basis_note} Positions are counted in {where}. Intervals: "
               f"{c.confidence:.0%} percentile bootstrap over documents, "
               f"{c.n_resamples:,} resamples.")


def _labels(report: AgreementReport) -> None:
    st.subheader("Agreement per label")
    level = st.radio("Positions", ["char", "token"], horizontal=True, key=LEVEL,
                     format_func=lambda v: charts.LEVEL_NAMES[v].capitalize())
    st.plotly_chart(charts.label_alpha_figure(report, level), key="agreement_labels_chart")
    st.caption(charts.label_alpha_caption(report, level))
    st.dataframe(frame([
        {"Label": r.name, "Spans": r.n_spans,
         "Alpha (characters)": r.char.text(), "Alpha (tokens)": r.token.text(),
         "F1 overlap (all pairs)": r.f1_overlap.text(), "Documents": r.char.n_documents}
        for r in (*report.overall, *report.labels)]), hide_index=True)


def _pairs(report: AgreementReport) -> None:
    st.subheader("Pairs of annotators")
    if not report.pairs:
        st.info("One annotator only: no pairs to compare.")
        return
    match = st.radio("Span match", ["overlap", "exact"], horizontal=True, key=MATCH,
                     format_func=lambda m: charts.MATCH_NAMES[m].capitalize())
    st.plotly_chart(charts.pairwise_figure(report, match), key="agreement_pairs_chart")
    st.caption(charts.pairwise_caption(report, match))
    st.dataframe(frame([
        {"Annotator": p.a, "Annotator ": p.b, "Documents": p.exact.n_documents,
         "Spans": f"{p.n_spans_a} / {p.n_spans_b}", "F1 exact": p.exact.text(),
         "F1 overlap": p.overlap.text()} for p in report.pairs]), hide_index=True)
    _relation_pairs(report, match)


def _relation_pairs(report: AgreementReport, match: str) -> None:
    """Relation F1 per pair, with the span match chosen above for the relations' ends."""
    if not report.relations:
        return
    st.markdown("**Relations**")
    st.caption(f"A relation counts as matched when its type agrees and both ends match "
               f"({charts.MATCH_NAMES[match]}); an undirected type either way round.")
    st.dataframe(frame([
        {"Annotator": r.a, "Annotator ": r.b, "Documents": r.n_documents,
         "Relations": f"{r.n_relations_a} / {r.n_relations_b}",
         "Precision": fmt(getattr(r, match).precision), "Recall": fmt(getattr(r, match).recall),
         "F1": fmt(getattr(r, match).f1)} for r in report.relations]), hide_index=True)


def _confusion(report: AgreementReport) -> None:
    st.subheader("Label confusion")
    st.plotly_chart(charts.confusion_figure(report), key="agreement_confusion_chart")
    st.caption(charts.confusion_caption(report))


def _documents(report: AgreementReport) -> int | None:
    """The per-document chart and the document picker; returns the document to compare."""
    st.subheader("Agreement per document")
    shown = report.documents[:CHART_DOCUMENTS]
    event = st.plotly_chart(charts.documents_figure(shown), key=DOCUMENT_CHART,
                            on_select="rerun", selection_mode="points")
    st.caption(charts.documents_caption(report, len(shown)))
    ids = [d.document_id for d in report.documents]
    clicked = _clicked_document(event)
    if clicked is not None and clicked != st.session_state.get(LAST_CLICK) and clicked in ids:
        st.session_state[DOCUMENT] = clicked  # a click on a bar opens that document below
    st.session_state[LAST_CLICK] = clicked
    if st.session_state.get(DOCUMENT) not in ids:
        st.session_state[DOCUMENT] = ids[0]
    titles = {d.document_id: d for d in report.documents}
    return st.selectbox(
        "Compare the annotators on", ids, key=DOCUMENT,
        format_func=lambda i: f"#{i} {isolate(titles[i].title)} (alpha {fmt(titles[i].alpha)})")


def _clicked_document(event: Any) -> int | None:
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if data is not None:
            return int(data)
    return None


def _gold(report: AgreementReport) -> None:
    st.subheader("Annotators against gold")
    st.plotly_chart(charts.gold_figure(report), key="agreement_gold_chart")
    st.caption(charts.gold_caption(report))
    st.dataframe(frame([
        {"Annotator": g.annotator, "Documents": g.exact.n_documents,
         "Precision": fmt(g.precision), "Recall": fmt(g.recall),
         "F1 exact": g.exact.text(), "F1 overlap": g.overlap.text(), "Alpha": g.char.text()}
        for g in report.gold]), hide_index=True)


def _document_labels(report: AgreementReport) -> None:
    st.subheader("Document labels")
    st.plotly_chart(charts.document_labels_figure(report), key="agreement_doclabels_chart")
    st.caption(charts.document_labels_caption(report))
