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
from ...services.team.curation_window import (
    CurationWindow,
    curation_summary,
    curation_window,
    next_open_document,
)
from ...services.team.views import ComparisonView, DocumentCuration
from .. import routes, state
from ..auth import fragment_actor, require_actor
from ..curation import events, panel
from ..curation.drawing import drawing
from ..highlighter import curation as view_component
from ..pickers import LEAD_ROLES, first_page, pager, pick_project
from ..resources import get_db
from ..text import frame, isolate, md_escape, visible
from ..workspace import layout

VIEW_KEY = "curation_view"
DOCUMENT_KEY = "cur_document"
DONE_ONLY_KEY = "cur_done_only"
#: The document this session last put in the URL (?doc=).
URL_DOCUMENT = "cur_url_document"
SEARCH_KEY = "cur_search"
#: Keys of the pages of the picker and the progress list (`cur_page`, `cur_prev`, `cur_next`).
PAGER = "cur"
PAGE_KEY = f"{PAGER}_page"
#: Documents the picker and the progress list show at a time.
PER_PAGE = 50
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
    if at is None and DOCUMENT_KEY in st.session_state and document_id in (
            st.session_state[DOCUMENT_KEY], st.session_state.get(URL_DOCUMENT)):
        return  # still on the page, and the URL is the one it wrote: the picker says which document
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
    """The toolbar's document picker (one page of documents), "next open" button, the
    progress list (with the search and the pages) and the done-only switch."""
    done_only: bool = bool(st.session_state.get(DONE_ONLY_KEY, False))
    db, actor = get_db(), require_actor()
    search = str(st.session_state.get(SEARCH_KEY, ""))  # the box is in the progress list, drawn later
    current = st.session_state.get(DOCUMENT_KEY, state.get(state.DOCUMENT_ID))
    try:
        summary = curation_summary(db, actor, project_id, done_only=done_only)
        window = curation_window(db, actor, project_id, search=search, page=_page(), per_page=PER_PAGE,
                                 done_only=done_only, also=current if isinstance(current, int) else None)
    except AnnotatorError as error:
        st.error(md_escape(str(error)))
        return None
    if not summary:
        st.info("This project has no documents yet.")
        return None
    if not window.rows:  # a search that matches nothing, and no document shown yet
        _progress(summary, window)
        st.info("No document matches the search (in Progress).")
        return None
    document_id = _pick_document(list(window.rows))
    st.query_params[routes.DOCUMENT_PARAM] = str(document_id)
    st.session_state[URL_DOCUMENT] = document_id
    st.button("Next open", key="cur_next_open", icon=":material/skip_next:", on_click=_next_open,
              args=(project_id, document_id, search, done_only),
              help="The next document (by number) that is not curated and has open disagreements")
    _progress(summary, window)
    st.toggle("Done only", key=DONE_ONLY_KEY,
              help="Compare only the annotators who marked the document done")
    return document_id, done_only


def _page() -> int:
    return max(1, int(st.session_state.get(PAGE_KEY, 1)))


def _next_open(project_id: int, after: int, search: str, done_only: bool) -> None:
    """Before the rerun (a button's callback): the picker shows the next open document."""
    try:
        found = next_open_document(get_db(), require_actor(), project_id, after, search=search, done_only=done_only)
    except AnnotatorError as error:
        panel.say("error", str(error))
        return
    if found is None:
        panel.say("info", "No other document has open disagreements.")
    else:
        st.session_state[DOCUMENT_KEY] = found


def _pick_document(progress: list[DocumentCuration]) -> int:
    ids = [d.document_id for d in progress]
    by_id = {d.document_id: d for d in progress}
    if st.session_state.get(DOCUMENT_KEY) not in ids:
        current = state.get(state.DOCUMENT_ID)
        st.session_state[DOCUMENT_KEY] = current if current in ids else ids[0]
    chosen: int = st.selectbox(
        "Document", ids, key=DOCUMENT_KEY,
        format_func=lambda i: f"#{i} {isolate(by_id[i].title[:80])} · {_status(by_id[i])}")
    state.put(state.DOCUMENT_ID, chosen)
    return chosen


def _status(item: DocumentCuration) -> str:
    words = STATUS_WORDS.get(item.status, item.status)
    if item.status == "open":
        words = f"{item.open} open disagreement(s)"
    elif item.status == "untouched" and item.open:
        words = f"untouched · {item.open} open disagreement(s)"
    return words + (f" · {item.unanimous_pending} agreed not in gold" if item.unanimous_pending else "")


def _progress(summary: dict[str, int], window: CurationWindow) -> None:
    """The project's counts on the button; inside, the page of documents the picker lists."""
    counts = " · ".join(f"{summary[s]} {words}" for s, words in STATUS_WORDS.items() if summary.get(s))
    with st.popover(visible(f"Progress: {counts}"), width="content"):
        st.text_input("Find a document", key=SEARCH_KEY, placeholder="words of the title or external id, or #number",
                      on_change=first_page, args=(PAGER,), help="Narrows this list and the document picker")
        first = (window.page - 1) * window.per_page
        if window.total:
            st.caption(f"Documents {first + 1}–{min(first + window.per_page, window.total)} of {window.total}"
                       + (" matching the search" if st.session_state.get(SEARCH_KEY) else "")
                       + ", by number; the document picker lists the same page.")
        else:
            st.caption("No document matches the search; the list shows the document open.")
        st.dataframe(frame([
            {"Document": d.document_id, "Title": d.title, "Status": STATUS_WORDS.get(d.status, d.status),
             "Open": d.open, "Decided": d.decided, "Agreed, not in gold": d.unanimous_pending,
             "Gold": d.gold, "Annotators": d.annotators, "Released": d.released}
            for d in window.rows]), hide_index=True, width="stretch", key="cur_progress_table")
        pager(window, PAGER)


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
    # A rerun of the fragment alone skips the frame in app.py: the session is checked (and
    # renewed) here too, and an ended one shows the login form.
    actor = fragment_actor()
    if actor is None:
        st.rerun(scope="app")
    db = get_db()
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
