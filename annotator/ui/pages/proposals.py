"""Funding proposals page: donation channels found in imported articles, each with the
passage it was found in; a lead accepts or rejects each one."""

from __future__ import annotations

import streamlit as st

from ...db import Database
from ...services.actor import Actor
from ...services.registry.entities import is_registry_editor
from ...services.registry.funding import decide_funding_link
from ...services.registry.funding_proposals import list_proposals
from ...services.registry.views import ProposalView
from ..auth import require_actor
from ..feedback import run_service, show_flash
from ..resources import get_db
from ..state import PAGE_FLASH
from ..text import md_escape, visible

STATUSES = {"proposed": "Waiting for a decision", "accepted": "Accepted", "rejected": "Rejected"}


def render() -> None:
    actor = require_actor()
    db = get_db()
    st.header("Funding proposals")
    st.caption("Funding appeals found in articles (PayPal, Patreon, donation pages, wallets, IBANs ...), "
               "proposed as donation channels of the article's outlet. Accept the real ones.")
    show_flash(PAGE_FLASH)
    status = st.segmented_control("Show", list(STATUSES), format_func=STATUSES.__getitem__, default="proposed",
                                  key="proposals_status") or "proposed"
    proposals = list_proposals(db, actor, status=status)
    if not proposals:
        st.info("Nothing here." if status != "proposed" else "No proposals are waiting.")
        return
    editor = is_registry_editor(db, actor)
    st.caption(f"{len(proposals)} {STATUSES[status].lower()}")
    for proposal in proposals:
        _card(db, actor, proposal, editor)


def _card(db: Database, actor: Actor, proposal: ProposalView, editor: bool) -> None:
    link = proposal.link
    with st.container(border=True, key=f"proposal-{link.id}"):
        head, side = st.columns([4, 1])
        head.markdown(f"**{md_escape(link.recipient)}** · {md_escape((link.channel or link.kind).replace('_', ' '))}")
        if link.identifier:
            head.code(visible(link.identifier), language=None)
        side.caption(md_escape(f"#{link.id} · {link.says_who}"))
        if proposal.document_title is not None:
            head.caption(md_escape(f"In “{proposal.document_title}” (document {link.evidence_document_id}), "
                                   f"characters {link.evidence_start}–{link.evidence_end}:"))
            st.text(visible(f"…{proposal.before}[{link.evidence_quote or ''}]{proposal.after}…"))
        elif link.evidence_quote:
            st.text(visible(link.evidence_quote))
        if link.evidence_url:
            st.text(visible(f"Source: {link.evidence_url}"))
        if link.decided_by:
            st.caption(md_escape(f"{link.status} by {link.decided_by} on {link.decided_at:%Y-%m-%d}" if link.decided_at else link.status))
        if not editor:
            return
        accept_col, reject_col, note_col = st.columns([1, 1, 6], vertical_alignment="bottom")
        note = note_col.text_input("Note", key=f"proposal-note-{link.id}", label_visibility="collapsed",
                                   placeholder="Note (optional)")
        if link.status != "accepted" and accept_col.button("Accept", key=f"accept-{link.id}", type="primary"):
            run_service(lambda: decide_funding_link(db, actor, link.id, "accepted", note=note or None),
                        f"Accepted {link.channel or link.kind} {link.identifier or ''} for {link.recipient}.", rerun=True, flash_to=PAGE_FLASH)
        if link.status != "rejected" and reject_col.button("Reject", key=f"reject-{link.id}"):
            run_service(lambda: decide_funding_link(db, actor, link.id, "rejected", note=note or None),
                        f"Rejected {link.channel or link.kind} {link.identifier or ''} for {link.recipient}.", rerun=True, flash_to=PAGE_FLASH)
