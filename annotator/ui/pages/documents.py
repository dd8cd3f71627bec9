"""Documents page: the documents of the project picked in the sidebar, one page at a time
(services/annotation/document_list.py counts and filters in SQL), searchable by title, text and
external id and filtered by status, outlet and label; a click anywhere on a row (or the picker
below the table) opens the document in the workspace. Leads see each document's progress over
its annotators; annotators their own status."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ...services.annotation.document_list import (
    STATUSES,
    DocumentFacets,
    DocumentPage,
    DocumentQuery,
    document_facets,
    document_page,
)
from ...services.views import ProjectView
from .. import routes
from ..auth import require_actor
from ..pickers import current_project
from ..resources import get_db
from ..routes import LEAD_ROLES, open_document
from ..text import frame, md_escape, visible

STATUS_NAMES = {"unassigned": "not started", "todo": "to do", "in_progress": "in progress", "done": "done"}
OVERALL_NAMES = {**STATUS_NAMES, "unassigned": "nobody assigned"}
PER_PAGE = 50
_TABLE_NONCE = "documents_table_nonce"
PAGE_KEY = "documents-page"


def _open(document_id: int) -> None:
    st.session_state[_TABLE_NONCE] = st.session_state.get(_TABLE_NONCE, 0) + 1
    open_document(document_id)


def table(listed: DocumentPage) -> pd.DataFrame:
    names = OVERALL_NAMES if listed.scope == "overall" else STATUS_NAMES
    rows = []
    for d in listed.rows:
        row = {"#": d.id, "External id": d.external_id or "", "Title": d.title, "Outlet": d.outlet or "",
               "Published": d.published.isoformat() if d.published else "", "Status": names.get(d.status, d.status),
               "Spans": d.spans}
        if listed.scope == "overall":
            row["Annotators"] = ", ".join(f"{who}: {STATUS_NAMES.get(status, status)}" for who, status in d.annotators)
        rows.append(row)
    columns = ["#", "External id", "Title", "Outlet", "Published", "Status", "Spans"]
    return frame(rows, columns=columns + (["Annotators"] if listed.scope == "overall" else []))


def _reset_page() -> None:
    st.session_state[PAGE_KEY] = 1


def _query(facets: DocumentFacets, scope_label: str) -> DocumentQuery:
    """The search and filters (a change goes back to the first page)."""
    search_col, status_col = st.columns([2, 2])
    search = search_col.text_input("Search title, text or external id", key="documents-search",
                                   on_change=_reset_page)
    statuses = status_col.multiselect(scope_label, list(STATUSES), format_func=STATUS_NAMES.__getitem__,
                                      key="documents-status", on_change=_reset_page, placeholder="any status")
    outlet_col, label_col = st.columns(2)
    outlet_names = dict(facets.outlets)
    outlets = outlet_col.multiselect("Outlet", list(outlet_names), format_func=lambda i: visible(outlet_names[i]),
                                     key="documents-outlet", on_change=_reset_page, placeholder="any outlet")
    label_names = dict(facets.labels)
    labels = label_col.multiselect("Has a span of", list(label_names), format_func=lambda k: visible(label_names[k]),
                                   key="documents-label", on_change=_reset_page, placeholder="any label")
    page = int(st.session_state.get(PAGE_KEY, 1))
    return DocumentQuery(search=search.strip(), statuses=tuple(statuses), outlets=tuple(outlets),
                         labels=tuple(labels), page=page, per_page=PER_PAGE)


def _pager(listed: DocumentPage) -> None:
    if listed.pages <= 1:
        return
    back, where, forward = st.columns([1, 3, 1], vertical_alignment="center")
    if back.button("Previous page", key="documents-prev", disabled=listed.page <= 1, width="stretch"):
        st.session_state[PAGE_KEY] = listed.page - 1
        st.rerun()
    where.caption(f"Page {listed.page} of {listed.pages}")
    if forward.button("Next page", key="documents-next", disabled=listed.page >= listed.pages, width="stretch"):
        st.session_state[PAGE_KEY] = listed.page + 1
        st.rerun()


def _empty(project: ProjectView) -> None:
    if project.my_role in LEAD_ROLES:
        routes.next_step("No documents yet: import articles (a zip of a PTC/SemEval folder, Label Studio, CSV, "
                         "text or HTML files, or URLs).", routes.DATA, "Import articles")
    else:
        st.info("No documents yet: the project's lead imports them.")


def render() -> None:
    actor = require_actor()
    db = get_db()
    project = current_project()
    if project is None:
        return
    st.query_params[routes.PROJECT_PARAM] = str(project.id)
    st.header(md_escape(project.name), anchor=False)
    everything = document_page(db, actor, project.id, DocumentQuery(per_page=1))
    if not everything.total:
        _empty(project)
        return
    overall = everything.scope == "overall"
    listed = document_page(db, actor, project.id, _query(document_facets(db, actor, project.id),
                                                         "Status (over its annotators)" if overall else "Your status"))
    if listed.page > listed.pages:  # the filters shrank the list under the page shown
        st.session_state[PAGE_KEY] = listed.pages
        st.rerun()
    st.caption(f"{listed.total} of {everything.total} documents" + (
        "" if listed.total == everything.total else " match") + (" · statuses over the annotators" if overall
                                                                   else " · your status"))
    if overall and not any(d.annotators for d in listed.rows) and project.my_role in LEAD_ROLES:
        routes.next_step("Nobody is assigned to these documents yet.", routes.ASSIGNMENT, "Assign documents")
    if not listed.rows:
        st.info("No document matches: change the search or the filters.")
        return
    shown = table(listed)
    nonce = st.session_state.get(_TABLE_NONCE, 0)
    picked = st.dataframe(
        shown, hide_index=True, width="stretch", on_select="rerun", selection_mode=["single-row", "single-cell"],
        key=f"documents-table-{nonce}",
        column_config={
            "#": st.column_config.NumberColumn(width="small"),
            "Title": st.column_config.TextColumn(width="large"),
            "Spans": st.column_config.NumberColumn(help="Spans you can see on the document"),
        },
    )
    rows = list(picked.selection.rows) + [cell[0] for cell in picked.selection.cells] if picked is not None else []
    if rows:
        _open(int(shown.iloc[rows[0]]["#"]))
    _pager(listed)
    st.caption("Click a row to open the document, or pick one here:")
    titles = {d.id: visible(f"{d.id} · {d.title}") for d in listed.rows}
    ids = [d.id for d in listed.rows]
    next_up = next((d.id for d in listed.rows if d.status != "done"), ids[0])
    choice_col, button_col = st.columns([4, 1], vertical_alignment="bottom")
    choice = choice_col.selectbox("Document", ids, index=ids.index(next_up), format_func=lambda i: titles[i],
                                  key="documents-pick")
    if button_col.button("Open", type="primary", key="documents-open", width="stretch"):
        _open(choice)
