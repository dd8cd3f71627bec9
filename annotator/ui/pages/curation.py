"""Curation (curators and admins): each annotator's spans side by side, unanimous spans
accepted in one click, disagreements decided one by one (accept a version, edit, reject),
and the gold layer with provenance, undo and restore."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ...services.annotation.codebooks import get_project_codebook
from ...services.team.curation import comparison
from ...services.team.gold import (
    accept_unanimous,
    accept_version,
    add_gold,
    delete_gold,
    reject_cluster,
    reopen_cluster,
    restore_gold,
)
from ...services.team.views import ClusterView, ComparisonView
from ..auth import require_actor
from ..feedback import run_service
from ..pickers import LEAD_ROLES, pick_document, pick_project
from ..resources import get_db
from ..text import frame, visible

CURSOR = "adj_cursor"


def render() -> None:
    st.header("Curation")
    project = pick_project("adj_project", LEAD_ROLES)
    if project is None:
        return
    document_id = pick_document(project.id, "adj_document")
    if document_id is None:
        return
    done_only = st.toggle("Compare only annotators who marked the document done", key="adj_done_only")
    view = run_service(lambda: comparison(get_db(), require_actor(), document_id, done_only=done_only))
    if view is None:
        return
    pending = [u for u in view.unanimous if not u.in_gold]
    live_gold = [g for g in view.gold if not g.deleted]
    st.text(f"{len(view.annotators)} annotator(s) · {len(view.unanimous)} unanimous "
            f"({len(pending)} not in gold yet) · {len(view.open_clusters)} open disagreement(s) "
            f"of {len(view.clusters)} · {len(live_gold)} gold span(s)"
            + (" · names hidden" if view.names_hidden else ""))
    if st.button(f"Accept {len(pending)} unanimous span(s)", disabled=not pending, type="primary",
                 key="adj_unanimous"):
        run_service(lambda: accept_unanimous(get_db(), require_actor(), document_id, done_only=done_only), rerun=True)
    _side_by_side(view)
    _disagreements(view, project.id, done_only)
    _gold(view)


def _side_by_side(view: ComparisonView) -> None:
    st.subheader("Annotators")
    if not view.annotators:
        st.info("Nobody to compare yet.")
        return
    for column, name in zip(st.columns(len(view.annotators)), view.annotators, strict=True):
        with column:
            st.text(visible(name))
            st.dataframe(frame(
                [{"Quote": v.quote, "Label": v.label_name, "Start": v.start, "End": v.end}
                 for v in view.spans[name]], columns=["Quote", "Label", "Start", "End"]),
                hide_index=True, width="stretch", key=f"adj_spans_{name}")


def _disagreements(view: ComparisonView, project_id: int, done_only: bool) -> None:
    st.subheader("Disagreements")
    show_all = st.toggle("Show decided ones too", key="adj_show_all")
    clusters = list(view.clusters if show_all else view.open_clusters)
    if not clusters:
        st.success("Nothing left to decide on this document.")
        return
    position = min(st.session_state.get(CURSOR, 0), len(clusters) - 1)
    back, label, forward = st.columns([1, 4, 1])
    if back.button("Previous", disabled=position == 0, key="adj_prev"):
        st.session_state[CURSOR] = position - 1
        st.rerun()
    if forward.button("Next", disabled=position >= len(clusters) - 1, key="adj_next"):
        st.session_state[CURSOR] = position + 1
        st.rerun()
    cluster = clusters[position]
    label.text(f"Disagreement {position + 1} of {len(clusters)} · characters {cluster.start}-{cluster.end} · {cluster.status}")
    before = view.text[max(0, cluster.start - 80):cluster.start]
    after = view.text[cluster.end:cluster.end + 80]
    st.code(visible(f"…{before}[{view.text[cluster.start:cluster.end]}]{after}…"), language=None, wrap_lines=True)
    for i, version in enumerate(cluster.versions):
        who, what, button = st.columns([2, 6, 1])
        who.text(visible(version.annotator))
        what.text(visible(f"{version.label_name}: “{version.quote}” [{version.start}, {version.end})"
                          + (f" · note: {version.note}" if version.note else "")))
        if button.button("Accept", key=f"adj_accept_{cluster.key}_{i}"):
            run_service(partial(accept_version, get_db(), require_actor(), view.document_id, version.uid),
                        "accepted into the gold layer", rerun=True)
    _edit_form(view, cluster, project_id)
    reject_note = st.text_input("Why none of these (optional)", key=f"adj_reject_note_{cluster.key}")
    left, right = st.columns(2)
    if cluster.status == "rejected":
        if left.button("Reopen", key=f"adj_reopen_{cluster.key}"):
            run_service(lambda: reopen_cluster(get_db(), require_actor(), view.document_id, cluster.key), rerun=True)
    elif left.button("Reject all versions", key=f"adj_reject_{cluster.key}"):
        run_service(lambda: reject_cluster(get_db(), require_actor(), view.document_id, cluster.key,
                                           note=reject_note), rerun=True)


def _edit_form(view: ComparisonView, cluster: ClusterView, project_id: int) -> None:
    labels = get_project_codebook(get_db(), require_actor(), project_id).span_labels()
    keys = [label.key for label in labels]
    names = {label.key: label.name for label in labels}
    first = cluster.versions[0]
    with st.expander("Edit: a gold span of your own, based on these versions"), st.form(f"adj_edit_{cluster.key}"):
        start = st.number_input("Start", min_value=0, max_value=len(view.text), value=first.start)
        end = st.number_input("End", min_value=1, max_value=len(view.text), value=first.end)
        label = st.selectbox("Label", keys, index=keys.index(first.label) if first.label in keys else 0,
                             format_func=lambda k: visible(names[k]))
        note = st.text_input("Note")
        if st.form_submit_button("Save edited gold span"):
            quote = view.text[int(start):int(end)]
            run_service(lambda: add_gold(get_db(), require_actor(), view.document_id, start=int(start), end=int(end),
                                         label=label, quote=quote, note=note or None,
                                         source_uids=[v.uid for v in cluster.versions]), rerun=True)


def _gold(view: ComparisonView) -> None:
    st.subheader("Gold layer")
    if not view.gold:
        st.info("No gold spans yet.")
        return
    st.dataframe(frame([
        {"Id": g.id, "Quote": g.quote, "Label": g.label_name, "Start": g.start, "End": g.end,
         "Provenance": g.provenance, "Chosen from": g.chosen_from or "", "Curator": g.curator or "",
         "Deleted": g.deleted}
        for g in view.gold
    ]), hide_index=True, width="stretch", key="adj_gold")
    ids = [g.id for g in view.gold]
    chosen = st.selectbox("Gold span", ids, format_func=lambda i: f"{i}", key="adj_gold_pick")
    gold = next(g for g in view.gold if g.id == chosen)
    if gold.deleted:
        if st.button("Restore", key="adj_gold_restore"):
            run_service(lambda: restore_gold(get_db(), require_actor(), gold.id), rerun=True)
    elif st.button("Delete (undo)", key="adj_gold_delete"):
        run_service(lambda: delete_gold(get_db(), require_actor(), gold.id, expected_version=gold.version), rerun=True)


