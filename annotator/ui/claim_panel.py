"""The side panel's "Claim group" section for one Claim span: its group (with a link to the
group's spread on the Claims page) and the most similar existing groups with their verdicts,
each linked in one click or with Alt+1 ... Alt+5. The workspace's span panel calls it for spans
of a claim label; the services check who may link."""

from __future__ import annotations

import streamlit as st

from ..db import Database
from ..services.actor import Actor
from ..services.claims.linking import link_span, start_group, unlink_span
from ..services.claims.nearest import span_claims
from ..services.claims.views import ClaimGroupView, GroupSuggestion
from . import routes, state
from .feedback import run_service
from .text import md_escape, shorten

#: Keyboard shortcuts for the suggestions, in order (Streamlit's button shortcuts).
SHORTCUTS = tuple(f"Alt+{n}" for n in range(1, 6))


def claim_section(db: Database, actor: Actor, project_id: int, annotation_id: int,
                  *, flash_to: str = state.FLASH) -> None:
    found = span_claims(db, actor, annotation_id, k=len(SHORTCUTS))
    with st.container(key=f"claim-panel-{annotation_id}"):
        st.caption("Claim group")
        if found.group is not None:
            _current(db, actor, project_id, annotation_id, found.group, found.can_link, flash_to)
        else:
            st.caption("In no group yet.")
        if found.suggestions:
            st.caption("Similar groups" + ("" if found.can_link else " (only the span's annotator or a lead links it)"))
        for number, suggestion in enumerate(found.suggestions):
            _suggestion(db, actor, annotation_id, number, suggestion, found.can_link, flash_to)
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


def _suggestion(db: Database, actor: Actor, annotation_id: int, number: int, suggestion: GroupSuggestion,
                can_link: bool, flash_to: str) -> None:
    with st.container(border=True, key=f"claim_suggestion_{annotation_id}_{suggestion.group_id}"):
        text, action = st.columns([4, 1], vertical_alignment="center")
        text.markdown(_describe(suggestion.canonical, suggestion.verdict, suggestion.status, suggestion.occurrences)
                      + md_escape(f" · similarity {suggestion.score:.2f}"))
        if suggestion.contradictions:
            text.caption(md_escape("differs: " + "; ".join(suggestion.contradictions)))
        if can_link and action.button("Link", key=f"claim_link_{annotation_id}_{suggestion.group_id}",
                                      shortcut=SHORTCUTS[number], help=f"Link the claim to this group ({SHORTCUTS[number]})"):
            run_service(lambda: link_span(db, actor, annotation_id, suggestion.group_id, score=suggestion.score),
                        f"Linked to “{shorten(suggestion.canonical, 60)}”.", rerun=True, flash_to=flash_to)
