"""Curation (curators and admins): one document in the coloured curation view (every
annotator's spans in their own band under the text, gold on top), decided with clicks or keys,
beside a panel with the document's counts, "accept all agreed", undo, curated/released, and
the project's progress list.

One screen, like the workspace (workspace/layout.css, keys cur-*): the pickers in one row on
top, the view's legend, palette and decision card in view, and only the article and the side
panel scroll.

The view and the panel are one fragment: a decision reruns only the fragment, once. The view's
events are acted on at the top of the fragment, before anything is drawn, so the drawing
already shows their outcome (as on the workspace page).
"""

from __future__ import annotations

import uuid

import streamlit as st

from ...errors import AnnotatorError
from ...services.annotation.codebooks import get_project_codebook
from ...services.team.curation import comparison, curation_project
from ...services.team.curation_progress import curation_progress
from ...services.team.views import ComparisonView, DocumentCuration
from .. import routes, state
from ..auth import require_actor
from ..curation import events, panel
from ..curation.drawing import drawing
from ..highlighter import curation as view_component
from ..pickers import LEAD_ROLES, pick_project
from ..resources import get_db
from ..text import frame, md_escape, visible
from ..workspace import layout

VIEW_KEY = "curation_view"
DOCUMENT_KEY = "cur_document"
DONE_ONLY_KEY = "cur_done_only"
#: (document id, offset, nonce) the view opens at, from a link (?doc=&at=).
FOCUS = "cur_focus"
#: Container keys of the one-screen layout (workspace/layout.css).
ROOT, TOOLBAR, BODY, ARTICLE, PANEL = "cur-root", "cur-toolbar", "cur-body", "cur-article", "cur-panel"
STATUS_WORDS = {"empty": "with nothing drawn", "untouched": "untouched", "open": "with open disagreements",
                "decided": "all decided", "curated": "curated"}


def _from_url() -> None:
    """?doc=ID (and ?at=OFFSET) from a link: that document, in its project, at that place.
    The offset is read once; a reload keeps the document."""
    raw = st.query_params.get(routes.DOCUMENT_PARAM)
    at = st.query_params.get(routes.AT_PARAM)
    if raw is None or not raw.isdigit():
        return
    document_id = int(raw)
    if at is not None:
        del st.query_params[routes.AT_PARAM]
        if at.isdigit():
            st.session_state[FOCUS] = (document_id, int(at), uuid.uuid4().hex)
    if st.session_state.get(DOCUMENT_KEY) == document_id and at is None:
        return
    try:
        project_id = curation_project(get_db(), require_actor(), document_id)
    except AnnotatorError:
        return  # not a document this user curates: the pickers below decide
    state.put(state.PROJECT_ID, project_id)
    st.session_state[DOCUMENT_KEY] = document_id


def render() -> None:
    _from_url()
    with st.container(key=ROOT):
        with st.container(horizontal=True, key=TOOLBAR, vertical_alignment="bottom"):
            st.markdown("#### Curation", width="content")
            project = pick_project("cur_project", LEAD_ROLES)
            if project is None:
                return
            found = _document_and_progress(project.id)
        if found is None:
            return
        layout.frame()
        curation_view(*found)


def _document_and_progress(project_id: int) -> tuple[int, bool] | None:
    """The toolbar's document picker, the done-only switch and the progress list."""
    done_only: bool = bool(st.session_state.get(DONE_ONLY_KEY, False))
    try:
        progress = curation_progress(get_db(), require_actor(), project_id, done_only=done_only)
    except AnnotatorError as error:
        st.error(md_escape(str(error)))
        return None
    if not progress:
        st.info("This project has no documents yet.")
        return None
    document_id = _pick_document(progress)
    st.query_params[routes.DOCUMENT_PARAM] = str(document_id)
    _progress(progress)
    st.toggle("Done only", key=DONE_ONLY_KEY,
              help="Compare only the annotators who marked the document done")
    return document_id, done_only


def _pick_document(progress: list[DocumentCuration]) -> int:
    ids = [d.document_id for d in progress]
    by_id = {d.document_id: d for d in progress}
    if st.session_state.get(DOCUMENT_KEY) not in ids:
        current = state.get(state.DOCUMENT_ID)
        st.session_state[DOCUMENT_KEY] = current if current in ids else ids[0]
    chosen: int = st.selectbox(
        "Document", ids, key=DOCUMENT_KEY,
        format_func=lambda i: visible(f"#{i} {by_id[i].title[:80]} · {_status(by_id[i])}"))
    state.put(state.DOCUMENT_ID, chosen)
    return chosen


def _status(item: DocumentCuration) -> str:
    words = STATUS_WORDS.get(item.status, item.status)
    if item.status == "open":
        words = f"{item.open} open disagreement(s)"
    elif item.status == "untouched" and item.open:
        words = f"untouched · {item.open} open disagreement(s)"
    return words + (f" · {item.unanimous_pending} agreed not in gold" if item.unanimous_pending else "")


def _progress(progress: list[DocumentCuration]) -> None:
    counts = {status: sum(1 for d in progress if d.status == status) for status in STATUS_WORDS}
    summary = " · ".join(f"{n} {STATUS_WORDS[s]}" for s, n in counts.items() if n)
    with st.popover(visible(f"Progress: {summary}"), width="content"):
        st.dataframe(frame([
            {"Document": d.document_id, "Title": d.title, "Status": STATUS_WORDS.get(d.status, d.status),
             "Open": d.open, "Decided": d.decided, "Agreed, not in gold": d.unanimous_pending,
             "Gold": d.gold, "Annotators": d.annotators, "Released": d.released}
            for d in progress]), hide_index=True, width="stretch", key="cur_progress_table")


def _act_on_events(document_id: int, done_only: bool) -> None:
    pending = view_component.pending_events(VIEW_KEY, state.get(state.CURATION_HANDLED))
    if not pending:
        return
    ctx = events.Context(get_db(), require_actor(), document_id, done_only, state.get(state.CURATION_UNDO))
    for event in pending:
        said = events.handle(ctx, event)
        if said is not None:
            panel.say(*said)


def _focus(document_id: int) -> tuple[int | None, str | None]:
    found = st.session_state.get(FOCUS)
    if found and found[0] == document_id:
        return found[1], found[2]
    return None, None


@st.fragment
def curation_view(document_id: int, done_only: bool) -> None:
    db, actor = get_db(), require_actor()
    try:
        _act_on_events(document_id, done_only)
        view: ComparisonView = comparison(db, actor, document_id, done_only=done_only)
        codebook = get_project_codebook(db, actor, view.project_id)
    except AnnotatorError as error:
        st.error(md_escape(str(error)))
        return
    message = state.get(state.CURATION_MESSAGE)
    state.put(state.CURATION_MESSAGE, None)
    focus_at, nonce = _focus(document_id)
    subtitle = [f"document {view.document_id}", f"{len(view.annotators)} annotator(s)"]
    if view.names_hidden:
        subtitle.append("names hidden")
    with st.container(horizontal=True, key=BODY, gap="medium"):
        with st.container(key=ARTICLE):
            if not view.annotators:
                st.info("Nobody has drawn on this document yet; you can still write gold spans of your own.")
            view_component.draw(drawing(view, codebook, focus_at=focus_at, focus_nonce=nonce,
                                        message=message[1] if message else "", subtitle=subtitle, fill=True),
                                key=VIEW_KEY)
        with st.container(key=PANEL):
            _panel(view, done_only, message)


def _panel(view: ComparisonView, done_only: bool, message: tuple[str, str] | None) -> None:
    if message:
        getattr(st, message[0])(md_escape(message[1]))
    panel.summary(view, done_only)
    st.divider()
    panel.curation_state(view, view.project_id)
    panel.preview(view)
    panel.gold_table(view)
