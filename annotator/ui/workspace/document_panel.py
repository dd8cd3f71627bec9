"""The side panel's document sections: document-level labels (genre, frames), what is drawn,
and the deleted spans that can be restored."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ...services.document_labels import list_document_labels, set_document_labels
from ...services.views import AnnotationView, CategoryView
from .. import state
from ..text import md_escape, shorten
from . import actions
from .context import Workspace

DocumentSection = Callable[[Workspace, list[AnnotationView]], None]


def _save_category(ws: Workspace, category: CategoryView, key: str) -> None:
    value = st.session_state[key]
    chosen = [] if value is None else [value] if isinstance(value, str) else list(value)
    with actions.reporting(f"{category.name} not saved"):
        set_document_labels(ws.db, ws.actor, ws.document.id, category.key, chosen)


def document_labels(ws: Workspace, spans: list[AnnotationView]) -> None:
    categories = [c for c in ws.codebook.categories if c.layer == "document"]
    if not categories:
        return
    mine = {v.label for v in list_document_labels(ws.db, ws.actor, ws.document.id, user_id=ws.actor.user_id)}
    for category in categories:
        options = [label for label in ws.codebook.document_labels() if label.category == category.key]
        names = {label.key: label.name for label in options}
        keys = [label.key for label in options]
        key = f"ws-doclabels-{ws.document.id}-{category.key}"
        chosen = [k for k in keys if k in mine]
        common = {
            "key": key, "format_func": lambda k, names=names: md_escape(names[k]),
            "on_change": _save_category, "args": (ws, category, key),
            "help": category.description or None, "wrap": True,
        }
        label = md_escape(category.name + ("" if category.multiple else " (one)"))
        if category.multiple:
            st.pills(label, keys, selection_mode="multi", default=chosen, **common)
        else:
            st.pills(label, keys, selection_mode="single", default=chosen[0] if chosen else None, **common)


def drawing_options(ws: Workspace, spans: list[AnnotationView]) -> None:
    live = [s for s in spans if not s.deleted]
    mine = sum(1 for s in live if s.user_id == ws.actor.user_id)
    others = len(live) - mine
    st.caption(f"{mine} span{'s' if mine != 1 else ''} of yours"
               + (f", {others} by others" if others else "") + " on this document.")
    st.toggle("Show other annotators' spans", key=state.SHOW_OTHERS,
              help="Drawn as faint bands. In a blind project only curators and admins see them.")


def deleted_spans(ws: Workspace, spans: list[AnnotationView]) -> None:
    admin = ws.project.my_role == "admin"
    deleted = [s for s in spans if s.deleted and (admin or s.user_id == ws.actor.user_id)]
    label = f"Deleted spans ({len(deleted)})"
    with st.expander(label, on_change="rerun", key=f"ws-deleted-{ws.document.id}") as box:
        if not box.open:
            return
        if not deleted:
            st.caption("Nothing deleted on this document.")
            return
        newest = sorted(deleted, key=lambda s: s.updated_at, reverse=True)[:30]
        for span in newest:
            text_col, button_col = st.columns([4, 1], vertical_alignment="center")
            text_col.caption(md_escape(f"{span.label_name}: “{shorten(span.quote, 50)}” "
                                       f"({span.updated_at:%Y-%m-%d %H:%M})"))
            button_col.button("Restore", key=f"ws-restore-{span.id}", on_click=actions.restore_span,
                              args=(ws, span.id), width="stretch")
        if len(deleted) > len(newest):
            st.caption(f"and {len(deleted) - len(newest)} older; the 30 newest are listed.")


#: The document's sections, top to bottom, below the span sections.
DOCUMENT_SECTIONS: list[DocumentSection] = [document_labels, drawing_options, deleted_spans]
