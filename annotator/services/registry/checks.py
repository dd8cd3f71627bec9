"""Checking registry records before anything is written: every problem, located by file,
line (or entity number) and field. Pure: no database (references are checked on import)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from ...amounts import amount_problems
from ...domains import check_url, clean_domain
from ...errors import InvalidInput
from ...formats.records import DesignationRecord, EntityRecord, FundingLinkRecord, RatingRecord
from ...models import Base, Designation, Entity, FundingLink, Rating, column_size
from ...models.enums import Attribution, EntityKind, FundingKind, LinkStatus

DESIGNATION_KINDS = ("sanction", "official_label")


def normalise_designation_kind(kind: str | None) -> str:
    """"Official label" and "official_label" are the same kind."""
    return (kind or "").strip().lower().replace(" ", "_")


def _known(value: str, enum: type[StrEnum], what: str, where: str, field: str, issues: list[InvalidInput]) -> None:
    values = [member.value for member in enum]
    if value not in values:
        known = ", ".join(values)
        issues.append(InvalidInput(f"unknown {what} {value!r} (one of {known})", file=where, field=field))


def _required(value: str | None, where: str, field: str, issues: list[InvalidInput]) -> None:
    if not (value or "").strip():
        issues.append(InvalidInput(f"{field.rsplit('.', 1)[-1]} must not be empty", file=where, field=field))


def _fit(record: object, model: type[Base], where: str, prefix: str, issues: list[InvalidInput], *names: str) -> None:
    """Each named text no longer than `model`'s column holds (and the uid): longer is refused
    with its place, where PostgreSQL would fail in the middle of the import and SQLite would keep
    it whole. (URLs are held to their size by check_url.)"""
    for name in ("uid", *names):
        value, limit = getattr(record, name, None), column_size(model, name)
        if isinstance(value, str) and limit is not None and len(value) > limit:
            issues.append(InvalidInput(f"longer than {limit} characters ({len(value)})", file=where,
                                       field=f"{prefix}{name}"))


def _url(value: str | None, where: str, field: str, issues: list[InvalidInput]) -> None:
    if value and value.strip():
        try:
            check_url(value, field=field, source=where)
        except InvalidInput as error:
            issues.append(error)


def check_rating(rating: RatingRecord, where: str, prefix: str, issues: list[InvalidInput], *, nested: bool) -> None:
    for name in ("provider", "dimension", "value"):
        _required(getattr(rating, name), where, f"{prefix}{name}", issues)
    _url(rating.url, where, f"{prefix}url", issues)
    _fit(rating, Rating, where, prefix, issues, "provider", "dimension", "value")
    if not nested and not (rating.entity_uid or rating.entity):
        issues.append(InvalidInput("name the rated entity (uid or name)", file=where, field=f"{prefix}entity"))


def check_designation(item: DesignationRecord, where: str, prefix: str, issues: list[InvalidInput], *, nested: bool) -> None:
    kind = normalise_designation_kind(item.kind)
    if kind not in DESIGNATION_KINDS:
        issues.append(InvalidInput(f"unknown designation kind {item.kind!r} (one of {', '.join(DESIGNATION_KINDS)})",
                                   file=where, field=f"{prefix}kind"))
    for name in ("name", "issuer"):
        _required(getattr(item, name), where, f"{prefix}{name}", issues)
    _url(item.url, where, f"{prefix}url", issues)
    _fit(item, Designation, where, prefix, issues, "name", "issuer")
    if item.designated_on and item.ended_on and item.ended_on < item.designated_on:
        issues.append(InvalidInput("the designation ends before it starts", file=where, field=f"{prefix}ended_on"))
    if not nested and not (item.entity_uid or item.entity):
        issues.append(InvalidInput("name the designated entity (uid or name)", file=where, field=f"{prefix}entity"))


def check_funding(link: FundingLinkRecord, where: str, prefix: str, issues: list[InvalidInput], *, nested: bool) -> None:
    _known(link.kind, FundingKind, "funding kind", where, f"{prefix}kind", issues)
    _known(link.attribution, Attribution, "attribution", where, f"{prefix}attribution", issues)
    _known(link.status, LinkStatus, "status", where, f"{prefix}status", issues)
    if not (link.funder_uid or link.funder) and link.kind != FundingKind.DONATION_CHANNEL.value:
        issues.append(InvalidInput(f"a {link.kind} link needs a funder (only a donation channel may leave it open)",
                                   file=where, field=f"{prefix}funder"))
    if link.attribution == Attribution.THIRD_PARTY.value and not (link.attributed_by or "").strip():
        issues.append(InvalidInput("a third-party attribution must name who says so", file=where, field=f"{prefix}attributed_by"))
    if link.confidence is not None and not 0 <= link.confidence <= 1:
        issues.append(InvalidInput("confidence must lie between 0 and 1", file=where, field=f"{prefix}confidence"))
    _url(link.evidence_url, where, f"{prefix}evidence_url", issues)
    for field, message in amount_problems(amount=link.amount, currency=link.currency, share=link.share_percent,
                                          start=link.period_start, end=link.period_end,
                                          ownership=link.kind == FundingKind.OWNERSHIP.value):
        issues.append(InvalidInput(message, file=where, field=f"{prefix}{field}"))
    _fit(link, FundingLink, where, prefix, issues, "channel", "identifier", "attributed_by")
    start, end = link.evidence_start, link.evidence_end
    if (start is None) != (end is None) or (start is not None and end is not None and not 0 <= start < end):
        issues.append(InvalidInput("evidence offsets need a start and an end with 0 <= start < end",
                                   file=where, field=f"{prefix}evidence_start/evidence_end"))
    if start is not None and not link.evidence_document_uid:
        issues.append(InvalidInput("evidence offsets need the document they point into", file=where,
                                   field=f"{prefix}evidence_document_uid"))
    if not nested and not (link.recipient_uid or link.recipient):
        issues.append(InvalidInput("name the recipient (uid or name)", file=where, field=f"{prefix}recipient"))


def validate_registry(
    entities: Sequence[EntityRecord], funding_links: Sequence[FundingLinkRecord] = (),
    ratings: Sequence[RatingRecord] = (), designations: Sequence[DesignationRecord] = (), *,
    source: str = "import",
) -> list[InvalidInput]:
    issues: list[InvalidInput] = []
    # One uid on two entries of a file would make them one row, the second dropped unseen.
    places: dict[tuple[str, str], str] = {}

    def unique(kind: str, uid: str | None, where: str, field: str = "uid") -> None:
        if uid:
            first = places.setdefault((kind, uid), where)
            if first != where:
                issues.append(InvalidInput(f"uid {uid!r} is given to {first} too", file=where, field=field))

    for number, entity in enumerate(entities, start=1):
        where = entity.source or f"{source}, entity {number}"
        unique("entity", entity.uid, where)
        _known(entity.kind, EntityKind, "entity kind", where, "kind", issues)
        _required(entity.name, where, "name", issues)
        _fit(entity, Entity, where, "", issues, "name", "country")
        for i, domain in enumerate(entity.domains):
            try:
                clean_domain(domain, field=f"domains[{i}]", source=where)
            except InvalidInput as error:
                issues.append(error)
        for i, rating in enumerate(entity.ratings):
            check_rating(rating, where, f"ratings[{i}].", issues, nested=True)
            unique("rating", rating.uid, f"{where}, ratings[{i}]")
        for i, item in enumerate(entity.designations):
            check_designation(item, where, f"designations[{i}].", issues, nested=True)
            unique("designation", item.uid, f"{where}, designations[{i}]")
        for i, link in enumerate(entity.funding_received):
            check_funding(link, where, f"funding_received[{i}].", issues, nested=True)
            unique("funding link", link.uid, f"{where}, funding_received[{i}]")
    for number, link in enumerate(funding_links, start=1):
        where = link.source or f"{source}, funding link {number}"
        check_funding(link, where, "", issues, nested=False)
        unique("funding link", link.uid, where)
    for number, rating in enumerate(ratings, start=1):
        where = rating.source or f"{source}, rating {number}"
        check_rating(rating, where, "", issues, nested=False)
        unique("rating", rating.uid, where)
    for number, item in enumerate(designations, start=1):
        where = item.source or f"{source}, designation {number}"
        check_designation(item, where, "", issues, nested=False)
        unique("designation", item.uid, where)
    return issues
