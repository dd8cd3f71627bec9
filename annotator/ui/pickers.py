"""Pickers several pages share: the project and document select boxes whose choice carries
over between pages, and the project roles that lead a project."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ..services.actor import Actor
from ..services.annotation.document_list import (
    DocumentPage,
    DocumentQuery,
    DocumentRow,
    document_page,
)
from ..services.paging import Page
from ..services.team.projects import list_projects
from ..services.views import ProjectView
from . import routes, state
from .auth import require_actor
from .resources import get_db
from .text import md_escape, visible

LEAD_ROLES = routes.LEAD_ROLES
SIDEBAR_KEY = "sidebar-project"
#: Documents a document picker lists at a time.
WINDOW = 50


def can_create_projects(actor: Actor) -> bool:
    """Global admins and curators create projects (services/team/projects.py checks it)."""
    return actor.is_admin or actor.role.value == "curator"


def _follow(key: str) -> None:
    """A picker changed the project: every other picker (the page's, then the sidebar's, drawn
    after the page) shows it from this run on; the documents page's URL follows."""
    chosen = st.session_state[key]
    state.put(state.PROJECT_ID, chosen)
    if routes.PROJECT_PARAM in st.query_params:
        st.query_params[routes.PROJECT_PARAM] = str(chosen)


def _choose(projects: list[ProjectView], key: str, label: str, *,
            place: DeltaGenerator | None = None) -> ProjectView:
    ids = [p.id for p in projects]
    current = state.get(state.PROJECT_ID)
    if current not in ids:
        current = ids[0]
    state.put(state.PROJECT_ID, current)
    st.session_state[key] = current  # the shared choice (set before the widget is drawn)
    names = {p.id: visible(p.name) for p in projects}
    (place or st).selectbox(label, ids, format_func=names.__getitem__, key=key, on_change=_follow, args=(key,))
    return next(p for p in projects if p.id == current)


def project_from_url(actor: Actor) -> None:
    """?project=ID in the URL (the documents page keeps it there) picks the project on a
    reload, before the page runs (the sidebar's picker is drawn after it)."""
    raw = st.query_params.get(routes.PROJECT_PARAM)
    if raw is not None and raw.isdigit() and int(raw) in {p.id for p in list_projects(get_db(), actor)}:
        state.put(state.PROJECT_ID, int(raw))


def sidebar_project(actor: Actor, place: DeltaGenerator) -> ProjectView | None:
    """The project picker at the top of the sidebar (the frame draws it on every page, in
    `place`); a link to create one where the user has none and may create one."""
    projects = list_projects(get_db(), actor)
    if not projects:
        if can_create_projects(actor):
            with place:
                routes.link(routes.PROJECTS, "Create a project", icon=":material/add:")
        return None
    if len(projects) == 1:
        # Nothing to pick: the name, not a select box of one (whose browser code, about twenty
        # files, a fresh browser fetched and compiled before the workspace's article was
        # painted: ~45 ms of a cold page load).
        state.put(state.PROJECT_ID, projects[0].id)
        place.caption("Project")
        place.markdown(f"**{md_escape(projects[0].name)}**")
        return projects[0]
    return _choose(projects, SIDEBAR_KEY, "Project", place=place)


def current_project(roles: Collection[str] | None = None, *, empty: str | None = None) -> ProjectView | None:
    """The project picked in the sidebar (for pages that have no picker of their own), if the
    user's role there is one of `roles`; else None, after saying why and what to do."""
    actor = require_actor()
    projects = list_projects(get_db(), actor)
    if not projects:
        if can_create_projects(actor):
            routes.next_step(empty or "There is no project yet.", routes.PROJECTS, "Create a project")
        else:
            st.info("You are not a member of any project yet. Ask a project's lead to add you.")
        return None
    current = state.get(state.PROJECT_ID)
    project = next((p for p in projects if p.id == current), projects[0])
    state.put(state.PROJECT_ID, project.id)
    if roles is not None and project.my_role not in roles:
        st.info(f"This page is for the project's {' and '.join(sorted(roles))}s; pick another project in the "
                "sidebar.")
        return None
    return project


def pick_project(key: str, roles: Collection[str] | None = None, *,
                 empty_message: str | None = None) -> ProjectView | None:
    """A project select box (the choice is shared across pages); None if there is none, after
    telling so (`empty_message`, or a message about membership or leading)."""
    actor = require_actor()
    projects = [p for p in list_projects(get_db(), actor) if roles is None or p.my_role in roles]
    if not projects:
        if can_create_projects(actor) and roles is None:
            routes.next_step(empty_message or "There is no project yet.", routes.PROJECTS, "Create a project")
        else:
            st.info(empty_message or ("No project here for you yet." if roles is None else
                                      "You lead no project. Curators and admins of a project see this page."))
        return None
    return _choose(projects, key, "Project")


def document_window(project_id: int, key: str) -> DocumentPage | None:
    """A search box over the project's documents the user may see (title, text or external
    id) and the page of them a picker lists (its previous/next buttons come from `pager`):
    a project of 100,000 documents would make a picker too slow to build and to send. None if
    the project has no document the user may see, after telling so."""
    search = st.text_input("Find a document", key=f"{key}_search", placeholder="words of the title or text",
                           on_change=first_page, args=(key,))
    query = DocumentQuery(search=search.strip(), page=max(1, int(st.session_state.get(f"{key}_page", 1))),
                          per_page=WINDOW)
    listed = document_page(get_db(), require_actor(), project_id, query)
    if listed.page > listed.pages:  # fewer matches than before: the last page
        listed = document_page(get_db(), require_actor(), project_id, replace(query, page=listed.pages))
    if not listed.total and not search.strip():
        st.info("No documents to show.")
        return None
    if not listed.total:
        st.caption("No document matches the search.")
    return listed


def first_page(key: str) -> None:
    """Back to the first page of the list whose pages are kept under `key` (its search changed)."""
    st.session_state[f"{key}_page"] = 1


def _turn(key: str, page: int) -> None:
    st.session_state[f"{key}_page"] = page


def pager(listed: DocumentPage | Page[Any], key: str) -> None:
    """Previous/next page of a paged list (its page number kept under `{key}_page`), and where
    it is."""
    if listed.pages <= 1:
        return
    back, where, forward = st.columns([1, 3, 1], vertical_alignment="center")
    back.button("Previous page", key=f"{key}_prev", disabled=listed.page <= 1, on_click=_turn,
                args=(key, listed.page - 1), width="stretch")
    first = (listed.page - 1) * listed.per_page
    where.caption(f"Documents {first + 1}–{first + len(listed.rows)} of {listed.total} · page {listed.page} "
                  f"of {listed.pages}")
    forward.button("Next page", key=f"{key}_next", disabled=listed.page >= listed.pages, on_click=_turn,
                   args=(key, listed.page + 1), width="stretch")


def pick_document(project_id: int, key: str) -> int | None:
    """A document select box of the project, listing one page of the documents found (the
    choice is shared across pages, and stays listed); None if the project has no document the
    user may see, after telling so."""
    listed = document_window(project_id, key)
    if listed is None:
        return None
    titles = {d.id: visible(f"{d.id} · {d.title[:90]}") for d in listed.rows}
    current = state.get(state.DOCUMENT_ID)
    if isinstance(current, int) and current not in titles:
        shown = _visible_document(project_id, current)
        if shown is not None:
            titles = {current: visible(f"{current} · {shown[:90]}"), **titles}
    if not titles:
        pager(listed, key)
        return None
    ids = list(titles)
    chosen = st.selectbox("Document", ids, index=ids.index(current) if current in ids else 0,
                          format_func=titles.__getitem__, key=key)
    pager(listed, key)
    state.put(state.DOCUMENT_ID, chosen)
    return chosen


def pick_documents(project_id: int, key: str, *, label: str = "Documents", help: str | None = None,
                   describe: Callable[[DocumentRow], str] = lambda d: f"{d.id} · {d.title[:90]}") -> list[int]:
    """A multiselect over one page of the project's documents at a time (a search narrows
    them); what is picked stays picked, and listed first, while the pages turn."""
    listed = document_window(project_id, key)
    if listed is None:
        return []
    labels: dict[int, str] = st.session_state.setdefault(f"{key}_labels", {})
    labels.update({d.id: visible(describe(d)) for d in listed.rows})
    picked = [i for i in st.session_state.get(key, []) if i in labels]
    options = picked + [d.id for d in listed.rows if d.id not in picked]
    chosen: list[int] = st.multiselect(label, options, key=key, format_func=labels.__getitem__, help=help)
    pager(listed, key)
    return chosen


def _visible_document(project_id: int, document_id: int) -> str | None:
    """The title of the document, if it is one of the project's that the user may see."""
    found = document_page(get_db(), require_actor(), project_id, DocumentQuery(ids=(document_id,), per_page=1))
    return found.rows[0].title if found.rows else None
