"""The pages of the app, grouped in sidebar sections, for the pages this user may open."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..services.actor import Actor
from . import team as team_ui
from .pages import (
    agreement,
    data,
    documents,
    entity,
    projects,
    proposals,
    registry,
    sources,
    workspace,
)


def sections(actor: Actor) -> dict[str, list[Any]]:
    team = {page.url_path: page for page in team_ui.team_pages(actor)}

    def team_page(path: str) -> list[Any]:
        return [team[path]] if path in team else []

    groups = {
        "Annotate": [
            st.Page(projects.render, title="Projects", icon="📁", url_path="projects", default=True),
            documents.page(),
            workspace.page(),
            *team_page("queue"),
            *team_page("history"),
        ],
        "Study": [
            *team_page("assignment"),
            *team_page("adjudication"),
            st.Page(agreement.render, title="Agreement", icon="📊", url_path="agreement"),
        ],
        "Sources": [registry.page(), entity.page(), proposals.page(), sources.page()],
        "Data": [
            st.Page(data.render, title="Import / export", icon="🔁", url_path="data"),
            *team_page("admin"),
        ],
    }
    return {name: pages for name, pages in groups.items() if pages}


def run(actor: Actor) -> None:
    st.navigation(sections(actor), expanded=True).run()
