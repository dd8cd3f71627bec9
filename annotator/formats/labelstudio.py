"""Label Studio JSON: a list of tasks that Label Studio's own importer takes.

    [{"data": {"text": ..., "title": ..., "url": ..., "outlet": ...},
      "meta": {"uid": ..., "external_id": ..., "text_sha256": ...},
      "annotations": [{"result": [{"id": ..., "from_name": "label", "to_name": "text",
                                   "type": "labels", "value": {"start", "end", "text", "labels"}}],
                       "ground_truth": false, "was_cancelled": false, "annotator": "ana"}]}]

One Label Studio annotation per annotator and document; the gold layer is one more with
`ground_truth: true` and `"layer": "gold"`. Offsets are code points, as Label Studio counts them
for a Text object. A region's note goes to its `meta.text` (Label Studio's region notes);
attributes, uid, origin and times go to an `annotator_data` object on the region, which Label
Studio keeps and ignores. `completed_by` is left out on purpose: Label Studio refuses an import
whose `completed_by` names a user it does not know; it assigns the spans to the importing user,
and our `annotator` key keeps the name for a return trip. The labeling config that fits
(`<Labels name="label" toName="text">` over `<Text name="text" value="$text"/>`) is written
beside the export (`.label_config.xml`).

Import of Label Studio exports: each `labels` region becomes one span per label, offsets taken as
code points; the region's `text` must equal the document text there, else the import is
refused naming the task id. Per-region choices, text areas, numbers and ratings become
attributes named after their `from_name`. The annotator is taken from `annotator`, else the
`completed_by` e-mail, else `ls-user-<id>`. Cancelled annotations and predictions are not
imported.

Relations are `relation` results in the annotation of their spans: `from_id` and `to_id` name
the regions, `direction` is `right` (or `bi` for an undirected type), `labels` the type; uid,
attributes, note, origin and times go to the result's `annotator_data`. The labeling config
lists the types under `<Relations>`. On import, `left` swaps the ends, a result with several
labels becomes one relation per label, and one without a label is refused (a relation needs a
type); a region with several labels is one span per label, and a relation names the first.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import IO, Any, Final
from xml.sax.saxutils import quoteattr

from ..errors import InvalidInput
from .base import (
    EXAMPLES,
    GOLD,
    MANIFEST_SIDECAR,
    ReadResult,
    as_gold,
    iso_utc,
    manifest_json,
    parse_date,
    parse_utc,
    relation_types,
    span_labels,
)
from .input_checks import RecordLimit, take
from .json_input import load_json
from .records import (
    AnnotationRecord,
    DocumentRecord,
    EntityRecord,
    GoldRelationRecord,
    Manifest,
    RelationRecord,
)

NAME = "labelstudio"
FORMAT_ID = "annotator-labelstudio"
TITLE = "Label Studio JSON"
EXTENSIONS = (".json",)
EXPORT_SUFFIX = ".labelstudio.json"
MEDIA_TYPE = "application/json"
KIND: Final = "file"
EXAMPLE = EXAMPLES / "example.labelstudio.json"
LABEL_CONFIG_SIDECAR = ".label_config.xml"
SIDECARS = (MANIFEST_SIDECAR, LABEL_CONFIG_SIDECAR)
LOSSLESS = False
SINGLE_LAYER = None
RELATION_TABLE = None

FROM_NAME, TO_NAME = "label", "text"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ATTRIBUTE_TYPES = {"choices": "choices", "textarea": "text", "number": "number", "rating": "rating"}


def label_config(manifest: Manifest) -> str:
    """A Label Studio labeling config with the codebook's span labels and colours."""
    lines = ["<View>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    for key, label in span_labels(manifest).items():
        lines.append(f"    <Label value={quoteattr(key)} background={quoteattr(label.get('colour', '#999999'))}/>")
    lines += ["  </Labels>", *_relations_config(manifest), f'  <Text name="{TO_NAME}" value="$text"/>', "</View>", ""]
    return "\n".join(lines)


def _relations_config(manifest: Manifest) -> list[str]:
    kinds = relation_types(manifest)
    if not kinds:
        return []
    return ["  <Relations>",
            *(f"    <Relation value={quoteattr(key)} background={quoteattr(kind.get('colour', '#999999'))}/>"
              for key, kind in kinds.items()),
            "  </Relations>"]


def _relation_results(relations: Sequence[RelationRecord], regions: set[str | None],
                      undirected: frozenset[str]) -> list[dict[str, Any]]:
    """The relations between these regions (span uids), as `relation` results."""
    results = []
    for relation in relations:
        if relation.from_uid not in regions or relation.to_uid not in regions:
            continue
        extra: dict[str, Any] = {"uid": relation.uid, "origin": relation.origin}
        if relation.attributes:
            extra["attributes"] = relation.attributes
        if relation.note:
            extra["note"] = relation.note
        for key in ("created_at", "updated_at"):
            if getattr(relation, key):
                extra[key] = iso_utc(getattr(relation, key))
        results.append({"from_id": relation.from_uid, "to_id": relation.to_uid, "type": "relation",
                        "direction": "bi" if relation.type in undirected else "right", "labels": [relation.type],
                        "annotator_data": extra})
    return results


def _region(ann: AnnotationRecord) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": ann.uid, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
        "value": {"start": ann.start, "end": ann.end, "text": ann.quote, "labels": [ann.label]},
    }
    if ann.note:
        region["meta"] = {"text": [ann.note]}
    extra: dict[str, Any] = {"uid": ann.uid, "origin": ann.origin}
    if ann.attributes:
        extra["attributes"] = ann.attributes
    if ann.created_at:
        extra["created_at"] = iso_utc(ann.created_at)
    if ann.updated_at:
        extra["updated_at"] = iso_utc(ann.updated_at)
    region["annotator_data"] = extra
    return region


def _task(record: DocumentRecord, undirected: frozenset[str] = frozenset()) -> dict[str, Any]:
    data: dict[str, Any] = {"text": record.text, "title": record.title}
    for key in ("url", "outlet"):
        if getattr(record, key):
            data[key] = getattr(record, key)
    meta: dict[str, Any] = {"uid": record.uid, "text_sha256": record.text_sha256}
    for key in ("external_id", "author", "language"):
        if getattr(record, key):
            meta[key] = getattr(record, key)
    if record.published:
        meta["published"] = record.published.isoformat()
    if record.meta:
        meta["document_meta"] = record.meta
    groups: dict[tuple[str, str | None], list[AnnotationRecord]] = defaultdict(list)
    for ann in record.annotations:
        groups[("annotation", ann.annotator)].append(ann)
    for gold in record.gold:
        groups[(GOLD, gold.curator)].append(gold)
    annotations = []
    for (layer, who), spans in groups.items():
        entry: dict[str, Any] = {"result": [_region(a) for a in spans], "ground_truth": layer == GOLD,
                                 "was_cancelled": False}
        entry["result"] += _relation_results(record.gold_relations if layer == GOLD else record.relations,
                                             {a.uid for a in spans}, undirected)
        if who:
            entry["annotator"] = who
        if layer == GOLD:
            entry["layer"] = GOLD
        annotations.append(entry)
    return {"data": data, "meta": meta, "annotations": annotations, "predictions": []}


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], fp: IO[str]) -> int:
    fp.write("[")
    count = 0
    undirected = frozenset(k for k, kind in relation_types(manifest).items() if not kind.get("directed", True))
    for record in records:
        fp.write(("\n" if count == 0 else ",\n") + json.dumps(_task(record, undirected), ensure_ascii=False, default=str))
        count += 1
    fp.write("\n]\n")
    return count


def sidecars(manifest: Manifest) -> dict[str, str]:
    """The manifest (a task list has no place for it) and the labeling config that fits."""
    return {MANIFEST_SIDECAR: manifest_json(manifest), LABEL_CONFIG_SIDECAR: label_config(manifest)}


# --- reading ------------------------------------------------------------------------------


def read(fp: IO[str], *, source: str = "<labelstudio>", limit: RecordLimit | None = None) -> ReadResult:
    result = ReadResult()
    try:
        data = load_json(fp, source)
    except InvalidInput as error:
        result.issues.append(error)
        return result
    tasks = [data] if isinstance(data, dict) else data
    if not isinstance(tasks, list):
        result.issues.append(InvalidInput("expected a list of tasks", file=source, line=1))
        return result
    if limit is not None and len(tasks) > limit.room():
        # Refused before any record is built: the parsed file is already the larger part of
        # the memory.
        first = limit.room()  # the first task beyond the limit
        over = tasks[first].get("id", first) if isinstance(tasks[first], dict) else first
        limit.take(len(tasks), file=source, line=f"task {over}")
    for index, task in enumerate(tasks):
        task_id = task.get("id", index) if isinstance(task, dict) else index
        try:
            record = _read_task(task, f"task {task_id}", source)
        except InvalidInput as error:
            take(limit, 1, file=source, line=f"task {task_id}")
            result.issues.append(error)
            continue
        take(limit, 1 + len(record.annotations) + len(record.gold), file=source, line=f"task {task_id}")
        result.records.append(record)
    return result


def _object(value: Any) -> dict[str, Any]:
    """An optional JSON object of a task (meta, annotator_data): anything else counts as absent."""
    return value if isinstance(value, dict) else {}


def _annotator(entry: dict[str, Any]) -> str | None:
    name = entry.get("annotator")
    if isinstance(name, str):
        return name
    who = entry.get("completed_by")
    if isinstance(who, dict):
        email = who.get("email")
        if isinstance(email, str) and email:
            return email
        return f"ls-user-{who['id']}" if "id" in who else None
    if isinstance(who, int):
        return f"ls-user-{who}"
    return None


def _read_task(task: Any, where: str, source: str) -> DocumentRecord:
    if not isinstance(task, dict):
        raise InvalidInput("a task must be an object", file=source, line=where)
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InvalidInput("a task needs its text in data.text", file=source, line=where, field="data.text")
    meta = _object(task.get("meta"))
    document_meta = meta.get("document_meta") or {}
    if not isinstance(document_meta, dict):
        raise InvalidInput("meta.document_meta must be an object", file=source, line=where, field="meta.document_meta")
    published_date = parse_date(meta.get("published"), file=source, line=where, field="meta.published")
    extra = {k: v for k, v in data.items() if k not in ("text", "title", "url", "outlet")}
    record = DocumentRecord(
        text=data["text"], title=str(data.get("title") or ""), url=data.get("url"), outlet=data.get("outlet"),
        uid=meta.get("uid"), external_id=meta.get("external_id") or (str(task["id"]) if "id" in task else None),
        author=meta.get("author"), language=meta.get("language"), published=published_date,
        text_sha256=meta.get("text_sha256"), meta={**document_meta, **extra},
        source=f"{source}, {where}",
    )
    annotations = task.get("annotations") or task.get("completions") or []
    if not isinstance(annotations, list):
        raise InvalidInput("annotations must be a list", file=source, line=where, field="annotations")
    for number, entry in enumerate(annotations):
        if not isinstance(entry, dict) or entry.get("was_cancelled"):
            continue
        _read_annotation(record, entry, f"{where}, annotation {entry.get('id', number)}", source)
    return record


def _read_annotation(record: DocumentRecord, entry: dict[str, Any], where: str, source: str) -> None:
    annotator = _annotator(entry)
    is_gold = entry.get("layer") == GOLD
    results = entry.get("result") or []
    if not isinstance(results, list):
        raise InvalidInput("result must be a list", file=source, line=where, field="result")
    regions: dict[str, list[AnnotationRecord]] = defaultdict(list)
    spans: list[AnnotationRecord] = []
    per_region: list[tuple[str, dict[str, Any]]] = []
    links: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(results):
        if not isinstance(item, dict):
            raise InvalidInput("a result item must be an object", file=source, line=where, field=f"result[{i}]")
        rid = str(item.get("id", i))
        kind = item.get("type")
        if kind == "labels":
            found = _spans(item, rid, annotator, where, source)
            regions[rid].extend(found)
            spans.extend(found)
        elif kind in _ATTRIBUTE_TYPES and item.get("id") is not None:
            per_region.append((rid, item))
        elif kind == "relation":
            links.append((f"{where}, result {i}", item))
        else:
            raise InvalidInput(f"result type {kind!r} cannot be imported (only labels and per-region attributes)",
                               file=source, line=f"{where}, result {rid}", field="type")
    for rid, item in per_region:
        if rid not in regions:
            raise InvalidInput("a per-region value names no labels region", file=source, line=f"{where}, result {rid}", field="id")
        value = item.get("value") or {}
        if not isinstance(value, dict):
            raise InvalidInput("a per-region value must be an object", file=source, line=f"{where}, result {rid}", field="value")
        found_value = value.get("text") if item["type"] == "textarea" else value.get(item["type"])
        if isinstance(found_value, list) and len(found_value) == 1:
            found_value = found_value[0]
        for ann in regions[rid]:
            ann.attributes.setdefault(str(item.get("from_name") or item["type"]), found_value)
    relations = [r for here, item in links for r in _relations(item, regions, here, source)]
    for ann in spans:
        if is_gold:
            record.gold.append(as_gold(ann, curator=annotator))
        else:
            record.annotations.append(ann)
    if is_gold:
        record.gold_relations += [GoldRelationRecord(**vars(r), curator=annotator) for r in relations]
    else:
        record.relations += relations


def _relations(item: dict[str, Any], regions: dict[str, list[AnnotationRecord]], here: str,
               source: str) -> list[RelationRecord]:
    """One relation per label of a `relation` result, between the first spans of its regions
    (which get a uid to be named by when they have none)."""
    ends = [str(item.get(key)) for key in ("from_id", "to_id")]
    for key, end in zip(("from_id", "to_id"), ends, strict=True):
        if end not in regions:
            raise InvalidInput(f"{key} {end!r} names no labels region of this annotation", file=source, line=here,
                               field=key)
    if item.get("direction") == "left":
        ends.reverse()
    labels = item.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise InvalidInput("a relation needs its type in labels (a non-empty list of strings)", file=source,
                           line=here, field="labels")
    uids = []
    for end in ends:
        span = regions[end][0]
        span.uid = span.uid or str(uuid.uuid4())
        uids.append(span.uid)
    extra = _object(item.get("annotator_data"))
    uid = extra.get("uid") if isinstance(extra.get("uid"), str) and _UUID.match(extra.get("uid", "")) else None
    attributes = extra.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=here, field="annotator_data.attributes")
    note = extra.get("note") if isinstance(extra.get("note"), str) else None
    created, updated = (parse_utc(extra.get(key), file=source, line=here, field=f"annotator_data.{key}")
                        for key in ("created_at", "updated_at"))
    return [RelationRecord(type=label, from_uid=uids[0], to_uid=uids[1], uid=uid if n == 0 else None,
                           attributes=dict(attributes), note=note, origin=extra.get("origin") or "import",
                           created_at=created, updated_at=updated, source=f"{source}, {here}")
            for n, label in enumerate(labels)]


def _spans(item: dict[str, Any], rid: str, annotator: str | None, where: str, source: str) -> list[AnnotationRecord]:
    value = item.get("value")
    here = f"{where}, result {rid}"
    if not isinstance(value, dict):
        raise InvalidInput("a region needs a value", file=source, line=here, field="value")
    start, end, labels = value.get("start"), value.get("end"), value.get("labels")
    if not isinstance(start, int) or not isinstance(end, int):
        raise InvalidInput("start and end must be whole numbers (character offsets)", file=source, line=here, field="value.start/end")
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise InvalidInput("labels must be a non-empty list of strings", file=source, line=here, field="value.labels")
    extra = _object(item.get("annotator_data"))
    uid = extra.get("uid") if isinstance(extra.get("uid"), str) and _UUID.match(extra.get("uid", "")) else None
    attributes = extra.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=here, field="annotator_data.attributes")
    meta = _object(item.get("meta"))
    note_parts = meta.get("text")
    note = "\n".join(note_parts) if isinstance(note_parts, list) else note_parts if isinstance(note_parts, str) else None
    spans = []
    for n, label in enumerate(labels):
        spans.append(AnnotationRecord(
            start=start, end=end, label=label, quote=value.get("text") if isinstance(value.get("text"), str) else None,
            annotator=annotator, uid=uid if n == 0 else None, attributes=dict(attributes), note=note,
            origin=extra.get("origin") or "import",
            created_at=parse_utc(extra.get("created_at"), file=source, line=here, field="annotator_data.created_at"),
            updated_at=parse_utc(extra.get("updated_at"), file=source, line=here, field="annotator_data.updated_at"),
            source=f"{source}, {here}",
        ))
    return spans
