"""Session-state keys and their defaults, in one place. Only ids and plain values are stored."""

from __future__ import annotations

from typing import Any

import streamlit as st

ACTOR = "actor"  # annotator.services.actor.Actor of the logged-in user, or None
PROJECT_ID = "project_id"  # the project picked in the sidebar
DOCUMENT_ID = "document_id"  # the document open in the workspace

DEFAULTS: dict[str, Any] = {ACTOR: None, PROJECT_ID: None, DOCUMENT_ID: None}


def init_state() -> None:
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)


def get(key: str) -> Any:
    return st.session_state.get(key, DEFAULTS.get(key))


def put(key: str, value: Any) -> None:
    st.session_state[key] = value
