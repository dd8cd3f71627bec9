"""The side panel's document sections: document-level labels (genre, frames), what is drawn,
and the deleted spans that can be restored."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ...services.annotation.document_labels import list_document_labels, set_document_labels
from ...services.views import AnnotationView, CategoryView
from .. import state
from ..text import isolate, md_escape, one_line, visible
from . import actions, suggestions, undo
from .context import Workspace
from .outlet_panel import outlet_section
from .widgets import document_label_key, forget_document_labels, reporting, seed

DocumentSection = Callable[[Workspace, list[AnnotationView]], None]


def _save_category(workspace: Workspace, category: CategoryView, key: str) -> None:
    if key not in st.session_state:
        return
    value = st.session_state[key]
    chosen = [] if value is None else [value] if isinstance(value, str) else list(value)
    saved = False
    with reporting(f"{category.name} not saved"):
        before = undo.my_document_labels(workspace, category.key)
        set_document_labels(workspace.db, workspace.actor, workspace.document.id, category.key, chosen)
        saved = True
        step = undo.labelled(workspace, category, before, chosen)
        if step is not None:
            undo.push(step)
    if not saved:  # the pills show what is stored, not the refused choice
        forget_document_labels(workspace.document.id, category.key)


def document_labels(workspace: Workspace, spans: list[AnnotationView]) -> None:
    categories = [c for c in workspace.codebook.categories if c.layer == "document"]
    if not categories:
        return
    mine = {v.label for v in list_document_labels(workspace.db, workspace.actor, workspace.document.id,
                                                  user_id=workspace.actor.user_id)}
    for category in categories:
        options = [label for label in workspace.codebook.document_labels() if label.category == category.key]
        names = {label.key: label.name for label in options}
        keys = [label.key for label in options]
        key = document_label_key(workspace.document.id, category.key)
        chosen = [k for k in keys if k in mine]
        seed(key, chosen if category.multiple else chosen[0] if chosen else None)
        st.pills(md_escape(category.name + ("" if category.multiple else " (one)")), keys,
                 selection_mode="multi" if category.multiple else "single", key=key,
                 format_func=lambda k, names=names: md_escape(names[k]), on_change=_save_category,
                 args=(workspace, category, key), help=md_escape(category.description) or None, wrap=True)


def drawing_options(workspace: Workspace, spans: list[AnnotationView]) -> None:
    live = [s for s in spans if not s.deleted]
    mine = sum(1 for s in live if s.user_id == workspace.actor.user_id)
    others = len(live) - mine
    st.caption(f"{mine} span{'s' if mine != 1 else ''} of yours"
               + (f", {others} by others" if others else "") + " on this document.")
    st.toggle("Show other annotators' spans", key=state.SHOW_OTHERS,
              help="Drawn as faint bands. In a blind project only curators and admins see them.")


def _restore_picked(workspace: Workspace, key: str) -> None:
    picked = st.session_state.get(key)
    if picked is not None:
        actions.restore_span(workspace, picked)


def deleted_spans(workspace: Workspace, spans: list[AnnotationView]) -> None:
    """The document's deleted spans (the user's own; a project admin's: everyone's), newest
    first, any of which can be restored."""
    admin = workspace.project.my_role == "admin"
    deleted = sorted(
        (s for s in spans if s.deleted and (admin or s.user_id == workspace.actor.user_id)),
        key=lambda s: s.updated_at, reverse=True,
    )
    with st.expander(f"Deleted spans ({len(deleted)})", on_change="rerun",
                     key=f"ws-deleted-{workspace.document.id}") as box:
        if not box.open:
            return
        if not deleted:
            st.caption("Nothing deleted on this document.")
            return
        described = {
            s.id: f"{visible(s.label_name)}: “{isolate(one_line(s.quote, 40))}” · {s.updated_at:%d %b %H:%M}"
                  + ("" if s.user_id == workspace.actor.user_id else f" · {isolate(s.username)}")
            for s in deleted
        }
        key = f"ws-deleted-pick-{workspace.document.id}"
        st.selectbox("Deleted span", list(described), format_func=described.__getitem__, key=key,
                     label_visibility="collapsed")
        st.button("Restore", key=f"ws-restore-{workspace.document.id}", on_click=_restore_picked,
                  args=(workspace, key), icon=":material/restore_from_trash:")


#: The document's sections, top to bottom, below the span sections.
DOCUMENT_SECTIONS: list[DocumentSection] = [
    suggestions.section, outlet_section, document_labels, drawing_options, deleted_spans,
]
