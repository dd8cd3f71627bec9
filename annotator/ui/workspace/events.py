"""Acting on what the highlighter reports: one handler per event type, listed in HANDLERS
(accepting and dismissing a suggestion are handled in suggestions.py, keys of the key map
that the server acts on in keys.py)."""

from __future__ import annotations

import time
from collections.abc import Callable

from .. import perf, state
from ..feedback import flash
from ..highlighter.payload import Event
from . import actions, keys, suggestions
from .context import Workspace

Handler = Callable[[Workspace, Event], None]


def _selection(workspace: Workspace, event: Event) -> None:
    state.put(state.PENDING_SELECTION, event.selection)
    if event.selection is not None:
        state.put(state.SELECTED_SPAN, None)


def _create(workspace: Workspace, event: Event) -> None:
    if event.selection is None:
        flash("warning", "Select some text first, then pick a label.")
        return
    actions.create_span(workspace, event.selection, event.label)


def _annotation_id(event: Event) -> int | None:
    return int(event.span) if event.span is not None and event.span.isdigit() else None


def _select(workspace: Workspace, event: Event) -> None:
    span = _annotation_id(event)
    actions.select_span(span if span is not None else event.span)


def _deselect(workspace: Workspace, event: Event) -> None:
    actions.select_span(None)
    state.put(state.PENDING_SELECTION, None)


def _delete(workspace: Workspace, event: Event) -> None:
    span = _annotation_id(event)
    if span is not None:
        actions.delete_span(workspace, span)


def _command(workspace: Workspace, event: Event) -> None:
    run = keys.command(event.command)
    if run is not None:
        run(workspace)


HANDLERS: dict[str, Handler] = {
    "selection": _selection,
    "create": _create,
    "select": _select,
    "deselect": _deselect,
    "delete": _delete,
    "command": _command,
    "accept": suggestions.on_accept,
    "dismiss": suggestions.on_dismiss,
}


def handle(workspace: Workspace, event: Event) -> None:
    """Act on one event. Events about another document (sent just before a switch) are
    dropped: acting on them would change a document the user no longer sees."""
    if event.doc is not None and event.doc != workspace.document.id:
        return
    if event.sent_at is not None:
        latency = time.time() * 1000 - event.sent_at
        perf.record("event", type=event.type, latency_ms=round(latency, 1))
    handler = HANDLERS.get(event.type)
    if handler is not None:
        handler(workspace, event)
