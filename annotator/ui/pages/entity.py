"""Entity page: one registry entry with its funding in and out, ratings, designations, the
documents that come from it and the spans that link it; editors add and change all of these
and merge duplicates."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from ...amounts import currencies
from ...db import Database
from ...display_names import display_name
from ...models.enums import Attribution, FundingKind
from ...services.actor import Actor
from ...services.registry.entities import (
    add_designation,
    add_domain,
    add_rating,
    delete_designation,
    delete_entity,
    delete_rating,
    is_registry_editor,
    list_entities,
    remove_domain,
    update_entity,
)
from ...services.registry.entity_detail import entity_detail
from ...services.registry.entity_merge import merge_entities
from ...services.registry.funding import FundingIn, create_funding_link, delete_funding_link
from ...services.registry.views import EntityDetail, EntitySummary
from ...suggest import CHANNELS
from .. import routes
from ..auth import require_actor
from ..feedback import run_service, show_controls, show_flash
from ..registry_widgets import (
    KIND_LABELS,
    designations_table,
    entity_label,
    funding_table,
    ratings_table,
)
from ..resources import get_db
from ..routes import ENTITY_PARAM
from ..state import PAGE_FLASH
from ..text import frame, md_escape, visible

PICK_KEY = "entity_pick"
#: The dates a funding period may take (Streamlit's default is ten years either side of today).
PERIOD_MIN, PERIOD_MAX = date(1900, 1, 1), date(2100, 12, 31)


def _pick(entities: list[EntitySummary]) -> int | None:
    if not entities:
        st.header("Entity")
        routes.next_step("The registry is empty: outlets, organisations and people are added on the "
                         "Registry page.", routes.REGISTRY, "Open the Registry")
        return None
    ids = [e.id for e in entities]
    labels = {e.id: entity_label(e) for e in entities}
    raw = st.query_params.get(ENTITY_PARAM)
    wanted = int(raw) if raw and raw.isdigit() and int(raw) in labels else None
    if wanted is not None and st.session_state.get(PICK_KEY) != wanted:
        st.session_state[PICK_KEY] = wanted
    if st.session_state.get(PICK_KEY) not in labels:
        st.session_state.pop(PICK_KEY, None)  # deleted meanwhile
    default: dict[str, Any] = {} if PICK_KEY in st.session_state else {"index": None}
    chosen: int | None = st.selectbox("Entity", ids, format_func=labels.__getitem__, key=PICK_KEY,
                          placeholder="Pick an entry of the registry", **default)
    if chosen is not None and raw != str(chosen):
        st.query_params[ENTITY_PARAM] = str(chosen)
    return chosen


def render() -> None:
    actor = require_actor()
    db = get_db()
    show_flash(PAGE_FLASH)
    entities = list_entities(db, actor, include_merged=True)
    entity_id = _pick(entities)
    if entity_id is None:
        return
    detail = entity_detail(db, actor, entity_id)
    entity = detail.entity
    st.header(md_escape(entity.name))
    facts = [KIND_LABELS.get(entity.kind, entity.kind)]
    if entity.country:
        facts.append(entity.country)
    if entity.domains:
        facts.append(" ".join(entity.domains))
    st.caption(md_escape(" · ".join(facts)))
    if entity.merged_into_name:
        st.warning(md_escape(f"Merged into {entity.merged_into_name} (id {entity.merged_into_id}): its links live there now."))
    if entity.description:
        st.text(visible(entity.description))
    editor = is_registry_editor(db, actor)
    live = [e for e in entities if e.merged_into_id is None]  # what list_entities gives without merged ones
    tabs = st.tabs([f"Funding ({len(detail.funding_in) + len(detail.funding_out)})", f"Ratings ({len(detail.ratings)})",
                    f"Designations ({len(detail.designations)})", f"Documents ({len(detail.documents)})",
                    f"Spans ({len(detail.spans)})", "Edit"])
    with tabs[0]:
        _funding(db, actor, detail, editor, live)
    with tabs[1]:
        ratings_table(detail.ratings)
        if editor:
            _rating_forms(db, actor, detail)
    with tabs[2]:
        designations_table(detail.designations)
        if editor:
            _designation_forms(db, actor, detail)
    with tabs[3]:
        _documents(detail)
    with tabs[4]:
        _spans(detail)
    with tabs[5]:
        if editor:
            _edit(db, actor, detail, live)
        else:
            st.caption("Admins and curators edit the registry.")


def _funding(db: Database, actor: Actor, detail: EntityDetail, editor: bool, live: list[EntitySummary]) -> None:
    st.subheader("Funding received")
    funding_table(detail.funding_in, direction="in")
    st.subheader("Funding given")
    funding_table(detail.funding_out, direction="out")
    if not editor or detail.entity.merged_into_id:
        return
    others = [e for e in live if e.id != detail.entity.id]
    with st.expander("Record funding received"), st.form("funding_add", clear_on_submit=True):
        funder = st.selectbox("Funder", [None, *[e.id for e in others]],
                              format_func=lambda i: "(the public: a donation channel)" if i is None
                              else entity_label(next(e for e in others if e.id == i)))
        kind = st.selectbox("Kind", [k.value for k in FundingKind], format_func=display_name)
        amount_col, currency_col, share_col = st.columns(3)
        amount = amount_col.text_input("Amount", key="funding_amount",
                                       help="Digits with one decimal point: 2300000 or 150000.50 (no thousands separators)")
        currency = currency_col.selectbox("Currency", ["", *sorted(currencies())], key="funding_currency",
                                          format_func=lambda c: c or "(none)", help="ISO 4217; an amount needs one")
        share = share_col.text_input("Ownership share (%)", key="funding_share",
                                     help="For an ownership link: the funder's share of the recipient, 0-100")
        start_col, end_col = st.columns(2)
        period_start = start_col.date_input("Period from", value=None, min_value=PERIOD_MIN, max_value=PERIOD_MAX,
                                            format="YYYY-MM-DD", key="funding_period_start")
        period_end = end_col.date_input("Period to", value=None, min_value=PERIOD_MIN, max_value=PERIOD_MAX,
                                        format="YYYY-MM-DD", key="funding_period_end")
        channel = st.selectbox("Channel", ["", *[c for c in CHANNELS if c != "support_block"], "other"],
                               format_func=display_name)
        identifier = st.text_input("Identifier", help="PayPal address, Patreon page, wallet, IBAN ...")
        attribution = st.radio("Who says so", [a.value for a in Attribution], horizontal=True,
                               format_func=lambda a: "self-declared by the recipient" if a == "self_declared" else "a third party")
        attributed_by = st.text_input("Third party (name)")
        evidence_url = st.text_input("Evidence URL")
        quote = st.text_area("Quoted passage")
        observed = st.date_input("Observed on", value=None)
        confidence = st.slider("Confidence", 0.0, 1.0, 0.8, 0.05)
        if st.form_submit_button("Record", type="primary"):
            data = FundingIn(recipient_id=detail.entity.id, funder_id=funder, kind=kind, attribution=attribution,
                             channel=channel or None, identifier=identifier, evidence_url=evidence_url,
                             evidence_quote=quote, observed_on=observed, attributed_by=attributed_by, confidence=confidence,
                             amount=amount, currency=currency or None, share_percent=share,
                             period_start=period_start, period_end=period_end)
            run_service(lambda: create_funding_link(db, actor, data), "Funding link recorded.", rerun=True, flash_to=PAGE_FLASH)
    links = [*detail.funding_in, *detail.funding_out]
    if links:
        with st.expander("Delete a funding link"):
            link_id = st.selectbox("Link", [link.id for link in links], key="funding_delete_pick",
                                   format_func=lambda i: visible(next(f"#{x.id} {x.funder or 'public'} → {x.recipient} ({x.kind})"
                                                                      + (f" {x.amount_text}" if x.amount_text else "")
                                                                      for x in links if x.id == i)))
            if st.button("Delete link", key="funding_delete"):
                run_service(lambda: delete_funding_link(db, actor, link_id), "Funding link deleted.", rerun=True, flash_to=PAGE_FLASH)


def _rating_forms(db: Database, actor: Actor, detail: EntityDetail) -> None:
    with st.expander("Add a rating"), st.form("rating_add", clear_on_submit=True):
        provider = st.text_input("Provider", help="e.g. Media Bias/Fact Check, NewsGuard, Ad Fontes Media")
        dimension = st.text_input("Dimension", help="e.g. factual reporting, bias, credibility")
        value = st.text_input("Value")
        rated_on = st.date_input("Date", value=None)
        url = st.text_input("URL")
        if st.form_submit_button("Add rating", type="primary"):
            run_service(lambda: add_rating(db, actor, detail.entity.id, provider, dimension, value, rated_on=rated_on, url=url),
                        "Rating added.", rerun=True, flash_to=PAGE_FLASH)
    if detail.ratings:
        rating_id = st.selectbox("Delete a rating", [r.id for r in detail.ratings], key="rating_delete_pick", index=None,
                                 format_func=lambda i: visible(next(f"#{r.id} {r.provider}: {r.dimension} = {r.value}" for r in detail.ratings if r.id == i)))
        if rating_id is not None and st.button("Delete rating", key="rating_delete"):
            run_service(lambda: delete_rating(db, actor, rating_id), "Rating deleted.", rerun=True, flash_to=PAGE_FLASH)


def _designation_forms(db: Database, actor: Actor, detail: EntityDetail) -> None:
    with st.expander("Add a sanction or official label"), st.form("designation_add", clear_on_submit=True):
        kind = st.radio("Kind", ["sanction", "official_label"], horizontal=True, format_func=display_name)
        name = st.text_input("Name", help='e.g. "foreign agent", EU broadcasting ban')
        issuer = st.text_input("Issuer")
        since = st.date_input("Since", value=None)
        until = st.date_input("Until", value=None)
        url = st.text_input("URL")
        if st.form_submit_button("Add", type="primary"):
            run_service(lambda: add_designation(db, actor, detail.entity.id, kind, name, issuer, designated_on=since,
                                                ended_on=until, url=url), "Designation added.", rerun=True, flash_to=PAGE_FLASH)
    if detail.designations:
        item = st.selectbox("Delete a designation", [d.id for d in detail.designations], key="designation_delete_pick",
                            index=None, format_func=lambda i: visible(next(f"#{d.id} {d.name} ({d.issuer})" for d in detail.designations if d.id == i)))
        if item is not None and st.button("Delete designation", key="designation_delete"):
            run_service(lambda: delete_designation(db, actor, item), "Designation deleted.", rerun=True, flash_to=PAGE_FLASH)


def _documents(detail: EntityDetail) -> None:
    if not detail.documents:
        st.caption("No documents from this entity in your projects.")
        return
    st.dataframe(frame([{"id": d.id, "Project": d.project, "Title": d.title, "URL": d.url or ""}
                               for d in detail.documents]),
                 hide_index=True, width="stretch", column_config={"URL": st.column_config.LinkColumn()})


def _spans(detail: EntityDetail) -> None:
    if not detail.spans:
        st.caption("No spans you can see link this entity.")
        return
    st.dataframe(frame([{
        "Role": display_name(s.role), "Quote": s.quote, "Label": s.label, "Annotator": s.username,
        "Document": s.document_title, "Project": s.project,
    } for s in detail.spans]), hide_index=True, width="stretch")


def _edit(db: Database, actor: Actor, detail: EntityDetail, live: list[EntitySummary]) -> None:
    entity = detail.entity
    with st.form("entity_edit"):
        name = st.text_input("Name", entity.name)
        kinds = list(KIND_LABELS)
        kind = st.selectbox("Kind", kinds, index=kinds.index(entity.kind), format_func=KIND_LABELS.__getitem__)
        country = st.text_input("Country", entity.country or "")
        description = st.text_area("Description", entity.description)
        for field, stored in (("The name", entity.name), ("The country", entity.country), ("The description", entity.description)):
            show_controls(field, stored)
        if st.form_submit_button("Save", type="primary"):
            run_service(lambda: update_entity(db, actor, entity.id, name=name, kind=kind, country=country,
                                              description=description), "Saved.", rerun=True, flash_to=PAGE_FLASH)
    domain_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    new_domain = domain_col.text_input("Add a web domain", key="domain_new")
    if button_col.button("Add domain", key="domain_add") and new_domain.strip():
        run_service(lambda: add_domain(db, actor, entity.id, new_domain), "Domain added.", rerun=True, flash_to=PAGE_FLASH)
    if entity.domains:
        gone = st.selectbox("Remove a domain", entity.domains, index=None, key="domain_remove_pick", format_func=visible)
        if gone and st.button("Remove domain", key="domain_remove"):
            run_service(lambda: remove_domain(db, actor, entity.id, gone), "Domain removed.", rerun=True, flash_to=PAGE_FLASH)
    st.divider()
    st.subheader("Merge a duplicate into this entry")
    st.caption("Everything of the duplicate (domains, funding, ratings, designations, documents, span links) moves here; "
               "the duplicate stays, marked as merged.")
    others = [e for e in live if e.id != entity.id]
    duplicate = st.selectbox("Duplicate", [e.id for e in others], index=None, key="merge_pick",
                             format_func=lambda i: entity_label(next(e for e in others if e.id == i)))
    sure = st.checkbox("Yes, merge it", key="merge_sure")
    if st.button("Merge", key="merge", disabled=duplicate is None or not sure) and duplicate is not None:
        run_service(lambda: merge_entities(db, actor, entity.id, duplicate),
                    lambda r: "Merged: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in r.moved.items() if n), rerun=True, flash_to=PAGE_FLASH)
    st.divider()
    if st.button("Delete this entry", key="entity_delete", help="Only an entry nothing refers to can be deleted"):
        run_service(lambda: delete_entity(db, actor, entity.id), f"Deleted {entity.name}.", rerun=True, flash_to=PAGE_FLASH)
