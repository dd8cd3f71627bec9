"""The workspace's key map: every action has a key, all in one table, KEYS.

The highlighter acts on these keys wherever the focus is except in a text field, and lists
them on `?`. A row either names an action the highlighter does itself (payload.BROWSER_ACTIONS:
it needs the browser's selection) or has `run`, a function the server calls with the
workspace when the key is pressed ("command" events, events.py). A feature adds its keys by
appending rows here (`KEYS.append(Key(...))`). Letters and digits without a modifier are the
codebook's label keys, so a row never uses one (tests/ui/test_workspace_keys.py checks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ...services.annotation.documents import neighbours
from .. import state
from ..claim_panel import link_nearest
from ..feedback import flash
from ..highlighter.payload import KeyBinding
from . import actions, layout, suggestions, undo
from .context import Workspace

Command = Callable[[Workspace], None]


@dataclass(frozen=True)
class Key:
    keys: tuple[str, ...]
    action: str
    description: str
    group: str
    #: Done on the server: called with the workspace. None: the highlighter does `action`.
    run: Command | None = None
    #: For the "focus" action: where the focus goes (a CSS selector).
    target: str = ""

    def binding(self) -> KeyBinding:
        return KeyBinding(self.keys, self.action, self.description, self.group,
                          command=self.run is not None, target=self.target)


def _step(workspace: Workspace, forward: bool) -> None:
    previous, following = neighbours(workspace.db, workspace.actor, workspace.document.id)
    target = following if forward else previous
    if target is None:
        flash("info", "This is the last document." if forward else "This is the first document.")
        return
    actions.go_to(target)


def next_document(workspace: Workspace) -> None:
    _step(workspace, True)


def previous_document(workspace: Workspace) -> None:
    _step(workspace, False)


def toggle_done(workspace: Workspace) -> None:
    actions.set_done(workspace, workspace.document.status != "done")


def toggle_others(workspace: Workspace) -> None:
    # The toggle's widget key is the state key; set before the widget is drawn in this run.
    st.session_state[state.SHOW_OTHERS] = not state.get(state.SHOW_OTHERS)


def link_claim(workspace: Workspace) -> None:
    selected = state.get(state.SELECTED_SPAN)
    if not isinstance(selected, int):
        flash("info", "Select a Claim first.")
        return
    link_nearest(workspace.db, workspace.actor, selected)


def toggle_suggestions(workspace: Workspace) -> None:
    suggestions.show(not state.get(state.SHOW_SUGGESTIONS))


DOCUMENT, SPANS, LABELS, VIEW, HELP = "Document", "Selection and spans", "Labels", "View", "Help"

#: The key map, in the order the `?` overlay lists it.
KEYS: list[Key] = [
    Key(("]",), "next-document", "Next document", DOCUMENT, next_document),
    Key(("[",), "previous-document", "Previous document", DOCUMENT, previous_document),
    Key(("Shift+D",), "done", "Mark the document done (on a done one: reopen it)", DOCUMENT, toggle_done),
    Key(("Enter",), "confirm", "Label the selection like the last one; accept the selected suggestion", SPANS),
    Key(("Delete", "Backspace"), "remove", "Delete the selected span; dismiss the selected suggestion", SPANS),
    Key(("Ctrl+Z",), "undo", "Undo the last change on this document: a save, delete, edit, link, relation, "
        "accept, dismissal, genre or frames", SPANS, lambda workspace: undo.undo(workspace)),
    Key(("Ctrl+Shift+Z", "Ctrl+Y"), "redo", "Redo the last undone change on this document", SPANS,
        lambda workspace: undo.redo(workspace)),
    Key(("Shift+L",), "link-claim", "Link the selected Claim to the most similar claim group", SPANS, link_claim),
    Key((".",), "next-highlight", "Select the next highlight (span or suggestion)", SPANS),
    Key((",",), "previous-highlight", "Select the previous highlight", SPANS),
    Key(("Escape",), "clear", "Drop the selection; close an overlay; leave a text field", SPANS),
    Key(("/",), "filter", "Filter the labels (Enter labels the selection with the first one shown)", LABELS),
    Key(("Shift+G",), "guide", "The labels' guidelines", LABELS),
    Key(("Shift+S",), "suggestions", "Suggestions on or off", VIEW, toggle_suggestions),
    Key(("Shift+O",), "others", "Other annotators' spans on or off", VIEW, toggle_others),
    Key(("Shift+P",), "focus", "Into the side panel (Tab walks its fields)", VIEW, target=f".st-key-{layout.PANEL}"),
    Key(("?",), "help", "This list of keys", HELP),
]


def bindings() -> list[KeyBinding]:
    """The key map as the highlighter takes it."""
    return [key.binding() for key in KEYS]


def hint(action: str) -> str:
    """The keys of an action as a button's help text writes them ("]", "Delete or Backspace")."""
    key = next((k for k in KEYS if k.action == action), None)
    return " or ".join(key.keys) if key else ""


def command(name: str | None) -> Command | None:
    """The server side of a key, by its action name (None: no such command)."""
    return next((k.run for k in KEYS if k.action == name and k.run is not None), None)
