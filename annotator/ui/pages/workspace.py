"""Workspace page: one document in the highlighter, the side panel beside it, a toolbar above
both, all on one screen (workspace/layout.py).

The page body is one fragment: a save, a click on a highlight or a move to the next document
reruns only the fragment, once. Highlighter events are acted on at the top of the fragment,
before anything is drawn, so the drawing already shows their outcome.
"""

from __future__ import annotations

import streamlit as st

from ...errors import Forbidden, NotFound
from .. import highlighter, perf, routes, state
from ..auth import current_actor
from ..resources import get_db
from ..text import md_escape
from ..workspace import arcs, context, events, keys, layout, suggestions
from ..workspace.drawing import drawing
from ..workspace.panel import panel
from ..workspace.toolbar import toolbar

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
    layout.frame()
    workspace()


@st.fragment(key="workspace")
def workspace() -> None:
    splits = perf.Splits()
    actor = current_actor()
    if actor is None:  # the session ended: the frame shows the login form
        st.rerun(scope="app")
    document_id = document_id_from_url()
    if document_id is None:
        return
    db = get_db()
    try:
        workspace = context.load(db, actor, document_id)
        pending = highlighter.pending_events(HIGHLIGHTER_KEY, state.get(state.HANDLED_EVENTS))
        for event in pending:
            events.handle(workspace, event)
        # Again after the events: they may have moved to another document or changed its status.
        workspace = context.load(db, actor, state.get(state.DOCUMENT_ID))
        context.entered(workspace)
    except (NotFound, Forbidden) as error:
        state.put(state.DOCUMENT_ID, None)
        st.error(md_escape(str(error)))
        return
    splits.mark("handle")
    spans = workspace.spans()
    suggestions.sync_with_url()
    suggested = suggestions.prepared(workspace)
    with st.container(key=layout.ROOT):
        toolbar(workspace)
        splits.mark("load")  # with the toolbar, as before the one-screen layout (bench figures compare)
        with st.container(horizontal=True, key=layout.BODY, gap="medium"):
            with st.container(key=layout.ARTICLE):
                highlighter.draw(
                    drawing(
                        workspace.document, workspace.codebook, spans, my_user_id=actor.user_id,
                        selected=state.get(state.SELECTED_SPAN), last_label=state.get(state.LAST_LABEL),
                        scroll_to=state.get(state.SCROLL_TO), extra_spans=suggested,
                        keys=keys.bindings(), fill=True, layers=arcs.layers(workspace.relations, spans),
                    ),
                    key=HIGHLIGHTER_KEY, handled=state.get(state.HANDLED_EVENTS),
                )
            splits.mark("draw")
            with st.container(key=layout.PANEL):
                panel(workspace, spans)
    splits.mark("panel")
    perf.record("rerun", ms=splits.total_ms(), spans=len(spans), events=[e.type for e in pending], **splits.parts)
