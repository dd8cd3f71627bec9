"""What the format modules share: the result of reading, timestamps, layers, label maps.

What every catalog module provides (name, kind, suffixes, sidecars, `read`, `write`, ...) is
stated as a type in protocol.py. A "file" format reads and writes one text stream; a "bundle"
format reads and writes several files, in a folder or a zip (see bundle.py). Formats never
import streamlit or sqlalchemy: the services move records in and out of the database.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput
from ..spans import text_sha256
from .claim_records import ClaimGroupRecord, FactCheckRecord
from .records import (
    AnnotationRecord,
    DocumentRecord,
    EntityRecord,
    GoldRecord,
    Manifest,
    RelationRecord,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

EXAMPLES = Path(__file__).parent / "examples"

#: How exports that are not native mark the gold layer (a CSV `layer` cell, a W3C
#: `layer` term, a brat folder named in the bundle's manifest, a Label Studio annotation).
GOLD = "gold"
ANNOTATION = "annotation"
#: The suffix of the manifest written beside an export whose file cannot hold it (CSV, Label Studio).
MANIFEST_SIDECAR = ".manifest.json"
#: The suffix of the labeling configuration written beside a Label Studio export (for Label
#: Studio; an import reads the manifest instead).
LABEL_CONFIG_SIDECAR = ".label_config.xml"
#: The suffix of the relation table written beside an export whose rows are spans (CSV): made
#: of the records as they stream by (formats/relations_csv.py), not of the manifest.
RELATIONS_SIDECAR = ".relations.csv"


@dataclass
class ReadResult:
    """What reading a file gives: records plus every problem found (file, line, field)."""

    records: list[DocumentRecord] = field(default_factory=list)
    issues: list[InvalidInput] = field(default_factory=list)
    manifest: Manifest | None = None
    #: Where the manifest was read ("file, line 1"), for a problem with it found later.
    manifest_source: str | None = None
    entities: list[EntityRecord] = field(default_factory=list)
    #: The codebook a project created by this import should use, when the format implies one.
    codebook: str | None = None
    #: Claim groups and fact-checks (the native format's lines of their own, claim_lines.py).
    claim_groups: list[ClaimGroupRecord] = field(default_factory=list)
    fact_checks: list[FactCheckRecord] = field(default_factory=list)
    #: What the reading changed or noticed without refusing, for the import summary (e.g. spans
    #: joined from brat fragments).
    notes: list[str] = field(default_factory=list)


#: The namespace of the uids `EndUids` makes (uuid5).
_END_UIDS = uuid.UUID("5b0e8f43-51d6-4b8a-9d0c-3f6a2e7c1d94")


class EndUids:
    """Uids for the spans a relation names when the file gives them none (Label Studio regions,
    brat T lines, W3C annotations without a `urn:uuid:` id).

    A uid is made from what the span is: its document (the text's hash, or the record's uid,
    URL, external id or title when the text comes later), its layer, annotator, label and
    offsets, and how many such spans got one before it in the file. So the same file imported
    again names the same spans, which the import skips as imported before, and then the
    relations between them too; a uid drawn at random each time made a second import add the
    spans and their relations again. The span is marked (`uid_made`), so that an import into
    the project the file was exported from, whose spans have uids of their own, matches it by
    what it is, as a span without uid. One instance serves one file."""

    def __init__(self) -> None:
        self._seen: Counter[tuple[Any, ...]] = Counter()
        self._documents: dict[int, str] = {}

    def give(self, record: DocumentRecord, span: AnnotationRecord, *, gold: bool = False) -> str:
        """`span`'s uid, made and set on it when it has none."""
        if span.uid is None:
            key = (self._document(record), gold, span.annotator, span.label, span.start, span.end)
            count = self._seen[key]
            self._seen[key] = count + 1
            span.uid = str(uuid.uuid5(_END_UIDS, json.dumps([*key, count], ensure_ascii=False)))
            span.uid_made = True
        return span.uid

    def _document(self, record: DocumentRecord) -> str:
        if id(record) not in self._documents:
            self._documents[id(record)] = (
                text_sha256(record.text) if record.text is not None
                else "|".join(str(v or "") for v in (record.uid, record.url, record.external_id, record.title)))
        return self._documents[id(record)]


@lru_cache(maxsize=4096)
def iso_utc(value: datetime | None) -> str | None:
    """Stored times are naive UTC; exchange formats get an explicit `Z`. Remembered: an export
    writes the same few times (an import's, a session's) for tens of thousands of spans."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


def parse_utc(value: Any, *, file: str, line: int | str | None, field: str) -> datetime | None:
    """ISO 8601 (with or without zone) -> naive UTC; empty -> None."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InvalidInput("a time must be an ISO 8601 string", file=file, line=line, field=field)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError as error:
        raise InvalidInput(f"not an ISO 8601 time: {value!r}", file=file, line=line, field=field) from error
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed



def parse_date(value: Any, *, file: str, line: int | str | None, field: str, leading: bool = False) -> date | None:
    """An ISO 8601 date (YYYY-MM-DD) -> date; empty (None, "", anything false) -> None.

    With `leading`, any non-empty value is read as text and only its first ten characters count,
    so a time stamp gives its day (the article readers of ingest take dates that way)."""
    text = str(value)[:10] if leading and value not in (None, "") else value
    if not text:
        return None
    if not isinstance(text, str):
        raise InvalidInput(f"not an ISO date (YYYY-MM-DD): {value!r}", file=file, line=line, field=field)
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise InvalidInput(f"not an ISO date (YYYY-MM-DD): {value!r}", file=file, line=line, field=field) from error

#: The project settings a manifest carries for a project the import creates, and their types.
_PROJECT_TYPES: dict[str, tuple[type, ...]] = {"name": (str,), "description": (str,), "blind": (bool,),
                                                "allow_overlaps": (bool,), "annotators_per_document": (int,),
                                                "settings": (dict,)}


def _check_project(project: dict[str, Any], source: str, line: int | None = None) -> None:
    """The manifest's project settings, typed before a project is made of them."""
    for key, kinds in _PROJECT_TYPES.items():
        value = project.get(key)
        if value is None:
            continue
        if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
            raise InvalidInput(f"must be {' or '.join(k.__name__ for k in kinds)}", file=source, line=line,
                               field=f"project.{key}")
    if project.get("annotators_per_document") is not None and project["annotators_per_document"] < 1:
        raise InvalidInput("at least one annotator per document", file=source, line=line,
                           field="project.annotators_per_document")


def manifest_of(value: Any, where: str, line: int | None = None) -> Manifest:
    """An export's manifest read back (a native file's manifest line, a manifest file beside
    a CSV or Label Studio export, the one in a W3C collection, or the manifest.json in a brat
    or SemEval bundle, where it may sit under "manifest" beside the bundle's maps), so that an
    import can make the project the export came from: its codebook, its settings.
    InvalidInput names the file (and line) and the field."""
    from pydantic import ValidationError  # only an import that reads a manifest

    if isinstance(value, dict) and isinstance(value.get("manifest"), dict):
        value = value["manifest"]
    if not isinstance(value, dict):
        raise InvalidInput("a manifest must be a JSON object", file=where, line=line)
    try:
        manifest = _manifest_adapter().validate_python(value)
    except ValidationError as error:
        raise InvalidInput.from_validation(error, file=where, line=line) from error
    _check_project(manifest.project, where, line)
    return manifest


@lru_cache(maxsize=1)
def _manifest_adapter() -> TypeAdapter[Manifest]:
    """pydantic's validator of manifests, made once (it costs more than a manifest's check)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Manifest)


def manifest_json(manifest: Manifest, *, newline: bool = True, **beside: Any) -> str:
    """The export's manifest as JSON (indent 1, non-ASCII kept, dates as text), as the manifest
    beside a CSV or Label Studio file, or inside a SemEval or brat bundle. With `beside`, the
    manifest sits under "manifest" next to those keys (brat's manifest.json also carries its
    label, attribute, folder and document maps). The bundles' manifest files have never ended
    in a newline; `newline=False` keeps their bytes as they were."""
    value = {"manifest": asdict(manifest), **beside} if beside else asdict(manifest)
    return json.dumps(value, ensure_ascii=False, indent=1, default=str) + ("\n" if newline else "")


def gold_only(manifest: Manifest) -> bool:
    return bool(manifest.filters.get("gold_only"))


def spans_of(record: DocumentRecord) -> Iterator[tuple[str, AnnotationRecord]]:
    """The record's spans with their layer: annotations first, then gold."""
    for ann in record.annotations:
        yield ANNOTATION, ann
    for gold in record.gold:
        yield GOLD, gold


def relations_of(record: DocumentRecord) -> Iterator[tuple[str, RelationRecord]]:
    """The record's relations with their layer: annotators' first, then gold."""
    for relation in record.relations:
        yield ANNOTATION, relation
    for gold in record.gold_relations:
        yield GOLD, gold


def relation_types(manifest: Manifest) -> dict[str, dict[str, Any]]:
    """Relation type key -> its definition (name, directed, from, to, ...) from the manifest."""
    definition = manifest.codebook.get("definition") or {}
    return {relation["key"]: relation for relation in definition.get("relations", [])}


def as_gold(ann: AnnotationRecord, **extra: Any) -> GoldRecord:
    """An annotation read from a gold-marked place, as a gold record."""
    values = {k: getattr(ann, k) for k in AnnotationRecord.__dataclass_fields__}
    values.pop("annotator", None)
    return GoldRecord(**values, **extra)


def codebook_labels(manifest: Manifest) -> dict[str, dict[str, Any]]:
    """Label key -> label definition (category, attributes, ...) from the manifest."""
    definition = manifest.codebook.get("definition") or {}
    return {label["key"]: label for label in definition.get("labels", [])}


def span_labels(manifest: Manifest) -> dict[str, dict[str, Any]]:
    """The codebook's span labels (document-level labels such as genre are left out)."""
    definition = manifest.codebook.get("definition") or {}
    layers = {c["key"]: c.get("layer", "span") for c in definition.get("categories", [])}
    return {k: v for k, v in codebook_labels(manifest).items() if layers.get(v.get("category"), "span") == "span"}


def document_name(record: DocumentRecord, used: set[str]) -> str:
    """A file-system-safe, unique base name for a document: its external id when that is
    safe, else its uid."""
    for candidate in (record.external_id, record.uid):
        if candidate and safe_name(candidate) == candidate and candidate not in used:
            used.add(candidate)
            return candidate
    base = safe_name(record.external_id or record.uid or "document")
    name, n = base, 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name)
    return name


def readable_name(record: DocumentRecord, used: set[str]) -> str:
    """A readable, file-system-safe, unique base name for a document: its external id when that
    is safe, else a slug of the external id or of the title, else its uid."""
    if record.external_id and safe_name(record.external_id) == record.external_id:
        base = record.external_id
    else:
        base = slug(record.external_id or "") or slug(record.title) or record.uid or "document"
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return name


def slug(value: str, length: int = 60) -> str:
    """Lower-case ASCII letters and digits joined by hyphens (accents dropped, other scripts
    left out): empty when nothing of `value` is ASCII."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text)[:length].strip("-")


def safe_name(value: str) -> str:
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "._-@") else "_" for c in value)
    cleaned = cleaned.lstrip(".")
    return cleaned[:120] or "_"
