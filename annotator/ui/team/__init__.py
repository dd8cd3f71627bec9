"""Team-workflow pages: my queue, history, assignment, adjudication, administration.

`team_pages(actor)` gives the pages this user may open, for app.py's navigation; the services
check every permission again, so a page reached by its URL still refuses what it must.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ...services.actor import Actor
from ...services.projects import list_projects
from ..pickers import LEAD_ROLES
from ..resources import get_db
from ..pages import adjudication, admin, assignment, history, queue


def team_pages(actor: Actor) -> list[Any]:
    roles = {p.my_role for p in list_projects(get_db(), actor)}
    pages = [
        st.Page(queue.render, title="My queue", icon="📋", url_path="queue"),
        st.Page(history.render, title="History", icon="🕘", url_path="history"),
    ]
    if roles & LEAD_ROLES:
        pages += [
            st.Page(assignment.render, title="Assignment", icon="🗂️", url_path="assignment"),
            st.Page(adjudication.render, title="Adjudication", icon="⚖️", url_path="adjudication"),
        ]
    if actor.is_admin or "admin" in roles:
        pages.append(st.Page(admin.render, title="Administration", icon="🔑", url_path="admin"))
    return pages
