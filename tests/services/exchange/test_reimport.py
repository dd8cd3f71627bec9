"""Importing the same file twice adds nothing, also for formats whose spans carry no id of
ours (PTC/SemEval label lines, Label Studio regions made in Label Studio, brat, CSV without
uids): a lead who uploads the PTC folder again must not double every span, which would count
each annotator twice in agreement and curation (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord, GoldRecord
from annotator.models import Annotation, GoldAnnotation, Label
from annotator.services.actor import Actor
from annotator.services.annotation.spans import delete_annotation
from annotator.services.exchange.data_import import import_records
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
