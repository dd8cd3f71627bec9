"""Claims page: the project's claim groups (the same claim in other words, across articles),
searched and filtered; a lead proposes groups automatically and imports and exports
fact-checks (schema.org ClaimReview). One group opens below the list: ui/claim_group.py."""

from __future__ import annotations

import io
from datetime import date

import streamlit as st

from ...claims import THRESHOLD, write_claimreview
from ...db import Database
from ...services.actor import Actor
from ...services.annotation.codebooks import get_project_codebook
from ...services.claims.factchecks import claimreview_export, import_fact_checks
from ...services.claims.listing import list_groups, project_outlets
from ...services.claims.proposing import propose_project_groups
from ...services.claims.views import ClaimGroupView, FactCheckImport, GroupFilter, ProposalRun
from ...services.views import ProjectView
from .. import routes, state
from ..auth import require_actor
from ..claim_group import render_group
from ..feedback import run_service, show_flash
from ..pickers import LEAD_ROLES, pick_project
from ..resources import get_db
from ..state import PAGE_FLASH
from ..text import frame, shorten, visible

NO_VERDICT = ""
#: A group's status as the filter names it (short: the two must fit one column at 1280 px).
STATUSES = {"proposed": "proposed", "confirmed": "confirmed"}


def render() -> None:
    actor = require_actor()
    db = get_db()
    st.header("Claims")
    st.caption("The same claim in other words, across articles and outlets: where it travels, who carries it, "
               "who funds them, and what fact-checkers said.")
    show_flash(PAGE_FLASH)
    raw = st.query_params.get(routes.PROJECT_PARAM)
    if raw and raw.isdigit():  # a link from the workspace names the claim's project
        state.put(state.PROJECT_ID, int(raw))
        del st.query_params[routes.PROJECT_PARAM]
    project = pick_project("claims_project")
    if project is None:
        return
    lead = project.my_role in LEAD_ROLES
    if lead:
        _lead_tools(db, actor, project)
    flt = _filters(db, actor, project)
    groups = list_groups(db, actor, project.id, flt)
    if not groups:
        st.info("No claim group matches." if flt != GroupFilter() else
                "No claim groups yet. Claims (spans with a claim label) are grouped by an automatic run "
                "that a lead starts here, or linked to a group in the workspace.")
        return
    st.caption(f"{len(groups)} group{'s' if len(groups) != 1 else ''}")
    st.dataframe(frame({
        "Claim": [g.canonical for g in groups],
        "Verdict": [g.verdict or "" for g in groups],
        "Status": [g.status for g in groups],
        "Occurrences": [g.occurrences for g in groups],
        "Outlets": [", ".join(g.outlets) for g in groups],
        "First seen": [g.first_seen for g in groups],
        "Last seen": [g.last_seen for g in groups],
        "Fact-checks": [g.fact_checks for g in groups],
    }), hide_index=True, width="stretch", key="claims_table")
    chosen = _pick_group(groups)
    if chosen is not None:
        render_group(db, actor, project, chosen, groups, lead=lead)


def _lead_tools(db: Database, actor: Actor, project: ProjectView) -> None:
    with st.expander("Propose groups automatically", key="claims_propose_tools"):
        st.caption("Places every claim that is in no group yet: near-duplicates and paraphrases, compared by "
                   "their words (and by a sentence-embedding model when one is installed). Decisions a lead "
                   "made (confirmed groups, spans taken out) are never undone by a run.")
        threshold = st.slider("Similarity threshold", 0.05, 0.95, THRESHOLD, 0.05, key="claims_threshold",
                              help="Lower groups more loosely, higher more strictly.")
        if st.button("Propose groups", key="claims_propose", type="primary"):
            run_service(lambda: propose_project_groups(db, actor, project.id, threshold=threshold),
                        _run_message, rerun=True, flash_to=PAGE_FLASH)
    with st.expander("Fact-checks (ClaimReview)", key="claims_fact_check_tools"):
        st.caption("Import fact-checks as schema.org ClaimReview JSON-LD (one object, an array, or a page's "
                   "@graph). Each is matched to the groups as a proposal you accept or reject on the group.")
        upload = st.file_uploader("ClaimReview file", type=["json", "jsonld"], key="claims_claimreview")
        if st.button("Import fact-checks", key="claims_import", disabled=upload is None) and upload is not None:
            data, name = upload.getvalue(), upload.name
            run_service(lambda: import_fact_checks(db, actor, project.id, data, source=name),
                        _import_message, rerun=True, flash_to=PAGE_FLASH)
        out = io.StringIO()
        count = write_claimreview(claimreview_export(db, actor, project.id), out)
        st.download_button(f"Download {count} fact-check{'s' if count != 1 else ''} as ClaimReview",
                           out.getvalue().encode("utf-8"), file_name=f"{project.name[:60]}-claimreview.json",
                           mime="application/ld+json", key="claims_export", disabled=count == 0)


def _run_message(run: ProposalRun) -> str:
    return (f"{run.placed} of {run.claims} claims placed: {run.new_groups} new groups, {run.extended_groups} "
            f"groups extended ({run.embeddings}).")


def _import_message(done: FactCheckImport) -> str:
    return (f"{done.added} fact-checks imported, {done.skipped} already here; "
            f"{done.proposals} matched to groups as proposals.")


def _filters(db: Database, actor: Actor, project: ProjectView) -> GroupFilter:
    verdicts = get_project_codebook(db, actor, project.id).verdicts()
    search_col, verdict_col, outlet_col = st.columns([3, 2, 2])
    search = search_col.text_input("Search", key="claims_search", placeholder="words of the claim")
    chosen_verdicts = verdict_col.multiselect("Verdict", [*verdicts, NO_VERDICT], key="claims_verdicts",
                                              format_func=lambda v: v or "no verdict yet")
    choices = dict(project_outlets(db, actor, project.id))
    outlets = outlet_col.multiselect("Outlet", list(choices), key="claims_outlets",
                                     format_func=lambda outlet_id: visible(choices.get(outlet_id, str(outlet_id))))
    since_col, until_col, status_col, single_col = st.columns([2, 2, 3, 2], vertical_alignment="bottom")
    since: date | None = since_col.date_input("Seen from", value=None, key="claims_since")
    until: date | None = until_col.date_input("Seen until", value=None, key="claims_until")
    statuses = status_col.segmented_control("Status", list(STATUSES), selection_mode="multi", key="claims_status",
                                            format_func=lambda s: STATUSES[s],
                                            help="Proposed: grouped by an automatic run, not yet looked at. "
                                                 "Confirmed: a lead confirmed the group.")
    hide_single = single_col.toggle("Hide single claims", key="claims_hide_single",
                                    help="Leave out groups with one occurrence.")
    return GroupFilter(search=search.strip(), verdicts=tuple(chosen_verdicts), outlets=tuple(outlets),
                       since=since, until=until, statuses=tuple(statuses or ()),
                       min_occurrences=2 if hide_single else 1)


def _pick_group(groups: list[ClaimGroupView]) -> ClaimGroupView | None:
    """The group shown below the list; ?claim=ID reopens it on a reload or from a link."""
    ids = [g.id for g in groups]
    by_id = {g.id: g for g in groups}
    raw = st.query_params.get(routes.CLAIM_PARAM)
    wanted = int(raw) if raw and raw.isdigit() else None
    current = st.session_state.get("claims_group")
    if current not in ids:
        current = wanted if wanted in ids else ids[0]
        st.session_state["claims_group"] = current
    chosen: int = st.selectbox("Claim group", ids, key="claims_group", format_func=lambda i: _label(by_id[i]))
    st.query_params[routes.CLAIM_PARAM] = str(chosen)
    return by_id.get(chosen)


def _label(group: ClaimGroupView) -> str:
    verdict = f" · {group.verdict}" if group.verdict else ""
    return visible(f"{shorten(group.canonical, 90)} · {group.occurrences}× · {group.status}{verdict}")
