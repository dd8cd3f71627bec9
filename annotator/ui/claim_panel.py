"""The side panel's "Claim group" section for one Claim span: its group (with a link to the
group's spread on the Claims page) and the most similar existing groups with their verdicts,
each linked in one click; the workspace's key Shift+L (workspace/keys.py) links the selected
Claim to the most similar one. The workspace's span panel calls it for spans of a claim label;
the services check who may link."""

from __future__ import annotations

import streamlit as st

from ..db import Database
from ..services.actor import Actor
from ..services.claims.linking import link_span, start_group, unlink_span
from ..services.claims.nearest import span_claims
from ..services.claims.views import ClaimGroupView, GroupSuggestion
from . import routes, state
from .feedback import flash, run_service
from .text import md_escape, shorten

#: How many similar groups the section lists.
SUGGESTIONS = 5


def claim_section(db: Database, actor: Actor, project_id: int, annotation_id: int,
                  *, flash_to: str = state.FLASH) -> None:
    found = span_claims(db, actor, annotation_id, k=SUGGESTIONS)
    with st.container(key=f"claim-panel-{annotation_id}"):
        st.caption("Claim group")
        if found.group is not None:
            _current(db, actor, project_id, annotation_id, found.group, found.can_link, flash_to)
        else:
            st.caption("In no group yet.")
        if found.suggestions:
            st.caption("Similar groups" + ("" if found.can_link else " (only the span's annotator or a lead links it)"))
        for suggestion in found.suggestions:
            _suggestion(db, actor, annotation_id, suggestion, found.can_link, flash_to)
        if found.can_link and (found.group is None or found.group.occurrences > 1) and st.button(
                "New group with this claim", key=f"claim_new_{annotation_id}",
                help="None of the suggestions: the claim starts a group of its own."):
            run_service(lambda: start_group(db, actor, annotation_id), "The claim starts a new group.",
                        rerun=True, flash_to=flash_to)


def _describe(canonical: str, verdict: str | None, status: str, occurrences: int) -> str:
    return md_escape(f"{shorten(canonical, 90)} · {occurrences}× · verdict: {verdict or 'none yet'} · {status}")


def _current(db: Database, actor: Actor, project_id: int, annotation_id: int, group: ClaimGroupView,
             can_link: bool, flash_to: str) -> None:
    st.markdown(_describe(group.canonical, group.verdict, group.status, group.occurrences))
    spread, leave = st.columns(2)
    with spread:
        routes.link(routes.CLAIMS, "Spread", query={routes.CLAIM_PARAM: str(group.id),
                                                     routes.PROJECT_PARAM: str(project_id)})
    if can_link and leave.button("Take out of group", key=f"claim_unlink_{annotation_id}",
                                 help="No automatic run puts it back in this group."):
        run_service(lambda: unlink_span(db, actor, annotation_id), "Taken out of the group.",
                    rerun=True, flash_to=flash_to)


def _suggestion(db: Database, actor: Actor, annotation_id: int, suggestion: GroupSuggestion,
                can_link: bool, flash_to: str) -> None:
    # One column: the side panel is narrow, a button beside the text would be cut to "L…".
    with st.container(border=True, key=f"claim_suggestion_{annotation_id}_{suggestion.group_id}"):
        st.markdown(_describe(suggestion.canonical, suggestion.verdict, suggestion.status, suggestion.occurrences)
                    + md_escape(f" · similarity {suggestion.score:.2f}"))
        if suggestion.contradictions:
            st.caption(md_escape("differs: " + "; ".join(suggestion.contradictions)))
        if can_link and st.button("Link", key=f"claim_link_{annotation_id}_{suggestion.group_id}",
                                  help="Link the claim to this group (Shift+L: the most similar one)"):
            run_service(lambda: link_span(db, actor, annotation_id, suggestion.group_id, score=suggestion.score),
                        f"Linked to “{shorten(suggestion.canonical, 60)}”.", rerun=True, flash_to=flash_to)


def link_nearest(db: Database, actor: Actor, annotation_id: int, *, flash_to: str = state.FLASH) -> None:
    """Link the span to the most similar group (the key's command); a refusal is flashed."""
    def link() -> str:
        found = span_claims(db, actor, annotation_id, k=1)
        if not found.suggestions:
            return "No similar claim group: start one with “New group with this claim”."
        top = found.suggestions[0]
        link_span(db, actor, annotation_id, top.group_id, score=top.score)
        return f"Linked to “{shorten(top.canonical, 60)}”."

    message = run_service(link)
    if message is not None:
        flash("success", message, queue=flash_to)
