"""Rule-based suggestions in a project: run the detectors, store what they propose, and let
each user accept (as their own span, origin "suggestion") or dismiss them.

Suggestions carry labels of the built-in `framing` codebook; for projects on other codebooks
they are mapped to the nearest label there (e.g. `loaded_language` -> PTC's
`Loaded_Language`), and suggestions without a counterpart are not shown. Dismissals are kept
per user and document (by rule, label and offsets), so they survive a re-run of the detectors.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...errors import Conflict, InvalidInput, InvalidSpan, NotFound
from ...ingest.parts import detected_parts
from ...models import Annotation, Document, Label, Project, Suggestion, SuggestionDismissal
from ...models.enums import Layer, Origin, ProjectRole
from ...suggest import LexiconError, detect_all
from ...suggest.lexicon import parse_lexicon
from .. import audit
from ..actor import Actor
from ..permissions import LEADS, load_document_for, load_project, require_project_role
from ..unit import read_service, write_service
from ..views import AnnotationView
from .spans import SpanIn, create_annotation

#: framing label -> label of another built-in codebook (absent: no counterpart, not shown).
LABEL_MAPS: dict[str, dict[str, str]] = {
    "semeval2020-ptc": {
        "loaded_language": "Loaded_Language",
        "name_calling": "Name_Calling,Labeling",
        "hedge": "Doubt",
    },
    "semeval2023-persuasion": {
        "loaded_language": "Loaded_Language",
        "name_calling": "Name_Calling-Labeling",
        "hedge": "Doubt",
    },
}

LEXICON_SETTING = "lexicon_extra"


@dataclass(frozen=True)
class SuggestionView:
    id: int
    document_id: int
    rule: str
    #: Label key in the project's codebook.
    label: str
    label_name: str
    colour: str
    start: int
    end: int
    quote: str
    detail: str | None


@dataclass(frozen=True)
class SuggestRun:
    documents: int
    suggestions: int
    parts_marked: int


def _label_map(session: Session, project: Project) -> dict[str, Label]:
    """framing label key -> the project's span label it becomes."""
    labels = {
        label.key: label
        for label in session.scalars(
            select(Label).where(Label.codebook_id == project.codebook_id, Label.layer == Layer.SPAN)
        )
    }
    mapping = LABEL_MAPS.get(project.codebook.key)
    if mapping is None:
        return labels
    return {src: labels[dst] for src, dst in mapping.items() if dst in labels}


def _store(session: Session, project: Project, document: Document) -> int:
    """Bring the stored suggestions of a document up to a fresh run of the detectors. A
    suggestion found again keeps its row and id (one a user has open in the workspace stays
    valid, and an id never comes to mean another suggestion); vanished ones are deleted."""
    extra = project.settings.get(LEXICON_SETTING) or None
    found = {(s.rule, s.label, s.start, s.end): s for s in detect_all(document.text, lexicon_extra=extra)}
    stored = {(r.rule, r.label_key, r.start, r.end): r for r in session.scalars(
        select(Suggestion).where(Suggestion.document_id == document.id))}
    gone = [row.id for key, row in stored.items() if key not in found]
    if gone:
        session.execute(delete(Suggestion).where(Suggestion.id.in_(gone)))
    for key, s in found.items():
        row = stored.get(key)
        if row is None:
            session.add(Suggestion(document_id=document.id, rule=s.rule, label_key=s.label,
                                   start=s.start, end=s.end, quote=s.quote, detail=s.detail))
        elif row.detail != s.detail:
            row.detail = s.detail
    session.flush()
    return len(found)


def _mark_parts(document: Document) -> bool:
    """Body / furniture / comments from the detector, only where no one marked parts yet."""
    if document.parts:
        return False
    parts = detected_parts(document.text)
    if not parts:
        return False
    document.parts = parts
    return True


@write_service
def run_suggestions(
    session: Session, actor: Actor, project_id: int, *, document_ids: Sequence[int] = (),
    mark_parts: bool = True,
) -> SuggestRun:
    """Run every detector over the project's documents (or the given ones) and store the
    suggestions; also mark page furniture and comments where a document has no parts yet."""
    require_project_role(session, actor, project_id, LEADS, "run suggestions")
    project = load_project(session, project_id)
    query = select(Document).where(Document.project_id == project_id).order_by(Document.id)
    if document_ids:
        query = query.where(Document.id.in_(document_ids))
        missing = set(document_ids) - set(session.scalars(select(Document.id).where(
            Document.project_id == project_id, Document.id.in_(document_ids))))
        if missing:
            raise NotFound(f"no document(s) {sorted(missing)} in this project")
    documents = stored = marked = 0
    for document in session.scalars(query):
        documents += 1
        stored += _store(session, project, document)
        if mark_parts and _mark_parts(document):
            marked += 1
            audit.record(session, actor, "update", "document", document.id, project_id=project_id,
                         document_id=document.id, after={"parts": document.parts}, detail="parts from detector")
    audit.record(session, actor, "suggest", "project", project_id, project_id=project_id,
                 detail=f"{stored} suggestions on {documents} documents")
    return SuggestRun(documents, stored, marked)


class _Tagged:
    """The user's spans by label, to ask whether a suggestion falls on words the user already
    tagged with its label (then it is hidden: the place is done). Sorted starts with a running
    maximum of ends answer in O(log n), which matters on articles with a thousand spans."""

    def __init__(self, spans: Iterable[tuple[int, int, int]]) -> None:
        by_label: dict[int, list[tuple[int, int]]] = {}
        for label_id, start, end in spans:
            by_label.setdefault(label_id, []).append((start, end))
        self._starts: dict[int, list[int]] = {}
        self._reach: dict[int, list[int]] = {}
        for label_id, places in by_label.items():
            places.sort()
            self._starts[label_id] = [start for start, _ in places]
            self._reach[label_id] = list(accumulate((end for _, end in places), max))

    def overlaps(self, label_id: int, start: int, end: int) -> bool:
        starts = self._starts.get(label_id)
        if not starts:
            return False
        before_end = bisect_left(starts, end)  # spans starting before the suggestion ends
        return before_end > 0 and self._reach[label_id][before_end - 1] > start


def _visible(session: Session, actor: Actor, document: Document, project: Project) -> list[tuple[Suggestion, Label]]:
    labels = _label_map(session, project)
    dismissed = set(session.execute(
        select(SuggestionDismissal.rule, SuggestionDismissal.label_key, SuggestionDismissal.start, SuggestionDismissal.end)
        .where(SuggestionDismissal.document_id == document.id, SuggestionDismissal.user_id == actor.user_id)
    ).all())
    taken = _Tagged(session.execute(
        select(Annotation.label_id, Annotation.start, Annotation.end).where(
            Annotation.document_id == document.id, Annotation.user_id == actor.user_id,
            Annotation.deleted_at.is_(None))
    ).all())
    rows = session.scalars(select(Suggestion).where(Suggestion.document_id == document.id)
                           .order_by(Suggestion.start, Suggestion.end, Suggestion.rule)).all()
    visible = []
    for s in rows:
        label = labels.get(s.label_key)
        if label is None or (s.rule, s.label_key, s.start, s.end) in dismissed:
            continue
        if taken.overlaps(label.id, s.start, s.end):
            continue
        visible.append((s, label))
    return visible


def _view(s: Suggestion, label: Label) -> SuggestionView:
    return SuggestionView(s.id, s.document_id, s.rule, label.key, label.name, label.colour,
                          s.start, s.end, s.quote, s.detail)


def _has_suggestions(session: Session, document_id: int) -> bool:
    return session.scalar(select(Suggestion.id).where(Suggestion.document_id == document_id).limit(1)) is not None


@write_service(retry_integrity=True)  # two first looks at once: the second finds the rows
def document_suggestions(session: Session, actor: Actor, document_id: int) -> list[SuggestionView]:
    """The suggestions this user has neither accepted nor dismissed on the document. The
    detectors run (and their results are stored) the first time a document is looked at."""
    document, project, _role = load_document_for(session, actor, document_id)
    if not _has_suggestions(session, document_id):
        _store(session, project, document)
    return [_view(s, label) for s, label in _visible(session, actor, document, project)]


@read_service
def stored_suggestions(session: Session, actor: Actor, document_id: int) -> list[SuggestionView] | None:
    """Like `document_suggestions` but read-only: None when the detectors have not run on the
    document yet (the workspace reads this on every rerun and writes only on a first look)."""
    document, project, _role = load_document_for(session, actor, document_id)
    if not _has_suggestions(session, document_id):
        return None
    return [_view(s, label) for s, label in _visible(session, actor, document, project)]


def _load(session: Session, actor: Actor, suggestion_id: int) -> tuple[Suggestion, Document, Project]:
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(f"no suggestion with id {suggestion_id}")
    document, project, _ = load_document_for(session, actor, suggestion.document_id)
    return suggestion, document, project


def _accept(session: Session, actor: Actor, suggestion: Suggestion, label: Label) -> AnnotationView:
    """The suggestion as the user's span with `label` (its counterpart in the project)."""
    # A second click on Accept (or a resent event) must not make a second, identical span.
    taken = session.scalar(select(Annotation.id).where(
        Annotation.document_id == suggestion.document_id, Annotation.user_id == actor.user_id,
        Annotation.label_id == label.id, Annotation.start == suggestion.start,
        Annotation.end == suggestion.end, Annotation.deleted_at.is_(None)).limit(1))
    if taken is not None:
        raise Conflict(f"“{suggestion.quote[:60]}” is already one of your spans as {label.name}")
    return create_annotation.tx(session, actor, suggestion.document_id, SpanIn(
        suggestion.start, suggestion.end, label.key, suggestion.quote, origin=Origin.SUGGESTION.value))


@write_service
def accept_suggestion(session: Session, actor: Actor, suggestion_id: int) -> AnnotationView:
    """Store the suggestion as the user's own span (origin "suggestion")."""
    suggestion, _document, project = _load(session, actor, suggestion_id)
    label = _label_map(session, project).get(suggestion.label_key)
    if label is None:
        raise InvalidSpan(f"this project's codebook has no label for {suggestion.label_key!r}")
    return _accept(session, actor, suggestion, label)


@dataclass(frozen=True)
class RuleAccepted:
    """What "accept all of a rule" did: the spans it made (ids, for an undo) and how many
    suggestions it left because the project refused them (overlaps)."""

    annotation_ids: tuple[int, ...]
    skipped: int

    @property
    def accepted(self) -> int:
        return len(self.annotation_ids)


@write_service
def accept_rule(session: Session, actor: Actor, document_id: int, rule: str) -> RuleAccepted:
    """Accept every visible suggestion of one rule on the document; a suggestion that would
    overlap in a project refusing overlaps is skipped."""
    document, project, _ = load_document_for(session, actor, document_id)
    made: list[int] = []
    skipped = 0
    for suggestion, label in _visible(session, actor, document, project):
        if suggestion.rule != rule:
            continue
        try:
            with session.begin_nested():
                made.append(_accept(session, actor, suggestion, label).id)
        except (InvalidSpan, Conflict):
            skipped += 1
    return RuleAccepted(tuple(made), skipped)


@write_service(retry_integrity=True)  # a double click: the second attempt finds the row
def dismiss_suggestion(session: Session, actor: Actor, suggestion_id: int) -> int:
    """Hide the suggestion for this user on this document, also after the detectors re-run.
    Returns the dismissal's id (for `undismiss_suggestion`)."""
    suggestion, document, project = _load(session, actor, suggestion_id)
    if actor.user_id is None:
        raise InvalidInput("dismissals belong to a user; act as one (e.g. --as USER)")
    exists = session.scalar(select(SuggestionDismissal.id).where(
        SuggestionDismissal.document_id == document.id, SuggestionDismissal.user_id == actor.user_id,
        SuggestionDismissal.rule == suggestion.rule, SuggestionDismissal.label_key == suggestion.label_key,
        SuggestionDismissal.start == suggestion.start, SuggestionDismissal.end == suggestion.end))
    if exists is not None:
        return exists
    row = SuggestionDismissal(document_id=document.id, user_id=actor.user_id, rule=suggestion.rule,
                              label_key=suggestion.label_key, start=suggestion.start, end=suggestion.end)
    session.add(row)
    session.flush()
    audit.record(session, actor, "dismiss", "suggestion", suggestion.id, project_id=project.id,
                 document_id=document.id, detail=f"{suggestion.rule}: {suggestion.quote[:80]}")
    return row.id


@write_service
def undismiss_suggestion(session: Session, actor: Actor, dismissal_id: int) -> None:
    """Show a dismissed suggestion again (the workspace's Undo). Only its owner can."""
    row = session.get(SuggestionDismissal, dismissal_id)
    if row is None or row.user_id != actor.user_id:
        raise NotFound(f"no dismissal {dismissal_id} of yours")
    document, project, _ = load_document_for(session, actor, row.document_id)
    detail = f"{row.rule}: [{row.start}, {row.end})"
    session.delete(row)
    audit.record(session, actor, "undismiss", "suggestion_dismissal", dismissal_id, project_id=project.id,
                 document_id=document.id, detail=detail)


@write_service
def set_project_lexicon(session: Session, actor: Actor, project_id: int, entries: list[dict[str, Any]]) -> int:
    """Extend the built-in lexicon for this project (entries as in a lexicon YAML file);
    validated before it is stored. Returns the number of entries."""
    require_project_role(session, actor, project_id, LEADS, "change the lexicon")
    try:
        parse_lexicon(entries, "project lexicon")
    except LexiconError as error:
        raise InvalidInput(str(error), field="lexicon") from error
    project = load_project(session, project_id)
    before = {LEXICON_SETTING: project.settings.get(LEXICON_SETTING)}
    project.settings = {**project.settings, LEXICON_SETTING: entries}
    audit.record(session, actor, "update", "project", project_id, project_id=project_id,
                 before=before, after={LEXICON_SETTING: entries})
    return len(entries)


@read_service
def project_lexicon(session: Session, actor: Actor, project_id: int) -> list[dict[str, Any]]:
    project = load_project(session, project_id)
    require_project_role(session, actor, project_id, set(ProjectRole), "read the lexicon")
    return list(project.settings.get(LEXICON_SETTING) or [])
