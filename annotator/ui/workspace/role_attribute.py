"""A span attribute named after a registry role (the Claim's `claimant`): who it is can be a
registry entity as well as free text.

One source of truth: a registry claimant is the span's link to the entity in that role
(services/registry/entity_links.py, which checks who may change the span and that the
entity is live), never a copy of the entity in the attribute; the free-text attribute stays
for a claimant the registry does not hold. The field shows the linked entities (each with
Unlink), a picker of registry entities (searched by name) that links the picked one at once,
and the free text. Both travel in every export that carries links and attributes.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...services.registry.entity_links import ROLES, link_span, unlink_span
from ...services.views import AnnotationView, AttributeView, EntityLinkView
from ..feedback import flash
from ..registry_widgets import entity_label
from ..text import md_escape, visible
from . import undo
from .context import Workspace
from .widgets import reporting, span_widget_key


def is_role_attribute(attribute: AttributeView) -> bool:
    """A text attribute whose key is a registry role (claimant, funder, target, ...)."""
    return attribute.type == "text" and attribute.key in ROLES


def picker_key(span_id: int, attribute: AttributeView) -> str:
    return span_widget_key(span_id, f"attr-{attribute.key}-entity")


def _pick(workspace: Workspace, span: AnnotationView, attribute: AttributeView) -> None:
    span_id = span.id
    key = picker_key(span_id, attribute)
    entity_id = st.session_state.get(key)
    if entity_id is None:
        return
    with reporting(f"{attribute.name} not linked"):
        link = link_span(workspace.db, workspace.actor, span_id, entity_id, attribute.key)
        undo.record_link(span, link)
        flash("success", f"{link.entity_name} is the {attribute.name.lower()} (linked from the registry).")
    st.session_state[key] = None


def _unlink(workspace: Workspace, span: AnnotationView, link: EntityLinkView, attribute: AttributeView) -> None:
    with reporting("Link not removed"):
        unlink_span(workspace.db, workspace.actor, link.id)
        undo.record_link(span, link, removed=True)
        flash("info", f"{link.entity_name} is no longer the {attribute.name.lower()}.")


def registry_part(workspace: Workspace, span: AnnotationView, attribute: AttributeView, editable: bool) -> None:
    """The entities linked in the attribute's role, and the picker (above the free text)."""
    linked = [link for link in span.entities if link.role == attribute.key]
    for link in linked:
        text_col, button_col = st.columns([3, 2], vertical_alignment="center")
        text_col.text(visible(f"{attribute.name}: {link.entity_name} ({link.entity_kind}, registry)"))
        if editable:
            button_col.button("Unlink", key=span_widget_key(span.id, f"attr-{attribute.key}-unlink-{link.id}"),
                              on_click=_unlink, args=(workspace, span, link, attribute),
                              type="tertiary", icon=":material/link_off:")
    if not editable or not workspace.entities:
        return
    taken = {link.entity_id for link in linked}
    outlet = workspace.document.outlet_id
    entities = sorted((e for e in workspace.entities if e.id not in taken), key=lambda e: e.id != outlet)
    names = {e.id: entity_label(e) for e in entities}
    key = picker_key(span.id, attribute)
    unset: dict[str, Any] = {} if key in st.session_state else {"index": None}
    st.selectbox(md_escape(f"{attribute.name} from the registry"), list(names), format_func=names.__getitem__,
                 key=key, placeholder="Search the registry by name", on_change=_pick,
                 args=(workspace, span, attribute), **unset,
                 help="Picking an entity links the span to it in this role; the text below is for "
                      "one the registry does not hold.")
