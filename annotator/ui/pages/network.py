"""Funding network page: the funding links between registry entries, and per outlet of a
project the annotated devices per 1,000 words."""

from __future__ import annotations

import streamlit as st

from ...charts.network import network_figure, rates_figure
from ...services.annotation.codebooks import get_project_codebook
from ...services.registry.network import devices_per_outlet, funding_network
from ...services.team.projects import list_projects
from ..auth import require_actor
from ..resources import get_db
from ..text import frame, visible


def render() -> None:
    actor = require_actor()
    db = get_db()
    st.header("Funding network")
    statuses = st.multiselect("Funding links", ["accepted", "proposed", "rejected"], default=["accepted"],
                              key="network_statuses", help="Proposed links come from funding appeals in articles")
    network = funding_network(db, actor, statuses=tuple(statuses))
    if network.edges:
        st.plotly_chart(network_figure(network), key="network_figure")
        st.caption(f"{len(network.nodes)} entities, {len(network.edges)} funding links. Colour: kind of funding; "
                   "solid line: self-declared by the recipient, dashed: attributed by a third party.")
    else:
        st.info("No funding links of these statuses yet: record them on an entity's page or accept proposals.")
    st.divider()
    projects = list_projects(db, actor)
    if not projects:
        return
    names = {p.id: visible(p.name) for p in projects}
    project_id = st.selectbox("Project", list(names), format_func=names.__getitem__, key="network_project")
    codebook = get_project_codebook(db, actor, project_id)
    span_labels = {label.key: visible(label.name) for label in codebook.span_labels()}
    chosen = st.multiselect("Labels counted", list(span_labels), format_func=span_labels.__getitem__, key="network_labels",
                            help="Leave empty to count every span label")
    rates = devices_per_outlet(db, actor, project_id, labels=tuple(chosen))
    if not any(r.devices for r in rates):
        st.info("No annotated spans in this project yet.")
        return
    colours = {label.name: label.colour for label in codebook.span_labels()}
    st.plotly_chart(rates_figure(rates, colours), key="network_rates")
    st.dataframe(frame([{
        "Outlet": r.outlet, "Documents": r.documents, "Words": r.words, "Spans": r.devices,
        "Per 1,000 words": round(r.per_1000_words, 2),
    } for r in rates]), hide_index=True, width="stretch")
