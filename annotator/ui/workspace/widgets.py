"""What the workspace's modules share about the side panel: the widget keys of a span's
fields, forgetting them so the panel draws the stored values again, and turning a refused
service call into a message (actions, undo and every panel section use these; a module of
their own, so that undo.py need not import actions.py, which imports it)."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import streamlit as st

from ...errors import AnnotatorError
from .. import state
from ..feedback import flash

#: Widget keys of one span's fields start with this, followed by the span id and a dash.
SPAN_WIDGET_PREFIX = "ws-span-"


def span_widget_key(span_id: int, field: str) -> str:
    """The widget key of one of a span's fields in the side panel."""
    return f"{SPAN_WIDGET_PREFIX}{span_id}-{field}"


class reporting:  # lower case: used as `with reporting(...)`, like the function it replaced
    """Turn a refused service call into a message instead of an exception page.

    A class rather than @contextmanager: its `__exit__ -> bool` tells the type checker that the
    block may end early, so a name bound inside it is not taken as always bound after it."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> bool:
        if isinstance(error, AnnotatorError):
            flash("error", f"{self.what}: {error}")
            return True
        return False


def seed(key: str, value: Any) -> None:
    """A field's stored value, given through the session rather than `index=`/`value=`/
    `default=`: only so does a field the browser already shows take the stored value again once
    its widget state is forgotten (after Undo or Redo, or a refused save)."""
    if key not in st.session_state:
        st.session_state[key] = value


def forget_span_widgets(annotation_id: int) -> None:
    """Drop the panel's widget values for a span so they are drawn again from the database."""
    prefix = span_widget_key(annotation_id, "")  # every field's key starts so
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[key]
    state.get(state.SPAN_SEEN).pop(annotation_id, None)


def document_label_key(document_id: int, category: str) -> str:
    """The widget of the user's labels of one category (a genre, frames) on a document."""
    return f"ws-doclabels-{document_id}-{category}"


def forget_document_labels(document_id: int, category: str) -> None:
    """Drop the widget's value so that it draws the stored labels again."""
    st.session_state.pop(document_label_key(document_id, category), None)
