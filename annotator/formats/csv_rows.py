"""CSV: one row per span, for spreadsheets, pandas and R.

Columns: document_uid, external_id, text_sha256, title, url, outlet, layer (annotation |
gold), annotation_uid, annotator, label, category, start, end, quote, one `attr:<key>` column per
attribute the codebook defines, attributes (JSON of any other attribute, and of one given as
empty text: an empty `attr:` cell is an attribute not given), note, origin, created_at,
updated_at. Offsets are code points, end exclusive.

Spreadsheet safety, and how it is undone: a cell that starts with `=`, `+`, `-`, `@`, a tab, a
carriage return or an apostrophe is written with one extra apostrophe in front, so no
spreadsheet evaluates it as a formula. On import, a cell that starts with an apostrophe loses
exactly one. Since an apostrophe at the start is itself escaped, every value comes back exactly
(`'quoted` is written `''quoted`).

The texts are not in the CSV: rows name their document (uid, text hash, external id or URL)
and import finds it in the project or among the documents of the same import.

Relations go to a second table beside the file (`<file>.relations.csv`, one row per relation:
the document, layer, relation_uid, type, from_uid and to_uid naming the two spans'
annotation_uid, annotator, attributes as JSON, note, origin, times), cells neutralised alike.
Import reads either table: a file whose header has `from_uid` and `to_uid` is a relation table,
and its relations join spans of the same import (give both files) or already in the project.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, Final

from ..codebooks.attribute_types import attribute_type, text_form_of
from ..errors import InvalidInput
from .base import (
    EXAMPLES,
    GOLD,
    MANIFEST_SIDECAR,
    RELATIONS_SIDECAR,
    ReadResult,
    as_gold,
    codebook_labels,
    iso_utc,
    manifest_json,
    parse_utc,
    relations_of,
    spans_of,
)
from .input_checks import RecordLimit, take
from .json_input import parse_json
from .records import (
    AnnotationRecord,
    DocumentRecord,
    EntityRecord,
    GoldRelationRecord,
    Manifest,
    RelationRecord,
)

if TYPE_CHECKING:
    from _csv import Reader

NAME = "csv"
FORMAT_ID = "annotator-csv"
TITLE = "CSV (one row per span)"
EXTENSIONS = (".csv",)
EXPORT_SUFFIX = ".csv"
MEDIA_TYPE = "text/csv"
KIND: Final = "file"
EXAMPLE = EXAMPLES / "example.csv"
SIDECARS = (MANIFEST_SIDECAR,)
LOSSLESS = False
#: What a project holds that the rows have no place for (the manifest's `carries_no` says so).
CARRIES_NO = ("texts", "document labels", "links to registry entities", "assignments")
SINGLE_LAYER = None
RELATION_TABLE = RELATIONS_SIDECAR

_HEAD = ["document_uid", "external_id", "text_sha256", "title", "url", "outlet", "layer",
         "annotation_uid", "annotator", "label", "category", "start", "end", "quote"]
_TAIL = ["attributes", "note", "origin", "created_at", "updated_at"]
_DOCUMENT_KEYS = ("document_uid", "text_sha256", "external_id", "url")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "'")
ATTR = "attr:"


_FIRST = frozenset(_DANGEROUS)


def neutralise(value: str) -> str:
    return "'" + value if value[:1] in _FIRST else value


def restore(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _cell(value: Any) -> str:
    """A value as the cell's text (the attribute types' text form), neutralised for
    spreadsheets; booleans and numbers stay bare, so that a spreadsheet sees `-1` as a number."""
    if type(value) is str:
        return "'" + value if value[:1] in _FIRST else value
    if value is None:
        return ""
    form = text_form_of(value)
    return form if isinstance(value, int | float) else neutralise(form)


def _attribute_columns(manifest: Manifest) -> list[str]:
    keys: list[str] = []
    for label in codebook_labels(manifest).values():
        for attribute in label.get("attributes", []):
            if attribute["key"] not in keys:
                keys.append(attribute["key"])
    return keys


def _flat(value: Any, kind: str | None) -> bool:
    """Whether a value can go to its own column and come back as the same value: it is of its
    attribute's type, whose text form the import parses back, and not the empty string (an
    empty cell is an attribute not given; "" goes to the JSON column)."""
    return kind is not None and value != "" and attribute_type(kind).holds(value)


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], fp: IO[str]) -> int:
    labels = codebook_labels(manifest)
    attr_keys = _attribute_columns(manifest)
    writer = csv.writer(fp)
    fp.write("\ufeff")  # a BOM, so that spreadsheets read the file as UTF-8
    writer.writerow(_HEAD + [ATTR + k for k in attr_keys] + _TAIL)
    # What a label contributes to its rows, found once per label: its attribute types and
    # its category cell (an export of many spans spends its time in this loop).
    per_label: dict[str, tuple[dict[str, str], str]] = {}
    no_attributes = [""] * (len(attr_keys) + 1)
    count = 0
    for record in records:
        count += 1
        doc = [_cell(v) for v in (record.uid, record.external_id, record.text_sha256, record.title, record.url,
                                  record.outlet)]
        rows = []
        for layer, ann in spans_of(record):
            found = per_label.get(ann.label)
            if found is None:
                definition = labels.get(ann.label, {})
                found = per_label[ann.label] = ({a["key"]: a["type"] for a in definition.get("attributes", [])},
                                                _cell(definition.get("category", "")))
            kinds, category = found
            annotator = ann.annotator if layer != GOLD else getattr(ann, "curator", None)
            row = doc + [layer, _cell(ann.uid), _cell(annotator), _cell(ann.label), category, ann.start, ann.end,
                         _cell(ann.quote)]
            if ann.attributes:
                flat = {k: v for k, v in ann.attributes.items() if k in attr_keys and _flat(v, kinds.get(k))}
                other = {k: v for k, v in ann.attributes.items() if k not in flat}
                row += [_cell(flat.get(k)) for k in attr_keys]
                row.append(_cell(json.dumps(other, ensure_ascii=False, sort_keys=True)) if other else "")
            else:
                row += no_attributes
            row += [_cell(ann.note), _cell(ann.origin), _cell(iso_utc(ann.created_at)), _cell(iso_utc(ann.updated_at))]
            rows.append(row)
        writer.writerows(rows)
    return count


def sidecars(manifest: Manifest) -> dict[str, str]:
    """The manifest beside the file: a CSV has no place for it."""
    return {MANIFEST_SIDECAR: manifest_json(manifest)}


def _int(value: str, where: str, line: int, field: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise InvalidInput(f"{field} must be a whole number, got {value!r}", file=where, line=line, field=field) from error


#: The largest cell the readers take: Python's csv module stops at 131,072 characters unless told
#: otherwise, less than the quote of a span over a long article (or a long note, a registry
#: entry's description) that an export writes. The file's size limit
#: (ANNOTATOR_MAX_IMPORT_BYTES) bounds a cell anyway.
CELL_LIMIT = 2**31 - 1


def cell_reader(fp: Iterable[str], delimiter: str = ",") -> Reader:
    """`csv.reader` over `fp` taking cells up to CELL_LIMIT: every CSV reader of ours (spans,
    relations, registry tables, tables of articles) goes through here. The limit is the csv
    module's, for the whole process, so it is raised, never lowered."""
    if csv.field_size_limit() < CELL_LIMIT:
        csv.field_size_limit(CELL_LIMIT)
    return csv.reader(fp, delimiter=delimiter)


def numbered_rows(reader: Reader, width: int, source: str, issues: list[InvalidInput],
                  limit: RecordLimit | None = None) -> Iterator[tuple[int, list[str]]]:
    """(the line a row starts on, its cells) of each row after the header that is not blank
    and has the header's `width` cells; every CSV reader of ours (spans, relations, registry
    tables, tables of articles) goes through here. A row of another width is a located issue
    (counted against `limit`, as a record is); malformed CSV ends the reading with one."""
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            issues.append(InvalidInput(f"malformed CSV: {error}", file=source, line=start))
            return
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            take(limit, 1, file=source, line=start)
            issues.append(InvalidInput(f"{len(cells)} cells where the header has {width}", file=source, line=start))
            continue
        yield start, cells


def read(fp: IO[str], *, source: str = "<csv>", limit: RecordLimit | None = None) -> ReadResult:
    result = ReadResult()
    reader = cell_reader(fp)
    try:
        header = [restore(h).lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        result.issues.append(InvalidInput("the file is empty", file=source, line=1))
        return result
    except csv.Error as error:
        result.issues.append(InvalidInput(f"malformed CSV: {error}", file=source, line=1))
        return result
    if set(header) >= RELATION_COLUMNS:
        return read_relation_table(reader, header, source, limit)
    missing = [c for c in ("label", "start", "end") if c not in header]
    if not any(k in header for k in _DOCUMENT_KEYS):
        missing.append(" or ".join(_DOCUMENT_KEYS))
    if missing:
        for column in missing:
            result.issues.append(InvalidInput("missing column", file=source, line=1, field=column))
        return result
    documents: dict[tuple[str, ...], DocumentRecord] = {}
    for start_line, raw in numbered_rows(reader, len(header), source, result.issues, limit):
        row = {name: restore(cell) for name, cell in zip(header, raw, strict=True)}
        known = len(documents)
        try:
            _add_row(row, documents, source, start_line)
        except InvalidInput as error:
            result.issues.append(error)
        take(limit, max(1, len(documents) - known + bool(row.get("label"))), file=source, line=start_line)
    result.records = list(documents.values())
    return result


def _add_row(row: dict[str, str], documents: dict[tuple[str, ...], DocumentRecord], source: str, line: int) -> None:
    key = tuple(row.get(k, "") for k in _DOCUMENT_KEYS)
    if not any(key):
        raise InvalidInput("the row names no document", file=source, line=line, field=" or ".join(_DOCUMENT_KEYS))
    record = documents.get(key)
    if record is None:
        record = DocumentRecord(
            text="", uid=row.get("document_uid") or None, text_sha256=row.get("text_sha256") or None,
            external_id=row.get("external_id") or None, url=row.get("url") or None,
            title=row.get("title", ""), outlet=row.get("outlet") or None, source=f"{source}, line {line}",
        )
        documents[key] = record
    if not row.get("label"):
        return  # a row for a document without spans
    attributes: dict[str, Any] = {}
    if row.get("attributes"):
        attributes = parse_json(row["attributes"], source, line=line, field="attributes")
        if not isinstance(attributes, dict):
            raise InvalidInput("must be a JSON object", file=source, line=line, field="attributes")
    for name, value in row.items():
        if name.startswith(ATTR) and value != "":
            attributes[name[len(ATTR):]] = value
    where = f"{source}, line {line}"
    ann = AnnotationRecord(
        start=_int(row["start"], source, line, "start"), end=_int(row["end"], source, line, "end"),
        label=row["label"], quote=row.get("quote"),
        annotator=row.get("annotator") or None, uid=row.get("annotation_uid") or None, attributes=attributes,
        note=row.get("note") or None, origin=row.get("origin") or "import",
        created_at=parse_utc(row.get("created_at"), file=source, line=line, field="created_at"),
        updated_at=parse_utc(row.get("updated_at"), file=source, line=line, field="updated_at"),
        source=where,
    )
    layer = row.get("layer") or "annotation"
    if layer == GOLD:
        record.gold.append(as_gold(ann, curator=ann.annotator))
    elif layer == "annotation":
        record.annotations.append(ann)
    else:
        raise InvalidInput(f"layer must be 'annotation' or 'gold', got {layer!r}", file=source, line=line, field="layer")


# --- the relation table (relations.csv) ---------------------------------------------------------

RELATION_HEAD = ["document_uid", "external_id", "text_sha256", "url", "layer", "relation_uid", "type", "from_uid",
                 "to_uid", "annotator", "attributes", "note", "origin", "created_at", "updated_at"]
RELATION_COLUMNS = {"type", "from_uid", "to_uid"}


class RelationTable:
    """The relation table of an export, written to `fp` record by record as the export streams
    (`add` hands the record on, so that it can wrap the records a writer consumes)."""

    def __init__(self, fp: IO[str]) -> None:
        self._writer = csv.writer(fp)
        fp.write("\ufeff")
        self._writer.writerow(RELATION_HEAD)

    def add(self, record: DocumentRecord) -> DocumentRecord:
        who = {ann.uid: (getattr(ann, "curator", None) if layer == GOLD else ann.annotator)
               for layer, ann in spans_of(record)}
        for layer, relation in relations_of(record):
            row = [record.uid, record.external_id, record.text_sha256, record.url, layer, relation.uid, relation.type,
                   relation.from_uid, relation.to_uid, who.get(relation.from_uid),
                   json.dumps(relation.attributes, ensure_ascii=False, sort_keys=True) if relation.attributes else "",
                   relation.note, relation.origin, iso_utc(relation.created_at), iso_utc(relation.updated_at)]
            self._writer.writerow([_cell(v) for v in row])
        return record


def read_relation_table(reader: Any, header: list[str], source: str, limit: RecordLimit | None) -> ReadResult:
    """Relations naming their document and spans (see the module docstring)."""
    result = ReadResult()
    documents: dict[tuple[str, ...], DocumentRecord] = {}
    for line, raw in numbered_rows(reader, len(header), source, result.issues, limit):
        take(limit, 1, file=source, line=line)
        row = {name: restore(cell) for name, cell in zip(header, raw, strict=True)}
        try:
            _add_relation_row(row, documents, source, line)
        except InvalidInput as error:
            result.issues.append(error)
    result.records = list(documents.values())
    return result


def _add_relation_row(row: dict[str, str], documents: dict[tuple[str, ...], DocumentRecord], source: str,
                      line: int) -> None:
    key = tuple(row.get(k, "") for k in _DOCUMENT_KEYS)
    if not any(key):
        raise InvalidInput("the row names no document", file=source, line=line, field=" or ".join(_DOCUMENT_KEYS))
    record = documents.setdefault(key, DocumentRecord(
        text="", uid=row.get("document_uid") or None, text_sha256=row.get("text_sha256") or None,
        external_id=row.get("external_id") or None, url=row.get("url") or None, source=f"{source}, line {line}"))
    for column in ("type", "from_uid", "to_uid"):
        if not row.get(column):
            raise InvalidInput("empty", file=source, line=line, field=column)
    attributes = parse_json(row["attributes"], source, line=line, field="attributes") if row.get("attributes") else {}
    if not isinstance(attributes, dict):
        raise InvalidInput("must be a JSON object", file=source, line=line, field="attributes")
    values: dict[str, Any] = dict(
        type=row["type"], from_uid=row["from_uid"], to_uid=row["to_uid"], uid=row.get("relation_uid") or None,
        attributes=attributes, note=row.get("note") or None, origin=row.get("origin") or "import",
        created_at=parse_utc(row.get("created_at"), file=source, line=line, field="created_at"),
        updated_at=parse_utc(row.get("updated_at"), file=source, line=line, field="updated_at"),
        source=f"{source}, line {line}")
    layer = row.get("layer") or "annotation"
    if layer == GOLD:
        record.gold_relations.append(GoldRelationRecord(**values, curator=row.get("annotator") or None))
    elif layer == "annotation":
        record.relations.append(RelationRecord(**values))
    else:
        raise InvalidInput(f"layer must be 'annotation' or 'gold', got {layer!r}", file=source, line=line, field="layer")
