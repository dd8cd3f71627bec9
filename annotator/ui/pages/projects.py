"""Projects: the projects the user belongs to (a row opens its documents), the archived ones to
restore, and, for those who may, creating a project with its codebook (a built-in one, a file,
a copy of another project's, or one built in the editor), settings and lead."""

from __future__ import annotations

import streamlit as st

from ...codebooks import CodebookDef, builtin_keys, load_builtin, parse_codebook_text
from ...codebooks.editor import CodebookDraft, codebook_key_from
from ...errors import AnnotatorError, InvalidInput
from ...services.accounts.users import list_users
from ...services.actor import Actor
from ...services.annotation.codebook_versions import project_codebook_definition
from ...services.team.projects import archive_project, create_project, list_projects
from ...services.views import ProjectView
from .. import codebook_editor, routes, state
from ..auth import require_actor
from ..feedback import flash, run_service, show_error, show_flash
from ..pickers import can_create_projects
from ..resources import get_db
from ..text import frame, md_escape, visible

EDITOR = "new-codebook"
SOURCES = {"builtin": "A built-in codebook", "file": "A codebook file (YAML or JSON)",
           "copy": "A copy of another project's codebook", "editor": "Build it in the editor"}
NEXT_STEPS = "projects-next-steps"


def render() -> None:
    actor = require_actor()
    st.header("Projects")
    show_flash(state.PAGE_FLASH)
    projects = list_projects(get_db(), actor, include_archived=True)
    live = [p for p in projects if not p.archived]
    _next_steps()
    if live:
        _table(live)
    elif can_create_projects(actor):
        st.info("No project yet. Create the first one below: give it a name, pick or build its codebook, and "
                "create it; then add members and import articles.")
    else:
        st.info("You are not a member of any project yet. Ask a project's lead to add you.")
    archived = [p for p in projects if p.archived]
    if archived:
        _archived(archived)
    if can_create_projects(actor):
        if live:
            with st.expander("Create a project", icon=":material/add:"):
                _create(actor, live)
        else:
            st.subheader("Create a project")
            _create(actor, live)


def _table(projects: list[ProjectView]) -> None:
    table = frame([{"Project": p.name, "Codebook": f"{p.codebook_key} v{p.codebook_version}", "Your role": p.my_role,
                    "Blind": p.blind, "Overlaps allowed": p.allow_overlaps,
                    "Annotators per document": p.annotators_per_document} for p in projects])
    picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun",
                          selection_mode=["single-row", "single-cell"], key="projects-table")
    st.caption("Click a project to open its documents.")
    rows = list(picked.selection.rows) + [cell[0] for cell in picked.selection.cells]
    if rows:
        state.put(state.PROJECT_ID, projects[rows[0]].id)
        routes.switch_to(routes.DOCUMENTS, {routes.PROJECT_PARAM: str(projects[rows[0]].id)})


def _archived(projects: list[ProjectView]) -> None:
    with st.expander(f"Archived projects ({len(projects)})"):
        for project in projects:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(md_escape(f"{project.name} · {project.codebook_key} v{project.codebook_version}"))
            if project.my_role == "admin" and right.button("Restore", key=f"projects-restore-{project.id}"):
                _restore(project.id)


def _restore(project_id: int) -> None:
    db, actor = get_db(), require_actor()
    run_service(lambda: archive_project(db, actor, project_id, archived=False),
                lambda p: f"{p.name} is back in the project lists.", flash_to=state.PAGE_FLASH, rerun=True)


def _next_steps() -> None:
    """After a project was made: what to do next, with the links."""
    made = st.session_state.get(NEXT_STEPS)
    if made is None:
        return
    with st.container(border=True):
        st.markdown(md_escape(f"Next steps for {made}:"))
        for route, label in ((routes.MEMBERS, "Add members"), (routes.DATA, "Import articles"),
                             (routes.CODEBOOK, "Review the codebook")):
            routes.link(route, label, icon=":material/arrow_forward:")


def _codebook(actor: Actor, projects: list[ProjectView], name: str) -> CodebookDef | None:
    """The codebook the form describes, or None after saying what is missing."""
    source = st.radio("Codebook", list(SOURCES), format_func=SOURCES.__getitem__, key="new-project-source",
                      horizontal=True)
    if source == "builtin":
        keys = builtin_keys()
        key = st.selectbox("Built-in codebook", keys, key="new-project-builtin",
                           format_func=lambda k: f"{load_builtin(k).name} ({k}, {len(load_builtin(k).labels)} labels)")
        return load_builtin(key)
    if source == "file":
        upload = st.file_uploader("Codebook file", type=["yaml", "yml", "json"], key="new-project-file")
        if upload is None:
            st.caption("The shape of a codebook file is in the README (Codebooks).")
            return None
        try:
            return parse_codebook_text(upload.getvalue().decode("utf-8"), name=upload.name)
        except UnicodeDecodeError:
            st.error(md_escape(f"{upload.name} is not UTF-8 text."))
        except AnnotatorError as error:
            show_error(error)
        return None
    if source == "copy":
        if not projects:
            st.info("There is no project to copy a codebook from yet.")
            return None
        ids = [p.id for p in projects]
        chosen = st.selectbox("Project", ids, key="new-project-copy",
                              format_func=lambda i: visible(next(f"{p.name} ({p.codebook_key} v{p.codebook_version})"
                                                                 for p in projects if p.id == i)))
        return run_service(lambda: project_codebook_definition(get_db(), actor, chosen))
    return _built(name)


def _built(name: str) -> CodebookDef | None:
    if not codebook_editor.loaded(EDITOR):
        codebook_editor.load(EDITOR, CodebookDraft.blank(codebook_key_from(name or "codebook"), name or "My codebook"))
    start_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    start = start_col.selectbox("Start again from", ["(empty)", *builtin_keys()], key="new-project-start")
    if button_col.button("Start again", key="new-project-restart", width="stretch"):
        fresh = (CodebookDraft.blank(codebook_key_from(name or "codebook"), name or "My codebook") if start == "(empty)"
                 else CodebookDraft.from_definition(load_builtin(start)))
        codebook_editor.load(EDITOR, fresh)
        st.rerun()
    draft = codebook_editor.edit(codebook_editor.Editor(EDITOR))
    result = codebook_editor.checked(draft)
    if isinstance(result, InvalidInput):
        codebook_editor.show_problem(draft, result)
        return None
    st.download_button("Download this codebook as YAML", draft.to_yaml(), file_name=f"{draft.key}.yaml",
                       mime="application/yaml", key="new-project-yaml", on_click="ignore")
    return result


def _create(actor: Actor, projects: list[ProjectView]) -> None:
    db = get_db()
    name = st.text_input("Project name", key="new-project-name", max_chars=200)
    description = st.text_area("Description", key="new-project-description", height=68)
    definition = _codebook(actor, projects, name)
    st.markdown("**Settings**")
    left, middle, right = st.columns(3)
    blind = left.toggle("Blind", key="new-project-blind",
                        help="Annotators never see each other's spans (curators and admins do).")
    overlaps = middle.toggle("Overlapping spans allowed", value=True, key="new-project-overlaps",
                             help="May one annotator's spans overlap each other?")
    per_document = right.number_input("Annotators per document", min_value=1, value=1, step=1, key="new-project-per-doc")
    lead = None
    if actor.is_admin:
        users = [u for u in run_service(lambda: list_users(db, actor)) or [] if u.active]
        names = [u.username for u in users]
        default = names.index(actor.username) if actor.username in names else 0
        lead = st.selectbox("Lead (becomes the project's admin)", names, index=default, key="new-project-lead",
                            format_func=lambda n: visible(next(f"{u.display_name} ({u.username})" for u in users
                                                               if u.username == n)))
    if st.button("Create project", type="primary", key="new-project-create", disabled=definition is None):
        assert definition is not None
        made = run_service(lambda: create_project(
            db, actor, name, codebook=definition, blind=blind, allow_overlaps=overlaps,
            annotators_per_document=int(per_document), description=description,
            lead=lead if lead and lead != actor.username else None))
        if made is not None:
            state.put(state.PROJECT_ID, made.id)
            st.session_state[NEXT_STEPS] = made.name
            for key in [k for k in st.session_state if str(k).startswith(("new-project-", EDITOR))]:
                del st.session_state[key]
            flash("success", f"Project {made.name} created with codebook {made.codebook_key} v{made.codebook_version}.",
                  queue=state.PAGE_FLASH)
            st.rerun()
