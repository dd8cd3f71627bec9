"""Assignment (curators and admins): assign by hand or automatically, and follow progress
per annotator and per document. Documents are picked, and their progress shown, a page at a
time: a project may hold 100,000 of them."""

from __future__ import annotations

import streamlit as st

from ...services.team.assignments import (
    annotator_progress,
    assign,
    auto_assign,
    former_assignees,
    unassign,
)
from ...services.team.progress_page import document_progress_page
from ...services.team.projects import list_members
from .. import routes
from ..auth import require_actor
from ..feedback import run_service
from ..pickers import LEAD_ROLES, pager, pick_documents, pick_project
from ..resources import get_db
from ..text import frame, visible

HAND_KEY = "hand_documents"
FORCE = "Unassign even where the annotator has spans"
#: Keys of the progress table's pages (`progress_page`, `progress_prev`, `progress_next`).
PROGRESS = "progress"
#: Documents the progress table shows at a time.
PER_PAGE = 50


def render() -> None:
    st.header("Assignment")
    project = pick_project("assign_project", LEAD_ROLES)
    if project is None:
        return
    db, me = get_db(), require_actor()
    members = [m for m in list_members(db, me, project.id) if m.active]
    annotators = [m.username for m in members if m.role == "annotator"]
    if not annotators:  # nothing to assign to: say where annotators are added
        if project.my_role == "admin":
            routes.next_step("This project has no annotators yet: add them as members first.", routes.MEMBERS,
                             "Add annotators")
        else:
            st.info("This project has no annotators yet: an admin of the project adds them on the Members page.")
    auto_tab, hand_tab, progress_tab = st.tabs(["Automatic", "By hand", "Progress"])
    with auto_tab, st.form("auto_assign"):
        per_document = st.number_input("Annotators per document", min_value=1,
                                       value=project.annotators_per_document, step=1)
        chosen = st.multiselect("Choose among", annotators, default=annotators, format_func=visible,
                                help="Fewest assignments first; ties by name (or at random).")
        random_order = st.checkbox("Random order in each queue")
        seed = st.number_input("Seed (0 = pick one)", min_value=0, value=0, step=1)
        if st.form_submit_button("Assign automatically", type="primary"):
            result = run_service(lambda: auto_assign(
                db, me, project.id, per_document=int(per_document), usernames=chosen or None,
                random_order=random_order, seed=int(seed) or None))
            if result is not None:
                _report(result.created, result.existing, result.seed)
    with hand_tab:
        picked = pick_documents(project.id, HAND_KEY, help="Pick on this page, turn the page or search, and pick more")
        with st.form("hand_assign"):
            former = former_assignees(db, me, project.id)
            people = st.multiselect("Annotators", [m.username for m in members] + former, format_func=visible,
                                    help="Those who have left the project are listed last, to unassign." if former
                                    else None)
            random_order = st.checkbox("Random order in each queue", key="hand_random")
            add, remove = st.columns(2)
            do_assign = add.form_submit_button("Assign", type="primary")
            do_remove = remove.form_submit_button("Unassign")
            force = st.checkbox(FORCE, key="hand_force")
        if do_assign:
            result = run_service(lambda: assign(db, me, project.id, picked, people, random_order=random_order))
            if result is not None:
                _report(result.created, result.existing, result.seed)
        if do_remove:
            removed = run_service(lambda: unassign(db, me, project.id, picked, people, force=force),
                                  overrides={"force": f"tick “{FORCE}” to unassign them anyway (their spans stay)"})
            if removed is not None:
                st.success(f"{removed} assignment(s) removed.")
    with progress_tab:
        _progress(project.id)


def _report(created: int, existing: int, seed: int | None) -> None:
    message = f"{created} assignment(s) added, {existing} already there."
    if seed is not None:
        message += f" Random order seed: {seed}."
    st.success(message)  # numbers only: no user text


def _progress(project_id: int) -> None:
    db, me = get_db(), require_actor()
    people = run_service(lambda: annotator_progress(db, me, project_id)) or []
    st.subheader("Per annotator")
    st.dataframe(frame([
        {"Annotator": p.name, "Assigned": p.assigned, "To do": p.todo, "In progress": p.in_progress,
         "Done": p.done, "Done %": p.percent_done, "Spans": p.spans}
        for p in people
    ]), hide_index=True, width="stretch", key="progress_people",
        column_config={"Done %": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%")})
    page = max(1, int(st.session_state.get(f"{PROGRESS}_page", 1)))
    listed = run_service(lambda: document_progress_page(db, me, project_id, page=page, per_page=PER_PAGE))
    st.subheader("Per document")
    if listed is None:
        return
    st.dataframe(frame([
        {"Document": d.document_id, "Title": d.title, "Wanted": d.wanted, "Assigned": d.assigned,
         "Done": d.done, "Annotators": ", ".join(f"{n} ({s})" for n, s in d.annotators),
         "Spans": d.spans, "Gold": d.gold}
        for d in listed.rows
    ]), hide_index=True, width="stretch", key="progress_documents")
    pager(listed, PROGRESS)
