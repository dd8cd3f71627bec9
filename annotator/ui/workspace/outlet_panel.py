"""The document section "Outlet": who publishes the article and what the registry knows about
them (accepted funding, ratings, designations), beside the article; leads can change the
document's outlet here."""

from __future__ import annotations

import streamlit as st

from ...display_names import display_name
from ...services.registry.outlets import outlet_context, set_outlet
from ...services.registry.views import OutletContext
from ...services.views import AnnotationView
from .. import routes
from ..feedback import flash
from ..pickers import LEAD_ROLES
from ..registry_widgets import KIND_LABELS, entity_label
from ..text import md_escape, visible
from . import context
from .context import Workspace
from .widgets import reporting


def _funding_lines(ctx: OutletContext) -> list[str]:
    lines = []
    for link in ctx.funding_in:
        via = f" via {display_name(link.channel)}" if link.channel else ""
        ident = f": {link.identifier}" if link.identifier else ""
        who = link.funder or "the public"
        confidence = f", confidence {link.confidence:.2f}" if link.confidence is not None else ""
        amount = f" · {link.amount_text}" if link.amount_text else ""
        lines.append(f"{who} → {display_name(link.kind)}{via}{ident}{amount} ({link.says_who}{confidence})")
    return lines


def _show(ctx: OutletContext) -> None:
    outlet = ctx.outlet
    st.markdown(f"**{md_escape(outlet.name)}**")
    facts = [KIND_LABELS.get(outlet.kind, outlet.kind), *([outlet.country] if outlet.country else []), *outlet.domains]
    st.caption(md_escape(" · ".join(facts)))
    sections = [
        ("Funding", _funding_lines(ctx)),
        ("Ratings", [f"{r.provider} · {r.dimension}: {r.value}" + (f" ({r.rated_on})" if r.rated_on else "")
                     for r in ctx.ratings]),
        ("Sanctions and labels", [f"{display_name(d.kind)}: {d.name}, {d.issuer}"
                                  + (f" (since {d.designated_on})" if d.designated_on else "")
                                  + (f" (until {d.ended_on})" if d.ended_on else "") for d in ctx.designations]),
    ]
    for title, lines in sections:
        st.caption(title)
        st.text(visible("\n".join(lines)) if lines else "none recorded")
    if ctx.proposed:
        st.caption(f"{ctx.proposed} proposed funding link{'s' if ctx.proposed != 1 else ''} await a decision.")
    links = st.columns(2)
    with links[0]:
        routes.link(routes.ENTITY, "Entity page", query={routes.ENTITY_PARAM: str(outlet.id)})
    if ctx.proposed:
        with links[1]:
            routes.link(routes.PROPOSALS, "Proposals")


def _change_outlet(workspace: Workspace, key: str) -> None:
    with reporting("Outlet not changed"):
        outlet_id = set_outlet(workspace.db, workspace.actor, workspace.document.id, st.session_state[key])
        context.forget()  # the cached document view names the old outlet
        flash("success", "Outlet changed." if outlet_id else "Outlet removed.")


def outlet_section(workspace: Workspace, spans: list[AnnotationView]) -> None:
    with st.container(border=True, key="ws-outlet"):
        st.caption("Outlet")
        ctx = outlet_context(workspace.db, workspace.actor, workspace.document.id)
        if ctx is None:
            st.caption("No outlet is known for this document.")
        else:
            _show(ctx)
        if workspace.project.my_role not in LEAD_ROLES:
            return
        with st.popover("Change outlet", icon=":material/edit:"):
            outlets = [e for e in workspace.entities if e.kind == "outlet"]
            names = {e.id: entity_label(e) for e in outlets}
            key = f"ws-outlet-pick-{workspace.document.id}"
            options: list[int | None] = [None, *names]
            current = workspace.document.outlet_id if workspace.document.outlet_id in names else None
            st.selectbox("Outlet", options, index=options.index(current), key=key,
                         format_func=lambda i: "(none)" if i is None else names[i])
            st.button("Save outlet", key=f"ws-outlet-save-{workspace.document.id}", on_click=_change_outlet,
                      args=(workspace, key))
