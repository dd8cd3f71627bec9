"""Telling the user how a service call went: messages queued for the next draw (shown once),
a refusal shown instead of a traceback, and one way to run a service call from a widget.
User text in messages is escaped (annotator.ui.text.md_escape), never rendered as markdown,
and tables go through annotator.ui.text.frame."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, TypeVar

import streamlit as st

from ..errors import AnnotatorError, ImportRefused
from . import state
from .text import CONTROLS, frame, md_escape

T = TypeVar("T")
Level = Literal["success", "info", "warning", "error"]


def flash(level: Level, text: str, *, queue: str = state.FLASH) -> None:
    """A message for the next `show_flash(queue)` (shown once). The default queue is the
    workspace's side panel; the registry pages use state.PAGE_FLASH."""
    state.get(queue).append((level, text))


def show_flash(queue: str = state.FLASH) -> None:
    """The queued messages, once."""
    messages = state.get(queue)
    for level, text in messages:
        getattr(st, level)(md_escape(text))
    messages.clear()


def show_controls(field: str, value: str | None) -> None:
    """Under a field that edits stored text: the field shows and saves the text as stored,
    where an override would be obeyed, so the text is told again with its control
    characters visible (if it has any)."""
    if value and CONTROLS.search(value):
        st.caption(md_escape(f"{field} holds control characters: {value}"))


def show_error(error: AnnotatorError, overrides: Mapping[str, str] | None = None) -> None:
    """A refusal. One that a keyword of the service would override (`AnnotatorError.override`)
    is told with what the page's control for it does, from `overrides` (keyword -> words)."""
    if isinstance(error, ImportRefused):
        st.error("Nothing was imported. Problems found:")
        st.dataframe(frame({"problem": [i.located() for i in error.issues]}), hide_index=True, width="stretch")
    elif error.override and error.override in (overrides or {}):
        st.error(md_escape(f"{error}; {(overrides or {})[error.override]}"))
    else:
        st.error(md_escape(str(error)))


def run_service(call: Callable[[], T], success: str | Callable[[T], str] | None = None, *,
                rerun: bool = False, flash_to: str | None = None,
                overrides: Mapping[str, str] | None = None) -> T | None:
    """Run a service call for a widget. A refusal is shown (the service changed nothing, and
    `overrides` says what the page's control does for a refusal a keyword overrides, as in
    `show_error`) and gives None. On success the message, if any, is a toast, or with
    `flash_to` queued in that queue for the page's next draw; with `rerun` the page is drawn
    again with the change (services that return nothing succeed too)."""
    try:
        result = call()
    except AnnotatorError as error:
        show_error(error, overrides)
        return None
    if success:
        text = success(result) if callable(success) else success
        if flash_to is None:
            st.toast(md_escape(text))
        else:
            flash("success", text, queue=flash_to)
    if rerun:
        st.rerun()
    return result
