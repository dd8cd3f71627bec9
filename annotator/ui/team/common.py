"""What the team pages share: picking a document, running a service call with
its refusal shown, and the link from a queue into the annotation workspace."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from ...errors import AnnotatorError
from ...services.documents import list_documents
from .. import state
from ..auth import require_actor
from ..resources import get_db
from ..text import md_escape

T = TypeVar("T")


def pick_document(project_id: int, key: str) -> int | None:
    documents = list_documents(get_db(), require_actor(), project_id)
    if not documents:
        st.info("No documents to show.")
        return None
    ids = [d.id for d in documents]
    titles = {d.id: f"{d.id} · {d.title[:90]}" for d in documents}
    current = state.get(state.DOCUMENT_ID)
    chosen = st.selectbox("Document", ids, index=ids.index(current) if current in ids else 0,
                          format_func=titles.__getitem__, key=key)
    state.put(state.DOCUMENT_ID, chosen)
    return chosen


def attempt(call: Callable[[], T], success: str | None = None) -> T | None:
    """Run a service call; show its refusal as an error (escaped) instead of a traceback."""
    try:
        result = call()
    except AnnotatorError as error:
        st.error(md_escape(str(error)))
        return None
    if success:
        st.toast(md_escape(success))
    return result


def act(call: Callable[[], object], success: str | None = None) -> None:
    """Run a service call for a button; on success draw the page again with the change
    (services that return nothing succeed too, hence no `attempt` here)."""
    try:
        call()
    except AnnotatorError as error:
        st.error(md_escape(str(error)))
        return
    if success:
        st.toast(md_escape(success))
    st.rerun()


def open_document(document_id: int) -> None:
    """Open a document in the annotation workspace."""
    from ..pages import workspace  # imported here: the workspace page imports much of the UI

    state.put(state.DOCUMENT_ID, document_id)
    st.switch_page(workspace.page())
