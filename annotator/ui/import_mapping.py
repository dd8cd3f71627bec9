"""The Import / export page's import, in two steps: read the uploads and URLs and show what was
found (documents, spans per label, annotators, problems) with nothing written; then, once the
lead has decided what becomes of each label the codebook lacks (mapped onto a label, added as
a new one, or dropped, with the count said), import it in one transaction with a progress bar.

An import may also create its project: the codebook then comes from the file (the PTC sample's
`semeval2020-ptc`) or, where the file names none, from a built-in codebook the lead picks.
What was read is kept in session state under a signature of the inputs: changing a file, the
format or the URLs asks for a new reading, so the preview never describes other inputs than
the ones imported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import streamlit as st

from ..codebooks import CodebookDef, builtin_keys, load_builtin
from ..config import Settings
from ..errors import AnnotatorError
from ..formats.catalog import ARTICLE_FORMATS, FORMATS
from ..ingest.readers import Loaded
from ..services.actor import Actor
from ..services.exchange.imports import (
    ImportPreview,
    MapTo,
    Upload,
    file_codebook,
    import_loaded,
    new_label_name,
    preview_import,
    read_uploads,
    upload_source,
)
from ..services.views import ProjectView
from . import state
from .feedback import flash, show_error
from .resources import get_db
from .routes import LEAD_ROLES
from .text import frame, md_escape, visible

DETECT = "detect from the file"
REFUSED = "Import refused; nothing was written."
READ = "import-read"
NEW = "new"
DROP = "drop"
#: Before a file's label added above: these spans join the new label it becomes (no label key
#: holds a NUL, keys.py).
JOIN = "join\0"


@dataclass(frozen=True)
class Reading:
    """The inputs as read, and what they were (to notice a change)."""

    signature: str
    loaded: Loaded
    source: str
    #: The lead's decisions so far, file label -> option, kept across a change of codebook
    #: where the option is still offered (a drop or an addition always is).
    decisions: dict[str, str] = field(default_factory=dict)


def mapping_key(codebook: CodebookDef, label: str) -> str:
    """The widget key of the decision about a label the codebook lacks: named by the codebook
    and the label, not by the label's place in the list, which changes with the codebook
    (importing into a new project instead, or another built-in codebook): a decision never
    moves to another label, and a default never outlives the codebook it was proposed for."""
    named = f"{codebook.key}\0{codebook.version}\0{label}"
    return "import-map-" + hashlib.sha256(named.encode()).hexdigest()[:16]


def _signature(uploads: list[Upload], urls: str, fmt: str) -> str:
    digest = hashlib.sha256(f"{fmt}\n{urls}".encode())
    for upload in uploads:
        digest.update(upload.name.encode() + b"\0" + hashlib.sha256(upload.data).digest())
    return digest.hexdigest()


def import_section(actor: Actor, project: ProjectView | None, *, may_create: bool, settings: Settings) -> None:
    """Where to import, the inputs, then (once read) the preview, the mapping and the import."""
    target = project if project is not None and project.my_role in LEAD_ROLES else None
    into_new = target is None
    if target is not None and may_create:
        into_new = st.radio("Import into", ["picked", "new"], horizontal=True, key="import-into",
                            format_func=lambda c: visible(f"{target.name} (the project picked)") if c == "picked"
                            else "a new project") == "new"
    new_name = ""
    if into_new:
        new_name = st.text_input("New project's name", key="import-new-name", max_chars=200,
                                 help="The import creates the project, with you as its admin.")
    fmt = st.selectbox("Format", [DETECT, *FORMATS, *ARTICLE_FORMATS[:2]], key="data_import_format",
                       format_func=lambda n: FORMATS[n].TITLE if n in FORMATS else n)
    # Keyed by generation: after an import the boxes are new and empty (_run), so that files
    # already imported are not read again with the next ones.
    inputs = state.get(state.IMPORT_INPUTS)
    files = st.file_uploader("Files (PTC/SemEval and brat folders as a .zip)", accept_multiple_files=True,
                             help="Articles: .txt, .html, JSON lines (with doccano's spans, if any), or a CSV table with a "
                             "`text` column (a row per article, other columns kept as metadata). Annotations: any "
                             "format above.",
                             key=f"data_upload-{inputs}", max_upload_size=max(1, settings.max_import_bytes // (1024 * 1024)))
    urls = st.text_area("Article URLs, one per line", key=f"data_urls-{inputs}",
                        help="Public http(s) addresses; the server fetches each page. Files on your "
                        "computer go in the upload above.")
    annotator = st.text_input("Annotator for spans that do not name one", key="data_annotator",
                              placeholder=visible(actor.username))
    uploads = [Upload(f.name, f.getvalue()) for f in files or []]
    signature = _signature(uploads, urls, fmt)
    reading: Reading | None = st.session_state.get(READ)
    if reading is not None and reading.signature != signature:
        reading = None
        st.session_state.pop(READ, None)
    if st.button("Read the files" if reading is None else "Read them again", key="data_read",
                 type="primary" if reading is None else "secondary"):
        if not uploads and not urls.strip():
            st.warning("Choose files or type article URLs first.")
            return
        try:  # the service decides who may make the server read files and fetch pages
            with st.spinner("Reading..."):
                loaded = read_uploads(get_db(), actor, None if into_new else target.name,  # type: ignore[union-attr]
                                      uploads, urls=urls.splitlines(), fmt=None if fmt == DETECT else fmt,
                                      settings=settings)
        except AnnotatorError as error:
            show_error(error)
            return
        reading = Reading(signature, loaded, upload_source(uploads, urls.splitlines()))
        st.session_state[READ] = reading
    if reading is None:
        st.caption("Nothing is written until you have seen what the files hold and pressed Import.")
        return
    codebook = None
    try:
        if into_new:  # the file's codebook, which may be broken: said like any other problem
            codebook = _new_codebook(reading.loaded)
        preview = preview_import(get_db(), actor, reading.loaded, project_id=None if into_new else target.id,  # type: ignore[union-attr]
                                 codebook=codebook, annotator=annotator.strip() or None, source=reading.source)
    except AnnotatorError as error:
        show_error(error)
        return
    _found(preview)
    if preview.problems:
        st.error(f"{REFUSED} {len(preview.problems)} problem(s) found; fix the files and read them again.")
        st.code(visible("\n".join(preview.problems)), language=None, wrap_lines=True)
        return
    mapping = _mapping(preview, reading.decisions)
    name = new_name.strip() if into_new else target.name  # type: ignore[union-attr]
    if st.button("Import", type="primary", key="data_import"):
        if not name:
            st.warning("Name the new project first.")
            return
        _run(actor, reading, name, mapping, codebook, annotator.strip() or None, new_project=into_new)


def _new_codebook(loaded: Loaded) -> CodebookDef:
    """The file's codebook, else a built-in one the lead picks."""
    found = file_codebook(loaded)
    if found is not None:
        st.info(md_escape(f"The new project takes the file's codebook: {found.name} ({found.key}, "
                          f"{len(found.labels)} labels)."))
        return found
    key = st.selectbox("The new project's codebook", builtin_keys(), key="import-new-codebook",
                       help="The files name no codebook. Labels it lacks are mapped below; a codebook of your own "
                            "is made on the Projects page.")
    return load_builtin(key)


def _found(preview: ImportPreview) -> None:
    st.markdown("**What the files hold** (nothing written yet)")
    cols = st.columns(4)
    cols[0].metric("Documents", preview.documents)
    cols[1].metric("Already in the project", preview.present, help="The same text: not added again.")
    cols[2].metric("Spans", preview.spans)
    cols[3].metric("Gold spans", preview.gold)
    left, right = st.columns([3, 2])
    left.dataframe(frame([{"Label in the file": label.key, "Spans and gold spans": label.spans,
                           "In the codebook": "yes" if label.known else "no: decide below"}
                          for label in preview.labels]), hide_index=True, width="stretch", key="import-labels")
    right.dataframe(frame([{"Annotator": name, "Spans": count} for name, count in preview.annotators]),
                    hide_index=True, width="stretch", key="import-annotators")
    for note in preview.notes:
        st.info(md_escape(note))


def _mapping(preview: ImportPreview, decisions: dict[str, str]) -> dict[str, MapTo]:
    """One choice per label the codebook lacks: a codebook label, a new label, or drop; the
    lead's earlier choice for the label where it is still offered, else the suggestion."""
    if not preview.unknown:
        return {}
    spans = {label.key: label.spans for label in preview.labels}
    suggestions = {label.key: label.suggestion for label in preview.labels}
    new_keys = {label.key: label.new_key for label in preview.labels}
    labels = {label.key: label.name for label in preview.codebook.labels
              if preview.codebook.layer_of(label) == "span"}
    st.markdown("**" + md_escape(f"{len(preview.unknown)} label(s) the codebook ({preview.codebook.key}) lacks")
                + "**: map each onto one of its labels, add it as a new label (a new codebook version) or "
                "join one added above, or drop its spans.")
    mapping: dict[str, MapTo] = {}
    added_above: list[str] = []  # the file's labels added as new ones so far: later ones may join them
    with st.container(border=True):
        for key in preview.unknown:
            options = [NEW, DROP, *labels, *(JOIN + above for above in added_above)]
            suggested = suggestions.get(key)
            decided = decisions.get(key)
            default = options.index(decided) if decided in options else \
                options.index(suggested) if suggested in labels else 0

            def named(option: str, key: str = key) -> str:
                if option == NEW:
                    made = new_keys.get(key)
                    return visible(f"add as a new label “{new_label_name(key)}”"
                                   + (f" (key {made})" if made and made != key else ""))
                if option == DROP:
                    return f"drop its {spans[key]} span(s)"
                if option.startswith(JOIN):
                    return visible(f"join the new label “{new_label_name(option.removeprefix(JOIN))}” (above)")
                return visible(f"→ {labels[option]} ({option})")

            left, right = st.columns([2, 3], vertical_alignment="center")
            left.markdown(md_escape(f"{key} · {spans[key]} span(s)"))
            widget = mapping_key(preview.codebook, key)
            chosen = right.selectbox(f"Spans of {key}", options, index=default, format_func=named, key=widget,
                                     label_visibility="collapsed", on_change=_remember, args=(decisions, key, widget))
            if chosen == NEW:
                mapping[key] = MapTo("new", new_keys.get(key) or key, name=new_label_name(key))
                added_above.append(key)
            elif chosen.startswith(JOIN):
                mapping[key] = mapping[chosen.removeprefix(JOIN)]
            elif chosen == DROP:
                mapping[key] = MapTo("drop")
            else:
                mapping[key] = MapTo("existing", chosen)
    dropped = sum(spans[key] for key, decision in mapping.items() if decision.action == "drop")
    added = len({decision.label for decision in mapping.values() if decision.action == "new"})
    st.caption(f"As chosen: {added} new label(s); {dropped} span(s) dropped.")
    return mapping


def _remember(decisions: dict[str, str], label: str, widget: str) -> None:
    """Only what the lead chose is carried to another codebook, not a default proposed for this one."""
    decisions[label] = st.session_state[widget]


def _run(actor: Actor, reading: Reading, name: str, mapping: dict[str, MapTo], codebook: CodebookDef | None,
         annotator: str | None, *, new_project: bool) -> None:
    bar = st.progress(0.0, text="Importing...")

    def progress(fraction: float, doing: str) -> None:
        bar.progress(min(1.0, fraction), text=visible(doing))

    try:
        done = import_loaded(get_db(), actor, name, reading.loaded, source=reading.source, codebook=codebook,
                             annotator=annotator, mapping=mapping, new_project=new_project,
                             progress=progress)
    except AnnotatorError as error:
        bar.empty()
        st.error(REFUSED)
        show_error(error)
        return
    bar.progress(1.0, text="Done.")
    result = done.result
    st.session_state.pop(READ, None)
    state.put(state.IMPORT_INPUTS, state.get(state.IMPORT_INPUTS) + 1)
    state.put(state.PROJECT_ID, done.project.id)
    made = f"Project {done.project.name} created with codebook {done.project.codebook_key}. " if done.created else ""
    flash("success", f"{made}{result.added} documents added, {result.skipped} already present, "
          f"{result.annotations} annotations added.", queue=state.PAGE_FLASH)
    for message in result.messages:
        flash("info", message, queue=state.PAGE_FLASH)
    st.rerun()
