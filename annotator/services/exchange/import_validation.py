"""The validation pass of an import: every record checked against the project's codebook and
the documents' texts before anything is written, each problem located (file, line or task,
field). No database access: the import service hands over what it needs."""

from __future__ import annotations

from collections.abc import Sequence

from ...errors import InvalidInput, InvalidSpan
from ...formats.records import AnnotationRecord, DocumentLabelRecord, DocumentRecord
from ...models import Label
from ...models.enums import EntityRole, GoldProvenance, Layer, Origin
from ...spans import text_sha256
from ..annotation.documents import check_parts, oversized_fields
from ..annotation.spans import check_attributes, check_offsets

MAX_REPORTED_ISSUES = 50


def _locate(record_source: str | None, default: str) -> str:
    return record_source or default


def _issue(issues: list[InvalidInput], message: str, where: str, field: str | None) -> None:
    issues.append(InvalidInput(message, file=where, field=field))


def _check_span(
    issues: list[InvalidInput], labels: dict[str, Label], text: str, record: AnnotationRecord,
    where: str, layer: str, index: int,
) -> None:
    """Refuse the span at `layer[index]` of a record (its field path is spelled only when there
    is a problem: an import checks every span)."""
    label = labels.get(record.label)
    if label is None:
        _issue(issues, f"unknown label {record.label!r}", where, f"{layer}[{index}].label")
        return
    if label.layer != Layer.SPAN:
        _issue(issues, f"{record.label!r} is a document-level label", where, f"{layer}[{index}].label")
        return
    try:
        check_offsets(text, record.start, record.end, record.quote)
    except InvalidSpan as error:
        _issue(issues, str(error), where, f"{layer}[{index}].start/end/quote")
        return
    try:
        check_attributes(label, record.attributes)
    except InvalidInput as error:
        _issue(issues, error.message, where, f"{layer}[{index}].{error.field or 'attributes'}")


def _same_span(one: AnnotationRecord, other: AnnotationRecord) -> bool:
    return (one.start, one.end, one.label, one.annotator, one.note, one.attributes) == \
        (other.start, other.end, other.label, other.annotator, other.note, other.attributes)


def _check_uids(issues: list[InvalidInput], spans: Sequence[AnnotationRecord], where: str, layer: str) -> None:
    """A uid names one span of a document: a span given again whole (the same file twice in
    one import) is stored once, but a second, different span under a uid already taken would
    be skipped as imported before, and so lost without a word."""
    seen: dict[str, AnnotationRecord] = {}
    for i, ann in enumerate(spans):
        uid = ann.uid
        if not uid:
            continue
        first = seen.setdefault(uid, ann)
        if first is not ann and not _same_span(first, ann):
            _issue(issues, f"uid {uid} is given to two different spans of this document (the other: "
                           f"{first.source or 'above'})", ann.source or where, f"{layer}[{i}].uid")


def validate(
    labels: dict[str, Label], records: Sequence[DocumentRecord], source: str
) -> list[InvalidInput]:
    issues: list[InvalidInput] = []
    span_keys = {key for key, label in labels.items() if label.layer == Layer.SPAN}
    origins = Origin._value2member_map_
    for number, record in enumerate(records, start=1):
        where = _locate(record.source, f"{source}, record {number}")
        if not record.text:
            _issue(issues, "the document has no text", where, "text")
            continue
        try:
            check_parts(record.parts, len(record.text), source=where)
        except InvalidInput as error:
            issues.append(error)
        for name, problem in oversized_fields(vars(record)):
            _issue(issues, problem, where, name)
        if record.text_sha256 and record.text_sha256 != text_sha256(record.text):
            _issue(issues, "text does not match its sha256 (changed or re-encoded?)", where, "text_sha256")
        text = record.text
        size = len(text)
        _check_uids(issues, record.annotations, where, "annotations")
        _check_uids(issues, record.gold, where, "gold")
        for i, ann in enumerate(record.annotations):
            # The usual span passes the checks below without a call: a span label, offsets
            # within the text that give its quote, no attributes, a known origin, no links.
            start, end, quote = ann.start, ann.end, ann.quote
            if (type(start) is int and type(end) is int and 0 <= start < end <= size and ann.label in span_keys
                    and (quote is None or text[start:end] == quote) and not ann.attributes
                    and ann.origin in origins and not ann.entities):
                continue
            _check_span(issues, labels, text, ann, ann.source or where, "annotations", i)
            if ann.origin not in origins:
                _issue(issues, f"unknown origin {ann.origin!r}", where, f"annotations[{i}].origin")
            for link in ann.entities:
                if link.role not in EntityRole._value2member_map_:
                    _issue(issues, f"unknown entity role {link.role!r}", where, f"annotations[{i}].entities")
        for i, gold in enumerate(record.gold):
            _check_span(issues, labels, record.text, gold, gold.source or where, "gold", i)
            if gold.provenance not in GoldProvenance._value2member_map_:
                _issue(issues, f"unknown provenance {gold.provenance!r}", where, f"gold[{i}].provenance")
        for i, doc_label in enumerate(record.document_labels):
            label = labels.get(doc_label.label)
            if label is None or label.layer != Layer.DOCUMENT:
                _issue(issues, f"unknown document label {doc_label.label!r}", where, f"document_labels[{i}].label")
        if len(issues) >= MAX_REPORTED_ISSUES:
            break
    return issues


def check_annotator_names(records: Sequence[DocumentRecord], default: str | None) -> list[InvalidInput]:
    """Names that become accounts must be valid user names (1-150 characters, no spaces)."""
    issues = []
    for record in records:
        named: list[AnnotationRecord | DocumentLabelRecord] = [*record.annotations, *record.document_labels]
        for ann in named:
            name = ann.annotator
            if name is not None and (not name or len(name) > 150 or any(c.isspace() for c in name)):
                where = getattr(ann, "source", None) or record.source or "import"
                issues.append(InvalidInput(f"annotator {name[:60]!r} is not a valid user name (1-150 characters, no spaces)",
                                           file=where, field="annotator"))
    if default is not None and (not default or any(c.isspace() for c in default)):
        issues.append(InvalidInput(f"{default!r} is not a valid user name", field="annotator"))
    return issues
