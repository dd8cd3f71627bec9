"""Funding proposals page: donation channels found in imported articles (or on their pages,
outside the article), each with the passage it was found in; a lead accepts or rejects each one."""

from __future__ import annotations

import streamlit as st

from ...display_names import display_name
from ...errors import AnnotatorError
from ...services.actor import Actor
from ...services.registry.entities import is_registry_editor
from ...services.registry.funding import decide_funding_link
from ...services.registry.funding_proposals import list_proposals
from ...services.registry.views import ProposalView
from ..auth import require_actor
from ..feedback import flash, show_flash
from ..resources import get_db
from ..state import PAGE_FLASH
from ..text import md_escape, visible

STATUSES = {"proposed": "Waiting for a decision", "accepted": "Accepted", "rejected": "Rejected"}


def render() -> None:
    actor = require_actor()
    db = get_db()
    st.header("Funding proposals")
    st.caption("Funding appeals found in articles and on their pages (PayPal, Patreon, donation pages, wallets, "
               "IBANs ...), proposed as donation channels of the article's outlet. Accept the real ones.")
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
        _card(actor, proposal, editor)


def _card(actor: Actor, proposal: ProposalView, editor: bool) -> None:
    link = proposal.link
    with st.container(border=True, key=f"proposal-{link.id}"):
        head, side = st.columns([4, 1])
        head.markdown(f"**{md_escape(link.recipient)}** · {md_escape(display_name(link.channel or link.kind))}")
        if link.identifier:
            head.code(visible(link.identifier), language=None)
        side.caption(md_escape(f"#{link.id} · {link.says_who}"))
        if proposal.document_title is not None and link.evidence_start is None:
            head.caption(md_escape(f"On the page of “{proposal.document_title}” (document "
                                   f"{link.evidence_document_id}), outside the article:"))
            st.text(visible(link.evidence_quote or ""))
        elif proposal.document_title is not None:
            head.caption(md_escape(f"In “{proposal.document_title}” (document {link.evidence_document_id}), "
                                   f"characters {link.evidence_start}–{link.evidence_end}:"))
            st.text(visible(f"…{proposal.before}[{link.evidence_quote or ''}]{proposal.after}…"))
        elif link.evidence_quote:
            st.text(visible(link.evidence_quote))
        if link.evidence_url:
            st.text(visible(f"Source: {link.evidence_url}"))
        if link.decided_by:
            st.caption(md_escape(f"{display_name(link.status)} by {link.decided_by} on {link.decided_at:%Y-%m-%d}" if link.decided_at else link.status))
        if not editor:
            return
        accept_col, reject_col, note_col = st.columns([1, 1, 6], vertical_alignment="bottom")
        note_key = f"proposal-note-{link.id}"
        note_col.text_input("Note", key=note_key, label_visibility="collapsed", placeholder="Note (optional)")
        # Callbacks, not `if st.button(...)` + rerun: every click runs with its own card's
        # proposal before the page is drawn again, so two quick clicks on two cards both count
        # (a rerun started by the first decision used to drop the second click).
        for column, decision, verb in ((accept_col, "accepted", "Accept"), (reject_col, "rejected", "Reject")):
            if link.status != decision:
                column.button(verb, key=f"{verb.lower()}-{link.id}", type="primary" if decision == "accepted" else "secondary",
                              on_click=_decide, args=(actor, proposal, decision, note_key))


def _decide(actor: Actor, proposal: ProposalView, decision: str, note_key: str) -> None:
    """One card's decision, run as its button's callback."""
    link = proposal.link
    note = st.session_state.get(note_key) or None
    try:
        decide_funding_link(get_db(), actor, link.id, decision, note=note)
    except AnnotatorError as error:
        flash("error", str(error), queue=PAGE_FLASH)
        return
    what = " ".join(part for part in (display_name(link.channel or link.kind), link.identifier) if part)
    flash("success", f"{decision.capitalize()} {what} for {link.recipient}.", queue=PAGE_FLASH)
