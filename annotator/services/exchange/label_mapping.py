"""A lead's decisions about the span labels an import brings that the codebook lacks: each is
mapped onto an existing label, added as a new label, or dropped with its spans. Pure: the
records are copied, never changed (the page keeps what it read to import it once decided).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

import regex

from ...codebooks.editor import key_from, unique_key
from ...codebooks.keys import key_problem
from ...codebooks.schema import LABEL_NAME_LENGTH
from ...errors import InvalidInput
from ...formats.records import AnnotationRecord, DocumentRecord, RelationRecord

Action = Literal["existing", "new", "drop"]


@dataclass(frozen=True)
class MapTo:
    """What becomes of the spans of one label the codebook lacks."""

    action: Action
    #: "existing": the codebook's label key they take; "new": the new label's key (by default
    #: the file's own).
    label: str | None = None
    #: "new": the new label's name (by default its key).
    name: str | None = None


#: The file's label key -> the decision.
LabelMapping = Mapping[str, MapTo]
Span = TypeVar("Span", bound=AnnotationRecord)
Link = TypeVar("Link", bound=RelationRecord)


def _plain(key: str) -> str:
    """The key without case, spaces and punctuation. Marks stay: in Devanagari and other
    scripts a vowel sign is part of the word (काम is not कम). Case folding turns Turkish İ
    into i and a combining dot, which is taken out so that İDDİA matches iddia."""
    folded = unicodedata.normalize("NFKC", key).casefold().replace("i\u0307", "i")
    return regex.sub(r"[^\p{L}\p{M}\p{N}]+", "", folded)


def suggest(key: str, labels: Iterable[tuple[str, str]]) -> str | None:
    """A codebook label (key, name) that `key` likely means: the same key or name ignoring case,
    spaces and punctuation (`Loaded_Language` -> `loaded_language`, `Name calling`)."""
    wanted = _plain(key)
    return next((k for k, name in labels if wanted and wanted in (_plain(k), _plain(name))), None)


def new_label_key(source: str, taken: Collection[str]) -> str:
    """The key a file's label is added under: its own where it fits the key rule (keys.py),
    else one made from it as the codebook editor makes one from a name ("=cmd" -> "cmd"),
    not one in `taken`."""
    return source if key_problem(source) is None else unique_key(key_from(source), set(taken))


def new_label_name(source: str) -> str:
    """The name a file's label is added under: as the file writes it, with `_` read as a space
    and runs of white space (a tab, a line break) as one, at most as long as a name may be."""
    return " ".join(source.replace("_", " ").split())[:LABEL_NAME_LENGTH] or source[:LABEL_NAME_LENGTH]


def resolve_mapping(unknown: Sequence[str], mapping: LabelMapping, known: Collection[str]) -> dict[str, MapTo]:
    """`mapping` with the key and name of every label to add filled in: the ones the lead gave,
    else `new_label_key` (made keys differ from the codebook's and from each other) and
    `new_label_name`. The page's "add as a new label" and the command line's --add-labels
    both come through here."""
    taken = set(known)
    resolved: dict[str, MapTo] = {}
    for source in unknown:
        decision = mapping.get(source)
        if decision is None:
            continue
        if decision.action == "new":
            decision = replace(decision, label=decision.label or new_label_key(source, taken),
                               name=decision.name or new_label_name(source))
            taken.add(decision.label or source)
        resolved[source] = decision
    return resolved


def check_mapping(unknown: Sequence[str], mapping: LabelMapping, known: set[str]) -> list[tuple[str, str]]:
    """The new labels to add (key, name), in the order of `unknown`; InvalidInput when a label is
    not decided or a decision does not fit the codebook."""
    undecided = [key for key in unknown if key not in mapping]
    if undecided:
        raise InvalidInput(f"labels not in the codebook and not mapped: {', '.join(undecided)} "
                           "(map each to a label, add it, or drop its spans)", field="labels")
    added: list[tuple[str, str]] = []
    for source in unknown:
        decision = mapping[source]
        if decision.action == "existing" and decision.label not in known:
            raise InvalidInput(f"{source!r} is mapped to {decision.label!r}, which the codebook lacks", field="labels")
        if decision.action == "new":
            key = decision.label or source
            if key in known:
                raise InvalidInput(f"{source!r} would be added as {key!r}, which the codebook has already: "
                                   "map it to that label instead", field="labels")
            if key not in {k for k, _ in added}:
                added.append((key, decision.name or key))
    return added


def apply_mapping(records: Sequence[DocumentRecord], mapping: LabelMapping
                  ) -> tuple[list[DocumentRecord], Counter[str], int]:
    """Copies of `records` with the mapped spans relabelled and the dropped ones left out, how
    many spans (gold included) were dropped per file label, and how many relations went with
    them (a relation whose end is dropped cannot be imported: it refused the whole import)."""
    dropped: Counter[str] = Counter()
    gone: set[str] = set()  # the uids of the dropped spans of the record being copied

    def relabel(spans: Sequence[Span]) -> list[Span]:
        # Every span is copied: the import changes the records it is given (attributes
        # parsed to their types), and what the page keeps must stay as it was read.
        kept = []
        for span in spans:
            decision = mapping.get(span.label)
            if decision is None:
                kept.append(replace(span))
            elif decision.action == "drop":
                dropped[span.label] += 1
                if span.uid:
                    gone.add(span.uid)
            else:
                kept.append(replace(span, label=decision.label or span.label))
        return kept

    def linked(relations: Sequence[Link]) -> list[Link]:
        return [relation for relation in relations if relation.from_uid not in gone and relation.to_uid not in gone]

    mapped = []
    relations = 0
    for record in records:
        gone.clear()
        copy = replace(record, annotations=relabel(record.annotations), gold=relabel(record.gold))
        if gone:
            copy.relations, copy.gold_relations = linked(record.relations), linked(record.gold_relations)
            relations += len(record.relations) + len(record.gold_relations) - len(copy.relations) - \
                len(copy.gold_relations)
        mapped.append(copy)
    return mapped, dropped, relations
