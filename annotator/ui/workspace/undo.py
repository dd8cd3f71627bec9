"""Undo and Redo in the workspace: one stack of steps per login session, each step tied to its
document, for everything a user does to spans here: a span saved (drawn or accepted) or
deleted, a suggestion dismissed, a span's label, attribute or note changed, a span linked to a
registry entity or unlinked, a relation drawn or deleted; and the document's own labels (a
genre, frames) chosen or cleared.

Undo reverses the newest step on the open document and puts it on the Redo stack; Redo does it
again and puts it back. A new step on a document drops that document's Redo steps, as an
editor does. Every reversal goes through the services, naming the version of the span that
the user's own last change left (`remember`): a span someone changed elsewhere since is
refused, nothing is overwritten, and the step is dropped (it can never apply again).

The stacks belong to the login session, not to the connection: a reload (a new connection,
signed in again from the cookie) and a second tab of the same login find the steps where they
were. They are kept in this process's memory (`_KEPT`, the newest KEPT_LOGINS logins), so a
restart of the app's server, or a reload answered by another server, starts with none.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import streamlit as st

from ...display_names import display_name
from ...errors import AnnotatorError, Conflict, NotFound
from ...services.annotation.document_labels import list_document_labels, set_document_labels
from ...services.annotation.relations import delete_relation, restore_relation
from ...services.annotation.spans import (
    delete_annotation,
    get_annotation,
    restore_annotation,
    update_annotation,
)
from ...services.annotation.suggestions import dismiss_suggestion, undismiss_suggestion
from ...services.registry.entity_links import link_span, unlink_span
from ...services.views import AnnotationView, CategoryView, EntityLinkView, RelationView
from .. import state
from ..feedback import flash
from ..text import shorten
from .context import Workspace
from .drawing import attribute_text
from .widgets import forget_document_labels, forget_span_widgets

Action = Literal["created", "deleted", "dismissed", "edited", "linked", "unlinked", "related", "unrelated",
                 "labelled"]
#: Steps kept per login (over all documents); older ones fall off.
LIMIT = 50
#: Logins whose stacks this process keeps (the least recently used go first).
KEPT_LOGINS = 1000
#: The session-state keys kept per login: the Undo and Redo stacks and the versions the
#: user's own changes left (what a step expects to find).
_PER_LOGIN = (state.UNDO, state.REDO, state.MY_VERSIONS)
#: Login session id -> the objects under _PER_LOGIN, shared by that login's connections.
_KEPT: OrderedDict[str, dict[str, Any]] = OrderedDict()
_KEPT_LOCK = threading.Lock()
#: The span fields an edit step restores, as update_annotation takes them.
EDITED_FIELDS = ("label", "attributes", "note")


@dataclass(frozen=True)
class Change:
    """An edit in words, for the messages: the field ("Label", "Verdict", "Note") and its
    value before and after."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class UndoStep:
    """One thing the user did to a span (or a suggestion) on a document."""

    action: Action
    document_id: int
    #: The span's id; for "dismissed" (a suggestion) the dismissal's id; for a relation its start.
    annotation_id: int
    label_name: str
    quote: str
    #: "edited": the changed fields (EDITED_FIELDS) before and after the edit.
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    change: Change | None = None
    #: "linked" / "unlinked": the link (a new id each time Undo or Redo makes it again).
    link: EntityLinkView | None = None
    #: "dismissed": the suggestion, dismissed again by Redo.
    suggestion_id: int | None = None
    #: "related" / "unrelated": the relation as the step left it.
    relation: RelationView | None = None
    #: "labelled": the category of document labels (its key); `before` and `after` hold the
    #: user's label keys in it under "labels".
    category: str | None = None

    @property
    def about_span(self) -> bool:
        """The step changed a span itself (its panel fields are redrawn after a refusal)."""
        return self.action in ("created", "deleted", "edited", "linked", "unlinked")


class Stale(Conflict):
    """The step cannot apply any more: its span (or link) was changed elsewhere."""


def _kept(key: str) -> Any:
    """The login's object under `key` (one of _PER_LOGIN), bound into this connection's
    session state; a run without a login session (a test's bare page) has its own."""
    actor = state.get(state.ACTOR)
    login = getattr(actor, "session_id", None)
    if login is None:
        return state.get(key)
    with _KEPT_LOCK:
        kept = _KEPT.get(login)
        if kept is None:
            kept = _KEPT[login] = {k: state.get(k) for k in _PER_LOGIN}
            while len(_KEPT) > KEPT_LOGINS:
                _KEPT.popitem(last=False)
        _KEPT.move_to_end(login)
    for k, value in kept.items():
        if st.session_state.get(k) is not value:
            st.session_state[k] = value
    return kept[key]


def _push(stack: list[UndoStep], step: UndoStep) -> None:
    stack.append(step)
    del stack[: max(0, len(stack) - LIMIT)]


def push(step: UndoStep) -> None:
    """A new step of the user's: Undo can reverse it; the document's Redo steps go."""
    _push(_kept(state.UNDO), step)
    redo = _kept(state.REDO)
    redo[:] = [s for s in redo if s.document_id != step.document_id]


def _newest(key: str, document_id: int) -> UndoStep | None:
    return next((s for s in reversed(_kept(key)) if s.document_id == document_id), None)


def last_step(document_id: int) -> UndoStep | None:
    """The step Undo reverses on this document."""
    return _newest(state.UNDO, document_id)


def last_undone(document_id: int) -> UndoStep | None:
    """The step Redo does again on this document."""
    return _newest(state.REDO, document_id)


def remember(view: AnnotationView) -> None:
    """The version the user's own change left a span at (what Undo and Redo expect to find)."""
    _kept(state.MY_VERSIONS)[view.id] = view.version


def undo(workspace: Workspace, shown: UndoStep | None = None) -> None:
    """Reverse the newest step on this document. A button passes the step it showed (so a
    click on a stale button reverses what it said); keys reverse the newest step."""
    _move(workspace, shown, backwards=True)


def redo(workspace: Workspace, shown: UndoStep | None = None) -> None:
    """Do the newest undone step on this document again."""
    _move(workspace, shown, backwards=False)


def _move(workspace: Workspace, shown: UndoStep | None, backwards: bool) -> None:
    source, target = (state.UNDO, state.REDO) if backwards else (state.REDO, state.UNDO)
    stack: list[UndoStep] = _kept(source)
    step = shown if shown is not None and shown in stack else _newest(source, workspace.document.id)
    verb = "undo" if backwards else "redo"
    if step is None:
        flash("info", f"Nothing to {verb} on this document.")
        return
    try:
        done = _apply(workspace, step, backwards)
    except Stale as error:
        stack.remove(step)
        if step.about_span:
            forget_span_widgets(step.annotation_id)  # the panel draws the stored span
        flash("error", f"Not {verb}ne: {error}. Nothing was overwritten; the step is dropped from "
                       f"{verb.capitalize()}.")
        return
    except AnnotatorError as error:
        flash("error", f"Could not {verb}: {error}")
        return
    stack.remove(step)
    _push(_kept(target), done)
    flash("success", message(done, undone=backwards))


def _apply(workspace: Workspace, step: UndoStep, backwards: bool) -> UndoStep:
    """Reverse (backwards) or redo the step through the services; the step as it now stands."""
    db, actor = workspace.db, workspace.actor
    if step.action == "dismissed":
        if backwards:
            undismiss_suggestion(db, actor, step.annotation_id)
            return step
        if step.suggestion_id is None:
            raise NotFound("the suggestion is not known to this session")
        return replace(step, annotation_id=dismiss_suggestion(db, actor, step.suggestion_id))
    if step.action in ("linked", "unlinked"):
        return _relink(workspace, step, remove=(step.action == "linked") == backwards)
    if step.action in ("related", "unrelated"):
        return _relate(workspace, step, remove=(step.action == "related") == backwards)
    if step.action == "labelled":
        return _relabel(workspace, step, backwards)
    current = _as_left(workspace, step)
    if step.action == "edited":
        _check_fields(current, step.after if backwards else step.before, step)
        values = step.before if backwards else step.after
        show(update_annotation(db, actor, step.annotation_id, expected_version=current.version, **values))
    elif (step.action == "created") == backwards:
        hide(delete_annotation(db, actor, step.annotation_id, expected_version=current.version))
    else:
        show(restore_annotation(db, actor, step.annotation_id, expected_version=current.version))
    return step


def _as_left(workspace: Workspace, step: UndoStep) -> AnnotationView:
    """The stored span, if it is at the version the user's own last change left it at."""
    current = get_annotation(workspace.db, workspace.actor, step.annotation_id)
    mine = _kept(state.MY_VERSIONS).get(step.annotation_id)
    if mine is not None and current.version != mine:
        raise Stale(f"“{shorten(step.quote, 60)}” was changed elsewhere meanwhile (it is at version "
                    f"{current.version}, your last change left version {mine})")
    return current


def _check_fields(current: AnnotationView, expected: dict[str, Any], step: UndoStep) -> None:
    """The fields the step restores still hold what the step left in them: an edit made
    elsewhere between two of the user's own is not overwritten."""
    if any(getattr(current, name) != value for name, value in expected.items()):
        what = step.change.field.lower() if step.change else "span"
        raise Stale(f"the {what} of “{shorten(step.quote, 60)}” was changed elsewhere meanwhile")


def show(view: AnnotationView) -> None:
    """A span the user just brought back or changed (Undo, Redo, a restore): selected, scrolled
    to, and its fields drawn from the stored values (widget state forgotten)."""
    forget_span_widgets(view.id)
    state.get(state.SPAN_SEEN)[view.id] = view
    remember(view)
    state.put(state.SELECTED_SPAN, view.id)
    state.put(state.SCROLL_TO, view.id)


def hide(view: AnnotationView) -> None:
    """A span the user just deleted (Delete, Undo, Redo): its fields forgotten, no longer
    selected, its version remembered for the step that brings it back."""
    remember(view)
    forget_span_widgets(view.id)
    if state.get(state.SELECTED_SPAN) == view.id:
        state.put(state.SELECTED_SPAN, None)


def _relink(workspace: Workspace, step: UndoStep, remove: bool) -> UndoStep:
    link = step.link
    assert link is not None, "a link step carries its link"
    state.put(state.SELECTED_SPAN, step.annotation_id)
    if not remove:
        return replace(step, link=link_span(workspace.db, workspace.actor, step.annotation_id, link.entity_id,
                                            link.role))
    try:
        unlink_span(workspace.db, workspace.actor, link.id)
    except NotFound:
        raise Stale(f"the link of “{shorten(step.quote, 60)}” to {link.entity_name} is gone "
                    "(removed elsewhere, or the span was deleted)") from None
    return step


def _relate(workspace: Workspace, step: UndoStep, remove: bool) -> UndoStep:
    relation = step.relation
    assert relation is not None, "a relation step carries its relation"
    if not remove:
        return replace(step, relation=restore_relation(workspace.db, workspace.actor, relation.id))
    # No expected version: deleting or restoring an end also moves its relations' versions, so
    # the user's own span steps would refuse this one; a deleted relation stays restorable.
    return replace(step, relation=delete_relation(workspace.db, workspace.actor, relation.id))


def my_document_labels(workspace: Workspace, category: str) -> list[str]:
    """The user's stored label keys of one category on the open document."""
    return [v.label for v in list_document_labels(workspace.db, workspace.actor, workspace.document.id,
                                                  user_id=workspace.actor.user_id) if v.category == category]


def _relabel(workspace: Workspace, step: UndoStep, backwards: bool) -> UndoStep:
    """Set the category's labels back (or again), if they are still what the step left."""
    assert step.category is not None, "a document label step carries its category"
    expected, wanted = (step.after, step.before) if backwards else (step.before, step.after)
    # The widget draws the stored labels after this, whether the step applies or not.
    forget_document_labels(workspace.document.id, step.category)
    if set(my_document_labels(workspace, step.category)) != set(expected["labels"]):
        raise Stale(f"your {step.label_name} of this document was changed elsewhere meanwhile")
    set_document_labels(workspace.db, workspace.actor, workspace.document.id, step.category, wanted["labels"])
    return step


# --- steps made from what the user did ----------------------------------------------------------


def created(document_id: int, view: AnnotationView) -> UndoStep:
    return UndoStep("created", document_id, view.id, view.label_name, view.quote)


def deleted(document_id: int, view: AnnotationView) -> UndoStep:
    return UndoStep("deleted", document_id, view.id, view.label_name, view.quote)


def record_link(span: AnnotationView, link: EntityLinkView, removed: bool = False) -> None:
    """A link made or removed in the panel (`span` as the panel showed it): a step, unless the
    link was there already (linking twice stores it once, so Undo must not remove it)."""
    if not removed and any(known.id == link.id for known in span.entities):
        return
    push(UndoStep("unlinked" if removed else "linked", span.document_id, span.id, span.label_name, span.quote,
                  link=link))


def relation_step(relation: RelationView, removed: bool = False) -> UndoStep:
    """A relation drawn, or (removed) deleted, as the service returned it."""
    return UndoStep("unrelated" if removed else "related", relation.document_id, relation.from_id,
                    relation.type_name, relation.from_quote, relation=relation)


def labelled(workspace: Workspace, category: CategoryView, before: list[str], after: list[str]) -> UndoStep | None:
    """The step of the user's document labels of one category changed, or None if unchanged."""
    if set(before) == set(after):
        return None
    names = {label.key: label.name for label in workspace.codebook.document_labels()}
    words = [", ".join(names.get(k, k) for k in keys) or "none" for keys in (before, after)]
    return UndoStep("labelled", workspace.document.id, 0, category.name, workspace.document.title,
                    before={"labels": list(before)}, after={"labels": list(after)},
                    change=Change(category.name, *words), category=category.key)


def edited(workspace: Workspace, before: AnnotationView, after: AnnotationView) -> UndoStep | None:
    """The step of an edit (label, attributes, note), or None if nothing changed."""
    names = [name for name in EDITED_FIELDS if getattr(before, name) != getattr(after, name)]
    if not names:
        return None
    return UndoStep(
        "edited", workspace.document.id, after.id, after.label_name, after.quote,
        before={name: _copy(getattr(before, name)) for name in names},
        after={name: _copy(getattr(after, name)) for name in names},
        change=_change(workspace, before, after, names),
    )


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value


def _change(workspace: Workspace, before: AnnotationView, after: AnnotationView, names: list[str]) -> Change:
    if "label" in names:
        return Change("Label", before.label_name, after.label_name)
    if names == ["note"]:
        return Change("Note", _note_text(before.note), _note_text(after.note))
    keys = sorted(k for k in {*before.attributes, *after.attributes}
                  if before.attributes.get(k) != after.attributes.get(k))
    label = workspace.codebook.label(after.label)
    titles = {a.key: a.name for a in label.attributes} if label else {}
    if len(keys) == 1 and "note" not in names:
        key = keys[0]
        return Change(titles.get(key, key), _value_text(before.attributes.get(key)),
                      _value_text(after.attributes.get(key)))
    return Change("Attributes", _attributes_text(before, titles), _attributes_text(after, titles))


def _note_text(note: str | None) -> str:
    return f"“{shorten(note, 40)}”" if note else "empty"


def _value_text(value: Any) -> str:
    return "none" if value is None else shorten(attribute_text(value), 40)


def _attributes_text(span: AnnotationView, titles: dict[str, str]) -> str:
    parts = [f"{titles.get(k, k)} {_value_text(v)}" for k, v in span.attributes.items()]
    if span.note:
        parts.append(f"note {_note_text(span.note)}")
    return ", ".join(parts) or "none"


# --- what the panel says --------------------------------------------------------------------


def caption(step: UndoStep) -> str:
    """What the step did (above the Undo button)."""
    quote, label = f"“{shorten(step.quote, 48)}”", step.label_name
    if step.action == "labelled" and step.change is not None:
        return f"{step.change.field} of this document set to {step.change.new}."
    if step.action == "edited" and step.change is not None:
        return f"{step.change.field} of {quote} changed to {step.change.new}."
    if step.relation is not None:
        verb = "Drew" if step.action == "related" else "Deleted"
        return f"{verb} the relation {_relation_text(step.relation)}."
    if step.link is not None:
        role = display_name(step.link.role)
        if step.action == "linked":
            return f"Linked {quote} to {step.link.entity_name} as {role}."
        return f"Unlinked {quote} from {step.link.entity_name} ({role})."
    return {"created": f"Saved {quote} as {label}.", "deleted": f"Deleted {quote} as {label}.",
            "dismissed": f"Dismissed the suggestion {quote} ({label})."}.get(step.action, "")


def message(step: UndoStep, undone: bool) -> str:
    """What Undo (undone) or Redo just did."""
    quote, label = f"“{shorten(step.quote, 60)}”", step.label_name
    if step.action == "labelled" and step.change is not None:
        change = step.change
        if undone:
            return f"{change.field} of this document back to {change.old}."
        return f"{change.field} of this document set to {change.new} again."
    if step.action == "edited" and step.change is not None:
        change = step.change
        if undone:
            return f"{change.field} of {quote} back to {change.old}."
        return f"{change.field} of {quote} changed to {change.new} again."
    if step.relation is not None:
        drawn = (step.action == "related") != undone
        text = _relation_text(step.relation)
        return f"The relation {text} is back." if drawn else f"Deleted the relation {text}."
    if step.link is not None:
        name, role = step.link.entity_name, display_name(step.link.role)
        link_made = (step.action == "linked") != undone
        return f"Linked {quote} to {name} as {role} again." if link_made else f"Unlinked {quote} from {name}."
    if undone:
        return {"created": f"Removed {quote} ({label}).", "deleted": f"Restored {quote} ({label}).",
                "dismissed": f"Showing again the suggestion {quote} ({label})."}[step.action]
    return {"created": f"Saved {quote} as {label} again.", "deleted": f"Deleted {quote} ({label}) again.",
            "dismissed": f"Dismissed the suggestion {quote} ({label}) again."}[step.action]


def _relation_text(relation: RelationView) -> str:
    arrow = "→" if relation.directed else "↔"
    return (f"{relation.type_name} (“{shorten(relation.from_quote, 30)}” {arrow} "
            f"“{shorten(relation.to_quote, 30)}”)")
