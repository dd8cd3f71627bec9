"""Import / export page: upload files or article URLs into a project (or a new one), see what
they hold and map the labels the codebook lacks before anything is written (ui/import_mapping.py);
download exports in every format with the filters. The work is done by the exchange services (imports, exports); user text
is shown with st.text / st.code through annotator.ui.text.visible, never as markdown. The page
hands the import service the uploaded bytes and the URL box's lines as typed: it never names a
server path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from ...config import get_settings
from ...formats.base import MANIFEST_SIDECAR
from ...formats.catalog import FORMATS
from ...services.actor import Actor
from ...services.annotation.codebooks import get_project_codebook
from ...services.exchange.data_export import ExportFilter, export_refusal
from ...services.exchange.exports import (
    default_filename,
    export_manifest,
    export_relation_table,
    export_to_bytes,
    missing_layer_choice,
)
from ...services.team.projects import list_members, list_projects
from .. import state
from ..auth import require_actor
from ..feedback import show_flash
from ..import_mapping import import_section
from ..pickers import LEAD_ROLES, can_create_projects, pick_project
from ..resources import get_db
from ..text import md_escape, visible


def export_bytes(actor: Actor, project_id: int, fmt: str, flt: ExportFilter) -> Callable[[], bytes]:
    """What the download button calls, on click (not on every run of the page): the export."""

    db = get_db()  # taken here: the callable runs on another thread, outside the script
    return lambda: export_to_bytes(db, actor, project_id, fmt, flt)


def _manifest_bytes(actor: Actor, project_id: int, fmt: str, flt: ExportFilter) -> Callable[[], bytes]:
    db = get_db()
    return lambda: export_manifest(db, actor, project_id, fmt, flt)


def _relation_table_bytes(actor: Actor, project_id: int, fmt: str, flt: ExportFilter) -> Callable[[], bytes]:
    db = get_db()
    return lambda: export_relation_table(db, actor, project_id, fmt, flt)


def _export_section(actor: Actor, project_id: int, project_name: str) -> None:
    db = get_db()
    fmt = st.selectbox("Format", list(FORMATS), key="data_export_format", format_func=lambda n: FORMATS[n].TITLE)
    members = [m.username for m in list_members(db, actor, project_id)]
    labels = [label.key for label in get_project_codebook(db, actor, project_id).span_labels()]
    left, right = st.columns(2)
    annotators = left.multiselect("Annotators (all when empty)", members, key="data_annotators", format_func=visible)
    chosen_labels = right.multiselect("Labels (all when empty)", labels, key="data_labels", format_func=visible)
    gold = left.checkbox("Gold layer only", key="data_gold")
    since = right.date_input("Changed since", value=None, key="data_since")
    until = right.date_input("Changed until", value=None, key="data_until")
    flt = ExportFilter(annotators=tuple(annotators), labels=tuple(chosen_labels), gold_only=gold,
                       since=since if isinstance(since, date) else None, until=until if isinstance(until, date) else None)
    missing = missing_layer_choice(fmt, flt)
    if missing is not None:
        st.info(missing)
        return
    refused = export_refusal(db, actor, project_id, flt)
    if refused is not None:  # a download's own refusal could not be shown: say why here
        st.error(md_escape(f"This export is refused: {refused}. Change the filters above."))
        return
    file_name = default_filename(project_name, fmt)
    module = FORMATS[fmt]
    st.download_button(f"Download {file_name}", export_bytes(actor, project_id, fmt, flt),
                       file_name=file_name, mime=module.MEDIA_TYPE, on_click="ignore", type="primary",
                       key="data_download")
    if MANIFEST_SIDECAR in module.SIDECARS:
        st.download_button("Download its manifest", _manifest_bytes(actor, project_id, fmt, flt),
                           file_name=file_name + MANIFEST_SIDECAR, mime="application/json", on_click="ignore",
                           key="data_download_manifest")
    if module.RELATION_TABLE:
        st.download_button("Download its relations", _relation_table_bytes(actor, project_id, fmt, flt),
                           file_name=file_name + module.RELATION_TABLE, mime="text/csv", on_click="ignore",
                           key="data_download_relations",
                           help="The rows are spans; relations between them go to this second table. "
                           "Import both files together to bring the relations back.")
    left_out = module.CARRIES_NO
    if left_out:
        st.caption(f"{module.TITLE} has no place for {', '.join(left_out)}: its manifest says so. "
                   "The native format keeps them.")


def render() -> None:
    actor = require_actor()
    st.header("Import / export")
    show_flash(state.PAGE_FLASH)
    may_create = can_create_projects(actor)
    if may_create and not list_projects(get_db(), actor):
        # No project yet: an import may create one (with the file's codebook).
        st.info("No project yet: import into a new one here, or create it first on the Projects page.")
        import_section(actor, None, may_create=True, settings=get_settings())
        return
    project = pick_project("data_project", empty_message="You are not a member of any project yet.")
    if project is None:
        return
    imports, exports = st.tabs(["Import", "Export"])
    with imports:
        if project.my_role in LEAD_ROLES or may_create:
            if project.my_role not in LEAD_ROLES:
                st.caption("Only the project's admins and curators import into it; you may import into a new one.")
            import_section(actor, project, may_create=may_create, settings=get_settings())
        else:
            st.info("Only the project's admins and curators can import.")
    with exports:
        _export_section(actor, project.id, project.name)
