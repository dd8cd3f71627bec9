"""The curation page's side panel: where the document stands, the agreed spans accepted in one
action (all, or per label), undo, marking the document curated, releasing its gold to the
annotators, and a preview of what an annotator will see. Buttons act in on_click callbacks,
so the fragment's next run draws their outcome."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from ...errors import AnnotatorError
from ...services.team.curated import release_document_gold, release_project_gold, set_curated
from ...services.team.feedback import gold_feedback
from ...services.team.gold import accept_unanimous
from ...services.team.views import ComparisonView
from .. import state
from ..auth import require_actor
from ..resources import get_db
from ..text import frame, visible
from . import events


def say(level: str, text: str) -> None:
    state.put(state.CURATION_MESSAGE, (level, text))


def _act(call: object, done: str) -> None:
    try:
        call()  # type: ignore[operator]
    except AnnotatorError as error:
        say("error", f"Not saved: {error}")
        return
    say("success", done)


def _accept_agreed(view: ComparisonView, done_only: bool, label: str | None) -> None:
    try:
        ids = accept_unanimous(get_db(), require_actor(), view.document_id, done_only=done_only,
                               labels=None if label is None else [label])
    except AnnotatorError as error:
        say("error", f"Not saved: {error}")
        return
    what = f"accepted {len(ids)} agreed span(s)" + (f" labelled {label}" if label else "")
    state.get(state.CURATION_UNDO).append(events.UndoStep(view.document_id, what, delete=ids))
    say("success", what[0].upper() + what[1:])


def _undo(view: ComparisonView, done_only: bool) -> None:
    ctx = events.Context(get_db(), require_actor(), view.document_id, done_only, state.get(state.CURATION_UNDO), view)
    try:
        say("success", events.undo(ctx))
    except AnnotatorError as error:
        say("error", f"Not undone: {error}")


def summary(view: ComparisonView, done_only: bool) -> None:
    live = [g for g in view.gold if not g.deleted]
    pending = view.pending_unanimous
    st.markdown("**This document**")
    columns = st.columns(3)
    columns[0].metric("Open", len(view.open_clusters), help="Disagreements not decided yet")
    columns[1].metric("Agreed", len(pending), help="Spans every annotator drew alike, not in gold yet")
    columns[2].metric("Gold", len(live))
    st.caption(visible(f"{len(view.annotators)} annotator(s): {', '.join(view.annotators)}"
                       + (" (names hidden)" if view.names_hidden else "")))
    st.button(f"Accept all {len(pending)} agreed span(s)", type="primary", disabled=not pending,
              key="cur_accept_agreed", on_click=_accept_agreed, args=(view, done_only, None),
              help="Every span all annotators drew with the same offsets and label goes into gold "
                   "(provenance: unanimous), with the attribute values they share.", width="stretch")
    per_label = Counter((u.label, u.label_name) for u in pending)
    with st.popover("Accept agreed spans of one label", disabled=not pending, width="stretch"):
        for (key, name), count in sorted(per_label.items(), key=lambda item: item[0][1]):
            st.button(visible(f"{name} ({count})"), key=f"cur_accept_agreed_{key}", on_click=_accept_agreed,
                      args=(view, done_only, key), width="stretch")
    steps = [s for s in state.get(state.CURATION_UNDO) if s.document_id == view.document_id]
    st.button("Undo last decision", key="cur_undo_button", disabled=not steps, on_click=_undo, args=(view, done_only),
              help=visible(f"Takes back: {steps[-1].what}" if steps else "Nothing to undo") + " (Ctrl+Z in the article)",
              icon=":material/undo:", width="stretch")


def curation_state(view: ComparisonView, project_id: int) -> None:
    current = view.curation
    if current is None:
        return
    st.markdown("**Curation of this document**")
    db, actor = get_db(), require_actor()
    st.toggle("Curated: I am finished with this document", value=current.curated, key=f"cur_curated_{view.document_id}",
              on_change=lambda: _act(lambda: set_curated(db, actor, view.document_id, not current.curated),
                                     "Marked curated." if not current.curated else "Reopened."))
    if current.blind:
        st.toggle("Release its gold to the annotators", value=current.released, key=f"cur_release_{view.document_id}",
                  on_change=lambda: _act(lambda: release_document_gold(db, actor, view.document_id, not current.released),
                                         "Released." if not current.released else "Withdrawn."),
                  help="In a blind project the gold layer shows what the others drew: annotators see their "
                       "spans against it only once it is released (and the document is curated).")
        st.toggle("Release the gold of every curated document of the project", value=current.project_released,
                  key=f"cur_release_project_{project_id}",
                  on_change=lambda: _act(lambda: release_project_gold(db, actor, project_id, not current.project_released),
                                         "Released for the project." if not current.project_released else "Withdrawn."))
    st.caption("Its annotators may read their spans against gold (matches, misses, extras, your notes) "
               + ("now." if current.open_to_annotators else
                  "once the document is curated" + (" and its gold released." if current.blind else "."))
               + " The preview below shows what each of them gets.")


def preview(view: ComparisonView) -> None:
    """What one annotator will see in their workspace (the counts, and the misses and extras)."""
    if not view.annotators:
        return
    with st.expander("What an annotator will see"):
        who = st.selectbox("Annotator", view.annotators, key="cur_preview_who", format_func=visible)
        # Asked for, not computed on every decision (an expander's content always runs).
        if not st.toggle("Show it", key="cur_preview_on"):
            return
        if view.names_hidden:
            st.caption("Names are hidden from you, so the preview is not available.")
            return
        try:
            feedback = gold_feedback(get_db(), require_actor(), view.document_id, annotator=who)
        except AnnotatorError as error:
            st.caption(visible(str(error)))
            return
        st.text(f"{feedback.count('match')} match · {feedback.count('miss')} missed · "
                f"{feedback.count('extra')} extra")
        rows = []
        for item in feedback.items:
            shown = item.own or item.gold
            if item.outcome == "match" or shown is None:
                continue
            near = item.near if item.outcome == "extra" else None
            rows.append({"": item.outcome, "Text": shown.quote, "Label": shown.label_name,
                         "Gold there": f"{near.label_name}: {near.quote}" if near else ""})
        st.dataframe(frame(rows, columns=["", "Text", "Label", "Gold there"]), hide_index=True,
                     width="stretch", key="cur_preview_table")


def gold_table(view: ComparisonView) -> None:
    live = [g for g in view.gold if not g.deleted]
    with st.expander(f"Gold spans ({len(live)})"):
        st.dataframe(frame([
            {"Text": g.quote, "Label": g.label_name, "Start": g.start, "End": g.end, "Provenance": g.provenance,
             "Chosen from": g.chosen_from or "", "Sources": len(g.source_uids), "Note": g.note or ""}
            for g in live], columns=["Text", "Label", "Start", "End", "Provenance", "Chosen from", "Sources", "Note"]),
            hide_index=True, width="stretch", key="cur_gold_table")
