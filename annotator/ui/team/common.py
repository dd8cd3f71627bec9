"""What the team pages share: picking a document, and the link from a queue into the
annotation workspace."""

from __future__ import annotations

from typing import TypeVar

import streamlit as st

from ...services.documents import list_documents
from .. import state
from ..auth import require_actor
from ..resources import get_db
from ..text import visible

T = TypeVar("T")


def pick_document(project_id: int, key: str) -> int | None:
    documents = list_documents(get_db(), require_actor(), project_id)
    if not documents:
        st.info("No documents to show.")
        return None
    ids = [d.id for d in documents]
    titles = {d.id: visible(f"{d.id} · {d.title[:90]}") for d in documents}
    current = state.get(state.DOCUMENT_ID)
    chosen = st.selectbox("Document", ids, index=ids.index(current) if current in ids else 0,
                          format_func=titles.__getitem__, key=key)
    state.put(state.DOCUMENT_ID, chosen)
    return chosen


def open_document(document_id: int) -> None:
    """Open a document in the annotation workspace."""
    from ..pages import workspace  # imported here: the workspace page imports much of the UI

    state.put(state.DOCUMENT_ID, document_id)
    st.switch_page(workspace.page())
