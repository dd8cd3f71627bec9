"""W3C Web Annotation (JSON-LD): an AnnotationCollection whose one page holds every annotation.

Each span's target names its document (`source`: the document's URL, or `urn:uuid:` and its
uid when it has none or another document already used that URL) and two selectors: a
TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (start, end in Unicode
code points, as the W3C model requires). Bodies: the label as a TextualBody with purpose
`tagging`, the note as one with purpose `commenting`, and each link to a registry entity as a
SpecificResource whose source is the entity (`urn:uuid:<entity uid>`, its name as `label`) with
purpose `identifying` (role `mentioned`: the span names the entity) or `linking` (the other
roles: claimant, funder, target, quoted source), the role itself in our term `role`. A
document label (genre, frames) is an annotation of its own whose target is the document
itself (no selector) and whose body is the label, purpose `classifying`. Creator, created and
modified travel too. The collection names its page as `first` and `last`; the page names the
collection as `partOf` (the model's SHOULDs).

Terms beyond the W3C vocabulary are declared in a second context (namespace
`urn:annotator:terms#`): `attributes`, `origin`, `layer` (`gold` on gold spans), `role`,
`manifest` (the export's manifest) and `documents`: the texts with their metadata (`title` as
`dcterms:title`), so that an import into an empty database loses nothing. W3C consumers ignore
these terms. Every key of the file is a term of the two contexts, so a JSON-LD processor drops
none (tests/formats/test_independent_readers.py expands our exports with pyld).

Why JSON-LD 1.1 (`"@version": 1.1` in our context): attributes, metadata, parts and the
manifest are arbitrary JSON, which only 1.1's `@json` type keeps as one literal. Under JSON-LD
1.0 an object without a context of its own expands to nothing (its keys are not terms), so a
1.0 form would lose them for every JSON-LD processor, or would need them as JSON-in-a-string.
The W3C parts of the file (anno.jsonld's terms) are the same in 1.0 and 1.1, and a consumer
that reads the file as plain JSON, as most annotation tools do, sees no difference; a 1.0-only
processor refuses the file (a processing-mode conflict) rather than reading it wrong.

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
    EndUids,
    ReadResult,
    as_gold,
    iso_utc,
    manifest_of,
    parse_date,
    parse_utc,
    relations_of,
    spans_of,
)
from .input_checks import RecordLimit, take
from .json_input import load_json
from .records import (
    AnnotationRecord,
    DocumentLabelRecord,
    DocumentRecord,
    EntityLinkRecord,
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
#: What a project holds that the collection has no place for (the manifest's `carries_no`).
CARRIES_NO = ("assignments",)
SINGLE_LAYER = None
RELATION_TABLE = None

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The purpose of a link body whose role is this one (the span names the entity); other roles link.
IDENTIFYING, IDENTIFYING_ROLE = "identifying", "mentioned"
CONTEXT: list[Any] = [
    ANNO_CONTEXT,
    {
        "@version": 1.1,
        "an": "urn:annotator:terms#",
        "attributes": {"@id": "an:attributes", "@type": "@json"},
        "manifest": {"@id": "an:manifest", "@type": "@json"},
        "origin": "an:origin",
        "layer": "an:layer",
        "role": "an:role",
        "documents": {"@id": "an:documents", "@container": "@set"},
        "text": "an:text",
        "meta": {"@id": "an:meta", "@type": "@json"},
        "parts": {"@id": "an:parts", "@type": "@json"},
        "uid": "an:uid",
        "externalId": "an:externalId",
        # Neither is a term of anno.jsonld: undeclared, a JSON-LD processor would drop them.
        "title": "dcterms:title",
        "url": {"@id": "an:url", "@type": "@id"},
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


def _link_body(link: EntityLinkRecord) -> dict[str, Any]:
    """A link to a registry entity: the entity as the body's source, `identifying` when the span
    names it, `linking` for the other roles."""
    entity: dict[str, Any] = {"id": f"urn:uuid:{link.entity_uid}"} if link.entity_uid else {}
    if link.entity_name:
        entity["label"] = link.entity_name
    purpose = IDENTIFYING if link.role == IDENTIFYING_ROLE else "linking"
    return {"type": "SpecificResource", "purpose": purpose, "source": entity, "role": link.role}


def _document_label(label: DocumentLabelRecord, source: str, document_uid: str | None) -> dict[str, Any]:
    """A document label as an annotation of the whole document (a target without selector)."""
    key = f"{document_uid or source}:{label.annotator or ''}:{label.label}"
    item: dict[str, Any] = {"id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}", "type": "Annotation",
                            "motivation": "classifying"}
    if label.annotator:
        item["creator"] = {"type": "Person", "nickname": label.annotator}
    if label.created_at:
        item["created"] = iso_utc(label.created_at)
    item["body"] = [{"type": "TextualBody", "purpose": "classifying", "value": label.label}]
    item["target"] = source
    return item


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
    body += [_link_body(link) for link in ann.entities]
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


def _relation_item(relation: RelationRecord, layer: str, creators: dict[str | None, str | None]) -> dict[str, Any]:
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


def _relation_items(record: DocumentRecord) -> list[dict[str, Any]]:
    creators = {ann.uid: (getattr(ann, "curator", None) if layer == GOLD else ann.annotator)
                for layer, ann in spans_of(record)}
    return [_relation_item(relation, layer, creators) for layer, relation in relations_of(record)]


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], fp: IO[str]) -> int:
    counts = manifest.counts
    total = sum(counts.get(key, 0) for key in ("annotations", "gold", "document_labels", "relations", "gold_relations"))
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, f"annotator:{manifest.project.get('name')}:{manifest.texts_sha256}")
    page_id = f"urn:uuid:{uuid.uuid5(collection_id, 'page 0')}"
    head = {
        "@context": CONTEXT, "id": f"urn:uuid:{collection_id}", "type": "AnnotationCollection",
        "label": f"{manifest.project.get('name', '')}: annotations", "total": total,
        "manifest": _plain(asdict(manifest)), "last": page_id,
    }
    page = {"id": page_id, "type": "AnnotationPage", "partOf": head["id"], "startIndex": 0}
    fp.write(json.dumps(head, ensure_ascii=False)[:-1])
    fp.write(', "first": ' + json.dumps(page, ensure_ascii=False)[:-1] + ', "items": [')
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
            items = [_annotation(ann, layer, source) for layer, ann in spans_of(record)]
            items += [_document_label(label, source, record.uid) for label in record.document_labels]
            items += _relation_items(record)
            for item in items:
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
        return _page_items(data, source, "items")
    if kind != "AnnotationCollection":
        raise InvalidInput(f"expected type AnnotationCollection, got {kind!r}", file=source, line=1, field="type")
    items: list[Any] = []
    page = data.get("first")
    while page is not None:
        if not isinstance(page, dict):
            raise InvalidInput("pages must be embedded in the file (a page given by its IRI cannot be read)",
                               file=source, field="first")
        items.extend(_page_items(page, source, "first.items"))
        page = page.get("next")
    return items


def _page_items(page: dict[str, Any], source: str, field: str) -> list[Any]:
    items = page.get("items") or []
    if not isinstance(items, list):
        raise InvalidInput("a page's items must be a list of annotations", file=source, field=field)
    return items


def _bodies(item: dict[str, Any], source: str, where: str) -> list[Any]:
    """An annotation's bodies as a list (one body may stand alone)."""
    bodies = item.get("body") or []
    if isinstance(bodies, dict | str):
        return [bodies]
    if not isinstance(bodies, list):
        raise InvalidInput("body must be a body or a list of bodies", file=source, line=where, field="body")
    return bodies


def _text(value: Any, source: str, where: str, field: str) -> str | None:
    """An optional text value of an annotation (a note, a name, an origin)."""
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput("must be text", file=source, line=where, field=field)


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
    if isinstance(data, dict) and isinstance(data.get("manifest"), dict):
        try:  # our export's: the project it came from (its codebook, for a project the import makes)
            result.manifest, result.manifest_source = manifest_of(data["manifest"], source), source
        except InvalidInput as error:
            result.issues.append(error)
            return result
    by_source: dict[str, DocumentRecord] = {}
    documents = data.get("documents") if isinstance(data, dict) else None
    if documents is not None and not isinstance(documents, list):
        result.issues.append(InvalidInput("documents must be a list", file=source, field="documents"))
        return result
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
            elif (found := _read_annotation(item, i, by_source, source)) is not None:
                spans[str(item.get("id"))] = found
        except InvalidInput as error:
            result.issues.append(error)
    end_uids = EndUids()
    for i, item in links:  # after every span: a relation may come before its ends
        try:
            _read_link(item, i, spans, source, end_uids)
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
               source: str, end_uids: EndUids) -> None:
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
    bodies = _bodies(item, source, where)
    kind = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "linking"), None)
    if not isinstance(kind, str) or not kind:
        raise InvalidInput("no body with purpose linking names the relation's type", file=source, line=where,
                           field="body")
    note = next((b.get("value") for b in bodies if isinstance(b, dict) and b.get("purpose") == "commenting"), None)
    attributes = item.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=where, field="attributes")
    for ann in (first, second):
        end_uids.give(record, ann, gold=gold[0])
    item_id = str(item.get("id", ""))
    assert first.uid is not None and second.uid is not None
    relation = RelationRecord(
        type=kind, from_uid=first.uid, to_uid=second.uid,
        uid=item_id[len("urn:uuid:"):] if item_id.startswith("urn:uuid:") else None, attributes=attributes,
        note=_text(note, source, where, "body.value"), origin=_text(item.get("origin"), source, where, "origin") or "import",
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
    if not isinstance(found, list):
        return {}
    # A selector's type is matched as a string; any other value (a list, a number) names none.
    return {s["type"]: s for s in found if isinstance(s, dict) and isinstance(s.get("type"), str)}


def _read_annotation(item: Any, index: int, by_source: dict[str, DocumentRecord], source: str
                     ) -> tuple[DocumentRecord, AnnotationRecord] | None:
    """A span (returned with its document, for the relations naming it) or a document label."""
    where = f"annotation {index}" + (f" ({item.get('id')})" if isinstance(item, dict) and item.get("id") else "")
    if not isinstance(item, dict) or item.get("type") != "Annotation":
        raise InvalidInput("not an Annotation", file=source, line=where, field="type")
    target = item.get("target")
    if isinstance(target, list) and len(target) == 1:
        target = target[0]
    if isinstance(target, str):
        target = {"source": target}
    if not isinstance(target, dict) or not isinstance(target.get("source"), str):
        raise InvalidInput("the target must be one resource with a source and selectors", file=source, line=where, field="target")
    record = by_source.get(target["source"])
    if record is None:
        record = _reference(target["source"], source)
        by_source[target["source"]] = record
    bodies = [b for b in _bodies(item, source, where) if isinstance(b, dict)]
    label = next((b.get("value") for b in bodies if b.get("purpose") in ("tagging", "classifying")), None)
    if not isinstance(label, str) or not label:
        raise InvalidInput("no body with purpose tagging or classifying names a label", file=source, line=where, field="body")
    creator = item.get("creator")
    if isinstance(creator, list):
        creator = creator[0] if creator else None
    if isinstance(creator, dict):
        annotator = _text(creator.get("nickname"), source, where, "creator.nickname") or \
            _text(creator.get("name"), source, where, "creator.name")
    else:
        annotator = _text(creator, source, where, "creator")
    created = parse_utc(item.get("created"), file=source, line=where, field="created")
    if "selector" not in target:  # the whole document: a document label
        record.document_labels.append(DocumentLabelRecord(label=label, annotator=annotator, created_at=created))
        return None
    selectors = _selectors(target)
    start, end = _position(selectors, record, source, where)
    quote = selectors.get("TextQuoteSelector")
    note = _text(next((b.get("value") for b in bodies if b.get("purpose") == "commenting"), None), source, where,
                 "body.value")
    item_id = str(item.get("id", ""))
    uid = item_id[len("urn:uuid:"):] if item_id.startswith("urn:uuid:") else None
    attributes = item.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise InvalidInput("attributes must be an object", file=source, line=where, field="attributes")
    ann = AnnotationRecord(
        start=start, end=end, label=label, quote=quote.get("exact") if quote else None, annotator=annotator,
        uid=uid, attributes=attributes, note=note, origin=_text(item.get("origin"), source, where, "origin") or "import",
        created_at=created,
        updated_at=parse_utc(item.get("modified"), file=source, line=where, field="modified"),
        entities=[_link(b, source, where) for b in bodies if b.get("purpose") in ("identifying", "linking")],
        source=f"{source}, {where}",
    )
    if item.get("layer") == GOLD:
        record.gold.append(as_gold(ann, curator=annotator))
        return record, record.gold[-1]
    record.annotations.append(ann)
    return record, ann


def _position(selectors: dict[str, dict[str, Any]], record: DocumentRecord, source: str,
              where: str) -> tuple[int, int]:
    """Start and end from the TextPositionSelector, else by locating the quote in the text."""
    position, quote = selectors.get("TextPositionSelector"), selectors.get("TextQuoteSelector")
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not isinstance(start, int) or not isinstance(end, int):
            raise InvalidInput("start and end must be whole numbers", file=source, line=where, field="target.selector.start/end")
        return start, end
    if quote is not None and record.text:
        return _locate(record.text, quote, source, where)
    raise InvalidInput("a TextPositionSelector is needed (or a TextQuoteSelector on an embedded document)",
                       file=source, line=where, field="target.selector")


def _link(body: dict[str, Any], source: str, where: str) -> EntityLinkRecord:
    """A body that identifies or links a registry entity (its source), in the role it names."""
    entity = body.get("source")
    if isinstance(entity, str):
        entity = {"id": entity}
    if not isinstance(entity, dict):
        raise InvalidInput("a linking body needs the entity as its source", file=source, line=where, field="body.source")
    entity_id, name = entity.get("id"), entity.get("label")
    uid = entity_id[len("urn:uuid:"):] if isinstance(entity_id, str) and entity_id.startswith("urn:uuid:") else None
    if uid is None and not isinstance(name, str):
        raise InvalidInput("a linking body's source needs an urn:uuid: id or a label", file=source, line=where,
                           field="body.source")
    role = body.get("role") or (IDENTIFYING_ROLE if body.get("purpose") == IDENTIFYING else "linking")
    return EntityLinkRecord(role=str(role), entity_uid=uid, entity_name=name if isinstance(name, str) else None)


def _reference(target_source: str, source: str) -> DocumentRecord:
    """A document not embedded in the file: found in the project by uid or URL on import."""
    if target_source.startswith("urn:uuid:"):
        return DocumentRecord(text="", uid=target_source[len("urn:uuid:"):], source=source)
    return DocumentRecord(text="", url=target_source, source=source)


def _locate(text: str, quote: dict[str, Any], source: str, where: str) -> tuple[int, int]:
    exact = _text(quote.get("exact"), source, where, "target.selector.exact") or ""
    prefix = _text(quote.get("prefix"), source, where, "target.selector.prefix") or ""
    suffix = _text(quote.get("suffix"), source, where, "target.selector.suffix") or ""
    whole = prefix + exact + suffix
    first = text.find(whole) if exact else -1
    if first == -1 or text.find(whole, first + 1) != -1:
        problem = "does not occur" if first == -1 else "occurs more than once"
        raise InvalidInput(f"the quote {problem} in the document", file=source, line=where, field="target.selector.exact")
    start = first + len(prefix)
    return start, start + len(exact)
