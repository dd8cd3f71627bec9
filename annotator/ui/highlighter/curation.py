"""The curation view: a Streamlit components v2 component that draws one article with every
annotator's spans in lanes and the gold layer on top, and reports the curator's decisions as
events (see curation_payload.py for the data both ways).

It is a component of its own, not the workspace's highlighter: the two share `text.js`,
`article.js` (offsets, graphemes, segments), `component.js` (the instance, header, events and
tooltip) and the highlighter's CSS; `curation.js` and
`curation.css` add the lanes, the markers of agreement and disagreement, the decision card
and the keys. A page calls `pending_events(key, handled)` before drawing, acts on each event
once, then calls `draw(drawing, key=key)`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import streamlit as st

from .curation_payload import CurationDrawing, CurationEvent, parse_events
from .events import joined, take_events

COMPONENT_NAME = "annotator_curation"
#: Joined in this order into one ES module (only the last exports), like the highlighter's.
JS_FILES = ("text.js", "article.js", "component.js", "curation.js")
CSS_FILES = ("highlighter.css", "curation.css")


def javascript() -> str:
    return joined(JS_FILES)


def stylesheet() -> str:
    return joined(CSS_FILES)


@cache
def _component() -> Callable[..., Any]:
    # Inline strings and no shadow root, for the highlighter's reasons (see __init__.py).
    return st.components.v2.component(COMPONENT_NAME, js=javascript(), css=stylesheet(), isolate_styles=False)


def draw(drawing: CurationDrawing, *, key: str) -> None:
    """Mount (or update) the view; its events are read with `pending_events` on the next run."""
    _component()(key=key, data=drawing.to_data(), height="stretch" if drawing.fill else "content")


def pending_events(key: str, handled: list[str]) -> list[CurationEvent]:
    """Events in the component's state not yet acted on, oldest first; their ids are added to
    `handled` (kept in session state) at once, so a rerun never acts on one twice."""
    return take_events(key, handled, parse_events)
