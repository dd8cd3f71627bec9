"""Label Studio JSON: a list of tasks that Label Studio's own importer takes.

    [{"data": {"text": ..., "title": ..., "url": ..., "outlet": ...},
      "meta": {"uid": ..., "external_id": ..., "text_sha256": ...},
      "annotations": [{"result": [{"id": ..., "from_name": "label", "to_name": "text",
                                   "type": "labels", "value": {"start", "end", "text", "labels"},
                                   "annotator_data": {"annotator": "ana", "uid": ..., ...}},
                                  {"id": "document", "from_name": "document", "to_name": "text",
                                   "type": "choices", "value": {"choices": ["genre_reporting"]}}],
                       "ground_truth": false, "was_cancelled": false, "annotator": "ana"}]}]

One Label Studio annotation per annotator and document; the gold layer is one more with
`ground_truth: true` and `"layer": "gold"`. Offsets are code points, as Label Studio counts them
for a Text object. A region's note goes to its `meta.text` (Label Studio's region notes);
who made it (the curator, for gold), the layer, attributes, links to registry entities, uid,
origin and times go to an `annotator_data` object on the region, which Label Studio keeps and
ignores. `completed_by` is left out on purpose: Label Studio refuses an import whose
`completed_by` names a user it does not know, and assigns the annotations to the importing
user; it also drops our annotation-level `annotator` and `layer` keys, so the region's data is
what brings the annotator back. Document labels (genre, frames) are a `choices` result of
their annotator's annotation, not tied to a region. The labeling config that fits
(`<Labels name="label" toName="text">` over `<Text name="text" value="$text"/>`, and a
`<Choices name="document">` of the document labels) is written beside the export
(`.label_config.xml`).

Import of Label Studio exports: each `labels` region becomes one span per label, offsets taken as
code points; the region's `text` must equal the document text there, else the import is
refused naming the task id. Per-region choices, text areas, numbers and ratings become
attributes named after their `from_name`. A result that names no region and has no offsets is
about the whole text: `choices` give document labels; a text area, number or rating has no
place in our model (document labels carry no value or note) and is counted in the import
summary as not imported, per type and control, with the first place one was found. The
annotator is taken from the region's `annotator_data`, else the annotation's `annotator`, else
the `completed_by` e-mail, else `ls-user-<id>` (the import's user map turns these into
accounts). An annotation with `ground_truth: true` (or our `layer: gold`,
or a region whose data says so) is gold. Cancelled annotations and predictions are not
imported.

Relations are `relation` results in the annotation of their spans: `from_id` and `to_id` name
the regions, `direction` is `right` (or `bi` for an undirected type), `labels` the type; uid,
attributes, note, origin and times go to the result's `annotator_data`. The labeling config
lists the types under `<Relations>`. On import, `left` swaps the ends, a result with several
labels becomes one relation per label, and one without a label (no `labels`, Label Studio's
default without `<Relations>` labels, or `labels: []`) is a relation of the untyped type
(`codebooks/untyped.py`: `untyped`, or `untyped_undirected` for `bi`), which is written back
without `labels` and left out of the config's `<Relations>`; a region with several labels is
one span per label, and a relation names the first. A relation between gold regions is a gold
relation.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import IO, Any, Final

import orjson

from ..codebooks.untyped import KEYS as UNTYPED_KEYS
from ..codebooks.untyped import untyped_key
from ..errors import InvalidInput
from .base import (
    EXAMPLES,
    GOLD,
    LABEL_CONFIG_SIDECAR,
    MANIFEST_SIDECAR,
    EndUids,
    ReadResult,
    as_gold,
    codebook_labels,
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
    DocumentLabelRecord,
    DocumentRecord,
    EntityLinkRecord,
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
SIDECARS = (MANIFEST_SIDECAR, LABEL_CONFIG_SIDECAR)
LOSSLESS = False
#: What a project holds that the tasks have no place for (the manifest's `carries_no`).
CARRIES_NO = ("assignments",)
SINGLE_LAYER = None
RELATION_TABLE = None

FROM_NAME, TO_NAME = "label", "text"
#: The control of document labels: a `choices` result named so (any `choices` result that
#: names no region is read as document labels).
DOCUMENT_NAME = "document"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ATTRIBUTE_TYPES = {"choices": "choices", "textarea": "text", "number": "number", "rating": "rating"}


class _Unplaced:
    """Results about the whole text that our model has no place for (a text area, rating or
    number not tied to a region: document labels carry no value or note), counted per type and
    control for the import summary, never refused and never dropped without a word."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.first: str | None = None

    def add(self, item: dict[str, Any], where: str) -> None:
        self.counts[(str(item["type"]), str(item.get("from_name") or ""))] += 1
        self.first = self.first or where

    def note(self) -> str | None:
        if not self.counts:
            return None
        counted = sorted(self.counts.items(), key=lambda entry: (-entry[1], entry[0]))
        named = ", ".join(f"{n} {kind} {name!r}" for (kind, name), n in counted)
        return (f"Label Studio results about the whole text that have no place here are not imported: {named} "
                f"(first in {self.first})")


#: What an attribute value escapes (`&` first, so that no entity is escaped twice).
_ATTRIBUTE_ENTITIES = (("&", "&amp;"), (">", "&gt;"), ("<", "&lt;"), ("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;"))


def quoteattr(value: str) -> str:
    """An XML attribute value in quotes, as `xml.sax.saxutils.quoteattr` writes it (the same
    steps; tests/formats/test_labelstudio_config.py compares them). Written here because that
    module imports urllib.request, http.client and the email package, a hundredth of a second
    of every Label Studio export, which writes a config each time."""
    for char, entity in _ATTRIBUTE_ENTITIES:
        value = value.replace(char, entity)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def label_config(manifest: Manifest) -> str:
    """A Label Studio labeling config with the codebook's span labels and colours, and its
    document labels as choices."""
    lines = ["<View>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    for key, label in span_labels(manifest).items():
        lines.append(f"    <Label value={quoteattr(key)} background={quoteattr(label.get('colour', '#999999'))}/>")
    lines += ["  </Labels>", *_relations_config(manifest), f'  <Text name="{TO_NAME}" value="$text"/>']
    document = [key for key in codebook_labels(manifest) if key not in span_labels(manifest)]
    if document:
        lines.append(f'  <Choices name="{DOCUMENT_NAME}" toName="{TO_NAME}" choice="multiple" showInline="true">')
        lines += [f"    <Choice value={quoteattr(key)}/>" for key in document]
        lines.append("  </Choices>")
    lines += ["</View>", ""]
    return "\n".join(lines)


def _relations_config(manifest: Manifest) -> list[str]:
    kinds = {key: kind for key, kind in relation_types(manifest).items() if key not in UNTYPED_KEYS}
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
        result: dict[str, Any] = {"from_id": relation.from_uid, "to_id": relation.to_uid, "type": "relation",
                                  "direction": "bi" if relation.type in undirected else "right"}
        if relation.type not in UNTYPED_KEYS:  # Label Studio's own relation without a label has no `labels`
            result["labels"] = [relation.type]
        result["annotator_data"] = extra
        results.append(result)
    return results


def _region(ann: AnnotationRecord, who: str | None, layer: str) -> dict[str, Any]:
    region: dict[str, Any] = {
        "id": ann.uid, "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
        "value": {"start": ann.start, "end": ann.end, "text": ann.quote, "labels": [ann.label]},
    }
    if ann.note:
        region["meta"] = {"text": [ann.note]}
    extra: dict[str, Any] = {"annotator": who} if who else {}
    if layer == GOLD:
        extra["layer"] = GOLD
    extra["uid"] = ann.uid  # set one by one: update() with keywords builds a dict per region first
    extra["origin"] = ann.origin
    if ann.attributes:
        extra["attributes"] = ann.attributes
    if ann.entities:
        extra["entities"] = [_link(link) for link in ann.entities]
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
    groups: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for ann in record.annotations:
        groups[("annotation", ann.annotator)].append(_region(ann, ann.annotator, "annotation"))
    for gold in record.gold:
        groups[(GOLD, gold.curator)].append(_region(gold, gold.curator, GOLD))
    labels: dict[str | None, list[DocumentLabelRecord]] = defaultdict(list)
    for doc_label in record.document_labels:
        labels[doc_label.annotator].append(doc_label)
    for who, chosen in labels.items():
        groups[("annotation", who)].append(_document_choices(who, chosen))
    annotations = []
    for (layer, who), results in groups.items():
        regions = {r.get("id") for r in results if r["type"] == "labels"}
        results += _relation_results(record.gold_relations if layer == GOLD else record.relations, regions, undirected)
        entry: dict[str, Any] = {"result": results, "ground_truth": layer == GOLD, "was_cancelled": False}
        if who:
            entry["annotator"] = who
        if layer == GOLD:
            entry["layer"] = GOLD
        annotations.append(entry)
    return {"data": data, "meta": meta, "annotations": annotations, "predictions": []}


def _link(link: EntityLinkRecord) -> dict[str, Any]:
    return {"role": link.role, "uid": link.entity_uid, "name": link.entity_name}


def _document_choices(who: str | None, chosen: list[DocumentLabelRecord]) -> dict[str, Any]:
    """One annotator's document labels as a `choices` result that names no region; when each
    was set goes to `annotator_data.created_at` (label -> time)."""
    result: dict[str, Any] = {"id": DOCUMENT_NAME, "from_name": DOCUMENT_NAME, "to_name": TO_NAME, "type": "choices",
                              "value": {"choices": [c.label for c in chosen]}}
    extra: dict[str, Any] = {"annotator": who} if who else {}
    times = {c.label: iso_utc(c.created_at) for c in chosen if c.created_at is not None}
    if times:
        extra["created_at"] = times
    if extra:
        result["annotator_data"] = extra
    return result


#: orjson writes a task as `json.dumps(task, ensure_ascii=False, default=str)` does, without the
#: spaces after `,` and `:`, in a sixth of the time (0.19 -> 0.03 s for the 2,000 tasks of the
#: peer set, issue 18): dates, times and dataclasses go to `str` as there, and keys that are not
#: strings are written as strings.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


def _encode(task: dict[str, Any]) -> str:
    return orjson.dumps(task, default=str, option=_OPTIONS).decode()


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], fp: IO[str]) -> int:
    fp.write("[")
    count = 0
    undirected = frozenset(k for k, kind in relation_types(manifest).items() if not kind.get("directed", True))
    for record in records:
        fp.write(("\n" if count == 0 else ",\n") + _encode(_task(record, undirected)))
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
    end_uids = EndUids()
    unplaced = _Unplaced()
    if limit is not None and len(tasks) > limit.room():
        # Refused before any record is built: the parsed file is already the larger part of
        # the memory.
        first = limit.room()  # the first task beyond the limit
        over = tasks[first].get("id", first) if isinstance(tasks[first], dict) else first
        limit.take(len(tasks), file=source, line=f"task {over}")
    for index, task in enumerate(tasks):
        task_id = task.get("id", index) if isinstance(task, dict) else index
        try:
            record = _read_task(task, f"task {task_id}", source, end_uids, unplaced)
        except InvalidInput as error:
            take(limit, 1, file=source, line=f"task {task_id}")
            result.issues.append(error)
            continue
        take(limit, 1 + len(record.annotations) + len(record.gold), file=source, line=f"task {task_id}")
        result.records.append(record)
    note = unplaced.note()
    if note is not None:
        result.notes.append(note)
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


def _read_task(task: Any, where: str, source: str, end_uids: EndUids, unplaced: _Unplaced) -> DocumentRecord:
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
    title = data.get("title") or ""
    if not isinstance(title, str | int | float) or isinstance(title, bool):
        raise InvalidInput("a title must be text", file=source, line=where, field="data.title")
    extra = {k: v for k, v in data.items() if k not in ("text", "title", "url", "outlet")}
    record = DocumentRecord(
        text=data["text"], title=str(title), url=data.get("url"), outlet=data.get("outlet"),
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
        _read_annotation(record, entry, f"{where}, annotation {entry.get('id', number)}", source, end_uids, unplaced)
    return record


def _read_annotation(record: DocumentRecord, entry: dict[str, Any], where: str, source: str, end_uids: EndUids,
                     unplaced: _Unplaced) -> None:
    """One Label Studio annotation: its regions as spans (or gold), the attributes tied to
    them, its relations, and its results about the whole text (document labels, or counted in
    `unplaced`). Who made it and whether it is gold are settled once for the annotation; a
    region's own data (which Label Studio keeps) may say otherwise."""
    who = _annotator(entry)
    gold = entry.get("ground_truth") is True or entry.get("layer") == GOLD
    results = entry.get("result") or []
    if not isinstance(results, list):
        raise InvalidInput("result must be a list", file=source, line=where, field="result")
    # Spans that are not gold go to the record as their regions come; gold spans are copied as
    # gold records at the end, once relations have given uids to the spans they name.
    plain = record.annotations
    found: list[tuple[str, list[AnnotationRecord]]] = []  # each labels region's id and spans
    golden: list[AnnotationRecord] = []
    # (the result's id, or its place in the list when it has none; the result)
    per_region: list[tuple[str, dict[str, Any]]] = []
    links: list[tuple[str, dict[str, Any]]] = []
    for i, item in enumerate(results):
        if not isinstance(item, dict):
            raise InvalidInput("a result item must be an object", file=source, line=where, field=f"result[{i}]")
        rid = item.get("id", i)
        if type(rid) is not str:  # an id is text, as a rule: str() of it would be a call per region
            rid = str(rid)
        kind = item.get("type")
        if not isinstance(kind, str):
            raise InvalidInput("a result's type must be text", file=source, line=f"{where}, result {rid}", field="type")
        if kind == "labels":
            # The usual region (one label, whole-number offsets, no annotator_data or meta) is
            # read here, without the calls of _spans (which reads any other the same way):
            # this runs for every region of the file, tens of thousands.
            value = item.get("value")
            if type(value) is dict and item.get("annotator_data") is None and item.get("meta") is None:
                start, end, labels = value.get("start"), value.get("end"), value.get("labels")
                if (type(start) is int and type(end) is int and type(labels) is list and len(labels) == 1
                        and type(labels[0]) is str):
                    quote = value.get("text")
                    ann = AnnotationRecord(start, end, labels[0], quote if type(quote) is str else None, who,
                                           source=f"{source}, {where}, result {rid}")
                    found.append((rid, [ann]))
                    (golden if gold else plain).append(ann)
                    continue
            made, is_gold = _spans(item, rid, who, gold, where, source)
            found.append((rid, made))
            (golden if is_gold else plain).extend(made)
        elif kind in _ATTRIBUTE_TYPES:
            per_region.append((rid, item))
        elif kind == "relation":
            links.append((f"{where}, result {i}", item))
        else:
            raise InvalidInput(f"result type {kind!r} cannot be imported (only labels, relations, choices, text "
                               "areas, numbers and ratings)", file=source, line=f"{where}, result {rid}", field="type")
    if per_region or links:
        _tie_to_regions(record, found, golden, per_region, links, who, where, source, end_uids, unplaced)
    record.gold.extend(as_gold(ann, curator=ann.annotator) for ann in golden)


def _tie_to_regions(record: DocumentRecord, found: list[tuple[str, list[AnnotationRecord]]],
                    golden: list[AnnotationRecord], per_region: list[tuple[str, dict[str, Any]]],
                    links: list[tuple[str, dict[str, Any]]], who: str | None, where: str, source: str,
                    end_uids: EndUids, unplaced: _Unplaced) -> None:
    """An annotation's per-region attributes and relations, tied to the spans of the regions
    they name. A result that names no region and has no offsets is about the whole text: a
    `choices` result gives document labels, any other is counted in `unplaced`."""
    regions: dict[str, list[AnnotationRecord]] = defaultdict(list)
    for rid, made in found:
        regions[rid].extend(made)
    for rid, item in per_region:
        here = f"{where}, result {rid}"
        value = item.get("value") or {}
        if not isinstance(value, dict):
            raise InvalidInput("a per-region value must be an object", file=source, line=here, field="value")
        if item.get("id") is None or rid not in regions:  # without an id, its place names no region
            if item["type"] == "choices":
                record.document_labels += _document_labels(item, value, who, here, source)
            elif "start" in value or "end" in value:  # a per-region result whose region is missing
                raise InvalidInput("a per-region value names no labels region", file=source, line=here, field="id")
            else:
                unplaced.add(item, f"{source}, {where}")
            continue
        found_value = value.get("text") if item["type"] == "textarea" else value.get(item["type"])
        if isinstance(found_value, list) and len(found_value) == 1:
            found_value = found_value[0]
        for ann in regions[rid]:
            ann.attributes.setdefault(str(item.get("from_name") or item["type"]), found_value)
    gold_spans = {id(ann) for ann in golden}
    relations = [r for here, item in links for r in _relations(item, regions, here, source, record, end_uids, gold_spans)]
    for relation, start in relations:
        if id(start) in gold_spans:
            record.gold_relations.append(GoldRelationRecord(**vars(relation), curator=start.annotator))
        else:
            record.relations.append(relation)


def _relations(item: dict[str, Any], regions: dict[str, list[AnnotationRecord]], here: str,
               source: str, record: DocumentRecord, end_uids: EndUids, gold_spans: set[int],
               ) -> list[tuple[RelationRecord, AnnotationRecord]]:
    """One relation per label of a `relation` result, between the first spans of its regions
    (which get a uid to be named by when they have none), each with its start span."""
    ends = [str(item.get(key)) for key in ("from_id", "to_id")]
    for key, end in zip(("from_id", "to_id"), ends, strict=True):
        if end not in regions:
            raise InvalidInput(f"{key} {end!r} names no labels region of this annotation", file=source, line=here,
                               field=key)
        places = {(span.start, span.end) for span in regions[end]}
        if len(places) > 1:  # one region is one place; which one the relation meant is anyone's guess
            raise InvalidInput(f"{key} {end!r} names {len(places)} regions at different offsets", file=source,
                               line=here, field=key)
    if item.get("direction") == "left":
        ends.reverse()
    labels = item.get("labels")
    if labels is None:
        labels = []
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise InvalidInput("a relation's labels must be a list of strings", file=source, line=here, field="labels")
    if not labels:  # Label Studio's relation without a label: an untyped one, directed unless `bi`
        labels = [untyped_key(item.get("direction") != "bi")]
    uids = []
    for end in ends:
        span = regions[end][0]
        uids.append(end_uids.give(record, span, gold=id(span) in gold_spans))
    extra = _object(item.get("annotator_data"))
    uid = extra.get("uid") if isinstance(extra.get("uid"), str) and _UUID.match(extra.get("uid", "")) else None
    attributes = extra.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=here, field="annotator_data.attributes")
    note = extra.get("note") if isinstance(extra.get("note"), str) else None
    created, updated = (parse_utc(extra.get(key), file=source, line=here, field=f"annotator_data.{key}")
                        for key in ("created_at", "updated_at"))
    return [(RelationRecord(type=label, from_uid=uids[0], to_uid=uids[1], uid=uid if n == 0 else None,
                            attributes=dict(attributes), note=note, origin=extra.get("origin") or "import",
                            created_at=created, updated_at=updated, source=f"{source}, {here}"), regions[ends[0]][0])
            for n, label in enumerate(labels)]


def _document_labels(item: dict[str, Any], value: dict[str, Any], who: str | None, here: str,
                     source: str) -> list[DocumentLabelRecord]:
    """A `choices` result that names no region: each choice is a document label."""
    chosen = value.get("choices")
    if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
        raise InvalidInput("choices must be a list of strings", file=source, line=here, field="value.choices")
    extra = _object(item.get("annotator_data"))
    name = extra.get("annotator")
    annotator = name if isinstance(name, str) and name else who
    times = extra.get("created_at") or {}
    if not isinstance(times, dict):
        raise InvalidInput("must be an object (label -> time)", file=source, line=here, field="annotator_data.created_at")
    return [DocumentLabelRecord(label=label, annotator=annotator, created_at=parse_utc(
        times.get(label), file=source, line=here, field=f"annotator_data.created_at.{label}")) for label in chosen]


def _spans(item: dict[str, Any], rid: str, who: str | None, gold: bool, where: str,
           source: str) -> tuple[list[AnnotationRecord], bool]:
    """One labels region as a span per label, and whether it is gold (the usual region, one
    label and no annotator_data or meta, is read by `_read_annotation` itself, the same way)."""
    value = item.get("value")
    if not isinstance(value, dict):
        raise InvalidInput("a region needs a value", file=source, line=f"{where}, result {rid}", field="value")
    start, end, labels = value.get("start"), value.get("end"), value.get("labels")
    if not isinstance(start, int) or not isinstance(end, int):
        raise InvalidInput("start and end must be whole numbers (character offsets)", file=source,
                           line=f"{where}, result {rid}", field="value.start/end")
    if not isinstance(labels, list) or not labels or not all(map(_is_text, labels)):
        raise InvalidInput("labels must be a non-empty list of strings", file=source, line=f"{where}, result {rid}",
                           field="value.labels")
    quote = value.get("text")
    if not isinstance(quote, str):
        quote = None
    extra = item.get("annotator_data")
    meta = item.get("meta")
    if extra is None and meta is None:
        located = f"{source}, {where}, result {rid}"
        return [AnnotationRecord(start, end, label, quote, who, source=located) for label in labels], gold
    here = f"{where}, result {rid}"
    extra = _object(extra)
    uid = extra.get("uid") if isinstance(extra.get("uid"), str) and _UUID.match(extra.get("uid", "")) else None
    attributes = extra.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=here, field="annotator_data.attributes")
    named = extra.get("annotator")
    annotator = named if isinstance(named, str) and named else who
    links = _links(extra.get("entities"), here, source)
    note_parts = _object(meta).get("text")
    if isinstance(note_parts, str):
        note_parts = [note_parts]
    if note_parts is not None and (not isinstance(note_parts, list) or not all(map(_is_text, note_parts))):
        raise InvalidInput("a region's note must be text or a list of texts", file=source, line=here, field="meta.text")
    note = "\n".join(note_parts) if note_parts else None
    created = parse_utc(extra.get("created_at"), file=source, line=here, field="annotator_data.created_at")
    updated = parse_utc(extra.get("updated_at"), file=source, line=here, field="annotator_data.updated_at")
    spans = [AnnotationRecord(
        start=start, end=end, label=label, quote=quote, annotator=annotator, uid=uid if n == 0 else None,
        attributes=dict(attributes), note=note, origin=extra.get("origin") or "import", created_at=created,
        updated_at=updated, entities=list(links), source=f"{source}, {here}",
    ) for n, label in enumerate(labels)]
    return spans, gold or extra.get("layer") == GOLD




def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _links(value: Any, here: str, source: str) -> list[EntityLinkRecord]:
    """A region's links to registry entities: [{role, uid, name}]."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get("role"), str) for v in value):
        raise InvalidInput("entities must be a list of {role, uid, name}", file=source, line=here,
                           field="annotator_data.entities")
    return [EntityLinkRecord(role=v["role"], entity_uid=v.get("uid") or None, entity_name=v.get("name") or None)
            for v in value]
