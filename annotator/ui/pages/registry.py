"""Registry page: the outlets, organisations, people, states and platforms, searchable; add an
entry; import and export the registry as JSON or CSV."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import streamlit as st

from ...db import Database
from ...errors import ImportRefused
from ...formats import registry_csv, registry_json
from ...formats.records import EntityRecord
from ...formats.registry_files import EXTENSIONS, read_registry_files
from ...models.enums import EntityKind
from ...services.actor import Actor
from ...services.exchange.registry_export import export_registry
from ...services.exchange.registry_io import import_registry
from ...services.registry.entities import create_entity, is_registry_editor, list_entities
from ..auth import require_actor
from ..feedback import run_service, show_error, show_flash
from ..registry_widgets import KIND_LABELS
from ..resources import get_db
from ..routes import ENTITY, ENTITY_PARAM, switch_to
from ..state import PAGE_FLASH
from ..text import frame


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
        if st.form_submit_button("Add", type="primary"):
            run_service(lambda: create_entity(db, actor, kind, name, country=country or None, description=description,
                                              domains=domains.replace(",", " ").split()),
                        lambda e: f"Added {e.name}.", rerun=True, flash_to=PAGE_FLASH)


def _export(db: Database, actor: Actor, write: Callable[[list[EntityRecord], Any], object],
            buffer: type[io.StringIO] | type[io.BytesIO]) -> Callable[[], str | bytes]:
    """What a download button calls, on click (not on every run of the page): the registry
    written by `write` into a fresh `buffer`."""

    def build() -> str | bytes:
        out = buffer()
        write(export_registry(db, actor), out)
        return out.getvalue()

    return build


def _exchange(db: Database, actor: Actor, editor: bool) -> None:
    with st.expander("Export and import"):
        left, right = st.columns(2)
        left.download_button("Download JSON", _export(db, actor, registry_json.write, io.StringIO), "registry.json",
                             "application/json", on_click="ignore", key="registry_download_json")
        right.download_button("Download CSV tables (.zip)", _export(db, actor, registry_csv.write_zip, io.BytesIO),
                              "registry-csv.zip", "application/zip", on_click="ignore", key="registry_download_csv")
        st.caption("CSV: entities.csv, funding_links.csv, ratings.csv and designations.csv; rows name entities "
                   "by uid or by name. The JSON file holds the same, each entity with its links.")
        if not editor:
            return
        uploads = st.file_uploader("Import registry files", type=[e.lstrip(".") for e in EXTENSIONS],
                                   accept_multiple_files=True, key="registry_upload")
        if st.button("Import", key="registry_import", disabled=not uploads):
            registry = read_registry_files({u.name: u.getvalue() for u in uploads or []})
            if registry.issues:
                show_error(ImportRefused(registry.issues))
                return
            run_service(
                lambda: import_registry(db, actor, registry.entities, funding_links=registry.funding_links,
                                        ratings=registry.ratings, designations=registry.designations,
                                        source=", ".join(u.name for u in uploads or [])),
                lambda r: "Imported: " + json.dumps({
                    "entities added": r.entities_created, "already present": r.entities_existing,
                    "domains": r.domains_added, "funding links": r.funding_links_added,
                    "ratings": r.ratings_added, "designations": r.designations_added}),
                rerun=True, flash_to=PAGE_FLASH,
            )
