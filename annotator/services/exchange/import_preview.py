"""What an import would bring, told before anything is written: documents (and how many the
project has already), spans per label, annotators, and every problem the import would be
refused for, checked on copies of the records against the codebook the import would use.

Labels the codebook lacks are not problems here: they are the lead's to decide
(label_mapping.py), so for this check they stand in as span labels without attributes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...codebooks import CodebookDef, load_builtin
from ...errors import InvalidInput
from ...ingest.readers import Loaded
from ...models import Document, Label
from ...models.enums import Layer
from ...spans import text_sha256
from ..accounts.lookup import spellings
from ..actor import Actor
from ..annotation.codebook_versions import definition_of
from ..in_batches import rows_in
from ..permissions import LEADS, load_project, require_project_role
from ..team.projects import require_creator
from ..unit import read_service
from .import_prep import coerce_attributes, resolve_references, respelled_note
from .import_validation import MAX_REPORTED_ISSUES, check_annotator_names, validate
from .label_mapping import MapTo, apply_mapping, resolve_mapping, suggest
from .project_import import manifest_codebook


@dataclass(frozen=True)
class LabelFound:
    key: str
    #: Spans and gold spans with this label.
    spans: int
    #: In the codebook the import would use.
    known: bool
    #: A codebook label the key likely means (for a label the codebook lacks).
    suggestion: str | None = None
    #: The key it would be added under as a new label: its own, or one made from it where it
    #: cannot be a key as it is (label_mapping.new_label_key).
    new_key: str | None = None


@dataclass(frozen=True)
class ImportPreview:
    documents: int
    #: Of those, documents the project holds already (same text): they are not added again.
    present: int
    spans: int
    gold: int
    document_labels: int
    #: Per label, in order of first appearance.
    labels: tuple[LabelFound, ...]
    #: (annotator, spans), most spans first; unnamed spans under the default annotator.
    annotators: tuple[tuple[str, int], ...]
    #: Located problems; an import with any is refused whole.
    problems: tuple[str, ...]
    #: The codebook the spans are checked against.
    codebook: CodebookDef
    #: What reading noticed without refusing (e.g. Label Studio results left out, counted):
    #: said before the import as in its summary after.
    notes: tuple[str, ...] = ()

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(label.key for label in self.labels if not label.known)


def file_codebook(loaded: Loaded) -> CodebookDef | None:
    """The codebook the file brings: the definition in its manifest, else the built-in one its
    format implies (SemEval's `semeval2020-ptc`), else None."""
    return manifest_codebook(loaded) or (load_builtin(loaded.codebook) if loaded.codebook else None)


def _labels(definition: CodebookDef, unknown: set[str]) -> dict[str, Label]:
    """The codebook's labels as unsaved rows, for the validation pass (it reads key, layer and
    attributes), with the undecided ones standing in as plain span labels."""
    labels = {label.key: Label(key=label.key, name=label.name, layer=Layer(definition.layer_of(label)),
                               attributes=[a.model_dump(mode="json") for a in label.attributes])
              for label in definition.labels}
    for key in unknown:
        labels[key] = Label(key=key, name=key, layer=Layer.SPAN, attributes=[])
    return labels


@read_service
def preview_import(session: Session, actor: Actor, loaded: Loaded, *, project_id: int | None,
                   codebook: CodebookDef | None = None, annotator: str | None = None,
                   source: str = "import") -> ImportPreview:
    """What importing `loaded` into the project (or, with `project_id` None, into a new project
    with `codebook`) would do. Writes nothing."""
    if project_id is not None:
        require_project_role(session, actor, project_id, LEADS, "import into this project")
        codebook = definition_of(load_project(session, project_id).codebook)
    else:
        require_creator(actor)
        if codebook is None:
            raise InvalidInput("choose the new project's codebook", field="codebook")
    known = {label.key: label.name for label in codebook.labels}
    default = annotator or actor.username
    per_label: Counter[str] = Counter()
    per_annotator: Counter[str] = Counter()
    gold = document_labels = 0
    for record in loaded.records:
        for span in record.annotations:
            per_label[span.label] += 1
            per_annotator[span.annotator or default] += 1
        for span in record.gold:
            per_label[span.label] += 1
            gold += 1
        document_labels += len(record.document_labels)
    unknown = {key for key in per_label if key not in known}
    problems = [issue.located() for issue in loaded.issues]
    if not problems:
        copies, _, _ = apply_mapping(loaded.records, {})
        copies, issues = resolve_references(session, project_id or 0, copies, source)
        labels = _labels(codebook, unknown)
        coerce_attributes(labels, copies)
        issues += validate(labels, copies, source) + check_annotator_names(copies, annotator)
        problems = [issue.located() for issue in issues]
    present = 0
    if project_id is not None and loaded.records:
        shas = list({text_sha256(r.text) for r in loaded.records if r.text})
        present = len(rows_in(session, select(Document.id).where(Document.project_id == project_id),
                              Document.text_sha256, shas))
    added = resolve_mapping([k for k in per_label if k in unknown], {k: MapTo("new") for k in unknown}, known)
    # Names that differ from an account's in case only are that account, as the import takes them.
    respelled = spellings(session, per_annotator)
    accounts: Counter[str] = Counter()
    for name, count in per_annotator.items():
        accounts[respelled.get(name, name)] += count
    said = (respelled_note(respelled),) if respelled else ()
    return ImportPreview(
        documents=len(loaded.records), present=present, spans=sum(per_label.values()) - gold, gold=gold,
        document_labels=document_labels,
        labels=tuple(LabelFound(key, count, key in known, None if key in known else suggest(key, known.items()),
                                added[key].label if key in added else None)
                     for key, count in per_label.items()),
        annotators=tuple(accounts.most_common()), problems=tuple(problems[:MAX_REPORTED_ISSUES]),
        codebook=codebook, notes=(*loaded.notes, *said),
    )
