"""The selected span's relations in the workspace's side panel: the list (go to the other end,
delete, undo) and drawing a new one. A relation starts on the selected span (button or Alt+L:
Streamlit keeps R and C for itself) and ends on the span selected next, clicked in the article;
for keyboard use the other end can also be picked from a list of the document's spans, drawn once
a relation is started. Only the types whose `from`/`to` labels
fit the two spans are offered, either way round (a Source attribution span offers "Attributed
to" from the claim).

Kept in its own module while the workspace is rebuilt (issue 14): `section` has the span
sections' signature, so wiring it in is one entry in span_panel.SPAN_SECTIONS.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ...db import Database
from ...services.actor import Actor
from ...services.annotation.relations import (
    RelationIn,
    create_relation,
    delete_relation,
)
from ...services.views import AnnotationView, RelationTypeView, RelationView
from .. import state
from ..feedback import run_service
from ..text import md_escape, shorten, visible
from . import undo
from .context import Workspace

#: Id of the span a relation is being drawn from (the next selected span ends it), or None.
RELATION_START = "ws_relation_start"


@dataclass(frozen=True)
class Choice:
    """A type offered for two spans, and which way it reads."""

    type: RelationTypeView
    #: True: the other span is the relation's start ("Attributed to" offered on the source).
    reversed: bool = False

    def title(self) -> str:
        arrow = "↔" if not self.type.directed else "← from the other span" if self.reversed else "→ to the other span"
        return f"{self.type.name} {arrow}"


def choices(types: tuple[RelationTypeView, ...], this_label: str, other_label: str) -> list[Choice]:
    """The types whose ends fit a relation between a span labelled `this_label` and one
    labelled `other_label`: read this -> other when it fits so, else other -> this."""
    found = []
    for kind in types:
        if kind.fits(this_label, other_label):
            found.append(Choice(kind))
        elif kind.fits(other_label, this_label):
            found.append(Choice(kind, reversed=True))
    return found


def partners(span: AnnotationView, spans: list[AnnotationView]) -> list[AnnotationView]:
    """The spans a relation from `span` may end on: the same annotator's other live spans of
    the document, in text order."""
    return sorted((s for s in spans if s.user_id == span.user_id and s.id != span.id and not s.deleted),
                  key=lambda s: (s.start, s.end, s.id))


def span_title(span: AnnotationView) -> str:
    return f"{span.label_name} · “{shorten(span.quote, 40)}” · {span.start}–{span.end}"


def line(relation: RelationView, span_id: int) -> str:
    """One relation as the side panel of one of its ends lists it."""
    outgoing = relation.from_id == span_id
    other = relation.to_quote if outgoing else relation.from_quote
    arrow = "↔" if not relation.directed else "→" if outgoing else "←"
    return f"{arrow} {relation.type_name} · “{shorten(other, 40)}”"


# --- actions (widget callbacks: Streamlit reruns after them) -------------------------------------


def _create(db: Database, actor: Actor, this: AnnotationView, other_id: int, choice: Choice) -> bool:
    """Store the relation between `this` and the other span, read as `choice` says; True
    when it was stored (a refusal is shown)."""
    from_id, to_id = (other_id, this.id) if choice.reversed else (this.id, other_id)
    made = run_service(lambda: create_relation(db, actor, RelationIn(from_id=from_id, to_id=to_id, type=choice.type.key)),
                       lambda r: f"Related: {r.from_quote[:30]} {r.type_name} {r.to_quote[:30]}")
    if made is not None:
        state.put(RELATION_START, None)
        undo.push(undo.relation_step(made))
    return made is not None


def _create_picked(db: Database, actor: Actor, this: AnnotationView, other_key: str, type_key: str,
                   options: dict[int, list[Choice]]) -> None:
    other_id = st.session_state.get(other_key)
    index = st.session_state.get(type_key)
    if not (isinstance(other_id, int) and isinstance(index, int) and index < len(options.get(other_id, []))):
        return
    if _create(db, actor, this, other_id, options[other_id][index]):
        st.session_state[other_key] = None  # drawn: the list is ready for the next one


def _finish_with(db: Database, actor: Actor, start: AnnotationView, end_id: int, choice: Choice) -> None:
    _create(db, actor, start, end_id, choice)


def _delete(db: Database, actor: Actor, relation: RelationView) -> None:
    done = run_service(lambda: delete_relation(db, actor, relation.id, expected_version=relation.version),
                       "Relation deleted (Undo brings it back).")
    if done is not None:
        undo.push(undo.relation_step(done, removed=True))


def _go(span_id: int) -> None:
    state.put(state.SELECTED_SPAN, span_id)
    state.put(state.SCROLL_TO, span_id)


def _start(span_id: int) -> None:
    state.put(RELATION_START, span_id)


def _cancel() -> None:
    state.put(RELATION_START, None)


# --- drawing ---------------------------------------------------------------------------------------


def section(workspace: Workspace, span: AnnotationView, editable: bool) -> None:
    """The span section (span_panel.SPAN_SECTIONS). The document's relations are read once per
    run already (`Workspace.relations`, for the arcs): the span's are taken from them."""
    relations_section(workspace, workspace.codebook.relations, span, workspace.spans(include_deleted=False),
                      editable, workspace.relations)


def relations_section(workspace: Workspace, types: tuple[RelationTypeView, ...], span: AnnotationView,
                      spans: list[AnnotationView], editable: bool, relations: list[RelationView]) -> None:
    """`relations`: the document's live relations the actor may see (the span's are picked out,
    in the same order)."""
    db, actor = workspace.db, workspace.actor
    if not types:
        return  # the codebook declares no relation types
    st.markdown("**Relations**")
    mine = [r for r in relations if span.id in (r.from_id, r.to_id)]
    by_id = {s.id: s for s in spans}
    for relation in mine:
        other = relation.to_id if relation.from_id == span.id else relation.from_id
        text, go, delete = st.columns([6, 1, 1], vertical_alignment="center")
        text.text(visible(line(relation, span.id)))
        go.button("", key=f"ws-rel-go-{span.id}-{relation.id}", icon=":material/arrow_outward:", type="tertiary",
                  help="Select the other span", on_click=_go, args=(other,), disabled=other not in by_id)
        if editable:
            delete.button("", key=f"ws-rel-del-{span.id}-{relation.id}", icon=":material/delete:", type="tertiary",
                          help="Delete this relation", on_click=_delete, args=(db, actor, relation))
    if not mine:
        st.caption("No relations yet.")
    _undo_bar(workspace, span)
    if editable:
        _new_relation(db, actor, types, span, spans, by_id)


def _undo_bar(workspace: Workspace, span: AnnotationView) -> None:
    """Undo beside the list when the document's newest step is a relation of this span: the
    panel's one Undo (undo.py), repeated here where the relation was drawn or deleted."""
    step = undo.last_step(span.document_id)
    if step is not None and step.relation is not None and span.id in (step.relation.from_id, step.relation.to_id):
        left, right = st.columns([3, 2], vertical_alignment="center")
        left.caption(md_escape(undo.caption(step)))
        right.button("Undo", key=f"ws-rel-undo-{span.id}", on_click=undo.undo, args=(workspace, step),
                     icon=":material/undo:", type="tertiary", help="Ctrl+Z")


def _new_relation(db: Database, actor: Actor, types: tuple[RelationTypeView, ...], span: AnnotationView,
                  spans: list[AnnotationView], by_id: dict[int, AnnotationView]) -> None:
    start = by_id.get(state.get(RELATION_START) or -1)
    if start is not None and start.id != span.id and start in partners(span, spans):
        _finish(db, actor, types, span, start)
        return
    if start is not None and start.id == span.id:
        st.caption("Now click the span the relation goes to in the article, or pick it below.")
        st.button("Cancel the relation", key=f"ws-rel-cancel-{span.id}", on_click=_cancel, type="tertiary")
        # Only once a relation is started: on a long article the list holds a thousand spans,
        # and drawing it with every selected span cost the browser ~30 ms per save.
        _pick(db, actor, types, span, spans)
    else:
        st.button("Start a relation", key=f"ws-rel-start-{span.id}", on_click=_start, args=(span.id,),
                  icon=":material/call_made:", shortcut="alt+l",
                  help="Alt+L. Then click the other span in the article, or pick it from a list.")


def _finish(db: Database, actor: Actor, types: tuple[RelationTypeView, ...], span: AnnotationView,
            start: AnnotationView) -> None:
    """The relation started on `start` ends here: offer the types that fit."""
    st.caption(md_escape(f"Relation from {span_title(start)} to this span:"))
    offered = choices(types, start.label, span.label)
    if not offered:
        st.info("No relation type of the codebook joins these two labels.")
    for n, choice in enumerate(offered):
        # From the start's point of view: a reversed choice ends on the start.
        st.button(md_escape(choice.type.name + (" (this span → the first)" if choice.reversed else "")),
                  key=f"ws-rel-finish-{span.id}-{n}", on_click=_finish_with, args=(db, actor, start, span.id, choice),
                  help=md_escape(choice.type.description) or None)
    st.button("Cancel the relation", key=f"ws-rel-cancel-{span.id}", on_click=_cancel, type="tertiary")


def _pick(db: Database, actor: Actor, types: tuple[RelationTypeView, ...], span: AnnotationView,
          spans: list[AnnotationView]) -> None:
    """The keyboard path: pick the other span from a list, then a type that fits."""
    others = {s.id: s for s in partners(span, spans)}
    # Per label, not per span: a long article has a thousand spans and a dozen labels.
    by_label = {label: choices(types, span.label, label) for label in {s.label for s in others.values()}}
    options = {i: by_label[s.label] for i, s in others.items()}
    others = {i: s for i, s in others.items() if options[i]}
    if not others:
        st.caption("No other span of this annotator can be related to this one.")
        return
    other_key, type_key = f"ws-rel-other-{span.id}", f"ws-rel-type-{span.id}"
    other = st.selectbox("Relate to", list(others), index=None, key=other_key, placeholder="Pick a span",
                         format_func=lambda i: visible(span_title(others[i])))
    if other is None:
        return
    offered = options[other]
    st.selectbox("Type", range(len(offered)), key=type_key, format_func=lambda n: visible(offered[n].title()))
    st.button("Relate", key=f"ws-rel-make-{span.id}", type="primary", on_click=_create_picked,
              args=(db, actor, span, other_key, type_key, options))
