"""Every page of the app in one table (title, icon, URL, sidebar section, who sees it), and
every way from one page to another: switch_to, link, open_document and the query parameters.

Pages import this module and never each other. The table names each page's module by its name
in `annotator.ui.pages` and imports it when the page is drawn, not when this module loads: so
routes imports no page, a page imports routes, and the import graph has no cycle
(tests/test_layering.py checks both).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import NoReturn

import streamlit as st

from ..services.actor import Actor
from ..services.team.projects import list_projects
from . import state
from .resources import get_db

PAGES_PACKAGE = "annotator.ui.pages"

#: Query parameters: what a reload or a bookmark of a page reopens.
DOCUMENT_PARAM = "doc"  # the workspace's document
PROJECT_PARAM = "project"  # the project picked in the sidebar (the documents page keeps it in its URL)
ENTITY_PARAM = "entity"  # the registry entry on the entity page
CLAIM_PARAM = "claim"  # the claim group open on the Claims page
AT_PARAM = "at"  # the curation page opens its document (DOCUMENT_PARAM) at this offset

#: Project roles that lead a project: they assign, curate, import and change outlets.
LEAD_ROLES = frozenset({"admin", "curator"})


class Audience(Enum):
    """Who finds a page in the navigation. Hiding is a convenience only: the services check
    every permission again, so a page reached by its URL still refuses what it must."""

    EVERYONE = "everyone"
    LEADS = "leads"  # curators and admins of at least one project
    ADMINS = "admins"  # global admins, and admins of at least one project


@dataclass(frozen=True)
class Route:
    title: str
    icon: str
    url_path: str
    section: str
    module: str  # the module in PAGES_PACKAGE whose render() draws the page
    audience: Audience = Audience.EVERYONE
    default: bool = False

    def page(self) -> st.Page:
        return st.Page(_Render(self.module), title=self.title, icon=self.icon, url_path=self.url_path,
                       default=self.default)


@dataclass(frozen=True)
class _Render:
    """A page's render function, imported on the first draw: importing the pages here would
    close the cycle routes -> page -> routes."""

    module: str

    def __call__(self) -> None:
        importlib.import_module(f"{PAGES_PACKAGE}.{self.module}").render()


PROJECTS = Route("Projects", "📁", "projects", "Annotate", "projects", default=True)
DOCUMENTS = Route("Documents", ":material/list:", "documents", "Annotate", "documents")
WORKSPACE = Route("Annotate", ":material/edit_note:", "workspace", "Annotate", "workspace")
QUEUE = Route("My queue", "📋", "queue", "Annotate", "queue")
HISTORY = Route("History", "🕘", "history", "Annotate", "history")
MEMBERS = Route("Members", ":material/group:", "members", "Study", "members", Audience.ADMINS)
CODEBOOK = Route("Codebook", ":material/label:", "codebook", "Study", "codebook")
PROJECT_SETTINGS = Route("Project settings", ":material/tune:", "settings", "Study", "project_settings",
                         Audience.ADMINS)
ASSIGNMENT = Route("Assignment", "🗂️", "assignment", "Study", "assignment", Audience.LEADS)
CURATION = Route("Curation", "⚖️", "curation", "Study", "curation", Audience.LEADS)
AGREEMENT = Route("Agreement", "📊", "agreement", "Study", "agreement")
CLAIMS = Route("Claims", ":material/fact_check:", "claims", "Study", "claims")
REGISTRY = Route("Registry", ":material/domain:", "registry", "Registry", "registry")
ENTITY = Route("Entity", ":material/badge:", "entity", "Registry", "entity")
PROPOSALS = Route("Funding proposals", ":material/volunteer_activism:", "proposals", "Registry", "proposals")
NETWORK = Route("Funding network", ":material/hub:", "network", "Registry", "network")
DATA = Route("Import / export", "🔁", "data", "Data", "data")
ADMIN = Route("Administration", "🔑", "admin", "Data", "admin", Audience.ADMINS)

#: The navigation in order: sections appear in the order of their first page.
ROUTES = (PROJECTS, DOCUMENTS, WORKSPACE, QUEUE, HISTORY, MEMBERS, CODEBOOK, PROJECT_SETTINGS, ASSIGNMENT,
          CURATION, AGREEMENT, CLAIMS, REGISTRY, ENTITY, PROPOSALS, NETWORK, DATA, ADMIN)


def audiences(actor: Actor) -> set[Audience]:
    roles = {p.my_role for p in list_projects(get_db(), actor)}
    found = {Audience.EVERYONE}
    if roles & LEAD_ROLES:
        found.add(Audience.LEADS)
    if actor.is_admin or "admin" in roles:
        found.add(Audience.ADMINS)
    return found


def sections(actor: Actor) -> dict[str, list[st.Page]]:
    """The pages this user finds in the sidebar, by section."""
    seen = audiences(actor)
    grouped: dict[str, list[st.Page]] = {}
    for route in ROUTES:
        if route.audience in seen:
            grouped.setdefault(route.section, []).append(route.page())
    return grouped


def run(actor: Actor) -> None:
    st.navigation(sections(actor), expanded=True).run()


def switch_to(route: Route, query: Mapping[str, str] | None = None) -> NoReturn:
    """Go to another page now (the URL's query parameters become `query`)."""
    st.switch_page(route.page(), query_params=dict(query) if query else None)


def link(route: Route, label: str | None = None, *, icon: str | None = None,
         query: Mapping[str, str] | None = None) -> None:
    """A link to another page, labelled with its title and icon unless told otherwise."""
    st.page_link(route.page(), label=label or route.title, icon=icon or route.icon,
                 query_params=dict(query) if query else None)


def next_step(message: str, route: Route, label: str, *, query: Mapping[str, str] | None = None) -> None:
    """An empty state that names what to do next and links to where it is done."""
    with st.container(border=True):
        st.markdown(message)
        link(route, label, icon=":material/arrow_forward:", query=query)


def open_document(document_id: int) -> NoReturn:
    """Open a document in the annotation workspace; ?doc=ID lets a reload reopen it."""
    state.put(state.DOCUMENT_ID, document_id)
    switch_to(WORKSPACE, {DOCUMENT_PARAM: str(document_id)})


def curation_query(document_id: int, at: int | None = None) -> dict[str, str]:
    """The curation page's query for a document, opened at the disagreement at offset `at`."""
    query = {DOCUMENT_PARAM: str(document_id)}
    if at is not None:
        query[AT_PARAM] = str(at)
    return query

