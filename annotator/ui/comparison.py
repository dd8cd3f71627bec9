"""The drill-down of the agreement page: one document, every annotator's spans side by side
at a disagreement. Plain text only (through annotator.ui.text.visible and frame): each column
shows the excerpt with that annotator's spans in numbered brackets (``⟦so-called⟧¹``) and a
table of those spans."""

from __future__ import annotations

import streamlit as st

from ..db import Database
from ..errors import AnnotatorError
from ..services.actor import Actor
from ..services.team.agreement import AgreementFilter
from ..services.team.agreement_compare import GOLD, DocumentComparison, compare_document
from . import routes
from .text import frame, visible

REGION = "agreement_region"
MAX_COLUMNS = 4


def render_comparison(db: Database, actor: Actor, project_id: int, document_id: int,
                      options: AgreementFilter, *, can_curate: bool = False) -> None:
    try:
        view = compare_document(db, actor, project_id, document_id, options)
    except AnnotatorError as error:
        st.error("This document cannot be compared:")
        st.text(visible(str(error)))
        return
    st.subheader("Side by side")
    st.text(visible(f"#{view.document_id} {view.title}"))
    st.caption(view.basis_note)
    if not view.regions:
        st.info("The annotators who count on this document agree on every character.")
        _all_spans(view)
        return
    regions = list(range(len(view.regions)))
    if st.session_state.get(REGION) not in regions or \
            st.session_state.get(REGION + "_document") != document_id:
        st.session_state[REGION] = 0  # a new document opens at its first disagreement
    st.session_state[REGION + "_document"] = document_id
    index = st.selectbox(
        f"Disagreement ({len(regions)} in this document)", regions, key=REGION,
        format_func=lambda i: _region_title(view, i))
    region = view.regions[index]
    st.text(visible(f"Disputed text, characters {region.start}–{region.end}: {region.quote}"))
    if can_curate:
        routes.link(routes.CURATION, "Decide it in the curation view", icon=":material/gavel:",
                    query=routes.curation_query(document_id, region.start))
    st.caption("Each column is one annotator's view of the same excerpt: their spans are "
               "bracketed and numbered, the table below names each span's label.")
    spans = {r.rater: r for r in view.raters}
    for first in range(0, len(region.excerpts), MAX_COLUMNS):
        row = region.excerpts[first:first + MAX_COLUMNS]
        for column, excerpt in zip(st.columns(len(row)), row, strict=True):
            with column:
                rater = spans[excerpt.rater]
                label = "gold layer" if rater.rater == GOLD else (
                    "counted" if rater.counted else "not counted on this document")
                st.text(visible(f"{rater.rater} ({label})"))
                st.text(visible(excerpt.text))
                numbered = [rater.spans[i] for i in excerpt.numbered]
                if numbered:
                    st.dataframe(frame(
                        [{"#": n, "Label": s.name, "Characters": f"{s.start}–{s.end}"}
                         for n, s in enumerate(numbered, start=1)]),
                        hide_index=True)
                else:
                    st.text("(no span here)")
    _all_spans(view)


def _region_title(view: DocumentComparison, index: int) -> str:
    region = view.regions[index]
    return visible(f"{index + 1}. characters {region.start}–{region.end}: {region.description}")


def _all_spans(view: DocumentComparison) -> None:
    with st.expander("Every span of this document"):
        st.dataframe(frame(
            [{"Annotator": r.rater, "Label": s.name, "Start": s.start, "End": s.end,
              "Text": s.quote} for r in view.raters for s in r.spans]), hide_index=True)
