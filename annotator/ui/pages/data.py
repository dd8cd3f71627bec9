"""Import / export page: upload files or article URLs into a project, download exports in every
format with the filters. The work is done by the exchange services (imports, exports); user text
is shown with st.text / st.code through annotator.ui.text.visible, never as markdown. The page
hands the import service the uploaded bytes and the URL box's lines as typed: it never names a
server path."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from ...config import get_settings
from ...errors import AnnotatorError, ImportRefused
from ...formats.base import MANIFEST_SIDECAR
from ...formats.catalog import ARTICLE_FORMATS, FORMATS
from ...services.actor import Actor
from ...services.annotation.codebooks import get_project_codebook
from ...services.exchange.data_export import ExportFilter, export_refusal
from ...services.exchange.exports import (
    default_filename,
    export_manifest,
    export_to_bytes,
    missing_layer_choice,
)
from ...services.exchange.imports import Upload, import_uploads
from ...services.team.projects import list_members
from ..auth import require_actor
from ..pickers import LEAD_ROLES, pick_project
from ..resources import get_db
from ..text import md_escape, visible

DETECT = "detect from the file"


def export_bytes(actor: Actor, project_id: int, fmt: str, flt: ExportFilter) -> Callable[[], bytes]:
    """What the download button calls, on click (not on every run of the page): the export."""

    db = get_db()  # taken here: the callable runs on another thread, outside the script
    return lambda: export_to_bytes(db, actor, project_id, fmt, flt)


def _manifest_bytes(actor: Actor, project_id: int, fmt: str, flt: ExportFilter) -> Callable[[], bytes]:
    db = get_db()
    return lambda: export_manifest(db, actor, project_id, fmt, flt)


def _import_section(actor: Actor, project_name: str) -> None:
    settings = get_settings()
    fmt = st.selectbox("Format", [DETECT, *FORMATS, *ARTICLE_FORMATS[:2]], key="data_import_format",
                       format_func=lambda n: FORMATS[n].TITLE if n in FORMATS else n)
    files = st.file_uploader("Files (brat and SemEval as .zip)", accept_multiple_files=True, key="data_upload",
                             max_upload_size=max(1, settings.max_import_bytes // (1024 * 1024)))
    urls = st.text_area("Article URLs, one per line", key="data_urls",
                        help="Public http(s) addresses; the server fetches each page. Files on your "
                        "computer go in the upload above.")
    annotator = st.text_input("Annotator for spans that do not name one", key="data_annotator",
                              placeholder=visible(actor.username))
    add_labels = st.checkbox("Add labels the codebook lacks (makes a new codebook version)", key="data_add_labels")
    if st.button("Import", type="primary", key="data_import"):
        uploads = [Upload(f.name, f.getvalue()) for f in files or []]
        try:
            done = import_uploads(get_db(), actor, project_name, uploads, urls=urls.splitlines(),
                                  fmt=None if fmt == DETECT else fmt, annotator=annotator.strip() or None,
                                  add_labels=add_labels, settings=settings)
        except ImportRefused as error:
            st.error("Import refused; nothing was written.")
            st.code(visible("\n".join(issue.located() for issue in error.issues[:50])), language=None,
                    wrap_lines=True)
            return
        except AnnotatorError as error:
            st.error("Import refused; nothing was written.")
            st.code(visible(str(error)), language=None, wrap_lines=True)
            return
        result = done.result
        st.success(f"{result.added} documents added, {result.skipped} already present, "
                   f"{result.annotations} annotations added.")
        for message in result.messages:
            st.text(visible(message))


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


def render() -> None:
    actor = require_actor()
    st.header("Import / export")
    project = pick_project("data_project", empty_message="You are not a member of any project yet.")
    if project is None:
        return
    imports, exports = st.tabs(["Import", "Export"])
    with imports:
        if project.my_role in LEAD_ROLES:
            _import_section(actor, project.name)
        else:
            st.info("Only the project's admins and curators can import.")
    with exports:
        _export_section(actor, project.id, project.name)
