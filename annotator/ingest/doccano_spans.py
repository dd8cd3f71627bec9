"""The spans of a JSON line of an article as doccano writes them, so that a team brings its
doccano work along instead of finding it in the documents' metadata.

doccano's sequence labelling import and export give `label` as [start, end, label] triples;
its relation projects give `entities` ({id, label, start_offset, end_offset}) and
`relations` ({from_id, to_id, type}) naming them. Offsets are characters (code points), end
exclusive, as doccano's Python side and its documentation count them. A `label` that is a
list of strings (doccano's text classification) is not spans and stays metadata; an empty
`label` or `Comments` list is dropped. Spans name no annotator: the import's `--annotator` (or the user
importing) gets them, as doccano exports one file per user.
"""

from __future__ import annotations

from typing import Any

from ..errors import InvalidInput
from ..formats.base import EndUids
from ..formats.records import AnnotationRecord, DocumentRecord, RelationRecord

_TRIPLE = "a span is [start, end, label]: whole numbers and a label"
_ENTITY = "a span has start_offset and end_offset (whole numbers) and a label"


def _whole(value: Any) -> bool:
    return type(value) is int


def holds_spans(data: dict[str, Any]) -> bool:
    """Does the line give spans (rather than, say, classification labels)?"""
    label = data.get("label")
    return "entities" in data or (isinstance(label, list) and any(isinstance(item, list) for item in label))


def take_spans(data: dict[str, Any], source: str, line: int) -> tuple[list[AnnotationRecord], list[tuple[Any, ...]]]:
    """The spans of the line, and its relations as (from span, to span, type, where), taken
    out of `data` (they are not metadata too); InvalidInput names the line and the field."""
    where = f"{source}, line {line}"
    spans: list[AnnotationRecord] = []
    if isinstance(data.get("label"), list) and holds_spans(data):
        for index, item in enumerate(data.pop("label")):
            if not (isinstance(item, list) and len(item) == 3 and _whole(item[0]) and _whole(item[1])
                    and isinstance(item[2], str) and item[2]):
                raise InvalidInput(_TRIPLE, file=source, line=line, field=f"label[{index}]")
            spans.append(AnnotationRecord(start=item[0], end=item[1], label=item[2], source=where))
    by_id: dict[Any, AnnotationRecord] = {}
    entities = data.pop("entities", [])
    if not isinstance(entities, list):
        raise InvalidInput("must be a list", file=source, line=line, field="entities")
    for index, entity in enumerate(entities):
        if not (isinstance(entity, dict) and _whole(entity.get("start_offset")) and _whole(entity.get("end_offset"))
                and isinstance(entity.get("label"), str) and entity["label"]):
            raise InvalidInput(_ENTITY, file=source, line=line, field=f"entities[{index}]")
        span = AnnotationRecord(start=entity["start_offset"], end=entity["end_offset"], label=entity["label"],
                                source=where)
        spans.append(span)
        if entity.get("id") is not None:
            by_id[entity["id"]] = span
    links: list[tuple[Any, ...]] = []
    relations = data.pop("relations", [])
    if not isinstance(relations, list):
        raise InvalidInput("must be a list", file=source, line=line, field="relations")
    for index, relation in enumerate(relations):
        if not isinstance(relation, dict):
            raise InvalidInput("a relation is an object with from_id, to_id and type", file=source, line=line,
                               field=f"relations[{index}]")
        ends = []
        for key in ("from_id", "to_id"):
            if relation.get(key) not in by_id:
                raise InvalidInput(f"no entity {relation.get(key)!r} on this line", file=source, line=line,
                                   field=f"relations[{index}].{key}")
            ends.append(by_id[relation[key]])
        kind = relation.get("type")
        if not isinstance(kind, str) or not kind:
            raise InvalidInput("a relation needs a type", file=source, line=line, field=f"relations[{index}].type")
        links.append((ends[0], ends[1], kind, where))
    for empty in ("label", "Comments"):  # a document without spans, or comments: nothing to keep
        if data.get(empty) == []:
            del data[empty]
    return spans, links


def attach(record: DocumentRecord, spans: list[AnnotationRecord], links: list[tuple[Any, ...]],
           end_uids: EndUids) -> bool:
    """The spans and relations on the document record; the spans a relation joins get uids
    (made from what they are, so the same file imported again names the same spans). True
    when the offsets were UTF-16 units (see `_in_units`) and have been made code points."""
    in_units = _in_units(record.text, spans)
    if in_units:
        _to_code_points(record.text, spans)
    record.annotations.extend(spans)
    for first, second, kind, where in links:
        record.relations.append(RelationRecord(type=kind, from_uid=end_uids.give(record, first),
                                               to_uid=end_uids.give(record, second), source=where))
    return in_units


def beyond_bmp(text: str) -> int:
    """How many characters of `text` take two UTF-16 units (emoji, flags, some CJK)."""
    return sum(1 for char in text if ord(char) > 0xFFFF)


def could_be_units(text: str, spans: list[AnnotationRecord]) -> bool:
    """Would the spans be elsewhere if their offsets were UTF-16 units (a character beyond
    U+FFFF before the end of one of them)?"""
    return bool(spans) and beyond_bmp(text[:max(s.end for s in spans)]) > 0


def _in_units(text: str, spans: list[AnnotationRecord]) -> bool:
    """Are the offsets UTF-16 units, as doccano's browser counts them? Only when nothing
    else can be meant: some span ends past the text in code points but not in units. (Where
    both fit, code points are taken and the import says which documents could be either.)"""
    if not any(s.end > len(text) for s in spans):  # the usual line: no count of the text needed
        return False
    extra = beyond_bmp(text)
    return bool(extra) and all(s.end <= len(text) + extra for s in spans)


def _to_code_points(text: str, spans: list[AnnotationRecord]) -> None:
    """UTF-16 offsets -> code points; an offset inside a pair of units is left as it is (the
    import refuses it as past the text or not on a character)."""
    at: dict[int, int] = {}
    unit = 0
    for index, char in enumerate(text):
        at[unit] = index
        unit += 2 if ord(char) > 0xFFFF else 1
    at[unit] = len(text)
    for span in spans:
        span.start, span.end = at.get(span.start, span.start), at.get(span.end, span.end)
