"""W3C Web Annotation (JSON-LD): an AnnotationCollection whose first page holds every span.

Each annotation's target names its document (`source`: the document's URL, or `urn:uuid:` and
its uid when it has none or another document already used that URL) and two selectors: a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end in Unicode
code points, as the W3C model requires). Bodies: the label as a TextualBody with purpose
`tagging`, the note as one with purpose `commenting`. Creator, created and modified travel too.

Terms beyond the W3C vocabulary are declared in a second context (namespace
`urn:annotator:terms#`): `attributes`, `origin`, `layer` (`gold` on gold spans),
`manifest` (the export's manifest) and `documents`: the texts with their metadata, so that an
import into an empty database loses nothing. W3C consumers ignore these terms.

A relation is an annotation with motivation `linking` whose target is its two span
annotations (`urn:uuid:` of the start, then of the end) and whose body names the type (a
TextualBody with purpose `linking`; the note as one with purpose `commenting`); its attributes,
origin and layer as a span's. Whether a type reads both ways is in the manifest's codebook.

Exports stream: annotations are written as they are read, while the documents go to a
temporary file that is appended at the end.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections.abc import Iterable
from dataclasses import asdict
from typing import IO, Any, Final

from ..errors import InvalidInput
from .base import (
    EXAMPLES,
    GOLD,
    ReadResult,
    as_gold,
    iso_utc,
    parse_date,
    parse_utc,
    relations_of,
    spans_of,
)
from .input_checks import RecordLimit, take
from .json_input import load_json
from .records import (
    AnnotationRecord,
    DocumentRecord,
    EntityRecord,
    GoldRecord,
    GoldRelationRecord,
    Manifest,
    RelationRecord,
)

NAME = "w3c"
FORMAT_ID = "annotator-w3c"
TITLE = "W3C Web Annotation (JSON-LD)"
EXTENSIONS = (".jsonld", ".json")
EXPORT_SUFFIX = ".jsonld"
MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
KIND: Final = "file"
EXAMPLE = EXAMPLES / "example.jsonld"
SIDECARS = ()
LOSSLESS = False
SINGLE_LAYER = None
RELATION_TABLE = None

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT: list[Any] = [
    ANNO_CONTEXT,
    {
        "@version": 1.1,
        "an": "urn:annotator:terms#",
        "attributes": {"@id": "an:attributes", "@type": "@json"},
        "manifest": {"@id": "an:manifest", "@type": "@json"},
        "origin": "an:origin",
        "layer": "an:layer",
        "documents": {"@id": "an:documents", "@container": "@set"},
        "text": "an:text",
        "meta": {"@id": "an:meta", "@type": "@json"},
        "parts": {"@id": "an:parts", "@type": "@json"},
        "uid": "an:uid",
        "externalId": "an:externalId",
        "outlet": "an:outlet",
        "author": "an:author",
        "published": "an:published",
        "textSha256": "an:textSha256",
    },
]
_DOC_FIELDS = {"uid": "uid", "external_id": "externalId", "title": "title", "url": "url", "outlet": "outlet",
               "author": "author", "language": "language", "text_sha256": "textSha256"}


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def _document(record: DocumentRecord, source: str) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": source, "type": "Text", "format": "text/plain"}
    for attr, key in _DOC_FIELDS.items():
        value = getattr(record, attr)
        if value not in (None, ""):
            doc[key] = value
    if record.published:
        doc["published"] = record.published.isoformat()
    if record.meta:
        doc["meta"] = _plain(record.meta)
    if record.parts:
        doc["parts"] = _plain(record.parts)
    doc["text"] = record.text
    return doc


def _annotation(ann: AnnotationRecord, layer: str, source: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": f"urn:uuid:{ann.uid}", "type": "Annotation", "motivation": "classifying"}
    creator = getattr(ann, "curator", None) if layer == GOLD else ann.annotator
    if creator:
        item["creator"] = {"type": "Person", "nickname": creator}
    if ann.created_at:
        item["created"] = iso_utc(ann.created_at)
    if ann.updated_at:
        item["modified"] = iso_utc(ann.updated_at)
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": ann.label}]
    if ann.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": ann.note, "format": "text/plain"})
    item["body"] = body
    item["target"] = {
        "source": source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": ann.quote, "prefix": ann.prefix or "", "suffix": ann.suffix or ""},
            {"type": "TextPositionSelector", "start": ann.start, "end": ann.end},
        ],
    }
    if ann.attributes:
        item["attributes"] = _plain(ann.attributes)
    item["origin"] = ann.origin
    if layer == GOLD:
        item["layer"] = GOLD
    return item


def _link(relation: RelationRecord, layer: str, creators: dict[str | None, str | None]) -> dict[str, Any]:
    """A relation as an annotation that targets its two span annotations."""
    uid = relation.uid or uuid.uuid5(uuid.NAMESPACE_URL, f"{relation.from_uid}|{relation.type}|{relation.to_uid}")
    item: dict[str, Any] = {"id": f"urn:uuid:{uid}", "type": "Annotation", "motivation": "linking"}
    creator = creators.get(relation.from_uid)
    if creator:
        item["creator"] = {"type": "Person", "nickname": creator}
    if relation.created_at:
        item["created"] = iso_utc(relation.created_at)
    if relation.updated_at:
        item["modified"] = iso_utc(relation.updated_at)
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "linking", "value": relation.type}]
    if relation.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": relation.note, "format": "text/plain"})
    item["body"] = body
    item["target"] = [f"urn:uuid:{relation.from_uid}", f"urn:uuid:{relation.to_uid}"]
    if relation.attributes:
        item["attributes"] = _plain(relation.attributes)
    item["origin"] = relation.origin
    if layer == GOLD:
        item["layer"] = GOLD
    return item


def _links(record: DocumentRecord) -> list[dict[str, Any]]:
    creators = {ann.uid: (getattr(ann, "curator", None) if layer == GOLD else ann.annotator)
                for layer, ann in spans_of(record)}
    return [_link(relation, layer, creators) for layer, relation in relations_of(record)]


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], fp: IO[str]) -> int:
    total = sum(manifest.counts.get(key, 0) for key in ("annotations", "gold", "relations", "gold_relations"))
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, f"annotator:{manifest.project.get('name')}:{manifest.texts_sha256}")
    head = {
        "@context": CONTEXT, "id": f"urn:uuid:{collection_id}", "type": "AnnotationCollection",
        "label": f"{manifest.project.get('name', '')}: annotations", "total": total,
        "manifest": _plain(asdict(manifest)),
    }
    fp.write(json.dumps(head, ensure_ascii=False)[:-1])
    fp.write(', "first": {"type": "AnnotationPage", "startIndex": 0, "items": [')
    first = True
    count = 0
    urls: set[str] = set()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for record in records:
            if record.url and record.url not in urls:
                source = record.url
                urls.add(record.url)
            else:
                source = f"urn:uuid:{record.uid}"
            spool.write(("" if count == 0 else ",\n") + json.dumps(_document(record, source), ensure_ascii=False))
            count += 1
            for item in [_annotation(ann, layer, source) for layer, ann in spans_of(record)] + _links(record):
                fp.write(("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False))
                first = False
        fp.write('\n]},\n"documents": [\n')
        spool.seek(0)
        while chunk := spool.read(1 << 16):
            fp.write(chunk)
    fp.write("\n]}\n")
    return count


def sidecars(manifest: Manifest) -> dict[str, str]:
    """Nothing beside the file: the collection carries the manifest."""
    return {}


# --- reading ------------------------------------------------------------------------------


def _items(data: Any, source: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InvalidInput("expected a JSON object (an AnnotationCollection)", file=source, line=1)
    kind = data.get("type")
    if kind == "Annotation":
        return [data]
    if kind == "AnnotationPage":
        return list(data.get("items") or [])
    if kind != "AnnotationCollection":
        raise InvalidInput(f"expected type AnnotationCollection, got {kind!r}", file=source, line=1, field="type")
    items: list[Any] = []
    page = data.get("first")
    while page is not None:
        if not isinstance(page, dict):
            raise InvalidInput("pages must be embedded in the file (a page given by its IRI cannot be read)",
                               file=source, field="first")
        items.extend(page.get("items") or [])
        page = page.get("next")
    return items


def read(fp: IO[str], *, source: str = "<w3c>", limit: RecordLimit | None = None) -> ReadResult:
    result = ReadResult()
    try:
        data = load_json(fp, source)
    except InvalidInput as error:
        result.issues.append(error)
        return result
    try:
        items = _items(data, source)
    except InvalidInput as error:
        result.issues.append(error)
        return result
    by_source: dict[str, DocumentRecord] = {}
    documents = data.get("documents") if isinstance(data, dict) else None
    if limit is not None and len(documents or []) + len(items) > limit.room():
        # Refused before any record is built: the parsed file is already the larger part of
        # the memory.
        limit.take(len(documents or []) + len(items), file=source)
    for i, doc in enumerate(documents or []):
        take(limit, 1, file=source, line=f"document {i}")
        try:
            record = _read_document(doc, source, i)
        except InvalidInput as error:
            result.issues.append(error)
            continue
        by_source[doc["id"]] = record
    spans: dict[str, tuple[DocumentRecord, AnnotationRecord]] = {}
    links: list[tuple[int, dict[str, Any]]] = []
    for i, item in enumerate(items):
        take(limit, 1, file=source, line=f"annotation {i}")
        try:
            if _is_link(item):
                links.append((i, item))
            else:
                record, ann = _read_annotation(item, i, by_source, source)
                spans[str(item.get("id"))] = (record, ann)
        except InvalidInput as error:
            result.issues.append(error)
    for i, item in links:
        try:
            _read_link(item, i, spans, source)
        except InvalidInput as error:
            result.issues.append(error)
    result.records = list(by_source.values())
    return result


def _is_link(item: Any) -> bool:
    """A relation: motivation `linking`, or a target of two annotation ids."""
    if not isinstance(item, dict):
        return False
    target = item.get("target")
    return item.get("motivation") == "linking" or (
        isinstance(target, list) and len(target) == 2 and all(isinstance(t, str) for t in target))


def _read_link(item: dict[str, Any], index: int, spans: dict[str, tuple[DocumentRecord, AnnotationRecord]],
               source: str) -> None:
    where = f"annotation {index}" + (f" ({item.get('id')})" if item.get("id") else "")
    target = item.get("target")
    if not (isinstance(target, list) and len(target) == 2 and all(isinstance(t, str) for t in target)):
        raise InvalidInput("a linking annotation targets two span annotations (their ids)", file=source, line=where,
                           field="target")
    ends = []
    for end in target:
        if end not in spans:
            raise InvalidInput(f"{end} is no span annotation of this file", file=source, line=where, field="target")
        ends.append(spans[end])
    (record, first), (other, second) = ends
    gold = [isinstance(ann, GoldRecord) for _, ann in ends]
    if record is not other or gold[0] != gold[1]:
        raise InvalidInput("the two targets are on different documents or layers", file=source, line=where,
                           field="target")
    bodies = item.get("body") or []
    if isinstance(bodies, dict | str):
        bodies = [bodies]
    kind = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "linking"), None)
    if not isinstance(kind, str) or not kind:
        raise InvalidInput("no body with purpose linking names the relation's type", file=source, line=where,
                           field="body")
    note = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "commenting"), None)
    attributes = item.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=where, field="attributes")
    for ann in (first, second):
        ann.uid = ann.uid or str(uuid.uuid4())
    item_id = str(item.get("id", ""))
    assert first.uid is not None and second.uid is not None
    relation = RelationRecord(
        type=kind, from_uid=first.uid, to_uid=second.uid,
        uid=item_id[len("urn:uuid:"):] if item_id.startswith("urn:uuid:") else None, attributes=attributes,
        note=note if isinstance(note, str) else None, origin=item.get("origin") or "import",
        created_at=parse_utc(item.get("created"), file=source, line=where, field="created"),
        updated_at=parse_utc(item.get("modified"), file=source, line=where, field="modified"),
        source=f"{source}, {where}",
    )
    if gold[0]:
        curator = getattr(first, "curator", None)
        record.gold_relations.append(GoldRelationRecord(**vars(relation), curator=curator))
    else:
        record.relations.append(relation)


def _read_document(doc: Any, source: str, index: int) -> DocumentRecord:
    where = f"document {index}"
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
        raise InvalidInput("a document needs an id", file=source, line=where, field="id")
    text = doc.get("text")
    if not isinstance(text, str):
        raise InvalidInput("a document needs its text", file=source, line=where, field="text")
    values: dict[str, Any] = {attr: doc.get(key) for attr, key in _DOC_FIELDS.items()}
    values["title"] = values["title"] or ""
    values["published"] = parse_date(doc.get("published"), file=source, line=where, field="published")
    return DocumentRecord(text=text, meta=doc.get("meta") or {}, parts=doc.get("parts") or [],
                          source=f"{source}, {where}", **values)


def _selectors(target: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = target.get("selector") or []
    if isinstance(found, dict):
        found = [found]
    # A selector's type is matched as a string; any other value (a list, a number) names none.
    return {s["type"]: s for s in found if isinstance(s, dict) and isinstance(s.get("type"), str)}


def _read_annotation(item: Any, index: int, by_source: dict[str, DocumentRecord], source: str
                     ) -> tuple[DocumentRecord, AnnotationRecord]:
    where = f"annotation {index}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise InvalidInput("not an Annotation", file=source, line=where, field="type")
    target = item.get("target")
    if isinstance(target, list) and len(target) == 1:
        target = target[0]
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise InvalidInput("the target must be one resource with a source and selectors", file=source, line=where, field="target")
    selectors = _selectors(target)
    quote = selectors.get("TextQuoteSelector")
    position = selectors.get("TextPositionSelector")
    record = by_source.get(target["source"])
    if record is None:
        record = _reference(target["source"], source)
        by_source[target["source"]] = record
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            raise InvalidInput("start and end must be whole numbers", file=source, line=where, field="target.selector.start/end")
    elif quote is not None and record.text:
        start, end = _locate(record.text, quote, source, where)
    else:
        raise InvalidInput("a TextPositionSelector is needed (or a TextQuoteSelector on an embedded document)",
                           file=source, line=where, field="target.selector")
    bodies = item.get("body") or []
    if isinstance(bodies, dict | str):
        bodies = [bodies]
    label = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") in ("tagging", "classifying")), None)
    if not isinstance(label, str) or not label:
        raise InvalidInput("no body with purpose tagging or classifying names a label", file=source, line=where, field="body")
    note = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "commenting"), None)
    creator = item.get("creator")
    if isinstance(creator, list):
        creator = creator[0] if creator else None
    annotator = (creator.get("nickname") or creator.get("name")) if isinstance(creator, dict) else creator
    item_id = str(item.get("id", ""))
    uid = item_id[len("urn:uuid:"):] if item_id.startswith("urn:uuid:") else None
    attributes = item.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=where, field="attributes")
    ann = AnnotationRecord(
        start=start, end=end, label=label, quote=quote.get("exact") if quote else None, annotator=annotator,
        uid=uid, attributes=attributes, note=note, origin=item.get("origin") or "import",
        created_at=parse_utc(item.get("created"), file=source, line=where, field="created"),
        updated_at=parse_utc(item.get("modified"), file=source, line=where, field="modified"),
        source=f"{source}, {where}",
    )
    if item.get("layer") == GOLD:
        record.gold.append(as_gold(ann, curator=annotator))
        return record, record.gold[-1]
    record.annotations.append(ann)
    return record, ann


def _reference(target_source: str, source: str) -> DocumentRecord:
    """A document not embedded in the file: found in the project by uid or URL on import."""
    if target_source.startswith("urn:uuid:"):
        return DocumentRecord(text="", uid=target_source[len("urn:uuid:"):], source=source)
    return DocumentRecord(text="", url=target_source, source=source)


def _locate(text: str, quote: dict[str, Any], source: str, where: str) -> tuple[int, int]:
    exact = quote.get("exact") or ""
    prefix, suffix = quote.get("prefix") or "", quote.get("suffix") or ""
    whole = prefix + exact + suffix
    first = text.find(whole) if exact else -1
    if first == -1 or text.find(whole, first + 1) != -1:
        problem = "does not occur" if first == -1 else "occurs more than once"
        raise InvalidInput(f"the quote {problem} in the document", file=source, line=where, field="target.selector.exact")
    start = first + len(prefix)
    return start, start + len(exact)
