"""Widgets the registry pages share: tables of funding links, ratings and designations,
picking an entity. User text goes to tables through annotator.ui.text.frame and to option
labels through annotator.ui.text.visible, never rendered as markdown or HTML."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from ..display_names import display_name
from ..services.registry.views import DesignationView, EntitySummary, FundingLinkView, RatingView
from .text import frame, visible

KIND_LABELS = {"outlet": "Outlet", "organisation": "Organisation", "person": "Person", "state": "State",
               "platform": "Platform"}


def funding_table(links: Sequence[FundingLinkView], *, direction: str) -> None:
    if not links:
        st.caption("None recorded.")
        return
    other = "From" if direction == "in" else "To"
    rows = [{
        "id": link.id,
        other: (link.funder or "(the public)") if direction == "in" else link.recipient,
        "Kind": display_name(link.kind),
        "Amount and period": link.amount_text,
        "Status": display_name(link.status),
        "Channel": display_name(link.channel),
        "Identifier": link.identifier or "",
        "Who says so": link.says_who,
        "Confidence": link.confidence,
        "Observed": link.observed_on,
        "Evidence URL": link.evidence_url or "",
        "Evidence": link.evidence_quote or "",
    } for link in links]
    st.dataframe(frame(rows), hide_index=True, width="stretch",
                 column_config={"Evidence URL": st.column_config.LinkColumn(), "id": st.column_config.NumberColumn(width="small")})


def ratings_table(ratings: Sequence[RatingView]) -> None:
    if not ratings:
        st.caption("No ratings recorded.")
        return
    st.dataframe(frame([{
        "id": r.id, "Provider": r.provider, "Dimension": r.dimension, "Value": r.value, "Date": r.rated_on,
        "URL": r.url or "", "Note": r.note or "",
    } for r in ratings]), hide_index=True, width="stretch", column_config={"URL": st.column_config.LinkColumn()})


def designations_table(designations: Sequence[DesignationView]) -> None:
    if not designations:
        st.caption("No sanctions or official labels recorded.")
        return
    st.dataframe(frame([{
        "id": d.id, "Kind": display_name(d.kind), "Name": d.name, "Issuer": d.issuer, "Since": d.designated_on,
        "Until": d.ended_on, "URL": d.url or "", "Note": d.note or "",
    } for d in designations]), hide_index=True, width="stretch", column_config={"URL": st.column_config.LinkColumn()})


def entity_label(entity: EntitySummary) -> str:
    """A plain label for select boxes (Streamlit shows option labels as plain text)."""
    domains = f" · {', '.join(entity.domains)}" if entity.domains else ""
    return visible(f"{entity.name} ({KIND_LABELS.get(entity.kind, entity.kind)}){domains}")
