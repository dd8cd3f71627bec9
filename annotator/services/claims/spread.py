"""The spread of one group: where its claim appeared (document, outlet, date), each time with
its sentence and the other labels annotated in that sentence (the framing around the claim),
the funding of each outlet from the registry, and the first appearance marked: the earliest
dated occurrence (ties: the document added first, then the earlier position)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Annotation, ClaimFactCheck, ClaimMember, Document, FundingLink, Label
from ...models.enums import LinkStatus
from ...suggest.sentences import split_sentences
from ..actor import Actor
from ..names import namer
from ..registry.rows import funding_views
from ..unit import read_service
from .factchecks import fact_check_view, proposal_views
from .scope import Scope, SpanRow, claim_label_ids, group_scope, group_views, members_of
from .views import FundingLine, GroupSpread, OccurrenceView


def sentence_around(text: str, start: int, end: int, sentences: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The sentences that [start, end) touches, as one range (the span itself when none)."""
    touched = [(s, e) for s, e in sentences if s < end and e > start]
    if not touched:
        return start, end
    return min(start, touched[0][0]), max(end, touched[-1][1])


def _framing(session: Session, scope: Scope, spans: list[SpanRow]) -> dict[int, list[tuple[int, int, str]]]:
    """document id -> (start, end, label name) of the visible spans that are not claims."""
    claims = claim_label_ids(session, scope.project)
    query = (select(Annotation.document_id, Annotation.start, Annotation.end, Label.name)
             .join(Label, Label.id == Annotation.label_id)
             .where(Annotation.document_id.in_({s.document_id for s in spans}), Annotation.deleted_at.is_(None),
                    Annotation.label_id.not_in(claims))
             .order_by(Annotation.start, Annotation.end))
    if scope.own_only is not None:
        query = query.where(Annotation.user_id == scope.own_only)
    found: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for document_id, start, end, name in session.execute(query).all():
        found[document_id].append((start, end, name))
    return found


def _occurrences(session: Session, scope: Scope, spans: list[SpanRow]) -> list[OccurrenceView]:
    if not spans:
        return []
    texts = dict(session.execute(select(Document.id, Document.text)
                                 .where(Document.id.in_({s.document_id for s in spans}))).all())
    sentences = {doc: split_sentences(text) for doc, text in texts.items()}
    framing = _framing(session, scope, spans)
    origins = dict(session.execute(select(ClaimMember.annotation_id, ClaimMember.origin).where(
        ClaimMember.annotation_id.in_([s.annotation_id for s in spans]))).all())
    name = namer(session, scope.project, scope.role)
    dated = [s for s in spans if s.published is not None]
    first = min(dated, key=lambda s: (s.published, s.document_id, s.start)).annotation_id if dated else None
    found = []
    for span in spans:
        text = texts[span.document_id]
        low, high = sentence_around(text, span.start, span.end, sentences[span.document_id])
        labels = list(dict.fromkeys(n for s, e, n in framing.get(span.document_id, []) if s < high and e > low))
        found.append(OccurrenceView(
            annotation_id=span.annotation_id, document_id=span.document_id, document_title=span.document_title,
            document_ref=span.document_ref, document_url=span.document_url, outlet_id=span.outlet_id,
            outlet=span.outlet, published=span.published, start=span.start, end=span.end, quote=span.quote,
            annotator=name(span.user_id), origin=origins[span.annotation_id].value, sentence=text[low:high],
            sentence_start=low, framing=tuple(labels), first=span.annotation_id == first,
        ))
    found.sort(key=lambda o: (o.published is None, o.published or date.min, o.document_id, o.start))
    return found


def _funding(session: Session, occurrences: list[OccurrenceView]) -> dict[int, tuple[FundingLine, ...]]:
    """The accepted funding of each registry outlet of the occurrences, by the outlet's id: two
    outlets of one name (registered so on purpose) each keep their own."""
    outlets = list(dict.fromkeys(o.outlet_id for o in occurrences if o.outlet_id is not None))
    if not outlets:
        return {}
    links = list(session.scalars(select(FundingLink).where(
        FundingLink.recipient_id.in_(outlets), FundingLink.status == LinkStatus.ACCEPTED)
        .order_by(FundingLink.kind, FundingLink.id)))
    found: dict[int, list[FundingLine]] = {outlet_id: [] for outlet_id in outlets}
    for link in funding_views(session, links):
        kind = link.kind.replace("_", " ") + (f" via {link.channel}" if link.channel else "")
        found[link.recipient_id].append(FundingLine(link.funder or "the public", kind, link.says_who))
    return {outlet_id: tuple(lines) for outlet_id, lines in found.items()}


@read_service
def group_spread(session: Session, actor: Actor, group_id: int) -> GroupSpread:
    """Where the group's claim appeared, as the caller may see it (see the module docstring)."""
    group, scope = group_scope(session, actor, group_id)
    members = members_of(session, scope, [group.id])
    view = group_views(session, scope, [group], members)[0]
    occurrences = _occurrences(session, scope, members.get(group.id, []))
    checks = session.scalars(select(ClaimFactCheck).where(ClaimFactCheck.group_id == group.id,
                                                          ClaimFactCheck.deleted_at.is_(None)).order_by(ClaimFactCheck.id))
    proposals = proposal_views(session, scope.project.id, [group.id]) if scope.lead else []
    return GroupSpread(view, tuple(occurrences), _funding(session, occurrences),
                       tuple(fact_check_view(c) for c in checks), tuple(proposals))
