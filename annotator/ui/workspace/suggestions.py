"""Suggestions in the workspace: the detectors' proposed spans drawn as dashed outlines, a
side-panel card to accept or dismiss the one clicked, "accept all" per rule, and a legend for
faded page parts.

Everything goes through services/annotation/suggestions.py. An accepted suggestion becomes an
ordinary span of the user's (origin "suggestion") and joins the Undo stack like any saved span;
a dismissal can be undone too. Highlight ids of suggestions are "s:<id>"
(span_panel.OTHER_SELECTIONS routes a click on one to `panel`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import streamlit as st

from ...errors import AnnotatorError
from ...services.annotation.spans import delete_annotation
from ...services.annotation.suggestions import (
    SuggestionView,
    accept_rule,
    accept_suggestion,
    dismiss_suggestion,
    document_suggestions,
    stored_suggestions,
)
from ...services.views import AnnotationView
from ...suggest import DETECTORS
from .. import state
from ..feedback import flash
from ..highlighter.payload import DrawnSpan, Event
from ..text import md_escape, shorten
from . import actions, layout, undo
from .context import Workspace
from .undo import UndoStep
from .widgets import forget_span_widgets, reporting

PREFIX = "s"
#: Query parameter that keeps the toggle on across a reload or a bookmark (?doc=ID&suggest=1).
URL_PARAM = "suggest"
KEYS_HINT = "Enter accepts, Delete or Backspace dismisses; Ctrl+Z undoes either."


@dataclass(frozen=True)
class Batch:
    """The spans made by the last "accept all" (so that it can be undone as one)."""

    document_id: int
    rule: str
    annotation_ids: tuple[int, ...]


def highlight_id(view: SuggestionView) -> str:
    return f"{PREFIX}:{view.id}"


def suggestion_id(selected: object) -> int | None:
    """The suggestion id in a highlight id such as "s:12", else None."""
    if isinstance(selected, str) and selected.startswith(f"{PREFIX}:") and selected[2:].isdigit():
        return int(selected[2:])
    return None


def rule_name(rule: str) -> str:
    return rule.replace("_", " ")


# --- what is drawn -----------------------------------------------------------------------


def visible(workspace: Workspace) -> list[SuggestionView]:
    """The user's open suggestions on the document for the rules shown, in text order; []
    while the toggle is off. The detectors run once per document (the first look stores
    their results); later runs only read."""
    if not state.get(state.SHOW_SUGGESTIONS):
        return []
    try:
        found = stored_suggestions(workspace.db, workspace.actor, workspace.document.id)
        ran = state.get(state.SUGGESTED_DOCS)
        if found is None and workspace.document.id not in ran:
            found = document_suggestions(workspace.db, workspace.actor, workspace.document.id)
            ran.add(workspace.document.id)
    except AnnotatorError as error:
        flash("error", f"Suggestions not available: {error}")
        return []
    rules = state.get(state.SUGGEST_RULES)
    return [s for s in found or [] if rules is None or s.rule in rules]


def prepared(workspace: Workspace) -> list[DrawnSpan]:
    """What the highlighter draws this run; the side panel's sections drawn after it in the
    same run read the same list instead of asking the database again."""
    views = visible(workspace)
    state.put(state.SUGGEST_DRAWN, (workspace.document.id, views))
    return drawn(views)


def _drawn_now(workspace: Workspace) -> list[SuggestionView]:
    cached = state.get(state.SUGGEST_DRAWN)
    if isinstance(cached, tuple) and cached[0] == workspace.document.id:
        drawn_before: list[SuggestionView] = cached[1]
        return drawn_before
    return visible(workspace)


def tooltip(view: SuggestionView) -> str:
    lines = [f"Suggestion: {view.label_name}", f"rule: {rule_name(view.rule)}"]
    if view.detail:
        lines.append(f"detail: {view.detail}")
    lines.append("Click it, then Enter to accept or Delete to dismiss.")
    return "\n".join(lines)


def drawn(views: list[SuggestionView]) -> list[DrawnSpan]:
    return [
        DrawnSpan(id=highlight_id(v), start=v.start, end=v.end, colour=v.colour, label=v.label_name,
                  tooltip=tooltip(v), kind="suggestion")
        for v in views
    ]


# --- acting on one ------------------------------------------------------------------------


def _following(view: SuggestionView, shown: list[SuggestionView], remaining: list[SuggestionView]) -> str | None:
    """The next suggestion still open after `view` in the drawn order (text order; the first
    one if none follows), so that a user can work through them with the keyboard. Position in
    the list, not offsets: another label's suggestion on the same words comes next, not never."""
    still = {s.id for s in remaining}
    at = next((i for i, s in enumerate(shown) if s.id == view.id), -1)
    nxt = next((s for s in shown[at + 1:] if s.id in still), remaining[0] if remaining else None)
    return highlight_id(nxt) if nxt is not None else None


def _move_on(view: SuggestionView, shown: list[SuggestionView], remaining: list[SuggestionView]) -> None:
    target = _following(view, shown, remaining)
    state.put(state.SELECTED_SPAN, target)
    if target is not None:
        state.put(state.SCROLL_TO, target)


def _same_place(s: SuggestionView, view: SuggestionView) -> bool:
    """Same label on some of the same words."""
    return s.label == view.label and s.start < view.end and view.start < s.end


def _find(shown: list[SuggestionView], sid: int) -> SuggestionView | None:
    return next((s for s in shown if s.id == sid), None)


def accept(workspace: Workspace, sid: int) -> None:
    """Store the suggestion as the user's own span; then select the next suggestion."""
    shown = visible(workspace)
    view = _find(shown, sid)
    if view is None:
        flash("info", "That suggestion is no longer open (accepted, dismissed or re-run).")
        state.put(state.SELECTED_SPAN, None)
        return
    created: AnnotationView | None = None
    with reporting("Not accepted"):
        created = accept_suggestion(workspace.db, workspace.actor, sid)
    if created is None:
        return
    actions.saved(workspace, created)
    flash("success", f"Accepted “{shorten(created.quote, 60)}” as {created.label_name}.")
    # The new span hides every suggestion of its label on its words, as
    # services.annotation.suggestions does: the one accepted and any other rule's proposal.
    _move_on(view, shown, [s for s in shown if not _same_place(s, view)])


def dismiss(workspace: Workspace, sid: int) -> None:
    """Hide the suggestion for this user on this document; then select the next one."""
    shown = visible(workspace)
    view = _find(shown, sid)
    if view is None:
        flash("info", "That suggestion is no longer open (accepted, dismissed or re-run).")
        state.put(state.SELECTED_SPAN, None)
        return
    with reporting("Not dismissed"):
        dismissal = dismiss_suggestion(workspace.db, workspace.actor, sid)
        undo.push(UndoStep("dismissed", workspace.document.id, dismissal, view.label_name, view.quote,
                           suggestion_id=sid))
        _move_on(view, shown, [s for s in shown if s.id != view.id])


def accept_all(workspace: Workspace, rule: str) -> None:
    with reporting(f"Not accepted ({rule_name(rule)})"):
        result = accept_rule(workspace.db, workspace.actor, workspace.document.id, rule)
        state.put(state.SUGGEST_BATCH, Batch(workspace.document.id, rule, result.annotation_ids))
        if result.annotation_ids:
            actions.mark_started(workspace)
        if isinstance(state.get(state.SELECTED_SPAN), str):
            state.put(state.SELECTED_SPAN, None)
        text = f"Accepted {result.accepted} {rule_name(rule)} suggestion{'s' if result.accepted != 1 else ''}."
        if result.skipped:
            text += (f" {result.skipped} skipped: they overlap spans you have and this project "
                     "does not allow overlapping spans.")
        flash("success" if not result.skipped else "warning", text)


def undo_batch(workspace: Workspace, batch: Batch) -> None:
    """Delete (restorably) the spans of the last "accept all"."""
    removed = 0
    with reporting("Could not undo"):
        for annotation_id in batch.annotation_ids:
            undo.remember(delete_annotation(workspace.db, workspace.actor, annotation_id))
            forget_span_widgets(annotation_id)
            removed += 1
    state.put(state.SUGGEST_BATCH, None)
    flash("info", f"Removed {removed} span{'s' if removed != 1 else ''} accepted from "
                  f"{rule_name(batch.rule)} suggestions.")


# --- highlighter events ("accept" / "dismiss" with the highlight id) -------------------------


def on_accept(workspace: Workspace, event: Event) -> None:
    sid = suggestion_id(event.span)
    if sid is not None:
        accept(workspace, sid)


def on_dismiss(workspace: Workspace, event: Event) -> None:
    sid = suggestion_id(event.span)
    if sid is not None:
        dismiss(workspace, sid)


# --- side panel -----------------------------------------------------------------------------


def panel(workspace: Workspace, selected: str) -> None:
    """The clicked suggestion: its label, rule, quote, and Accept / Dismiss."""
    sid = suggestion_id(selected)
    view = next((s for s in _drawn_now(workspace) if s.id == sid), None)
    with st.container(border=True, key="ws-suggestion"):
        if view is None:
            st.caption("That suggestion is no longer open (accepted, dismissed or re-run). "
                       "Click another one, or a highlight.")
            return
        st.caption("Suggestion")
        st.markdown(f"**{md_escape(view.label_name)}**")
        layout.quote(shorten(view.quote, 400), key="suggestion")
        detector = DETECTORS.get(view.rule)
        about = f"rule {rule_name(view.rule)}" + (f": {detector.description}" if detector else "")
        st.caption(md_escape(about))
        st.caption(md_escape(f"characters {view.start}–{view.end}" + (f" · {view.detail}" if view.detail else "")))
        accept_col, dismiss_col = st.columns(2)
        accept_col.button("Accept", key="ws-suggestion-accept", on_click=accept, args=(workspace, view.id),
                          type="primary", icon=":material/check:", help="Enter", width="stretch")
        dismiss_col.button("Dismiss", key="ws-suggestion-dismiss", on_click=dismiss, args=(workspace, view.id),
                           icon=":material/close:", help="Delete or Backspace", width="stretch")
        st.caption(KEYS_HINT)


def sync_with_url() -> None:
    """The toggle lives in the session and in the address, so a reload keeps it."""
    if st.query_params.get(URL_PARAM) == "1":
        state.put(state.SHOW_SUGGESTIONS, True)
    elif state.get(state.SHOW_SUGGESTIONS):
        st.query_params[URL_PARAM] = "1"


TOGGLE_KEY = "ws-suggest-toggle"


def show(on: bool) -> None:
    """Suggestions drawn or not (the toggle, a key): in the session, the address and the
    toggle's widget (set before the toggle is drawn in the run)."""
    state.put(state.SHOW_SUGGESTIONS, on)
    st.session_state[TOGGLE_KEY] = on
    if on:
        st.query_params[URL_PARAM] = "1"
    else:
        st.query_params.pop(URL_PARAM, None)
        if isinstance(state.get(state.SELECTED_SPAN), str):
            state.put(state.SELECTED_SPAN, None)


def _toggled() -> None:
    show(bool(st.session_state.get(TOGGLE_KEY)))


def _rules_picked() -> None:
    picked = st.session_state.get("ws-suggest-rules")
    state.put(state.SUGGEST_RULES, None if picked is None else list(picked))


def _parts_legend(workspace: Workspace) -> None:
    kinds = {p.get("kind") for p in workspace.document.parts}
    shown = [text for kind, text in (("furniture", "faded: page furniture (donation bars, date lines, "
                                                   "comment widgets)"),
                                     ("comments", "faded italic: reader comments")) if kind in kinds]
    if shown:
        st.caption("Page parts · " + "; ".join(shown) + ".")


def section(workspace: Workspace, spans: list[AnnotationView]) -> None:
    """The "Suggestions" toggle, which rules to draw, accept-all per rule, the parts legend."""
    with st.container(border=True, key="ws-suggestions"):
        # A plain session key remembers the choice: a widget's own key is dropped whenever
        # another page is shown.
        if TOGGLE_KEY not in st.session_state:
            st.session_state[TOGGLE_KEY] = bool(state.get(state.SHOW_SUGGESTIONS))
        st.toggle("Suggestions", key=TOGGLE_KEY, on_change=_toggled,
                  help="Draw what the rule-based detectors propose as dashed outlines; click one "
                  "to accept or dismiss it (Shift+S).")
        _parts_legend(workspace)
        if not state.get(state.SHOW_SUGGESTIONS):
            return
        rules = state.get(state.SUGGEST_RULES)
        st.pills("Rules shown", list(DETECTORS), selection_mode="multi", key="ws-suggest-rules",
                 default=list(DETECTORS) if rules is None else rules, format_func=rule_name,
                 on_change=_rules_picked)
        counts = Counter(s.rule for s in _drawn_now(workspace))
        if not counts:
            st.caption("No open suggestions for these rules on this document.")
            return
        st.caption("Accept all of a rule in this document:")
        with st.container(horizontal=True, gap="small"):
            for rule in (r for r in DETECTORS if counts[r]):
                st.button(f"{rule_name(rule)} ({counts[rule]})", key=f"ws-suggest-all-{rule}",
                          on_click=accept_all, args=(workspace, rule), icon=":material/done_all:",
                          help=f"Accept all {counts[rule]} open {rule_name(rule)} suggestions in this "
                               "document as your spans")
        batch = state.get(state.SUGGEST_BATCH)
        if isinstance(batch, Batch) and batch.document_id == workspace.document.id and batch.annotation_ids:
            st.button(f"Undo accept all {rule_name(batch.rule)} ({len(batch.annotation_ids)})",
                      key="ws-suggest-undo-all", on_click=undo_batch, args=(workspace, batch), icon=":material/undo:",
                      type="tertiary")
