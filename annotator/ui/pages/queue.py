"""My queue: the documents assigned to me in order, with my progress, opening the workspace."""

from __future__ import annotations

import streamlit as st

from ...services.team.assignments import my_queue
from ..auth import require_actor
from ..feedback import run_service
from ..pickers import pick_project
from ..resources import get_db
from ..routes import open_document
from ..text import frame, visible


def render() -> None:
    st.header("My queue")
    project = pick_project("queue_project")
    if project is None:
        return
    queue = run_service(lambda: my_queue(get_db(), require_actor(), project.id))
    if queue is None:
        return
    if not queue.items:
        st.info("Nothing is assigned to you in this project.")
        return
    st.progress(queue.done / queue.total, text=f"{queue.done} of {queue.total} documents done")
    table = frame([
        {"#": i.position + 1, "Document": i.document_id, "Title": i.title, "Status": i.status,
         "My spans": i.spans, "Characters": i.length}
        for i in queue.items
    ])
    st.dataframe(table, hide_index=True, width="stretch", key="queue_table")
    left, right = st.columns(2)
    following = queue.next_document_id
    if left.button("Open next", type="primary", disabled=following is None, key="queue_next"):
        assert following is not None
        open_document(following)
    ids = [i.document_id for i in queue.items]
    titles = {i.document_id: visible(f"{i.position + 1}. {i.title[:90]}") for i in queue.items}
    chosen = right.selectbox("Or open", ids, format_func=titles.__getitem__, key="queue_pick")
    if right.button("Open", key="queue_open"):
        open_document(chosen)
