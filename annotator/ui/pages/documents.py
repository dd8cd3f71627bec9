"""Documents page: the documents of the project picked in the sidebar, with the user's status
and span count on each, a page of 50 at a time (filtered and counted in SQL); a row (or the
picker below the table) opens it in the workspace."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...services.annotation.document_list import STATUS_FILTERS, document_page
from ...services.team.projects import list_projects
from ...services.views import DocumentSummary, ProjectView
from .. import state
from ..auth import require_actor
from ..resources import get_db
from ..routes import PROJECT_PARAM, open_document
from ..text import frame, md_escape, visible

STATUS_NAMES = {None: "not started", "todo": "to do", "in_progress": "in progress", "done": "done"}
_TABLE_NONCE = "documents_table_nonce"
#: Documents shown per page.
PAGE_SIZE = 50


def _pick() -> None:
    state.put(state.PROJECT_ID, st.session_state["sidebar-project"])
    st.query_params[PROJECT_PARAM] = str(state.get(state.PROJECT_ID))


def project_picker(projects: list[ProjectView]) -> ProjectView:
    """The project chosen in the sidebar; ?project=ID in the URL survives a reload."""
    ids = [p.id for p in projects]
    raw = st.query_params.get(PROJECT_PARAM)
    if raw is not None and raw.isdigit() and int(raw) in ids:
        state.put(state.PROJECT_ID, int(raw))
    current = state.get(state.PROJECT_ID)
    if current not in ids:
        current = ids[0]
        state.put(state.PROJECT_ID, current)
    st.session_state["sidebar-project"] = current
    names = {p.id: visible(p.name) for p in projects}
    st.sidebar.selectbox("Project", ids, format_func=lambda i: names[i], key="sidebar-project",
                         on_change=_pick)
    st.query_params[PROJECT_PARAM] = str(current)
    return next(p for p in projects if p.id == current)


def _open(document_id: int) -> None:
    st.session_state[_TABLE_NONCE] = st.session_state.get(_TABLE_NONCE, 0) + 1
    open_document(document_id)


def table(documents: list[DocumentSummary]) -> pd.DataFrame:
    return frame(
        [
            {"#": d.id, "Title": d.title, "Outlet": d.outlet or "", "Status": STATUS_NAMES.get(d.status, d.status),
             "Spans": d.annotation_count, "Characters": d.length}
            for d in documents
        ],
        columns=["#", "Title", "Outlet", "Status", "Spans", "Characters"],
    )


def render() -> None:
    actor = require_actor()
    db = get_db()
    projects = list_projects(db, actor)
    if not projects:
        st.info("You are not a member of any project yet. Ask a lead to add you.")
        return
    project = project_picker(projects)
    st.header(md_escape(project.name), anchor=False)
    filter_col, search_col, page_col = st.columns([2, 3, 1], vertical_alignment="bottom")
    status_filter = filter_col.segmented_control(
        "Show", list(STATUS_FILTERS), default="all", key="documents-filter", label_visibility="collapsed",
    ) or "all"
    search = search_col.text_input("Title contains", key="documents-search", placeholder="Title contains",
                                   label_visibility="collapsed")
    # One page is read at a time (a project may hold 100,000 documents): the page number is
    # clamped after reading, once the number of matching documents is known.
    number = int(st.session_state.get("documents-page", 1))
    listing = document_page(db, actor, project.id, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                            status=status_filter, search=search)
    pages = max(1, -(-listing.matching // PAGE_SIZE))
    if number > pages:
        number = pages
        listing = document_page(db, actor, project.id, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE,
                                status=status_filter, search=search)
    st.session_state["documents-page"] = number
    page_col.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="documents-page")
    st.caption(f"{listing.total} documents · {listing.done} done by you")
    if not listing.total:
        st.info("No documents yet. A lead imports them with `python -m annotator import PATH --project NAME`.")
        return
    documents = listing.documents
    if not documents:
        st.info("No document matches.")
        return
    frame = table(documents)
    nonce = st.session_state.get(_TABLE_NONCE, 0)
    picked = st.dataframe(
        frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        key=f"documents-table-{nonce}",
        column_config={
            "#": st.column_config.NumberColumn(width="small"),
            "Title": st.column_config.TextColumn(width="large"),
            "Spans": st.column_config.NumberColumn(help="Spans you can see on the document"),
        },
    )
    rows = picked.selection.rows if picked is not None else []
    if rows:
        _open(int(frame.iloc[rows[0]]["#"]))
    first, last = listing.offset + 1, listing.offset + len(documents)
    st.caption(f"Documents {first}-{last} of {listing.matching}, {listing.spans} spans you can see on them. "
               "Click a row to open the document, or pick one here:")
    titles = {d.id: visible(f"{d.id} · {d.title}") for d in documents}
    next_up = next((d.id for d in documents if d.status != "done"), documents[0].id)
    choice_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
    choice = choice_col.selectbox(
        "Document", [d.id for d in documents], index=[d.id for d in documents].index(next_up),
        format_func=lambda i: titles[i], key="documents-pick",
    )
    if button_col.button("Open", type="primary", key="documents-open", width="stretch"):
        _open(choice)
