"""Funding links: funder -> recipient, of a kind, through a channel, with evidence and who says
so. Create, edit, delete, accept or reject a proposal; every write audited.

Rules checked on every write (`check_link`): the recipient and the funder exist and are not
merged away; only a donation channel may lack a funder (the public gives); the kind and the
attribution are known; a third-party attribution names who says so; an evidence URL is a
well-formed http(s) URL; confidence lies in [0, 1]; evidence offsets come with their document,
lie inside its text and match the quote; an amount is a non-negative decimal with its ISO 4217
currency, a share in per cent (0-100) belongs to an ownership link, and a period does not end
before it starts (annotator/amounts.py, the rules the registry files are held to as well). Proposals made from funding appeals in articles are
in services/registry/funding_proposals.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...amounts import amount_problems, check_currency, decimal_or_none
from ...errors import InvalidInput, NotFound
from ...models import FundingLink, column_size, utcnow
from ...models.enums import Attribution, FundingKind, LinkStatus
from .. import audit
from ..actor import Actor
from ..permissions import load_document_for, require_registry_editor
from ..unit import read_service, write_service
from .entities import optional_url
from .rows import funding_views, load_entity
from .views import FundingLinkView

_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True)
class FundingIn:
    """A funding link as a form or a batch job hands it over."""

    recipient_id: int
    kind: str
    attribution: str
    funder_id: int | None = None
    channel: str | None = None
    identifier: str | None = None
    evidence_url: str | None = None
    evidence_quote: str | None = None
    evidence_document_id: int | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    observed_on: date | None = None
    attributed_by: str | None = None
    confidence: float | None = None
    note: str | None = None
    #: A Decimal, or text as a form gives it ("2300000.50"); never a float.
    amount: Decimal | str | None = None
    #: ISO 4217, any case ("eur" is stored as EUR).
    currency: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    #: Per cent of the recipient the funder owns (ownership links only): Decimal or text.
    share_percent: Decimal | str | None = None


def _decimal(value: Decimal | str | None, field: str) -> Decimal | None:
    try:
        return decimal_or_none(value)
    except ValueError as error:
        raise InvalidInput(f"cannot read {str(value)[:80]!r} as the {field.replace('_', ' ')}: {error}", field=field) from None


def amount_columns(data: FundingIn, kind: FundingKind) -> dict[str, Any]:
    """The checked amount, currency, period and share of a link (first problem raised)."""
    amount, share = _decimal(data.amount, "amount"), _decimal(data.share_percent, "share_percent")
    currency = (data.currency or "").strip() or None
    problems = amount_problems(amount=amount, currency=currency, share=share, start=data.period_start,
                               end=data.period_end, ownership=kind == FundingKind.OWNERSHIP)
    if problems:
        field, message = problems[0]
        raise InvalidInput(message, field=field)
    return {"amount": amount, "currency": check_currency(currency) if currency else None,
            "period_start": data.period_start, "period_end": data.period_end, "share_percent": share}


def _enum(enum: type[_E], value: str, field: str) -> _E:
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise InvalidInput(f"unknown {field} {value!r} (one of {known})", field=field) from None


def _short(value: str | None, field: str) -> str | None:
    """The value stripped (None if empty), no longer than the funding link's column holds."""
    limit = column_size(FundingLink, field)
    assert limit is not None, f"FundingLink.{field} is a text of limited size"
    cleaned = (value or "").strip()
    if len(cleaned) > limit:
        raise InvalidInput(f"{field} is longer than {limit} characters", field=field)
    return cleaned or None


def evidence_problem(text: str, start: int, end: int, quote: str | None, *, file: str | None = None
                     ) -> InvalidInput | None:
    """What is wrong with evidence at [start, end) of a document's text, if anything: the offsets
    must lie inside it, and a quote given must be the text there."""
    if not 0 <= start < end <= len(text):
        return InvalidInput(f"evidence offsets [{start}, {end}) leave the document (length {len(text)})",
                            file=file, field="evidence_start/evidence_end")
    found = text[start:end]
    if quote and quote != found:
        return InvalidInput(f"the evidence quote does not match the document at [{start}, {end}): {found[:80]!r}",
                            file=file, field="evidence_quote")
    return None


def check_link(session: Session, actor: Actor, data: FundingIn) -> dict[str, Any]:
    """Validated column values for a FundingLink (see the module docstring)."""
    load_entity(session, data.recipient_id, live=True, field="recipient")
    kind = _enum(FundingKind, data.kind, "kind")
    attribution = _enum(Attribution, data.attribution, "attribution")
    if data.funder_id is not None:
        load_entity(session, data.funder_id, live=True, field="funder")
        if data.funder_id == data.recipient_id:
            raise InvalidInput("an entity cannot fund itself", field="funder")
    elif kind != FundingKind.DONATION_CHANNEL:
        raise InvalidInput(f"a {kind.value} link needs a funder (only a donation channel may leave it open)", field="funder")
    attributed_by = _short(data.attributed_by, "attributed_by")
    if attribution == Attribution.THIRD_PARTY and not attributed_by:
        raise InvalidInput("a third-party attribution must name who says so", field="attributed_by")
    if data.confidence is not None and not 0 <= data.confidence <= 1:
        raise InvalidInput("confidence must lie between 0 and 1", field="confidence")
    quote = data.evidence_quote.strip() if data.evidence_quote and data.evidence_quote.strip() else None
    start, end = data.evidence_start, data.evidence_end
    if (start is None) != (end is None):
        raise InvalidInput("give both evidence offsets or neither", field="evidence_start/evidence_end")
    if data.evidence_document_id is not None:
        document, _, _ = load_document_for(session, actor, data.evidence_document_id)
        if start is not None and end is not None:
            problem = evidence_problem(document.text, start, end, data.evidence_quote)
            if problem is not None:
                raise problem
            quote = document.text[start:end]
    elif start is not None:
        raise InvalidInput("evidence offsets need the document they point into", field="evidence_document_id")
    channel = _short(data.channel, "channel")
    return {
        "recipient_id": data.recipient_id, "funder_id": data.funder_id, "kind": kind,
        "channel": channel.lower() if channel else None, "identifier": _short(data.identifier, "identifier"),
        "evidence_url": optional_url(data.evidence_url, "evidence_url"), "evidence_quote": quote,
        "evidence_document_id": data.evidence_document_id, "evidence_start": start, "evidence_end": end,
        "observed_on": data.observed_on, "attribution": attribution, "attributed_by": attributed_by,
        "confidence": data.confidence, "note": (data.note or "").strip() or None,
        **amount_columns(data, kind),
    }


def _load(session: Session, link_id: int) -> FundingLink:
    link = session.get(FundingLink, link_id)
    if link is None:
        raise NotFound(f"no funding link with id {link_id}")
    return link


def _view(session: Session, link: FundingLink) -> FundingLinkView:
    return funding_views(session, [link])[0]


@write_service
def create_funding_link(session: Session, actor: Actor, data: FundingIn, *, status: str = "accepted") -> FundingLinkView:
    """Record a funding link; entered by hand it is accepted (a registry editor vouches for it)."""
    require_registry_editor(session, actor, "record funding", object_type="funding_link")
    link_status = _enum(LinkStatus, status, "status")
    now = utcnow()
    link = FundingLink(**check_link(session, actor, data), status=link_status, created_by_id=actor.user_id, created_at=now)
    if link_status != LinkStatus.PROPOSED:
        link.decided_by_id, link.decided_at = actor.user_id, now
    session.add(link)
    session.flush()
    audit.record(session, actor, "create", "funding_link", link.id, after=audit.snapshot(link))
    return _view(session, link)


def link_input(link: FundingLink) -> FundingIn:
    """The editable fields of a stored link (a form starts from these)."""
    return FundingIn(
        recipient_id=link.recipient_id, kind=link.kind.value, attribution=link.attribution.value,
        funder_id=link.funder_id, channel=link.channel, identifier=link.identifier,
        evidence_url=link.evidence_url, evidence_quote=link.evidence_quote,
        evidence_document_id=link.evidence_document_id, evidence_start=link.evidence_start,
        evidence_end=link.evidence_end, observed_on=link.observed_on, attributed_by=link.attributed_by,
        confidence=link.confidence, note=link.note, amount=link.amount, currency=link.currency,
        period_start=link.period_start, period_end=link.period_end, share_percent=link.share_percent,
    )


@write_service
def update_funding_link(session: Session, /, actor: Actor, link_id: int, **changes: Any) -> FundingLinkView:
    """Change fields of a link (names as in FundingIn); the whole result is checked again."""
    require_registry_editor(session, actor, "edit funding", object_type="funding_link", object_id=link_id)
    link = _load(session, link_id)
    before = audit.snapshot(link)
    try:
        data = replace(link_input(link), **changes)
    except TypeError as error:
        raise InvalidInput(f"unknown field: {error}") from error
    for key, value in check_link(session, actor, data).items():
        setattr(link, key, value)
    session.flush()
    audit.record(session, actor, "update", "funding_link", link.id, before=before, after=audit.snapshot(link))
    return _view(session, link)


@write_service
def delete_funding_link(session: Session, actor: Actor, link_id: int) -> None:
    require_registry_editor(session, actor, "delete funding", object_type="funding_link", object_id=link_id)
    link = _load(session, link_id)
    audit.record(session, actor, "delete", "funding_link", link.id, before=audit.snapshot(link))
    session.delete(link)
    session.flush()


@write_service
def decide_funding_link(
    session: Session, actor: Actor, link_id: int, decision: str, *, confidence: float | None = None,
    note: str | None = None,
) -> FundingLinkView:
    """Accept or reject a (proposed) link; deciding the same way twice changes nothing.
    A decision can be revised later (rejected -> accepted), and each one is audited."""
    require_registry_editor(session, actor, "decide on funding proposals", object_type="funding_link", object_id=link_id)
    status = _enum(LinkStatus, decision, "decision")
    if status == LinkStatus.PROPOSED:
        raise InvalidInput("a decision is accepted or rejected", field="decision")
    link = _load(session, link_id)
    if confidence is not None and not 0 <= confidence <= 1:
        raise InvalidInput("confidence must lie between 0 and 1", field="confidence")
    if link.status == status and confidence is None and not note:
        return _view(session, link)
    if status == LinkStatus.ACCEPTED:
        load_entity(session, link.recipient_id, live=True, field="recipient")
    before = audit.snapshot(link)
    link.status = status
    link.decided_by_id, link.decided_at = actor.user_id, utcnow()
    if confidence is not None:
        link.confidence = confidence
    if note and note.strip():
        link.note = f"{link.note}\n{note.strip()}" if link.note else note.strip()
    session.flush()
    action = "accept" if status == LinkStatus.ACCEPTED else "reject"
    audit.record(session, actor, action, "funding_link", link.id, before=before, after=audit.snapshot(link))
    return _view(session, link)


@read_service
def list_funding_links(
    session: Session, actor: Actor, *, entity_id: int | None = None, direction: str = "both",
    statuses: tuple[str, ...] = ("accepted",),
) -> list[FundingLinkView]:
    """Links of the given statuses, all or those in/out of one entity (`direction` in, out
    or both)."""
    query = select(FundingLink).order_by(FundingLink.id)
    if statuses:
        query = query.where(FundingLink.status.in_([_enum(LinkStatus, s, "status") for s in statuses]))
    if entity_id is not None:
        incoming, outgoing = FundingLink.recipient_id == entity_id, FundingLink.funder_id == entity_id
        if direction not in {"in", "out", "both"}:
            raise InvalidInput("direction is in, out or both", field="direction")
        query = query.where(incoming if direction == "in" else outgoing if direction == "out" else or_(incoming, outgoing))
    return funding_views(session, list(session.scalars(query)))


@read_service
def get_funding_link(session: Session, actor: Actor, link_id: int) -> FundingLinkView:
    return _view(session, _load(session, link_id))
