"""What an annotator learns from curation: their spans on a document against its gold layer
(matches, misses and extras, annotator/feedback.py), with the curator's notes. Open to the
annotator once the document is curated and its gold open to them (gold_access.py); a lead may
look at any annotator's feedback (as they would see it) before releasing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...curation import SpanKey
from ...errors import Forbidden, NotFound
from ...feedback import Outcome, against_gold
from ...models import Annotation, CurationDecision, GoldAnnotation, Label, User
from ..actor import Actor
from ..names import namer
from ..permissions import LEADS, load_document_for
from ..unit import read_service
from .gold_access import curation_state, gold_closed_reason


@dataclass(frozen=True)
class FeedbackSpan:
    """A span on either side, as the feedback shows it."""

    start: int
    end: int
    quote: str
    label: str
    label_name: str
    colour: str
    note: str | None


@dataclass(frozen=True)
class FeedbackItem:
    outcome: Outcome
    #: The annotator's span (None for a miss).
    own: FeedbackSpan | None
    #: The gold span (None for an extra).
    gold: FeedbackSpan | None
    #: For a miss or an extra: the overlapping span on the other side, if any.
    near: FeedbackSpan | None
    #: Why the curator rejected the disagreement this extra was part of, if they said.
    rejected_note: str | None = None
    #: The annotator's span id (to select it in the workspace).
    annotation_id: int | None = None


@dataclass(frozen=True)
class GoldFeedback:
    document_id: int
    annotator: str
    #: Whether the annotator may see it now; if not, `reason` says why and `items` is empty.
    open: bool
    reason: str | None
    curator: str | None
    curated_at: datetime | None
    items: tuple[FeedbackItem, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)


def _shown(quote: str, label: Label, note: str | None, start: int, end: int) -> FeedbackSpan:
    return FeedbackSpan(start, end, quote, label.key, label.name, label.colour, note)


@read_service
def gold_feedback(session: Session, actor: Actor, document_id: int, *, annotator: str | None = None) -> GoldFeedback:
    """The actor's own spans against gold; a lead may name another `annotator`."""
    document, project, role = load_document_for(session, actor, document_id)
    user_id, username = actor.user_id, actor.username
    if annotator is not None and annotator != actor.username:
        if role not in LEADS:
            raise Forbidden(f"{actor.username} may not see another annotator's feedback",
                            action="read feedback", object_type="document", object_id=document_id,
                            project_id=project.id, document_id=document_id)
        user_id = session.scalar(select(User.id).where(User.username == annotator))
        if user_id is None:
            raise NotFound(f"no user {annotator!r}")
        username = annotator
    name = namer(session, project, role)
    state = curation_state(session, project, document.id, name)
    closed = gold_closed_reason(session, project, role, document.id)
    if closed is not None:
        return GoldFeedback(document.id, name(user_id) if annotator else username, False, closed,
                            state.curator, state.curated_at, ())
    own_rows = session.execute(
        select(Annotation, Label).join(Label, Label.id == Annotation.label_id)
        .where(Annotation.document_id == document.id, Annotation.user_id == user_id,
               Annotation.deleted_at.is_(None))).all()
    gold_rows = session.execute(
        select(GoldAnnotation, Label).join(Label, Label.id == GoldAnnotation.label_id)
        .where(GoldAnnotation.document_id == document.id, GoldAnnotation.deleted_at.is_(None))).all()
    own = {a.uid: (a, label) for a, label in own_rows}
    gold = {g.uid: (g, label) for g, label in gold_rows}
    notes: dict[str, str] = {}
    for uids, note in session.execute(select(CurationDecision.source_uids, CurationDecision.note).where(
            CurationDecision.document_id == document.id, CurationDecision.deleted_at.is_(None),
            CurationDecision.note.is_not(None))):
        for uid in uids:
            notes[uid] = note

    def side(uid: str | None, rows: dict[str, tuple[Annotation, Label]] | dict[str, tuple[GoldAnnotation, Label]]
             ) -> FeedbackSpan | None:
        if uid is None:
            return None
        if uid in rows:
            span, label = rows[uid]
            return _shown(span.quote, label, span.note, span.start, span.end)
        return None

    def either(uid: str) -> FeedbackSpan | None:
        return side(uid, own) or side(uid, gold)

    items = []
    compared = against_gold(
        [SpanKey(a.uid, a.user_id, label.key, a.start, a.end) for a, label in own_rows],
        [SpanKey(g.uid, 0, label.key, g.start, g.end) for g, label in gold_rows])
    for c in compared:
        own_uid = c.own.uid if c.own else None
        items.append(FeedbackItem(
            outcome=c.outcome, own=side(own_uid, own), gold=side(c.gold.uid if c.gold else None, gold),
            near=either(c.near.uid) if c.near else None,
            rejected_note=notes.get(own_uid) if own_uid else None,
            annotation_id=own[own_uid][0].id if own_uid else None))
    return GoldFeedback(document.id, name(user_id) if annotator else username, True, None,
                        state.curator, state.curated_at, tuple(items))
