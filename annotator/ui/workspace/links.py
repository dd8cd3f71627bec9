"""The span section "Links": tie the selected span to a registry entity in a role (claimant,
funder, target, quoted source, mentioned), or untie it, or make a new entity of its name
(new_entity.py). The links shown are those of the
span as read in this run (actions.known prefers it to the session's copy of the same
version, since a link does not change the span's version)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...display_names import display_name
from ...services.registry.entity_links import ROLES, link_span, unlink_span
from ...services.views import AnnotationView, EntityLinkView
from ..feedback import flash
from ..registry_widgets import entity_label
from ..text import visible
from . import undo
from .context import Workspace
from .new_entity import new_entity
from .widgets import reporting, span_widget_key

ROLE_NAMES = {role: display_name(role) for role in ROLES}


def _link(workspace: Workspace, span: AnnotationView) -> None:
    span_id = span.id
    entity_id = st.session_state.get(span_widget_key(span_id, "link-entity"))
    role = st.session_state.get(span_widget_key(span_id, "link-role")) or "mentioned"
    if entity_id is None:
        flash("warning", "Pick an entity to link the span to.")
        return
    with reporting("Link not saved"):
        link = link_span(workspace.db, workspace.actor, span_id, entity_id, role)
        undo.record_link(span, link)
        flash("success", f"Linked to {link.entity_name} as {ROLE_NAMES[link.role]}.")
        st.session_state[span_widget_key(span_id, "link-entity")] = None


def _unlink(workspace: Workspace, span: AnnotationView, link: EntityLinkView) -> None:
    with reporting("Link not removed"):
        unlink_span(workspace.db, workspace.actor, link.id)
        undo.record_link(span, link, removed=True)
        flash("info", f"Unlinked {link.entity_name}.")


def links(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    current = span.entities
    st.caption("Links to outlets, organisations, people")
    for link in current:
        text_col, button_col = st.columns([3, 2], vertical_alignment="center")
        text_col.text(visible(f"{link.entity_name} · {ROLE_NAMES.get(link.role, link.role)}"))
        if editable:
            button_col.button("Unlink", key=span_widget_key(span.id, f"unlink-{link.id}"), on_click=_unlink,
                              args=(workspace, span, link), type="tertiary", icon=":material/link_off:")
    if not editable:
        if not current:
            st.caption("None.")
        return
    if not workspace.entities:
        st.caption("The registry is empty: add outlets and organisations on the Registry page, or add this name below.")
        new_entity(workspace, span, ROLE_NAMES)
        return
    # The document's outlet first: the entity a span is most often about.
    outlet = workspace.document.outlet_id
    entities = sorted(workspace.entities, key=lambda e: e.id != outlet)
    names = {e.id: entity_label(e) for e in entities}
    key = span_widget_key(span.id, "link-entity")
    unset: dict[str, Any] = {} if key in st.session_state else {"index": None}  # no default once the panel set it
    st.selectbox("Entity", list(names), format_func=names.__getitem__, key=key, placeholder="Search the registry", **unset)
    st.selectbox("Role", list(ROLES), format_func=ROLE_NAMES.__getitem__, key=span_widget_key(span.id, "link-role"))
    st.button("Link", key=span_widget_key(span.id, "link"), on_click=_link, args=(workspace, span),
              icon=":material/link:")
    new_entity(workspace, span, ROLE_NAMES)
