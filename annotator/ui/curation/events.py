"""Acting on what the curation view reports: one handler per event type (HANDLERS), each one
service call (one transaction) that leaves an undo step; `undo` takes the newest step of the
document back, also with one service call per gold span it touches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...db import Database
from ...errors import AnnotatorError
from ...services.actor import Actor
from ...services.team.curation import comparison
from ...services.team.gold import (
    accept_unanimous,
    accept_version,
    add_gold,
    delete_gold,
    reject_cluster,
    reopen_cluster,
    restore_gold,
    revert_gold,
    update_gold,
)
from ...services.team.gold_relations import accept_relation, delete_gold_relation
from ...services.team.views import ComparisonView, VersionView
from ..highlighter.curation_payload import CurationEvent
from ..text import shorten


@dataclass(frozen=True)
class UndoStep:
    """How to take one decision back."""

    document_id: int
    #: What was done, for the message ("Undone: ...").
    what: str
    delete: tuple[int, ...] = ()
    restore: tuple[int, ...] = ()
    reopen: str | None = None
    reject: str | None = None
    revert: int | None = None
    #: Gold relations to delete.
    delete_relations: tuple[int, ...] = ()


@dataclass
class Context:
    db: Database
    actor: Actor
    document_id: int
    done_only: bool
    #: The undo stack (session state), newest last.
    undo: list[UndoStep]
    #: The document's comparison, if read already (see `view`).
    known: ComparisonView | None = None

    @property
    def view(self) -> ComparisonView:
        """The document's comparison, read only when a decision needs it: on a long document
        it is the slowest read, and most decisions do without it."""
        if self.known is None:
            self.known = comparison(self.db, self.actor, self.document_id, done_only=self.done_only)
        return self.known

    def changed(self) -> None:
        """A decision was made: the next `view` is read again."""
        self.known = None

    def version(self, uid: str | None) -> VersionView | None:
        return next((v for spans in self.view.spans.values() for v in spans if v.uid == uid), None)

    def gold_version(self, gold_id: int) -> int:
        """The version of a gold span now (an undo names the version it read)."""
        found = next((g for g in self.view.gold if g.id == gold_id), None)
        if found is None:
            raise AnnotatorError(f"gold span {gold_id} is no longer on this document")
        return found.version

    def push(self, what: str, **inverse: Any) -> str:
        self.undo.append(UndoStep(self.document_id, what, **inverse))
        del self.undo[:-50]
        return what


def _accept(ctx: Context, event: CurationEvent) -> str:
    gold = accept_version(ctx.db, ctx.actor, ctx.document_id, event.uid or "")
    who = gold.chosen_from or "an annotator"
    return ctx.push(f"accepted {who}'s “{shorten(gold.quote, 60)}” as {gold.label_name}", delete=(gold.id,))


def _accept_agreed(ctx: Context, event: CurationEvent) -> str:
    if event.selection is None or event.label is None:
        raise AnnotatorError("nothing to accept")
    ids = accept_unanimous(ctx.db, ctx.actor, ctx.document_id, done_only=ctx.done_only, labels=[event.label],
                           at=(event.selection.start, event.selection.end))
    return ctx.push(f"accepted “{shorten(event.selection.quote, 60)}” (agreed by all)", delete=ids)


def _written(ctx: Context, event: CurationEvent, sources: tuple[str, ...]) -> str:
    if event.selection is None or event.label is None:
        raise AnnotatorError("a gold span needs a stretch of text and a label")
    base = ctx.version(event.uid)
    # The version's attributes come along while its label stays; another label has its own.
    attributes = dict(base.attributes) if base is not None and base.label == event.label else {}
    gold = add_gold(ctx.db, ctx.actor, ctx.document_id, start=event.selection.start, end=event.selection.end,
                    label=event.label, quote=event.selection.quote, attributes=attributes, source_uids=sources)
    how = "with an edited extent" if sources else "of your own"
    return ctx.push(f"wrote “{shorten(gold.quote, 60)}” as {gold.label_name} {how}", delete=(gold.id,))


def _accept_edited(ctx: Context, event: CurationEvent) -> str:
    known = {v.uid for spans in ctx.view.spans.values() for v in spans}
    return _written(ctx, event, tuple(uid for uid in event.sources if uid in known))


def _add(ctx: Context, event: CurationEvent) -> str:
    return _written(ctx, event, ())


def _adjust_gold(ctx: Context, event: CurationEvent) -> str:
    if event.gold is None or event.version is None or event.selection is None:
        raise AnnotatorError("nothing to adjust")
    changes: dict[str, Any] = {"start": event.selection.start, "end": event.selection.end,
                               "quote": event.selection.quote}
    if event.label:
        changes["label"] = event.label
    gold = update_gold(ctx.db, ctx.actor, event.gold, expected_version=event.version, **changes)
    return ctx.push(f"adjusted the gold span to “{shorten(gold.quote, 60)}”", revert=gold.id)


def _accept_relation(ctx: Context, event: CurationEvent) -> str:
    relation = accept_relation(ctx.db, ctx.actor, event.uid or "")
    return ctx.push(f"accepted {relation.type_name}: “{shorten(relation.from_quote, 30)}” → "
                    f"“{shorten(relation.to_quote, 30)}” into gold", delete_relations=(relation.id,))


def _note_gold(ctx: Context, event: CurationEvent) -> str:
    if event.gold is None or event.version is None:
        raise AnnotatorError("no gold span to write a note on")
    gold = update_gold(ctx.db, ctx.actor, event.gold, expected_version=event.version, note=(event.note or "").strip())
    return ctx.push(f"saved the note on “{shorten(gold.quote, 60)}”", revert=gold.id)


def _reject(ctx: Context, event: CurationEvent) -> str:
    reject_cluster(ctx.db, ctx.actor, ctx.document_id, event.key or "", note=event.note or "")
    return ctx.push("rejected every version of a disagreement", reopen=event.key)


def _reopen(ctx: Context, event: CurationEvent) -> str:
    reopen_cluster(ctx.db, ctx.actor, ctx.document_id, event.key or "")
    return ctx.push("reopened a disagreement", reject=event.key)


def _delete_gold(ctx: Context, event: CurationEvent) -> str:
    if event.gold is None:
        raise AnnotatorError("no gold span to delete")
    gold = delete_gold(ctx.db, ctx.actor, event.gold, expected_version=event.version)
    return ctx.push(f"deleted the gold span “{shorten(gold.quote, 60)}”", restore=(gold.id,))


def undo(ctx: Context) -> str:
    """Take back the newest decision on this document."""
    step = next((s for s in reversed(ctx.undo) if s.document_id == ctx.document_id), None)
    if step is None:
        return "Nothing to undo on this document."
    for relation_id in step.delete_relations:
        delete_gold_relation(ctx.db, ctx.actor, relation_id)
    for gold_id in step.delete:
        delete_gold(ctx.db, ctx.actor, gold_id)
    for gold_id in step.restore:
        restore_gold(ctx.db, ctx.actor, gold_id)
    if step.reopen:
        reopen_cluster(ctx.db, ctx.actor, ctx.document_id, step.reopen)
    if step.reject:
        reject_cluster(ctx.db, ctx.actor, ctx.document_id, step.reject)
    if step.revert is not None:
        revert_gold(ctx.db, ctx.actor, step.revert, expected_version=ctx.gold_version(step.revert))
    ctx.undo.remove(step)
    return f"Undone: {step.what}."


def _undo(ctx: Context, event: CurationEvent) -> str:
    return undo(ctx)


Handler = Callable[[Context, CurationEvent], str]
HANDLERS: dict[str, Handler] = {
    "accept": _accept,
    "accept_agreed": _accept_agreed,
    "accept_edited": _accept_edited,
    "accept_relation": _accept_relation,
    "add": _add,
    "adjust_gold": _adjust_gold,
    "note_gold": _note_gold,
    "reject": _reject,
    "reopen": _reopen,
    "delete_gold": _delete_gold,
    "undo": _undo,
}


def handle(ctx: Context, event: CurationEvent) -> tuple[str, str] | None:
    """Act on one event: (level, message) to show, or None. Events about another document
    (sent just before a switch) are dropped."""
    if event.doc is not None and event.doc != ctx.document_id:
        return None
    handler = HANDLERS.get(event.type)
    if handler is None:
        return None
    try:
        said = handler(ctx, event)
    except AnnotatorError as error:
        return "error", f"Not saved: {error}"
    finally:
        ctx.changed()
    return "success", said[0].upper() + said[1:] if said else said
