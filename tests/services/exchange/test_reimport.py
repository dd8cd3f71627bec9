"""Importing the same file twice adds nothing, also for formats whose spans carry no id of
ours (PTC/SemEval label lines, Label Studio regions made in Label Studio, brat, CSV without
uids): a lead who uploads the PTC folder again must not double every span, which would count
each annotator twice in agreement and curation (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.config import get_settings
from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord, GoldRecord, RelationRecord
from annotator.models import Annotation, GoldAnnotation, Label, Relation
from annotator.services.actor import Actor
from annotator.services.annotation.spans import delete_annotation
from annotator.services.exchange.data_import import import_records
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import create_project

from ...support.ptc import ptc_records

TEXT = "Flags 🇰🇿 and e\u0301 said so.\r\nThe so-called experts 👩‍🔬 agree."


def _count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Annotation)) or 0)


def test_a_ptc_folder_imported_twice_adds_no_span_the_second_time(db: Database, admin: Actor, corpus: Path) -> None:
    records = ptc_records(corpus)[:4]
    project = create_project(db, admin, "PTC again", codebook="semeval2020-ptc")
    first = import_records(db, admin, project.id, records, annotator="ptc")
    assert first.annotations == sum(len(r.annotations) for r in records) > 0
    second = import_records(db, admin, project.id, ptc_records(corpus)[:4], annotator="ptc")
    assert (second.added, second.annotations) == (0, 0)
    assert _count(db) == first.annotations


def test_only_spans_already_stored_are_skipped(db: Database, admin: Actor) -> None:
    """The same span twice in one file stays twice (a round trip keeps a file's lines); another
    annotator's, another label's or other offsets' span is new; a deleted span is not
    brought back by the same file."""
    start = TEXT.index("so-called")

    def span(label: str = "loaded_language", who: str = "ana", at: int = start) -> AnnotationRecord:
        return AnnotationRecord(at, at + len("so-called"), label, annotator=who)

    record = DocumentRecord(text=TEXT, title="t", annotations=[span(), span(), span("claim")])
    project = create_project(db, admin, "Again")
    assert import_records(db, admin, project.id, [record]).annotations == 3
    assert import_records(db, admin, project.id, [record]).annotations == 0
    with db.read() as session:
        claim = session.scalars(select(Annotation).join(Label).where(Label.key == "claim")).one()
        assert claim is not None
        claim_id = claim.id
    delete_annotation(db, admin, claim_id)
    more = replace(record, annotations=[span(), span(), span(), span(who="bo"), span(at=0), span("claim")])
    assert import_records(db, admin, project.id, [more]).annotations == 3  # the third copy, bo's, the one at 0
    assert _count(db) == 6


def test_gold_spans_without_uid_are_not_doubled_either(db: Database, admin: Actor) -> None:
    """Label Studio's ground-truth annotations come in as gold without a uid of ours."""
    start = TEXT.index("experts")
    gold = GoldRecord(start, start + len("experts"), "claim", curator=admin.username)
    record = DocumentRecord(text=TEXT, title="t", gold=[gold, replace(gold, start=0, end=5)])
    project = create_project(db, admin, "Gold again")
    import_records(db, admin, project.id, [record])
    import_records(db, admin, project.id, [replace(record, gold=[gold, gold, replace(gold, label="hedge")])])
    with db.read() as session:
        stored = sorted(session.execute(select(Label.key, GoldAnnotation.start).join(Label)).all())
    assert stored == [("claim", 0), ("claim", start), ("claim", start), ("hedge", start)]


# --- relations between spans the file gives no uid -------------------------------------------

SAID = "The minister said the so-called opposition groups were paid."
_SOURCE, _CLAIM = (0, 12), (18, 49)  # "The minister", "the so-called opposition groups"


def _labelstudio() -> tuple[str, bytes]:
    regions = [{"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": a, "end": b, "text": SAID[a:b], "labels": [label]}}
               for rid, (a, b), label in (("r1", _SOURCE, "source_attribution"), ("r2", _CLAIM, "claim"))]
    relation = {"from_id": "r2", "to_id": "r1", "type": "relation", "direction": "right", "labels": ["attributed_to"]}
    tasks = [{"data": {"text": SAID}, "annotations": [{"annotator": "ana", "result": [*regions, relation]}]}]
    return "tasks.json", json.dumps(tasks).encode()


def _brat() -> tuple[str, bytes]:
    lines = [f"T1\tsource_attribution {_SOURCE[0]} {_SOURCE[1]}\t{SAID[slice(*_SOURCE)]}",
             f"T2\tclaim {_CLAIM[0]} {_CLAIM[1]}\t{SAID[slice(*_CLAIM)]}",
             "R1\tattributed_to Arg1:T2 Arg2:T1"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr("ana/said.txt", SAID)
        bundle.writestr("ana/said.ann", "\n".join(lines) + "\n")
    return "said.zip", buffer.getvalue()


def _w3c() -> tuple[str, bytes]:
    def span(name: str, at: tuple[int, int], label: str) -> dict[str, object]:
        return {"id": name, "type": "Annotation", "motivation": "classifying", "creator": {"nickname": "ana"},
                "body": [{"type": "TextualBody", "purpose": "tagging", "value": label}],
                "target": {"source": "https://example.org/said", "selector": [
                    {"type": "TextQuoteSelector", "exact": SAID[slice(*at)]},
                    {"type": "TextPositionSelector", "start": at[0], "end": at[1]}]}}

    link = {"id": "#link", "type": "Annotation", "motivation": "linking", "creator": {"nickname": "ana"},
            "body": [{"type": "TextualBody", "purpose": "linking", "value": "attributed_to"}],
            "target": ["#claim", "#source"]}
    collection = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
                  "documents": [{"id": "https://example.org/said", "type": "Text", "text": SAID}],
                  "first": {"type": "AnnotationPage", "items": [
                      span("#source", _SOURCE, "source_attribution"), span("#claim", _CLAIM, "claim"), link]}}
    return "said.jsonld", json.dumps(collection).encode()


@pytest.mark.parametrize("made", [_labelstudio, _brat, _w3c], ids=["labelstudio", "brat", "w3c"])
def test_a_file_with_relations_between_spans_without_uid_imported_twice_adds_nothing(
        db: Database, admin: Actor, made: Callable[[], tuple[str, bytes]]) -> None:
    """A reader gives the spans a relation names a uid; made from the span, not at random, so
    the second import finds them stored (and the relation between them) instead of adding
    both spans and the relation again."""
    name, content = made()
    create_project(db, admin, "Said", codebook="framing")
    settings = get_settings(db.url)
    first = import_uploads(db, admin, "Said", [Upload(name, content)], settings=settings)
    assert (first.result.added, first.result.annotations) == (1, 2)
    again = import_uploads(db, admin, "Said", [Upload(name, content)], settings=settings)
    assert (again.result.added, again.result.annotations) == (0, 0)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Annotation)) == 2
        assert session.scalar(select(func.count()).select_from(Relation)) == 1


def test_another_projects_export_imported_twice_adds_nothing_the_second_time(db: Database, admin: Actor) -> None:
    """The file's span uids are taken by the project it came from, so the copies get fresh ones;
    importing the same file again (README: `import texts/ study.csv`, then with its relations
    table) found no span by uid and doubled every span, gold span and relation. A span whose uid
    another document holds is matched by what it is, like one without uid."""
    source_start, claim_start = SAID.index("The minister"), SAID.index("the so-called")
    source = AnnotationRecord(source_start, source_start + 12, "source_attribution", annotator="ana",
                              uid="00000000-0000-4000-8000-000000000001")
    claim = AnnotationRecord(claim_start, claim_start + 31, "claim", annotator="ana",
                             uid="00000000-0000-4000-8000-000000000002")
    gold = GoldRecord(claim_start, claim_start + 31, "claim", curator=admin.username,
                      uid="00000000-0000-4000-8000-000000000003")
    relation = RelationRecord("attributed_to", claim.uid or "", source.uid or "",
                              uid="00000000-0000-4000-8000-000000000004")

    def record() -> DocumentRecord:
        return DocumentRecord(text=SAID, title="said", annotations=[replace(source), replace(claim)],
                              gold=[replace(gold)], relations=[replace(relation)])

    def counts() -> tuple[int, ...]:
        with db.read() as session:
            return tuple(int(session.scalar(select(func.count()).select_from(model)) or 0)
                         for model in (Annotation, GoldAnnotation, Relation))

    original, copy = create_project(db, admin, "Original"), create_project(db, admin, "Copy")
    import_records(db, admin, original.id, [record()])
    first = import_records(db, admin, copy.id, [record()])
    assert first.annotations == 2 and counts() == (4, 2, 2)
    again = import_records(db, admin, copy.id, [record()])
    assert (again.added, again.annotations) == (0, 0)
    assert counts() == (4, 2, 2)
