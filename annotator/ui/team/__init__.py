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
from . import adjudication_page, admin_page, assignment_page, history_page, queue_page


def team_pages(actor: Actor) -> list[Any]:
    roles = {p.my_role for p in list_projects(get_db(), actor)}
    pages = [
        st.Page(queue_page.render, title="My queue", icon="📋", url_path="queue"),
        st.Page(history_page.render, title="History", icon="🕘", url_path="history"),
    ]
    if roles & LEAD_ROLES:
        pages += [
            st.Page(assignment_page.render, title="Assignment", icon="🗂️", url_path="assignment"),
            st.Page(adjudication_page.render, title="Adjudication", icon="⚖️", url_path="adjudication"),
        ]
    if actor.is_admin or "admin" in roles:
        pages.append(st.Page(admin_page.render, title="Administration", icon="🔑", url_path="admin"))
    return pages
