"""Pickers several pages share: the project and document select boxes whose choice carries
over between pages, and the project roles that lead a project."""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from ..services.annotation.documents import list_documents
from ..services.team.projects import list_projects
from ..services.views import ProjectView
from . import state
from .auth import require_actor
from .resources import get_db
from .text import visible

#: Project roles that lead a project: they assign, curate, import and change outlets.
LEAD_ROLES = frozenset({"admin", "curator"})


def pick_project(key: str, roles: Collection[str] | None = None, *,
                 empty_message: str | None = None) -> ProjectView | None:
    """A project select box (the choice is shared across pages); None if there is none, after
    telling so (`empty_message`, or a message about membership or leading)."""
    projects = [p for p in list_projects(get_db(), require_actor()) if roles is None or p.my_role in roles]
    if not projects:
        st.info(empty_message or ("No project here for you yet." if roles is None else
                                  "You lead no project. Curators and admins of a project see this page."))
        return None
    ids = [p.id for p in projects]
    current = state.get(state.PROJECT_ID)
    chosen = st.selectbox("Project", ids, index=ids.index(current) if current in ids else 0,
                          format_func=lambda i: visible(next(p.name for p in projects if p.id == i)), key=key)
    state.put(state.PROJECT_ID, chosen)
    return next(p for p in projects if p.id == chosen)


def pick_document(project_id: int, key: str) -> int | None:
    """A document select box of the project (the choice is shared across pages); None if the
    project has no document the user may see, after telling so."""
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
