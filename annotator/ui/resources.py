"""Process-wide resources, created lazily on first use and shared by every session."""

from __future__ import annotations

import streamlit as st

from ..config import get_settings
from ..db import Database


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return Database(url)


def get_db() -> Database:
    return _database(get_settings().database_url)
