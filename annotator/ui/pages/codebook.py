"""Codebook: the labels of the project picked in the sidebar with their guidelines, the file to
download, the versions and what changed between them; for the project's admins, the editor,
whose save makes a new version (the project's spans follow their labels to it)."""

from __future__ import annotations

import streamlit as st

from ...codebooks import CodebookDef
from ...codebooks.diff import Change, codebook_diff
from ...codebooks.editor import CodebookDraft
from ...errors import InvalidInput
from ...services.annotation.codebook_versions import (
    codebook_versions,
    codebook_yaml,
    project_codebook_definition,
    project_label_usage,
    save_project_codebook,
    version_changes,
)
from ...services.views import ProjectView
from .. import codebook_editor, state
from ..auth import require_actor
from ..feedback import flash, run_service, show_flash
from ..pickers import current_project
from ..resources import get_db
from ..text import frame, md_escape, visible


def _editor_key(project: ProjectView) -> str:
    return f"codebook-{project.id}"


def render() -> None:
    st.header("Codebook")
    project = current_project()
    if project is None:
        return
    db, actor = get_db(), require_actor()
    definition = project_codebook_definition(db, actor, project.id)
    st.caption(md_escape(f"{project.name} annotates with {definition.name} ({definition.key} version "
                         f"{project.codebook_version}, {len(definition.labels)} labels)."))
    show_flash(state.PAGE_FLASH)
    st.download_button("Download as YAML", codebook_yaml(definition), file_name=f"{definition.key}-v{project.codebook_version}.yaml",
                       mime="application/yaml", key="codebook-yaml", on_click="ignore")
    if project.my_role == "admin":
        _edit(project, definition)
    else:
        _guideline(definition)
    _versions(project)


def _guideline(definition: CodebookDef) -> None:
    """The labels as annotators need them: name, hotkey, guideline, attributes."""
    for category in definition.categories:
        labels = [label for label in definition.labels if label.category == category.key]
        if not labels:
            continue
        st.subheader(visible(category.name), anchor=False)
        st.dataframe(frame([{
            "Label": label.name, "Hotkey": label.hotkey or "", "Guideline": label.description,
            "Attributes": ", ".join(f"{a.name}{' (required)' if a.required else ''}" for a in label.attributes),
            "Key": label.key,
        } for label in labels]), hide_index=True, width="stretch", key=f"codebook-guideline-{category.key}")


def _edit(project: ProjectView, current: CodebookDef) -> None:
    db, actor = get_db(), require_actor()
    key = _editor_key(project)
    if not codebook_editor.loaded(key) or st.session_state.get(f"{key}:base") != project.codebook_version:
        codebook_editor.load(key, CodebookDraft.from_definition(current))
        st.session_state[f"{key}:base"] = project.codebook_version
    usage = project_label_usage(db, actor, project.id)
    draft = codebook_editor.edit(codebook_editor.Editor(key, usage=usage, key_editable=False))
    result = codebook_editor.checked(draft)
    if isinstance(result, InvalidInput):
        codebook_editor.show_problem(draft, result)
        return
    changes = codebook_diff(current, result)
    if not changes:
        st.caption("No changes to save.")
        return
    with st.container(border=True):
        st.markdown(f"**Changes to save** (as version {project.codebook_version + 1}; the project's spans follow "
                    "their labels to it)")
        _changes(changes)
        save, discard = st.columns(2)
        if save.button("Save as a new version", type="primary", key="codebook-save"):
            saved = run_service(lambda: save_project_codebook(db, actor, project.id, result))
            if saved is not None:
                flash("success", f"Saved as version {saved.codebook.version}; {saved.moved} span(s) moved to it.",
                      queue=state.PAGE_FLASH)
                st.rerun()
        if discard.button("Discard the changes", key="codebook-discard"):
            codebook_editor.load(key, CodebookDraft.from_definition(current))
            st.rerun()


def _changes(changes: list[Change]) -> None:
    st.dataframe(frame([{"Change": change.kind, "Where": change.where, "Field": change.field or "",
                         "Before": "" if change.kind != "changed" else _cell(change.before),
                         "After": "" if change.kind != "changed" else _cell(change.after)} for change in changes]),
                 hide_index=True, width="stretch")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def _versions(project: ProjectView) -> None:
    db, actor = get_db(), require_actor()
    versions = codebook_versions(db, actor, project.id)
    with st.expander(f"Versions ({len(versions)})"):
        st.dataframe(frame([{"Version": v.version, "Name": v.name, "Labels": v.labels, "Stored": v.created_at,
                             "In use here": v.current} for v in versions]), hide_index=True, width="stretch",
                     key="codebook-versions")
        if len(versions) < 2:
            st.caption("One version so far: saving a change makes the next.")
            return
        numbers = [v.version for v in versions]
        left, right = st.columns(2)
        old = left.selectbox("From version", numbers, index=len(numbers) - 2, key="codebook-from")
        new = right.selectbox("To version", numbers, index=len(numbers) - 1, key="codebook-to")
        changes = run_service(lambda: version_changes(db, actor, project.id, old, new))
        if changes:
            _changes(changes)
        elif changes is not None:
            st.caption("The same labels.")
