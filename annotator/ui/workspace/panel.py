"""The side panel: a list of sections, drawn top to bottom in a column that scrolls on its own.

A section is a function of the workspace and the document's spans. A feature adds one by
appending it here (a section about the whole panel), to span_panel.SPAN_SECTIONS (about the
selected span) or to document_panel.DOCUMENT_SECTIONS (about the document).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ...services.views import AnnotationView
from ..feedback import show_flash
from . import document_panel, span_panel
from .context import Workspace

PanelSection = Callable[[Workspace, list[AnnotationView]], None]


def messages(workspace: Workspace, spans: list[AnnotationView]) -> None:
    show_flash()


def undo(workspace: Workspace, spans: list[AnnotationView]) -> None:
    span_panel.undo_bar(workspace)


def divider(workspace: Workspace, spans: list[AnnotationView]) -> None:
    st.divider()


def document(workspace: Workspace, spans: list[AnnotationView]) -> None:
    for section in document_panel.DOCUMENT_SECTIONS:
        section(workspace, spans)


#: The panel's sections, top to bottom.
SECTIONS: list[PanelSection] = [messages, undo, span_panel.selected_span, divider, document]


def panel(workspace: Workspace, spans: list[AnnotationView]) -> None:
    # Each section in a container of its own: the panel then holds the same elements run after
    # run, whatever a section draws (a message or not, Undo or not). Streamlit tells elements
    # apart by their place, so a message that came or went shifted every field below it: the
    # browser drew them anew (a field being typed in lost its focus) and showed the old and
    # the new copies side by side until the run ended.
    for section in SECTIONS:
        with st.container():
            section(workspace, spans)
