"""The highlighter: a Streamlit components v2 component that draws an article with its spans
and reports selections, clicks and key presses as events.

`text.js` (offsets, grapheme snapping), `article.js` (the drawn text: segments, bands, DOM
positions <-> offsets), `component.js` (what the curation view shares: one instance per
element, the header, events sent once each, the tooltip), `layers.js` (extra drawings such
as arcs or lanes, registered by name), `palette.js` (labels by group, filter, guidelines),
`keys.js` (key names, the key map, the overlay), `highlighter.js` (the component: selection,
keys, scroll position) and
`highlighter.css` beside this file are the component (vanilla JS, no build step);
`payload.py` is the plain data going in (`Drawing`, with the page's key map) and coming out
(`Event`). A new layer is a .js file added to JS_FILES after layers.js.
A page calls `pending_events(key)` before drawing, acts on each event once, then calls
`draw(drawing, key=key)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import streamlit as st

from .events import joined, take_events
from .payload import (
    CheckedSelection,
    DimRange,
    Drawing,
    DrawnSpan,
    Event,
    KeyBinding,
    PaletteEntry,
    Selection,
    check_selection,
    parse_events,
)

COMPONENT_NAME = "annotator_highlighter"
#: How many events the browser resends (OUTBOX_SIZE in component.js): its newest event is
#: among the session's newest this many handled ids once it has been acted on.
_RESENT_EVENTS = 20


#: The module's source files, joined in this order into one ES module (only the last exports).
JS_FILES = ("text.js", "article.js", "component.js", "layers.js", "arcs.js", "palette.js", "keys.js", "highlighter.js")


def javascript() -> str:
    return joined(JS_FILES)


@cache
def _component() -> Callable[..., Any]:
    # Inline strings rather than asset paths: paths need an installed package with a component
    # manifest, and the app also runs from a source checkout. Several small files joined
    # rather than ES imports: an inline module is loaded from a blob URL, which has no
    # directory to import siblings from.
    return st.components.v2.component(
        COMPONENT_NAME,
        js=javascript(),
        css=joined(["highlighter.css"]),
        # In a shadow root Chromium reports a mouse selection as collapsed.
        isolate_styles=False,
    )


def draw(drawing: Drawing, *, key: str, handled: Sequence[str] = ()) -> None:
    """Mount (or update) the highlighter. Its events are read with `pending_events` on the
    next run, before anything is drawn. A drawing that fills its container takes the height
    the page gives the container.

    `handled` (the session's handled event ids) tells the component which of its events this
    drawing already reflects: until its newest event is among them, the drawing comes from a
    run that started before the user's last action, and the component keeps its own selection
    rather than the drawing's (Escape, `.`, Delete in quick succession would otherwise act on
    a selection a late run had just taken away)."""
    data = drawing.to_data()
    data["handled"] = list(handled[-_RESENT_EVENTS:])
    _component()(key=key, data=data, height="stretch" if drawing.fill else "content")


def pending_events(key: str, handled: list[str]) -> list[Event]:
    """Events in the component's state not yet acted on, oldest first. Their ids are added to
    `handled` (a list kept in session state) at once, so a rerun never acts on one twice."""
    return take_events(key, handled, parse_events)


__all__ = [
    "CheckedSelection",
    "DimRange",
    "Drawing",
    "DrawnSpan",
    "Event",
    "KeyBinding",
    "PaletteEntry",
    "Selection",
    "check_selection",
    "draw",
    "parse_events",
    "pending_events",
]
