"""The side panel's span sections: Undo, the pending selection, the selected
span's label, attributes, note, links and history.

Each section is a small function taking the workspace and the span; a new section is one
more such function, listed in SPAN_SECTIONS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ...codebooks.attribute_types import WidgetKind, attribute_type
from ...services.annotation.history import span_history
from ...services.views import AnnotationView, AttributeView, LabelView
from .. import state
from ..claim_panel import claim_section
from ..feedback import show_controls
from ..text import frame, md_escape, shorten, visible
from . import actions, layout, relations_panel, role_attribute, suggestions, undo
from .context import Workspace
from .drawing import attribute_text
from .keys import hint as keys_hint
from .links import links
from .widgets import seed, span_widget_key

SpanSection = Callable[[Workspace, AnnotationView, bool], None]


def undo_bar(workspace: Workspace) -> None:
    """What Undo would reverse, with Undo and Redo side by side (either disabled when there is
    nothing to do)."""
    step, undone = undo.last_step(workspace.document.id), undo.last_undone(workspace.document.id)
    if step is None and undone is None:
        return
    if step is not None:
        st.caption(md_escape(undo.caption(step)))
    with st.container(horizontal=True, gap="small", key="ws-undo-bar"):
        st.button(
            "Undo", key="ws-undo", on_click=undo.undo, args=(workspace, step), help=keys_hint("undo"),
            icon=":material/undo:", type="tertiary", disabled=step is None,
        )
        st.button(
            "Redo", key="ws-redo", on_click=undo.redo, args=(workspace, undone),
            help=md_escape(f"{undo.message(undone, undone=False)} ({keys_hint('redo')})") if undone else keys_hint("redo"),
            icon=":material/redo:", type="tertiary", disabled=undone is None,
        )


def pending_selection(workspace: Workspace) -> None:
    selection = state.get(state.PENDING_SELECTION)
    if selection is None:
        st.caption("Select text in the article, then click a label above it or press its key. "
                   "Click a highlight to edit it.")
        return
    st.caption(f"Selection · characters {selection.start}–{selection.end}")
    layout.quote(shorten(selection.quote, 300), key="selection")
    st.caption("Click a label above the article or press its key to save it "
               "(Enter repeats the last label).")


def can_edit(workspace: Workspace, span: AnnotationView) -> bool:
    return span.user_id == workspace.actor.user_id or workspace.project.my_role == "admin"


def header(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    st.markdown(f"**{md_escape(span.label_name)}**")
    layout.quote(shorten(span.quote, 400), key="span")
    who = "you" if span.user_id == workspace.actor.user_id else span.username
    st.caption(md_escape(f"by {who} · characters {span.start}–{span.end} · version {span.version}"
                         f" · {span.origin}"))
    if not editable:
        st.caption("Another annotator's span: shown read-only.")


def _save_label(workspace: Workspace, span_id: int, key: str) -> None:
    if key in st.session_state:  # gone if the span's fields were reset meanwhile
        actions.update_span(workspace, span_id, label=st.session_state[key])


def label_field(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    options = [label.key for label in workspace.codebook.span_labels()]
    if span.label not in options:
        options.insert(0, span.label)
    names = {label.key: label.name for label in workspace.codebook.labels}

    def name_of(label_key: str) -> str:
        return visible(names.get(label_key, label_key))

    key = span_widget_key(span.id, "label")
    seed(key, span.label)
    st.selectbox(
        "Label", options, key=key, format_func=name_of, disabled=not editable,
        on_change=_save_label, args=(workspace, span.id, key),
    )


def _yes_no(name: str, attribute: AttributeView, current: Any, common: dict[str, Any]) -> None:
    seed(common["key"], "yes" if current is True else "no" if current is False else None)
    st.segmented_control(name, ["yes", "no"], **common)


def _select(name: str, attribute: AttributeView, current: Any, common: dict[str, Any]) -> None:
    options: list[str | None] = [None, *attribute.choices]
    seed(common["key"], current if current in options else None)
    st.selectbox(name, options, format_func=lambda v: "—" if v is None else visible(v), placeholder="—", **common)


def _number(name: str, attribute: AttributeView, current: Any, common: dict[str, Any]) -> None:
    seed(common["key"], float(current) if isinstance(current, int | float) else None)
    st.number_input(name, value=None, **common)  # None: the field may be empty


def _text(name: str, attribute: AttributeView, current: Any, common: dict[str, Any]) -> None:
    seed(common["key"], str(current) if current is not None else "")
    st.text_input(name, **common)
    show_controls(attribute.name, current if isinstance(current, str) else None)


def _as_stored(value: Any) -> Any:
    return value


#: The codebook's widget kinds as Streamlit widgets: how to draw one, and how its value is stored.
WIDGETS: dict[WidgetKind, tuple[Callable[[str, AttributeView, Any, dict[str, Any]], None], Callable[[Any], Any]]] = {
    "yes_no": (_yes_no, lambda value: {"yes": True, "no": False}.get(value)),
    "select": (_select, _as_stored),
    "number": (_number, _as_stored),
    "text": (_text, lambda value: (value.strip() or None) if isinstance(value, str) else value),
}


def _save_attribute(workspace: Workspace, span_id: int, attribute: AttributeView, key: str) -> None:
    if key not in st.session_state:
        return
    _, stored = WIDGETS[attribute_type(attribute.type).widget]
    actions.update_span(workspace, span_id, attribute=(attribute.key, stored(st.session_state[key])))


def attribute_field(workspace: Workspace, span: AnnotationView, attribute: AttributeView, editable: bool) -> None:
    key = span_widget_key(span.id, f"attr-{attribute.key}")
    common: dict[str, Any] = {
        "key": key, "disabled": not editable, "on_change": _save_attribute,
        "args": (workspace, span.id, attribute, key), "help": md_escape(attribute.description) or None,
    }
    if role_attribute.is_role_attribute(attribute):  # e.g. the claimant: a registry entity or free text
        role_attribute.registry_part(workspace, span, attribute, editable)
    draw, _ = WIDGETS[attribute_type(attribute.type).widget]
    draw(md_escape(attribute.name), attribute, span.attributes.get(attribute.key), common)


def attributes(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    label: LabelView | None = workspace.codebook.label(span.label)
    defined = label.attributes if label else ()
    for attribute in defined:
        attribute_field(workspace, span, attribute, editable)
    others = {k: v for k, v in span.attributes.items() if k not in {a.key for a in defined}}
    if others:
        st.caption("Other attributes (from an import)")
        st.text(visible("\n".join(f"{k}: {attribute_text(v)}" for k, v in others.items())))


def _save_note(workspace: Workspace, span_id: int, key: str) -> None:
    if key in st.session_state:
        actions.update_span(workspace, span_id, note=(st.session_state[key] or "").strip() or None)


def note(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    key = span_widget_key(span.id, "note")
    seed(key, span.note or "")
    st.text_area(
        "Note", key=key, height=80, disabled=not editable,
        on_change=_save_note, args=(workspace, span.id, key), placeholder="Why this label? (optional)",
    )
    show_controls("The note", span.note)
    refused_note(workspace, span, key)


def _use_refused(workspace: Workspace, span_id: int, key: str, text: str) -> None:
    st.session_state[key] = text
    actions.update_span(workspace, span_id, note=text)


def refused_note(workspace: Workspace, span: AnnotationView, key: str) -> None:
    """A note whose save was refused (the span changed meanwhile), beside the stored one that
    the field shows, so that nothing typed is lost: keep it (saved on the new version) or drop it."""
    refused: str | None = state.get(state.REFUSED_NOTES).get(span.id)
    if refused is None or refused == (span.note or ""):
        return
    with st.container(border=True, key=span_widget_key(span.id, "refused-note")):
        st.caption("Your note was not saved: the span was changed meanwhile. The field shows the "
                   "stored note; yours was:")
        st.text(refused)
        with st.container(horizontal=True, gap="small"):
            st.button("Save mine instead", key=span_widget_key(span.id, "refused-keep"),
                      on_click=_use_refused, args=(workspace, span.id, key, refused), type="primary")
            st.button("Drop mine", key=span_widget_key(span.id, "refused-drop"),
                      on_click=lambda: state.get(state.REFUSED_NOTES).pop(span.id, None))


def delete_button(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    if editable:
        st.button(
            "Delete span", key=span_widget_key(span.id, "delete"), on_click=actions.delete_span,
            args=(workspace, span.id), help="Delete or Backspace; Undo brings it back", icon=":material/delete:",
        )


def history(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    with st.expander("History of this span", on_change="rerun", key=span_widget_key(span.id, "history")) as box:
        if not box.open:
            return
        events = span_history(workspace.db, workspace.actor, span.id)
        st.dataframe(
            frame([
                {"When": e.at.strftime("%Y-%m-%d %H:%M"), "Who": e.who, "What": e.action,
                 "Changes": _summary(workspace, e.changes)}
                for e in events
            ]),
            hide_index=True, width="stretch",
        )


def _summary(workspace: Workspace, changes: dict[str, tuple[Any, Any]]) -> str:
    """An event's changes to the label, attributes, note and extent, in a line."""
    names = {label.id: label.name for label in workspace.codebook.labels}
    bits = []
    for key, (old, new) in changes.items():
        if key == "label_id":
            key, old, new = "label", names.get(old, old), names.get(new, new)
        elif key == "attributes":
            old = ", ".join(f"{k}={attribute_text(v)}" for k, v in (old or {}).items())
            new = ", ".join(f"{k}={attribute_text(v)}" for k, v in (new or {}).items())
        elif key in {"note", "quote"}:
            old, new = (shorten(str(v), 40) if v else v for v in (old, new))
        elif key in {"version", "document_id", "user_id", "origin"}:
            continue
        bits.append(f"{key}: {old or '—'} → {new or '—'}")
    return "; ".join(bits)


#: The selected span's sections, top to bottom.
def claim_group(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    """A Claim's group and the most similar groups, linked in one click (ui/claim_panel.py)."""
    label = workspace.codebook.label(span.label)
    if label is not None and label.claim:
        claim_section(workspace.db, workspace.actor, workspace.project.id, span.id)


SPAN_SECTIONS: list[SpanSection] = [header, label_field, claim_group, attributes, note, links, relations_panel.section,
                                    delete_button, history]

#: Panels for things other features draw in the highlighter, by the prefix of their ids
#: ("s:12" -> OTHER_SELECTIONS["s"]), e.g. a suggestion with Accept / Dismiss.
OTHER_SELECTIONS: dict[str, Callable[[Workspace, str], None]] = {suggestions.PREFIX: suggestions.panel}


def selected_span(workspace: Workspace, spans: list[AnnotationView]) -> None:
    """The selected span's sections, or the pending selection when no span is selected."""
    selected = state.get(state.SELECTED_SPAN)
    if isinstance(selected, str) and ":" in selected:
        renderer = OTHER_SELECTIONS.get(selected.split(":", 1)[0])
        if renderer is not None:
            renderer(workspace, selected)
            return
    span = next((s for s in spans if s.id == selected and not s.deleted), None)
    if span is None:
        pending_selection(workspace)
        return
    span = actions.known(span)
    editable = can_edit(workspace, span)
    with st.container(border=True):
        for section in SPAN_SECTIONS:
            section(workspace, span, editable)
