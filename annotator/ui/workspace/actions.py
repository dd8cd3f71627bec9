"""What the workspace does when asked: each action is one service call (two at most), and
its outcome is told in the side panel. Buttons use these as `on_click` callbacks; the
highlighter's events reach them through `events.py`.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...errors import AnnotatorError, Conflict
from ...models.enums import AssignmentStatus
from ...services.annotation.documents import set_status
from ...services.annotation.spans import (
    SpanIn,
    create_annotation,
    delete_annotation,
    restore_annotation,
    update_annotation,
)
from ...services.views import AnnotationView
from .. import state
from ..feedback import flash
from ..highlighter.payload import Selection, check_selection
from ..routes import DOCUMENT_PARAM
from ..text import shorten
from . import context, undo
from .context import Workspace
from .widgets import forget_span_widgets, reporting

NO_LABEL = "Pick a label for the selection: click one above the article or press its key."


def mark_started(workspace: Workspace) -> None:
    """The first span on a document moves the user's status on it to 'in progress'."""
    if workspace.document.status in (None, AssignmentStatus.TODO.value):
        with reporting("Could not update the document status"):
            context.set_cached_status(set_status(workspace.db, workspace.actor, workspace.document.id,
                                                 AssignmentStatus.IN_PROGRESS))


def create_span(workspace: Workspace, selection: Selection, label: str | None) -> AnnotationView | None:
    """Store the selection as a span with `label`, after checking it against the stored text."""
    state.put(state.PENDING_SELECTION, selection)
    if label is None:
        flash("warning", NO_LABEL)
        return None
    label_view = workspace.codebook.label(label)
    if label_view is None or label_view.layer != "span":
        flash("error", f"There is no span label {label!r} in this project's codebook; nothing was saved.")
        return None
    created = None
    with reporting("Not saved"):
        checked = check_selection(workspace.text, selection)
        created = create_annotation(
            workspace.db, workspace.actor, workspace.document.id,
            SpanIn(checked.start, checked.end, label, checked.quote, uid=selection.uid),
        )
        if checked.widened:
            flash("info", "The selection was widened to whole characters (it cut an emoji or accent).")
    if created is None:
        return None
    state.put(state.PENDING_SELECTION, None)
    state.put(state.SELECTED_SPAN, created.id)
    saved(workspace, created)
    return created


def saved(workspace: Workspace, created: AnnotationView) -> None:
    """What follows a new span of the user's (drawn, chosen or accepted): remembered for the
    panel and for Undo, its label repeated by Enter, the document "in progress"."""
    state.put(state.LAST_LABEL, created.label)
    state.get(state.SPAN_SEEN)[created.id] = created
    undo.remember(created)
    undo.push(undo.created(workspace.document.id, created))
    mark_started(workspace)


def select_span(span_id: int | str | None) -> None:
    state.put(state.SELECTED_SPAN, span_id)
    if span_id is not None:
        state.put(state.PENDING_SELECTION, None)


def delete_span(workspace: Workspace, annotation_id: int) -> None:
    with reporting("Not deleted"):
        seen = state.get(state.SPAN_SEEN).get(annotation_id)
        version = seen.version if seen is not None else None
        deleted = delete_annotation(workspace.db, workspace.actor, annotation_id, expected_version=version)
        undo.push(undo.deleted(workspace.document.id, deleted))
        undo.hide(deleted)


def restore_span(workspace: Workspace, annotation_id: int) -> None:
    with reporting("Not restored"):
        restored = restore_annotation(workspace.db, workspace.actor, annotation_id)
        undo.show(restored)
        flash("success", f"Restored “{shorten(restored.quote, 60)}” ({restored.label_name}).")


def known(span: AnnotationView) -> AnnotationView:
    """The newest version of a span this session knows: the panel draws from it and saves
    against it, so two edits sent in one interaction build on each other. At the same
    version the view just read wins: its entity links are current (a link does not change
    the span's version)."""
    seen: dict[int, AnnotationView] = state.get(state.SPAN_SEEN)
    mine = seen.get(span.id)
    if mine is None or mine.version <= span.version:
        if mine is not None and mine.version < span.version:
            forget_span_widgets(span.id)  # changed elsewhere: draw the stored values
        seen[span.id] = mine = span
    return mine


def update_span(workspace: Workspace, span_id: int, **changes: Any) -> None:
    """Save a change of label, attributes or note against the version the panel showed; if
    someone else changed the span meanwhile, nothing is overwritten and the panel reloads."""
    seen = state.get(state.SPAN_SEEN)
    base = seen.get(span_id)
    if base is None:
        return
    if "attribute" in changes:
        key, value = changes.pop("attribute")
        if base.attributes.get(key) == value:
            return
        changes["attributes"] = {**base.attributes, key: value}
    if changes.get("label", base.label) == base.label and changes.get("note", base.note) == base.note:
        changes.pop("label", None)
        changes.pop("note", None)
    if not changes:
        return  # nothing changed: no new version, no audit event
    try:
        updated = update_annotation(workspace.db, workspace.actor, span_id, expected_version=base.version, **changes)
    except AnnotatorError as error:  # a Conflict included
        forget_span_widgets(span_id)
        if changes.get("note"):
            # The field shows the stored note again; what was typed is kept beside it.
            state.get(state.REFUSED_NOTES)[span_id] = changes["note"]
        if isinstance(error, Conflict):
            # The panel is drawn again from the stored span: no reload is needed, and the
            # other change may be the user's own, in another tab.
            flash("error", f"Not saved: “{shorten(base.quote, 48)}” was changed meanwhile, in another tab or by "
                           "someone else. Nothing was overwritten: the panel shows the stored span.")
        else:
            flash("error", f"Not saved: {error}")
        return
    state.get(state.REFUSED_NOTES).pop(span_id, None)
    seen[span_id] = updated
    undo.remember(updated)
    step = undo.edited(workspace, base, updated)
    if step is not None:
        undo.push(step)
    if "label" in changes:
        state.put(state.LAST_LABEL, updated.label)


def go_to(document_id: int) -> None:
    """Open another document (the URL follows, so it can be reloaded or bookmarked)."""
    st.query_params[DOCUMENT_PARAM] = str(document_id)
    state.put(state.DOCUMENT_ID, document_id)
    state.put(state.SELECTED_SPAN, None)
    state.put(state.PENDING_SELECTION, None)


def set_done(workspace: Workspace, done: bool) -> None:
    status = AssignmentStatus.DONE if done else AssignmentStatus.IN_PROGRESS
    with reporting("Status not changed"):
        context.set_cached_status(set_status(workspace.db, workspace.actor, workspace.document.id, status))
