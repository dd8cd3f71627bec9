"""One claim group on the Claims page: a lead's decisions (confirm, rename, verdict, notes,
split, merge), the spread (timeline by outlet, each occurrence with its sentence and the
framing around it, each outlet's funding from the registry) and the fact-checks (attached,
proposed, added by hand). Services check every permission again; the forms are for leads."""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

from ..charts.claims import timeline_figure
from ..db import Database
from ..services.actor import Actor
from ..services.annotation.codebooks import get_project_codebook
from ..services.claims.decisions import confirm_group, merge_groups, split_group, update_group
from ..services.claims.factchecks import FactCheckIn, add_fact_check, decide_proposal
from ..services.claims.spread import group_spread
from ..services.claims.views import ClaimGroupView, GroupSpread, OccurrenceView
from ..services.registry.outlets import outlet_context
from ..services.registry.views import OutletContext
from ..services.views import ProjectView
from . import routes
from .feedback import run_service
from .state import PAGE_FLASH
from .text import frame, md_escape, shorten, visible


def render_group(db: Database, actor: Actor, project: ProjectView, group: ClaimGroupView,
                 groups: list[ClaimGroupView], *, lead: bool) -> None:
    spread = group_spread(db, actor, group.id)
    group = spread.group
    with st.container(border=True, key=f"claim-group-{group.id}"):
        st.subheader(md_escape(group.canonical))
        facts = [f"{group.occurrences} occurrence{'s' if group.occurrences != 1 else ''}",
                 f"{len(group.outlets)} outlet{'s' if len(group.outlets) != 1 else ''}",
                 f"verdict: {group.verdict or 'none yet'}", group.status]
        if group.confirmed_by:
            facts[-1] += f" by {group.confirmed_by}"
        st.caption(md_escape(" · ".join(facts)))
        if group.notes:
            st.text(visible(group.notes))
        if lead:
            _decisions(db, actor, project, group, groups, spread)
    _spread(db, actor, spread)
    _fact_checks(db, actor, spread, lead=lead)


def _decisions(db: Database, actor: Actor, project: ProjectView, group: ClaimGroupView,
               groups: list[ClaimGroupView], spread: GroupSpread) -> None:
    verdicts = ["", *get_project_codebook(db, actor, project.id).verdicts()]
    if group.status != "confirmed" and st.button("Confirm group", key=f"claims_confirm_{group.id}", type="primary",
                                                 help="Vouch for the group as it is: runs never undo it."):
        run_service(lambda: confirm_group(db, actor, group.id, expected_version=group.version),
                    "Group confirmed.", rerun=True, flash_to=PAGE_FLASH)
    with st.form(f"claims_edit_{group.id}", border=False):
        wording, verdict_col = st.columns([3, 1])
        canonical = wording.text_input("Canonical wording", group.canonical)
        current = group.verdict if group.verdict in verdicts else ""
        verdict = verdict_col.selectbox("Verdict", verdicts, index=verdicts.index(current),
                                        format_func=lambda v: visible(v) if v else "none yet",
                                        key=f"claims_verdict_{group.id}_{group.version}")
        notes = st.text_area("Notes", group.notes or "", height=68)
        closed = st.checkbox("Closed to automatic runs", group.closed,
                             help="A run adds no new claims to a closed group.")
        if st.form_submit_button("Save"):
            run_service(lambda: update_group(db, actor, group.id, expected_version=group.version,
                                             canonical=canonical, verdict=verdict or None, notes=notes or None,
                                             closed=closed),
                        "Group saved.", rerun=True, flash_to=PAGE_FLASH)
    split_col, merge_col = st.columns(2)
    with split_col.form(f"claims_split_{group.id}", border=True):
        quotes = {o.annotation_id: o for o in spread.occurrences}
        moving = st.multiselect("Split off these occurrences", list(quotes), key=f"claims_split_pick_{group.id}",
                                format_func=lambda i: _occurrence_label(quotes[i]))
        if st.form_submit_button("Split into a new group"):
            run_service(lambda: split_group(db, actor, group.id, moving, expected_version=group.version),
                        lambda new: f"Split: {len(moving)} occurrence(s) now in “{new.canonical}”.",
                        rerun=True, flash_to=PAGE_FLASH)
    with merge_col.form(f"claims_merge_{group.id}", border=True):
        others = {g.id: g for g in groups if g.id != group.id}
        sources = st.multiselect("Merge these groups into this one", list(others), key=f"claims_merge_pick_{group.id}",
                                 format_func=lambda i: visible(f"{shorten(others[i].canonical, 70)} · "
                                                               f"{others[i].occurrences}×"))
        if st.form_submit_button("Merge"):
            run_service(lambda: merge_groups(db, actor, group.id, sources, expected_version=group.version),
                        lambda merged: f"Merged: the group now has {merged.occurrences} occurrences.",
                        rerun=True, flash_to=PAGE_FLASH)


def _occurrence_label(occurrence: OccurrenceView) -> str:
    where = occurrence.outlet or "no outlet"
    when = occurrence.published.isoformat() if occurrence.published else "undated"
    return visible(f"{where} · {when} · {shorten(occurrence.quote, 60)}")


def _spread(db: Database, actor: Actor, spread: GroupSpread) -> None:
    st.markdown("#### Spread")
    if not spread.occurrences:
        st.info("No occurrence of this claim that you may see.")
        return
    st.plotly_chart(timeline_figure(spread), key=f"claims_timeline_{spread.group.id}", width="stretch")
    first = spread.first
    if first is not None:
        st.caption(md_escape(f"First appearance: {first.outlet or 'no outlet'}, {first.published or 'undated'}, "
                             f"in “{shorten(first.document_title, 80)}”."))
    for occurrence in spread.occurrences:
        _occurrence(occurrence)
    _outlets(db, actor, spread)


def _occurrence(occurrence: OccurrenceView) -> None:
    with st.container(border=True, key=f"claims_occurrence_{occurrence.annotation_id}"):
        head, side = st.columns([5, 1])
        marker = "★ first appearance · " if occurrence.first else ""
        published = occurrence.published.isoformat() if isinstance(occurrence.published, date) else "undated"
        head.markdown(md_escape(f"{marker}{occurrence.outlet or 'no outlet'} · {published}") + "  \n"
                      + md_escape(f"“{shorten(occurrence.document_title, 100)}” · {occurrence.annotator}"))
        with side:
            routes.link(routes.WORKSPACE, "Open", query={routes.DOCUMENT_PARAM: str(occurrence.document_id)})
        st.text(visible(occurrence.sentence))
        if occurrence.framing:
            st.caption(md_escape("Framing in this sentence: " + ", ".join(occurrence.framing)))


def _outlets(db: Database, actor: Actor, spread: GroupSpread) -> None:
    """Each outlet that carried the claim, with what the registry knows about it: funding,
    ratings, sanctions and labels (read through one of its documents, as the workspace does)."""
    if not spread.outlets:
        return
    st.markdown("#### Outlets")
    for number, outlet in enumerate(spread.outlets):
        count = outlet.occurrences
        key = f"claims_outlet_{outlet.outlet_id}" if outlet.outlet_id is not None else f"claims_unlisted_{number}"
        with st.container(border=True, key=key):
            head, side = st.columns([5, 1])
            head.markdown(md_escape(f"{outlet.name} · {count} occurrence{'s' if count != 1 else ''}"))
            if outlet.outlet_id is None:  # named by the article's import only
                head.text("Not in the registry: the name comes with the article.")
                continue
            with side:
                routes.link(routes.ENTITY, "Registry", query={routes.ENTITY_PARAM: str(outlet.outlet_id)})
            found = outlet_context(db, actor, outlet.document_id)
            lines = _registry_lines(found) if found is not None else []
            head.text(visible("\n".join(lines)) if lines else "Nothing recorded in the registry.")


def _registry_lines(found: OutletContext) -> list[str]:
    lines = [f"funded by {f.funder or 'the public'} → {f.kind.replace('_', ' ')} ({f.says_who})" for f in found.funding_in]
    lines += [f"rated by {r.provider} · {r.dimension}: {r.value}" for r in found.ratings]
    lines += [f"{d.kind.replace('_', ' ')}: {d.name}, {d.issuer}" for d in found.designations]
    if found.proposed:
        lines.append(f"{found.proposed} proposed funding link(s) await a decision")
    return lines


def _fact_checks(db: Database, actor: Actor, spread: GroupSpread, *, lead: bool) -> None:
    group = spread.group
    st.markdown("#### Fact-checks")
    if spread.fact_checks:
        st.dataframe(frame({
            "Publisher": [f.publisher or "" for f in spread.fact_checks],
            "Rating": [f.rating for f in spread.fact_checks],
            "Claim reviewed": [f.claim_reviewed for f in spread.fact_checks],
            "Published": [f.date_published for f in spread.fact_checks],
            "URL": [f.url or "" for f in spread.fact_checks],
        }), hide_index=True, width="stretch", key=f"claims_fact_checks_{group.id}")
    else:
        st.caption("No fact-check attached.")
    for proposal in spread.proposals:
        with st.container(border=True, key=f"claims_proposal_{proposal.id}"):
            check = proposal.fact_check
            st.markdown(md_escape(f"Proposed ({proposal.score:.2f}): {check.publisher or 'unknown publisher'} "
                                  f"rated “{shorten(check.claim_reviewed, 100)}” {check.rating or 'without a rating'}"))
            if check.url:
                st.text(visible(check.url))
            if lead:
                accept, reject, _ = st.columns([1, 1, 5])
                if accept.button("Accept", key=f"claims_accept_{proposal.id}", type="primary"):
                    run_service(partial(decide_proposal, db, actor, proposal.id, accept=True),
                                "Fact-check attached.", rerun=True, flash_to=PAGE_FLASH)
                if reject.button("Reject", key=f"claims_reject_{proposal.id}"):
                    run_service(partial(decide_proposal, db, actor, proposal.id, accept=False),
                                "Proposal rejected.", rerun=True, flash_to=PAGE_FLASH)
    if lead:
        _add_fact_check(db, actor, group)


def _add_fact_check(db: Database, actor: Actor, group: ClaimGroupView) -> None:
    with st.expander("Add a fact-check by hand", key=f"claims_add_check_tools_{group.id}"), st.form(f"claims_add_check_{group.id}", clear_on_submit=True):
        claim = st.text_input("Claim reviewed", group.canonical)
        left, right = st.columns(2)
        url = left.text_input("URL", placeholder="https://")
        publisher = right.text_input("Publisher")
        rating = left.text_input("Rating", placeholder="False, Misleading, …")
        published = right.date_input("Published", value=None)
        if st.form_submit_button("Add fact-check"):
            data = FactCheckIn(claim, url=url.strip() or None, publisher=publisher.strip() or None,
                               date_published=published, rating_label=rating.strip() or None)
            run_service(lambda: add_fact_check(db, actor, group.id, data), "Fact-check added.",
                        rerun=True, flash_to=PAGE_FLASH)
