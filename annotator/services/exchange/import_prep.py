"""Getting records ready for import, inside the import's transaction.

- Records that only name a document (CSV rows, W3C annotations on a URL) are given its text:
  from the documents of this import, else from the project (by text hash, uid, external id,
  then URL: the first that names one document). A document found nowhere is an error, never a
  guess; so is a name that two documents share (an external id or URL given twice), which the
  error says, naming the documents.
- Attribute values read as text (CSV cells, brat A lines) become the codebook's types:
  `true`/`false` for boolean attributes, numbers for number attributes. A value that does not
  convert is left as it is, so validation reports it.
- A user map (`rename_users`) turns the names another tool gives its users (Label Studio's
  `completed_by` e-mail or `ls-user-<id>`) into our accounts' names.
- With the user's explicit consent (`add_labels`), span labels the codebook lacks are added as
  a new codebook version of the project (an audited change), instead of refusing the file.
- Relations that came without a type (a Label Studio relation with no label) need the
  codebook's untyped relation types (`codebooks/untyped.py`): a codebook that lacks them gets
  them as a new version (audited; the import summary says so). No consent is asked, unlike for
  labels: they allow any spans and carry no meaning to choose, and refusing would lose the
  relations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import chain

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...codebooks import parse_codebook
from ...codebooks.attribute_types import attribute_type
from ...codebooks.colours import PALETTE
from ...codebooks.keys import key_problem
from ...codebooks.untyped import KEYS as UNTYPED_KEYS
from ...codebooks.untyped import relation_definition
from ...errors import ImportRefused, InvalidInput
from ...formats.base import relations_of
from ...formats.records import DocumentRecord
from ...models import Document, Label
from ...spans import text_sha256
from ..actor import Actor
from ..annotation.codebook_versions import switch_codebook
from ..annotation.codebooks import labels_by_key
from ..permissions import load_project

ADDED_CATEGORY = "added_by_import"
#: A way to name a document: ("sha" | "uid" | "external_id" | "url", value or None).
_Key = tuple[str, str | None]
#: Each way's field, as the CSV columns (the format that names documents most) call them.
_FIELDS = {"sha": "text_sha256", "uid": "document_uid", "external_id": "external_id", "url": "url"}
#: The documents an ambiguity names at most.
_NAMED = 5


def resolve_references(
    session: Session, project_id: int, records: Sequence[DocumentRecord], source: str
) -> tuple[list[DocumentRecord], list[InvalidInput]]:
    """Records with their references resolved: a reference to a document of this import is
    merged into it (its spans added, metadata the document lacks filled in); a reference to a
    document of the project gets that document's text. Returns the records and the problems."""
    issues: list[InvalidInput] = []
    offered = [r for r in records if r.text]
    if len(offered) == len(records):
        return offered, issues  # every record brings its text: nothing to resolve
    # key -> text hash -> the first record with that text (records of one text are one document)
    index: dict[_Key, dict[str, DocumentRecord]] = {}
    for record in offered:
        sha = text_sha256(record.text)
        keys: list[_Key] = [("sha", sha), ("uid", record.uid), ("external_id", record.external_id), ("url", record.url)]
        for key in keys:
            if key[1]:
                index.setdefault(key, {}).setdefault(sha, record)
    result = list(offered)
    for number, record in enumerate(records, start=1):
        if record.text:
            continue
        keys = [("sha", record.text_sha256), ("uid", record.uid), ("external_id", record.external_id), ("url", record.url)]
        matches = [(k, list(index[k].values())) for k in keys if k[1] and k in index]
        target = next((found[0] for _, found in matches if len(found) == 1), None)
        if target is None and matches:
            key, twins = matches[0]
            issues.append(_ambiguous(key, "this import", [_title(r) + (f" ({r.source})" if r.source else "")
                                                          for r in twins], record, source, number))
            continue
        if target is not None:
            if record.text_sha256 and record.text_sha256 != text_sha256(target.text):
                issues.append(InvalidInput("the named document's text has a different sha256",
                                           file=record.source or source, field="text_sha256"))
            else:
                _merge(target, record)
            continue
        text, shared = _from_project(session, project_id, record)
        if shared is not None:
            key, rows = shared
            issues.append(_ambiguous(key, "the project", [f"#{i} {title!r} (uid {uid})" for i, title, uid in rows],
                                     record, source, number))
            continue
        if text is None:
            named = ", ".join(f"{k} {v}" for k, v in keys if v)
            issues.append(InvalidInput(
                f"the document ({named}) is neither in the project nor in this import: import its text "
                "first, or in the same import", file=record.source or f"{source}, record {number}", field="document"))
            continue
        if record.text_sha256 and record.text_sha256 != text_sha256(text):
            issues.append(InvalidInput("the named document's text has a different sha256",
                                       file=record.source or source, field="text_sha256"))
            continue
        record.text = text
        result.append(record)
    return result, issues


def _merge(target: DocumentRecord, reference: DocumentRecord) -> None:
    target.annotations.extend(reference.annotations)
    target.gold.extend(reference.gold)
    target.document_labels.extend(reference.document_labels)
    target.relations.extend(reference.relations)
    target.gold_relations.extend(reference.gold_relations)
    for key in ("external_id", "url", "outlet", "author", "language", "published"):
        if getattr(target, key) in (None, "") and getattr(reference, key) not in (None, ""):
            setattr(target, key, getattr(reference, key))
    if reference.title and not target.title:
        target.title = reference.title


def _from_project(session: Session, project_id: int, record: DocumentRecord
                  ) -> tuple[str | None, tuple[_Key, list[tuple[int, str, str]]] | None]:
    """The text of the project's document the record names (the first way that names one
    document), else None and the first way that names several, with them (id, title, uid)."""
    in_project = select(Document.id, Document.title, Document.uid).where(Document.project_id == project_id)
    shared: tuple[_Key, list[tuple[int, str, str]]] | None = None
    for name, column, value in (("sha", Document.text_sha256, record.text_sha256), ("uid", Document.uid, record.uid),
                                ("external_id", Document.external_id, record.external_id), ("url", Document.url, record.url)):
        if value:
            found = [(i, title, uid) for i, title, uid in session.execute(in_project.where(column == value).order_by(Document.id))]
            if len(found) == 1:
                return session.scalar(select(Document.text).where(Document.id == found[0][0])), None
            if found and shared is None:
                shared = ((name, value), found)
    return None, shared


def _ambiguous(key: _Key, where: str, documents: Sequence[str], record: DocumentRecord, source: str,
               number: int) -> InvalidInput:
    """A refusal of a record whose way of naming its document fits several: which, and what to do."""
    listed = [*documents[:_NAMED], *([f"{len(documents) - _NAMED} more"] if len(documents) > _NAMED else [])]
    field = _FIELDS[key[0]]
    return InvalidInput(f"{field} {key[1]!r} names {len(documents)} documents of {where}, "
                        f"{', '.join(listed[:-1])} and {listed[-1]}: name the one meant by its uid (document_uid) "
                        "or text hash (text_sha256) instead", file=record.source or f"{source}, record {number}",
                        field=field)


def _title(record: DocumentRecord) -> str:
    return repr(record.title or record.text.strip().split("\n", 1)[0][:60])


def coerce_attributes(labels: dict[str, Label], records: Sequence[DocumentRecord]) -> None:
    """Values of the attributes a label defines, parsed as their type; others stay as read."""
    for record in records:
        for ann in [*record.annotations, *record.gold]:
            if not ann.attributes:
                continue
            label = labels.get(ann.label)
            if label is None:
                continue
            kinds = {a["key"]: attribute_type(a["type"]) for a in label.attributes}
            ann.attributes = {k: kinds[k].parse(v) if k in kinds else v for k, v in ann.attributes.items()}


def unknown_span_labels(labels: dict[str, Label], records: Sequence[DocumentRecord]) -> list[str]:
    """The labels of the records' spans that `labels` lacks, in the order they come."""
    missing: dict[str, None] = {}  # ordered, and a lookup rather than a list search per span
    for record in records:
        for ann in chain(record.annotations, record.gold):
            if ann.label not in labels:
                missing[ann.label] = None
    return list(missing)


def add_labels(session: Session, actor: Actor, project_id: int, added: Sequence[tuple[str, str]],
               source: str) -> dict[str, Label]:
    """A new codebook version for the project with the `added` (key, name) span labels (category
    "Added by import"); existing spans move to the same labels of the new version. Audited. The
    keys are label_mapping's (`new_label_key` makes one where a file's label cannot be one); a
    key that still cannot be a label is refused at `source`."""
    project = load_project(session, project_id)
    definition = dict(project.codebook.definition)
    categories = list(definition.get("categories", []))
    if not any(c["key"] == ADDED_CATEGORY for c in categories):
        categories.append({"key": ADDED_CATEGORY, "name": "Added by import", "layer": "span", "multiple": True,
                           "description": "Labels that an import brought and the user chose to add."})
    labels = list(definition.get("labels", []))
    keys = [key for key, _ in added]
    for n, (key, name) in enumerate(added):
        problem = key_problem(key)
        if problem is not None:
            raise ImportRefused([InvalidInput(f"cannot add label {key[:40]!r}: the key {problem}",
                                              file=source, field="label")])
        labels.append({"key": key, "name": name.strip() or key, "category": ADDED_CATEGORY, "colour": PALETTE[(len(labels) + n) % len(PALETTE)],
                       "description": f"Added by import from {source[:200]}."})
    definition.update(categories=categories, labels=labels)
    stored, _ = switch_codebook(
        session, actor, project, parse_codebook(definition, source=source), extra={"added_labels": keys},
        detail=f"labels added by import from {source[:300]}: {', '.join(keys)[:400]}")
    return labels_by_key(session, stored.id)


def untyped_relation_types(records: Sequence[DocumentRecord]) -> list[str]:
    """The untyped relation types the records' relations use, in the order of UNTYPED_KEYS."""
    used = {relation.type for record in records for _, relation in relations_of(record)}
    return [key for key in UNTYPED_KEYS if key in used]


def add_relation_types(session: Session, actor: Actor, project_id: int, keys: Sequence[str], source: str) -> None:
    """A new codebook version for the project with these untyped relation types; existing
    spans and relations move to the new version. Audited."""
    project = load_project(session, project_id)
    definition = dict(project.codebook.definition)
    relations = list(definition.get("relations", []))
    relations += [relation_definition(key, len(relations) + n) for n, key in enumerate(keys)]
    definition["relations"] = relations
    switch_codebook(session, actor, project, parse_codebook(definition, source=source),
                    extra={"added_relation_types": list(keys)},
                    detail=f"relation types added by import from {source[:300]}: {', '.join(keys)}")


def rename_users(records: Sequence[DocumentRecord], users: Mapping[str, str]) -> None:
    """Who made each span, gold span, document label and gold relation, whom a gold span was
    chosen from and to whom a document is assigned, renamed by `users` (a name found in
    no key stays as it is). A key of digits alone also names Label Studio's user of that id,
    as its reader calls users it knows only by id `ls-user-<id>`."""
    names = {**{f"ls-user-{k}": v for k, v in users.items() if k.isdigit()}, **users}
    for record in records:
        for ann in record.annotations:
            ann.annotator = names.get(ann.annotator, ann.annotator) if ann.annotator else None
        for gold in record.gold:
            gold.curator = names.get(gold.curator, gold.curator) if gold.curator else None
            gold.chosen_from = names.get(gold.chosen_from, gold.chosen_from) if gold.chosen_from else None
        for label in record.document_labels:
            label.annotator = names.get(label.annotator, label.annotator) if label.annotator else None
        for relation in record.gold_relations:
            relation.curator = names.get(relation.curator, relation.curator) if relation.curator else None
        for assignment in record.assignments:
            if assignment.get("annotator") in names:
                assignment["annotator"] = names[assignment["annotator"]]


def respelled_note(respelled: Mapping[str, str]) -> str:
    """What an import (and its preview) says of the names it took as accounts of another case."""
    listed = ", ".join(f"{given!r} as {account!r}" for given, account in sorted(respelled.items()))
    return f"user names that differ in case only are one account: {listed}"
