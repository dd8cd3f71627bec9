"""Project settings (the project's admins): name, description, blind, overlaps, annotators per
document, each with what a change does to the work already there; archiving the project."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...services.team.projects import (
    ProjectSummary,
    archive_project,
    project_summary,
    update_project,
)
from ...services.views import ProjectView
from .. import routes, state
from ..auth import require_actor
from ..feedback import flash, run_service, show_flash
from ..pickers import current_project
from ..resources import get_db
from ..text import md_escape


def render() -> None:
    st.header("Project settings")
    project = current_project({"admin"})
    if project is None:
        return
    show_flash(state.PAGE_FLASH)
    summary = project_summary(get_db(), require_actor(), project.id)
    st.caption(f"{summary.documents} documents · {summary.spans} spans · {summary.annotators} annotators · "
               f"{summary.assigned} documents assigned")
    _settings(project, summary)
    st.subheader("Codebook", anchor=False)
    st.markdown(md_escape(f"{project.codebook_key} version {project.codebook_version}. A change to the codebook "
                          f"makes a new version; the {summary.spans} spans keep their labels, which move to it."))
    routes.link(routes.CODEBOOK, "Edit the codebook", icon=":material/arrow_forward:")
    _archive(project)


def _settings(project: ProjectView, summary: ProjectSummary) -> None:
    with st.form("project-settings"):
        name = st.text_input("Name", value=project.name, max_chars=200, key="settings-name")
        description = st.text_area("Description", value=project.description, key="settings-description")
        blind = st.toggle("Blind", value=project.blind, key="settings-blind")
        st.caption("Blind: annotators see only their own spans; curators and admins see everyone's. Switching "
                   "changes who sees what, from now on; no span changes.")
        overlaps = st.toggle("Overlapping spans allowed", value=project.allow_overlaps, key="settings-overlaps")
        st.caption(f"Off: a new span may not overlap the annotator's own others. The {summary.spans} spans already "
                   "drawn stay as they are, overlapping or not.")
        per_document = st.number_input("Annotators per document", min_value=1, value=project.annotators_per_document,
                                       step=1, key="settings-per-doc")
        st.caption(f"Automatic assignment tops every document up to this number; the assignments already made "
                   f"({summary.assigned} documents) stay. Lowering it unassigns nobody.")
        if st.form_submit_button("Save settings", type="primary"):
            wanted: dict[str, Any] = {"name": name, "description": description, "blind": blind,
                                      "allow_overlaps": overlaps, "annotators_per_document": int(per_document)}
            current = {"name": project.name, "description": project.description, "blind": project.blind,
                       "allow_overlaps": project.allow_overlaps,
                       "annotators_per_document": project.annotators_per_document}
            changes = {k: v for k, v in wanted.items() if v != current[k]}
            if not changes:
                st.info("Nothing changed.")
            else:
                run_service(lambda: update_project(get_db(), require_actor(), project.id, **changes),
                            f"Saved: {', '.join(changes)}.", flash_to=state.PAGE_FLASH, rerun=True)


def _archive(project: ProjectView) -> None:
    st.subheader("Archive", anchor=False)
    st.markdown("An archived project leaves the project pickers; nothing in it is deleted or changed. The "
                "Projects page lists it to restore, and the command line still reaches it by name.")
    if st.button("Archive this project", key="settings-archive"):
        archived = run_service(lambda: archive_project(get_db(), require_actor(), project.id))
        if archived is not None:
            flash("success", f"{archived.name} is archived; restore it from the Projects page.", queue=state.PAGE_FLASH)
            state.put(state.PROJECT_ID, None)
            routes.switch_to(routes.PROJECTS)
