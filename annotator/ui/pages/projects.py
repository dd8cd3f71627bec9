"""Projects page: the projects the user belongs to, with their settings."""

from __future__ import annotations

import streamlit as st

from ...services.team.projects import list_projects
from ..auth import require_actor
from ..resources import get_db
from ..text import frame


def render() -> None:
    actor = require_actor()
    st.header("Projects")
    projects = list_projects(get_db(), actor)
    if not projects:
        st.info("You are not a member of any project yet. Ask a lead to add you, or create one "
                "with `python -m annotator projects create NAME`.")
        return
    table = frame(
        [
            {
                "Project": p.name,
                "Codebook": f"{p.codebook_key} v{p.codebook_version}",
                "Your role": p.my_role,
                "Blind": p.blind,
                "Overlaps allowed": p.allow_overlaps,
                "Annotators per document": p.annotators_per_document,
            }
            for p in projects
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
