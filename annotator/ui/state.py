"""Session-state keys and their defaults, in one place. Only ids and plain values are stored."""

from __future__ import annotations

from typing import Any

import streamlit as st

ACTOR = "actor"  # annotator.services.actor.Actor of the logged-in user, or None
PROJECT_ID = "project_id"  # the project picked in the sidebar
DOCUMENT_ID = "document_id"  # the document open in the workspace

SESSION_TOKEN = "session_token"  # token of this tab's server-side session (the cookie's value)
SESSION_EXPIRES = "session_expires"  # when that session ends unless used (naive UTC datetime)
LOGGED_OUT = "logged_out"  # the user logged out: ignore the cookie this connection came with
SESSION_ENDED = "session_ended"  # the session was ended elsewhere: say so above the login form
PAGE_FLASH = "registry_flash"  # [(level, text)] shown once at the top of a registry page

# The annotation workspace (annotator/ui/workspace/).
SELECTED_SPAN = "ws_selected_span"  # id of the span shown in the side panel, or None
PENDING_SELECTION = "ws_pending_selection"  # payload.Selection reported by the browser, or None
HANDLED_EVENTS = "ws_handled_events"  # ids of highlighter events already acted on (newest last)
UNDO = "ws_undo"  # stack of workspace.undo.UndoStep (newest last)
REDO = "ws_redo"  # steps Undo reversed, which Redo does again (newest last)
MY_VERSIONS = "ws_my_versions"  # span id -> version the user's own last change left (undo.remember)
FLASH = "ws_flash"  # [(level, text)] shown once in the side panel
LAST_LABEL = "ws_last_label"  # label key used last (Enter repeats it)
SPAN_SEEN = "ws_span_seen"  # span id -> newest AnnotationView this session knows (edits build on it)
DOC_CACHE = "ws_doc_cache"  # workspace.context._Cached: document, codebook, project of the open one
SCROLL_TO = "ws_scroll_to"  # span id to bring into view on the next draw
SHOW_OTHERS = "ws_show_others"  # draw other annotators' spans too
SHOW_SUGGESTIONS = "ws_show_suggestions"  # draw the detectors' suggestions (workspace/suggestions.py)
SUGGEST_RULES = "ws_suggest_rules"  # rules whose suggestions are drawn; None: all
SUGGESTED_DOCS = "ws_suggested_docs"  # documents whose detectors this session ran (found or not)
SUGGEST_BATCH = "ws_suggest_batch"  # the last "accept all": suggestions.Batch, or None
SUGGEST_DRAWN = "ws_suggest_drawn"  # (document id, [SuggestionView]) drawn in this run
REFUSED_NOTES = "ws_refused_notes"  # span id -> the note a refused save held (shown beside the stored one)
SHOWN_DOCUMENT = "ws_shown_document"  # (project id, document id) the workspace drew last, or None

# The Import / export page (annotator/ui/import_mapping.py).
IMPORT_INPUTS = "import_inputs"  # generation of the upload and URL boxes: a new one is empty

# The curation page (annotator/ui/curation/).
CURATION_HANDLED = "cur_handled_events"  # ids of curation-view events already acted on
CURATION_UNDO = "cur_undo"  # stack of curation.events.UndoStep (newest last)
CURATION_MESSAGE = "cur_message"  # (level, text) of the last decision, shown once

DEFAULTS: dict[str, Any] = {
    ACTOR: None, PROJECT_ID: None, DOCUMENT_ID: None, SESSION_TOKEN: None, SESSION_EXPIRES: None,
    LOGGED_OUT: False, SESSION_ENDED: False,
    SELECTED_SPAN: None, PENDING_SELECTION: None, LAST_LABEL: None, SCROLL_TO: None,
    SHOW_OTHERS: False, DOC_CACHE: None, SHOW_SUGGESTIONS: False, SUGGEST_RULES: None, SUGGEST_BATCH: None,
    SUGGEST_DRAWN: None, SHOWN_DOCUMENT: None,
}
#: Mutable defaults get a fresh object per session.
FACTORIES: dict[str, Any] = {PAGE_FLASH: list, HANDLED_EVENTS: list, UNDO: list, REDO: list, MY_VERSIONS: dict, FLASH: list, SPAN_SEEN: dict, REFUSED_NOTES: dict, SUGGESTED_DOCS: set}

FACTORIES.update({CURATION_HANDLED: list, CURATION_UNDO: list})
DEFAULTS.update({CURATION_MESSAGE: None, IMPORT_INPUTS: 0})


def init_state() -> None:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)
    for key, factory in FACTORIES.items():
        if key not in st.session_state:
            st.session_state[key] = factory()


def get(key: str) -> Any:
    if key in FACTORIES and key not in st.session_state:
        st.session_state[key] = FACTORIES[key]()
    return st.session_state.get(key, DEFAULTS.get(key))


def put(key: str, value: Any) -> None:
    st.session_state[key] = value
