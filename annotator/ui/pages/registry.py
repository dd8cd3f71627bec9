"""Registry page: the outlets, organisations, people, states and platforms, searchable; add an
entry; import and export the registry as JSON or CSV."""

from __future__ import annotations

import json
from collections.abc import Callable

import streamlit as st

from ...config import get_settings
from ...db import Database
from ...formats.registry.files import EXTENSIONS, REGISTRY_FORMATS
from ...models.enums import EntityKind
from ...services.actor import Actor
from ...services.exchange.exports import export_registry_to_bytes
from ...services.exchange.imports import import_registry_files
from ...services.registry.entities import create_entity, is_registry_editor, list_entities
from ..auth import require_actor
from ..feedback import run_service, show_flash
from ..registry_widgets import KIND_LABELS
from ..resources import get_db
from ..routes import ENTITY, ENTITY_PARAM, switch_to
from ..state import PAGE_FLASH
from ..text import frame

SAME_NAME = "Another entry of this name"


def render() -> None:
    actor = require_actor()
    db = get_db()
    st.header("Registry")
    st.caption("Outlets, organisations, people, states and platforms, shared by every project: "
               "who publishes an article, who pays for it, and who says so.")
    show_flash(PAGE_FLASH)
    editor = is_registry_editor(db, actor)
    search_col, kind_col, merged_col = st.columns([3, 2, 1], vertical_alignment="bottom")
    search = search_col.text_input("Search names and domains", key="registry_search")
    kind = kind_col.selectbox("Kind", ["", *KIND_LABELS], format_func=lambda k: KIND_LABELS.get(k, "All kinds"),
                              key="registry_kind")
    merged = merged_col.checkbox("Merged too", key="registry_merged", help="Show entries merged into another")
    entities = list_entities(db, actor, search=search or None, kind=kind or None, include_merged=merged)
    if entities:
        table = frame([{
            "id": e.id, "Name": e.name, "Kind": KIND_LABELS.get(e.kind, e.kind), "Country": e.country or "",
            "Domains": " ".join(e.domains), "Merged into": e.merged_into_id,
        } for e in entities])
        picked = st.dataframe(table, hide_index=True, width="stretch", key="registry_table", on_select="rerun",
                              selection_mode="single-row")
        rows = picked.selection.rows if picked is not None else []
        st.caption("Select a row to open the entity.")
        if rows:
            switch_to(ENTITY, {ENTITY_PARAM: str(entities[rows[0]].id)})
    else:
        st.info("No entries match." if search or kind else "The registry is empty.")
    if editor:
        _add_form(db, actor)
    _exchange(db, actor, editor)


def _add_form(db: Database, actor: Actor) -> None:
    with st.expander("Add an entry"), st.form("registry_add", clear_on_submit=True):
        name = st.text_input("Name")
        kind = st.selectbox("Kind", [k.value for k in EntityKind], format_func=lambda k: KIND_LABELS.get(k, k))
        country = st.text_input("Country")
        domains = st.text_input("Web domains", help="Separated by spaces, e.g. southfront.org southfront.press")
        description = st.text_area("Description")
        same_name = st.checkbox(SAME_NAME, help="Add it although an entry of this kind and name "
                                "exists: two outlets that share a name. Without it the registry refuses a duplicate.")
        if st.form_submit_button("Add", type="primary"):
            run_service(lambda: create_entity(db, actor, kind, name, country=country or None, description=description,
                                              domains=domains.replace(",", " ").split(), same_name=same_name),
                        lambda e: f"Added {e.name}.", rerun=True, flash_to=PAGE_FLASH,
                        overrides={"same_name": f"open it, or tick “{SAME_NAME}” to add a second one"})


def _export(db: Database, actor: Actor, fmt: str) -> Callable[[], bytes]:
    """What a download button calls, on click (not on every run of the page): the registry."""
    return lambda: export_registry_to_bytes(db, actor, fmt)


def _exchange(db: Database, actor: Actor, editor: bool) -> None:
    with st.expander("Export and import"):
        for column, module in zip(st.columns(len(REGISTRY_FORMATS)), REGISTRY_FORMATS.values(), strict=True):
            column.download_button(f"Download {module.TITLE}", _export(db, actor, module.NAME), module.FILE_NAME,
                                   module.MEDIA_TYPE, on_click="ignore", key=f"registry_download_{module.NAME}")
        st.caption("CSV: entities.csv, funding_links.csv, ratings.csv and designations.csv; rows name entities "
                   "by uid or by name. The JSON file holds the same, each entity with its links.")
        if not editor:
            return
        uploads = st.file_uploader("Import registry files", type=[e.lstrip(".") for e in EXTENSIONS],
                                   accept_multiple_files=True, key="registry_upload")
        if st.button("Import", key="registry_import", disabled=not uploads):
            run_service(
                lambda: import_registry_files(db, actor, {u.name: u.getvalue() for u in uploads or []},
                                              source=", ".join(u.name for u in uploads or []),
                                              settings=get_settings()),
                lambda r: "Imported: " + json.dumps({
                    "entities added": r.entities_created, "already present": r.entities_existing,
                    "domains": r.domains_added, "funding links": r.funding_links_added,
                    "ratings": r.ratings_added, "designations": r.designations_added}),
                rerun=True, flash_to=PAGE_FLASH,
            )
