"""The workspace's toolbar, above the article and the side panel: previous and next document,
the document's title with its project and the user's status on it, and Mark done. The keys
of each button (keys.py) are in its help text."""

from __future__ import annotations

import streamlit as st

from ...services.annotation.documents import neighbours
from ..text import md_escape
from . import actions, keys, layout
from .context import Workspace


def _nav_button(label: str, target: int | None, key: str, action: str, icon: str) -> None:
    st.button(label, key=key, disabled=target is None, on_click=actions.go_to, args=(target,),
              help=f"{label} document ({keys.hint(action)})", icon=icon, width="content")


def toolbar(workspace: Workspace) -> None:
    previous, following = neighbours(workspace.db, workspace.actor, workspace.document.id)
    done = workspace.document.status == "done"
    document = workspace.document
    with st.container(horizontal=True, key=layout.TOOLBAR, vertical_alignment="center", gap="small"):
        _nav_button("Previous", previous, "ws-prev", "previous-document", ":material/arrow_back:")
        _nav_button("Next", following, "ws-next", "next-document", ":material/arrow_forward:")
        with st.container(key="ws-title", gap=None):
            st.markdown(f"**{md_escape(document.title or f'Document {document.id}')}**")
            status = (document.status or "not started").replace("_", " ")
            st.caption(md_escape(f"{workspace.project.name} · document {document.id} · {status}"))
        st.button(
            "Reopen" if done else "Mark done", key="ws-done", on_click=actions.set_done,
            args=(workspace, not done), type="secondary" if done else "primary", width="content",
            icon=":material/undo:" if done else ":material/check:", help=f"{keys.hint('done')}",
        )
