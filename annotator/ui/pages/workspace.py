"""Workspace page: one document in the highlighter, the side panel beside it.

The page body is one fragment: a save, a click on a highlight or a move to the next document
reruns only the fragment, once. Highlighter events are acted on at the top of the fragment,
before anything is drawn, so the drawing already shows their outcome.
"""

from __future__ import annotations

import streamlit as st

from ...errors import Forbidden, NotFound
from ...services.annotation.documents import neighbours
from .. import highlighter, perf, routes, state
from ..auth import current_actor
from ..feedback import show_flash
from ..resources import get_db
from ..text import md_escape
from ..workspace import actions, context, events, span_panel, suggestions
from ..workspace.document_panel import DOCUMENT_SECTIONS
from ..workspace.drawing import drawing

HIGHLIGHTER_KEY = "highlighter"


def document_id_from_url() -> int | None:
    """?doc=ID wins (a reload or a bookmark); else the document open in this session."""
    raw = st.query_params.get(routes.DOCUMENT_PARAM)
    if raw is not None and raw.isdigit():
        state.put(state.DOCUMENT_ID, int(raw))
    current: int | None = state.get(state.DOCUMENT_ID)
    if current is not None and raw != str(current):
        st.query_params[routes.DOCUMENT_PARAM] = str(current)
    return current


def render() -> None:
    if document_id_from_url() is None:
        st.info("Pick a document on the Documents page to start annotating.")
        routes.link(routes.DOCUMENTS)
        return
    workspace()


def _nav_button(label: str, target: int | None, key: str, help_text: str, icon: str) -> None:
    st.button(label, key=key, disabled=target is None, on_click=actions.go_to, args=(target,),
              help=help_text, icon=icon, width="stretch")


def header(workspace: context.Workspace) -> None:
    previous, following = neighbours(workspace.db, workspace.actor, workspace.document.id)
    done = workspace.document.status == "done"
    cols = st.columns([1.1, 1.1, 3.2, 1.3], vertical_alignment="center")
    with cols[0]:
        _nav_button("Previous", previous, "ws-prev", "Previous document ( [ )", ":material/arrow_back:")
    with cols[1]:
        _nav_button("Next", following, "ws-next", "Next document ( ] )", ":material/arrow_forward:")
    with cols[2]:
        status = (workspace.document.status or "not started").replace("_", " ")
        st.caption(md_escape(f"{workspace.project.name} · document {workspace.document.id} · {status}"))
    with cols[3]:
        st.button(
            "Reopen" if done else "Mark done", key="ws-done", on_click=actions.set_done,
            args=(workspace, not done), type="secondary" if done else "primary", width="stretch",
            icon=":material/undo:" if done else ":material/check:",
        )


@st.fragment(key="workspace")
def workspace() -> None:
    splits = perf.Splits()
    actor = current_actor()
    document_id = document_id_from_url()
    if actor is None or document_id is None:
        return
    db = get_db()
    try:
        workspace = context.load(db, actor, document_id)
        pending = highlighter.pending_events(HIGHLIGHTER_KEY, state.get(state.HANDLED_EVENTS))
        for event in pending:
            events.handle(workspace, event)
        # Again after the events: they may have moved to another document or changed its status.
        workspace = context.load(db, actor, state.get(state.DOCUMENT_ID))
    except (NotFound, Forbidden) as error:
        state.put(state.DOCUMENT_ID, None)
        st.error(md_escape(str(error)))
        return
    splits.mark("handle")
    header(workspace)
    spans = workspace.spans()
    suggestions.sync_with_url()
    suggested = suggestions.prepared(workspace)
    splits.mark("load")
    article, panel = st.columns([5, 2], gap="medium")
    with article:
        highlighter.draw(
            drawing(
                workspace.document, workspace.codebook, spans, my_user_id=actor.user_id,
                selected=state.get(state.SELECTED_SPAN), last_label=state.get(state.LAST_LABEL),
                scroll_to=state.get(state.SCROLL_TO), extra_spans=suggested,
            ),
            key=HIGHLIGHTER_KEY,
        )
    splits.mark("draw")
    with panel:
        show_flash()
        span_panel.undo_bar(workspace)
        span_panel.selected_span(workspace, spans)
        st.divider()
        for section in DOCUMENT_SECTIONS:
            section(workspace, spans)
    splits.mark("panel")
    perf.record("rerun", ms=splits.total_ms(), spans=len(spans), events=[e.type for e in pending], **splits.parts)
