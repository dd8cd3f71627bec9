""""New entity from this name": the selected span's text becomes a registry entity (name
prefilled from the span, kind chosen) linked to the span in the chosen role, in one service
call (entity_links.link_new_entity: both stored or neither). Shown to those who may add to
the registry; the service checks it again."""

from __future__ import annotations

import streamlit as st

from ...models.enums import EntityKind
from ...services.registry.entities import is_registry_editor
from ...services.registry.entity_links import ROLES, link_new_entity
from ...services.views import AnnotationView
from ..feedback import flash
from ..text import visible
from . import undo
from .context import Workspace
from .widgets import reporting, span_widget_key

KINDS = [kind.value for kind in EntityKind]
#: The kind picked last: the next name is most often of the same kind.
LAST_KIND = "ws-new-entity-last-kind"
#: Longest name the registry takes (services/registry/entities.py).
_NAME_LIMIT = 500


def _create(workspace: Workspace, span: AnnotationView, role_names: dict[str, str]) -> None:
    span_id = span.id
    name = str(st.session_state.get(span_widget_key(span_id, "new-entity-name")) or "")
    kind = str(st.session_state.get(span_widget_key(span_id, "new-entity-kind")) or KINDS[0])
    role = str(st.session_state.get(span_widget_key(span_id, "new-entity-role")) or "mentioned")
    st.session_state[LAST_KIND] = kind
    with reporting("Entity not added"):
        link = link_new_entity(workspace.db, workspace.actor, span_id, kind, name, role)
        undo.record_link(span, link)  # Undo removes the link; the new entity stays in the registry
        flash("success", f"Added {link.entity_name} ({link.entity_kind}) to the registry and linked it as "
                         f"{role_names.get(link.role, link.role)}.")


def new_entity(workspace: Workspace, span: AnnotationView, role_names: dict[str, str]) -> None:
    """The form, in a closed expander under the span's links."""
    with st.expander("New entity from this name", icon=":material/person_add:"):
        if not is_registry_editor(workspace.db, workspace.actor):
            st.caption("Only curators and admins add to the registry: ask one to add this name.")
            return
        # A name rarely has a line break; the first line of the span is the likely name.
        first_line = span.quote.strip().splitlines()[0] if span.quote.strip() else ""
        st.text_input("Name", value=first_line[:_NAME_LIMIT], max_chars=_NAME_LIMIT,
                      key=span_widget_key(span.id, "new-entity-name"))
        last = st.session_state.get(LAST_KIND)
        st.selectbox("Kind", KINDS, index=KINDS.index(last) if last in KINDS else KINDS.index("person"),
                     format_func=lambda kind: visible(kind.capitalize()), key=span_widget_key(span.id, "new-entity-kind"))
        st.selectbox("Role", list(ROLES), format_func=role_names.__getitem__,
                     key=span_widget_key(span.id, "new-entity-role"))
        st.button("Add to the registry and link", key=span_widget_key(span.id, "new-entity"), on_click=_create,
                  args=(workspace, span, role_names), icon=":material/add_link:")
