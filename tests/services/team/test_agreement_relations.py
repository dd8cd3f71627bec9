"""Relation F1 between annotators in the agreement study (SQLite and PostgreSQL): matched when the
type agrees and both ends match, exact or overlapping; deleted relations and relations whose
spans are deleted do not count; the JSON report carries the figures."""

from __future__ import annotations

import json
import math

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.services.actor import Actor
from annotator.services.annotation.relations import delete_relation, list_relations
from annotator.services.exchange.data_import import import_records
from annotator.services.team.agreement import AgreementFilter, project_agreement
from annotator.services.team.projects import create_project

TEXT = "Officials claimed the talks succeeded, according to state media. Critics said the talks failed."


def at(quote: str, label: str, who: str, uid: str, *, trim: int = 0) -> AnnotationRecord:
    start = TEXT.index(quote) + trim
    return AnnotationRecord(start, start + len(quote) - trim, label, annotator=who, uid=uid)


def test_relation_f1_between_annotators(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Study")
    spans = [
        at("the talks succeeded", "claim", "ann", "a1"), at("according to state media", "source_attribution", "ann", "a2"),
        at("the talks failed", "claim", "ann", "a3"),
        # bob's claim starts four characters later: the same relation, but not exactly.
        at("the talks succeeded", "claim", "bob", "b1", trim=4),
        at("according to state media", "source_attribution", "bob", "b2"),
        at("the talks failed", "claim", "bob", "b3"),
    ]
    relations = [
        RelationRecord("attributed_to", "a1", "a2"), RelationRecord("contradicts", "a3", "a1"),
        RelationRecord("attributed_to", "b1", "b2"), RelationRecord("supports", "b3", "b1"),
        RelationRecord("repeats", "b1", "b3"),
    ]
    import_records(db, admin, project.id, [DocumentRecord(text=TEXT, title="T", annotations=spans,
                                                          relations=relations)])
    report = project_agreement(db, admin, project.id, AgreementFilter(n_resamples=20))
    [pair] = report.relations
    assert (pair.a, pair.b, pair.n_documents, pair.n_relations_a, pair.n_relations_b) == ("ann", "bob", 1, 2, 3)
    # Overlap: ann's attributed_to is found in bob's, the contradicts is not (bob says supports).
    assert (pair.overlap.precision, pair.overlap.recall) == (0.5, 1 / 3)
    assert math.isclose(pair.overlap.f1, 0.4)
    assert pair.exact.f1 == 0.0  # bob's claim has other offsets
    as_json = json.loads(json.dumps(report.to_dict()))
    assert as_json["relations"][0]["overlap"]["precision"] == 0.5
    # A deleted relation no longer counts.
    document = report.documents[0].document_id
    supports = next(r for r in list_relations(db, admin, document) if r.type == "supports")
    delete_relation(db, admin, supports.id)
    [pair] = project_agreement(db, admin, project.id, AgreementFilter(n_resamples=20)).relations
    assert (pair.n_relations_b, pair.overlap.recall) == (2, 0.5)


def test_no_relations_no_rows(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Plain")
    import_records(db, admin, project.id, [DocumentRecord(text=TEXT, title="T", annotations=[
        at("the talks failed", "claim", "ann", "a1"), at("the talks failed", "claim", "bob", "b1")])])
    assert project_agreement(db, admin, project.id, AgreementFilter(n_resamples=20)).relations == ()
