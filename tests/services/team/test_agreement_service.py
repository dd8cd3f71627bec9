"""The agreement service on SQLite and PostgreSQL: who may look, what counts, filters,
document labels, gold, and the side-by-side drill-down."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput
from annotator.formats.records import (
    AnnotationRecord,
    DocumentLabelRecord,
    DocumentRecord,
    GoldRecord,
)
from annotator.models import AuditEvent
from annotator.services.actor import Actor
from annotator.services.annotation.documents import set_parts, set_status
from annotator.services.annotation.spans import delete_annotation, list_annotations
from annotator.services.exchange.data_import import import_records
from annotator.services.team.agreement import AgreementFilter, project_agreement
from annotator.services.team.agreement_compare import GOLD, compare_document
from annotator.services.team.assignments import assign
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.builders import add_member

TEXT = ("Negotiations between the Syrian government and the so-called opposition groups "
        "kicked off in Astana. The regime said the talks would fail.\nSupport us on PayPal!")
FAST = AgreementFilter(n_resamples=50)


def at(quote: str, label: str, who: str, occurrence: int = 0) -> AnnotationRecord:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(quote, start + 1)
    return AnnotationRecord(start, start + len(quote), label, annotator=who)


def setup(db: Database, admin: Actor, *, blind: bool = False, **kwargs: object) -> int:
    project = create_project(db, admin, "Study", blind=blind)
    records = [
        DocumentRecord(text=TEXT, title="Astana", annotations=[
            at("so-called", "scare_quotes", "ann"), at("so-called", "scare_quotes", "bob"),
            at("regime", "loaded_language", "ann"), at("regime", "name_calling", "bob"),
            at("PayPal", "funding_appeal", "ann"),
        ]),
        DocumentRecord(text=TEXT + " Second.", title="Second", annotations=[
            at("opposition groups", "claim", "ann"), at("opposition groups", "claim", "bob"),
        ]),
    ]
    import_records(db, admin, project.id, records, **kwargs)  # type: ignore[arg-type]
    return project.id


def doc_ids(db: Database, admin: Actor, project_id: int) -> list[int]:
    report = project_agreement(db, admin, project_id, FAST)
    return sorted(d.document_id for d in report.documents)


def test_figures_for_a_project(db: Database, admin: Actor) -> None:
    project_id = setup(db, admin)
    report = project_agreement(db, admin, project_id, FAST)
    assert report.annotators == ("ann", "bob")
    assert report.counted.n_documents == 2 and report.counted.n_documents_counted == 2
    assert report.counted.basis == "annotated" and "No document is marked done" in report.counted.basis_note
    labels = {row.key: row for row in report.labels}
    assert labels["scare_quotes"].char.value == 1.0 and labels["claim"].f1_overlap.value == 1.0
    assert labels["loaded_language"].char.value < 0 and labels["loaded_language"].n_spans == 1
    pair = report.pair("ann", "bob")
    assert pair is not None and pair.exact.value == pytest.approx(2 * 2 / (4 + 3))
    confusion = report.confusion
    ll, nc = confusion.labels.index("loaded_language"), confusion.labels.index("name_calling")
    assert confusion.counts[ll][nc] == confusion.counts[nc][ll] == 1
    assert confusion.counts[confusion.labels.index("funding_appeal")][-1] == 1
    assert [d.title for d in report.documents] == ["Astana", "Second"]  # lowest first
    assert report.gold == ()


def test_blind_project_refuses_annotators_but_not_curators(db: Database, admin: Actor) -> None:
    project_id = setup(db, admin, blind=True)
    annotator, curator, stranger = (make_user(db, n) for n in ("ann2", "cur", "stranger"))
    add_member(db, admin, project_id, annotator)
    add_member(db, admin, project_id, curator, "curator")
    with pytest.raises(Forbidden, match="blind"):
        project_agreement(db, annotator, project_id, FAST)
    with pytest.raises(Forbidden):
        compare_document(db, annotator, project_id, doc_ids(db, admin, project_id)[0])
    with pytest.raises(Forbidden):
        project_agreement(db, stranger, project_id, FAST)
    assert project_agreement(db, curator, project_id, FAST).annotators == ("ann", "bob")
    with db.read() as session:
        details = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "forbidden")).all()
    assert any("view agreement" in (d or "") for d in details)


def test_open_project_lets_annotators_look(db: Database, admin: Actor) -> None:
    project_id = setup(db, admin)
    annotator = make_user(db, "ann2")
    add_member(db, admin, project_id, annotator)
    assert project_agreement(db, annotator, project_id, FAST).counted.n_documents == 2


def test_an_annotator_limited_to_their_queue_studies_only_its_documents(db: Database, admin: Actor) -> None:
    """Once a lead assigns documents, an annotator opens only theirs: the agreement figures
    and the side-by-side drill-down (which shows the text) cover their queue, and asking for
    another document is refused and audited. A report kept for the lead is not handed out."""
    project_id = setup(db, admin)
    first, second = doc_ids(db, admin, project_id)  # the lead's report is kept now
    annotator = make_user(db, "ann2")
    add_member(db, admin, project_id, annotator)
    assign(db, admin, project_id, [first], ["ann2"])
    report = project_agreement(db, annotator, project_id, FAST)
    assert [d.document_id for d in report.documents] == [first]
    assert compare_document(db, annotator, project_id, first).document_id == first
    with pytest.raises(Forbidden):
        compare_document(db, annotator, project_id, second)
    with pytest.raises(Forbidden):
        project_agreement(db, annotator, project_id, AgreementFilter(n_resamples=50, document_ids=(second,)))
    with db.read() as session:
        refused = session.scalars(select(AuditEvent.object_id).where(
            AuditEvent.action == "forbidden", AuditEvent.user_id == annotator.user_id)).all()
    assert list(refused) == [second, second]
    # The lead still studies every document.
    assert doc_ids(db, admin, project_id) == [first, second]


def test_a_curator_of_a_project_that_hides_names_sees_pseudonyms(db: Database, admin: Actor) -> None:
    """The figures and the side-by-side drill-down name annotators as the curation view does
    ("Annotator N" to a curator where names are hidden): real names there matched the
    pseudonyms of the curation view to people. A report kept for the admin is not handed out."""
    from annotator.services.team.agreement import study_annotators
    from annotator.services.team.settings import set_team_settings

    project_id = setup(db, admin)
    curator = make_user(db, "cur")
    for name in ("ann", "bob"):
        add_member(db, admin, project_id, _actor(db, name))
    add_member(db, admin, project_id, curator, "curator")
    set_team_settings(db, admin, project_id, hide_annotator_names=True)
    assert project_agreement(db, admin, project_id, FAST).annotators == ("ann", "bob")
    report = project_agreement(db, curator, project_id, FAST)
    assert report.annotators == ("Annotator 1", "Annotator 2")
    assert study_annotators(db, curator, project_id) == ["Annotator 1", "Annotator 2", "cur", "lead"]
    assert study_annotators(db, admin, project_id) == ["ann", "bob", "cur", "lead"]
    first = doc_ids(db, admin, project_id)[0]
    raters = {r.rater for r in compare_document(db, curator, project_id, first, FAST).raters}
    assert raters == {"Annotator 1", "Annotator 2"}
    only = project_agreement(db, curator, project_id, AgreementFilter(n_resamples=50, annotators=("Annotator 2",)))
    assert only.annotators == ("Annotator 2",)
    # The drill-down decides its basis from the annotators picked by those names too.
    for name in ("ann", "bob"):
        set_status(db, _actor(db, name), first, "done")
    picked = AgreementFilter(n_resamples=50, annotators=("Annotator 1", "Annotator 2"))
    assert "marked it done" in compare_document(db, curator, project_id, first, picked).basis_note


def _actor(db: Database, name: str) -> Actor:
    from annotator.models import User
    from annotator.models.enums import GlobalRole

    with db.read() as session:
        user = session.scalar(select(User).where(User.username == name))
        assert user is not None
        return Actor(user.id, user.username, GlobalRole(user.role))


def test_finished_only_counts_documents_marked_done(db: Database, admin: Actor) -> None:
    project_id = setup(db, admin)
    first, second = doc_ids(db, admin, project_id)
    ann, bob = _actor(db, "ann"), _actor(db, "bob")
    set_status(db, ann, first, "done")
    auto = project_agreement(db, admin, project_id, FAST)
    assert auto.counted.basis == "finished" and auto.counted.n_documents_counted == 0
    assert "0 document(s)" in auto.counted.basis_note
    set_status(db, bob, first, "done")
    auto = project_agreement(db, admin, project_id, FAST)
    assert auto.counted.n_documents_counted == 1 and [d.document_id for d in auto.documents] == [first]
    every = project_agreement(db, admin, project_id, AgreementFilter(n_resamples=50, finished_only=False))
    assert every.counted.basis == "annotated" and every.counted.n_documents_counted == 2
    # Marked done with nothing to mark is a judgement too: carol counts, with no spans.
    carol = make_user(db, "carol")
    add_member(db, admin, project_id, carol)
    set_status(db, carol, first, "done")
    report = project_agreement(db, admin, project_id, FAST)
    assert report.annotators == ("ann", "bob", "carol")
    assert report.pair("ann", "carol").exact.value == 0.0  # type: ignore[union-attr]


def test_page_furniture_is_left_out_by_default(db: Database, admin: Actor) -> None:
    project_id = setup(db, admin)
    first, _ = doc_ids(db, admin, project_id)
    furniture = TEXT.index("Support")
    set_parts(db, admin, first, [{"kind": "body", "start": 0, "end": furniture},
                                 {"kind": "furniture", "start": furniture, "end": len(TEXT)}])
    body = project_agreement(db, admin, project_id, FAST)
    whole = project_agreement(db, admin, project_id,
                              AgreementFilter(n_resamples=50, body_only=False))
    assert body.counted.n_characters == whole.counted.n_characters - (len(TEXT) - furniture)
    funding = {r.key: r for r in whole.labels}["funding_appeal"]
    assert funding.char.value < 0 and funding.f1_overlap.value == 0.0
    # In the body nobody marked a funding appeal: nothing to agree on.
    assert math.isnan({r.key: r for r in body.labels}["funding_appeal"].char.value)
    assert body.overall[0].char.value > whole.overall[0].char.value


def test_filters_and_deleted_spans(db: Database, admin: Actor) -> None:
    project_id = setup(db, admin)
    first, second = doc_ids(db, admin, project_id)
    only = project_agreement(db, admin, project_id, AgreementFilter(
        n_resamples=50, labels=("scare_quotes", "claim"), document_ids=(first,)))
    assert [r.key for r in only.labels] == ["claim", "scare_quotes"]  # codebook order
    assert only.counted.n_documents == 1 and only.overall[0].char.value == 1.0
    with pytest.raises(InvalidInput, match="no label 'nope'"):
        project_agreement(db, admin, project_id, AgreementFilter(labels=("nope",)))
    with pytest.raises(InvalidInput, match="'zed' made no annotations"):
        project_agreement(db, admin, project_id, AgreementFilter(annotators=("zed",)))
    with pytest.raises(InvalidInput, match="no document"):
        project_agreement(db, admin, project_id, AgreementFilter(document_ids=(999_999,)))
    # Deleting bob's disagreeing span leaves ann's loaded language unmatched.
    bob = _actor(db, "bob")
    view = next(a for a in list_annotations(db, admin, first) if a.label == "name_calling")
    delete_annotation(db, bob, view.id)
    report = project_agreement(db, admin, project_id, FAST)
    assert {r.key: r for r in report.labels}["name_calling"].n_spans == 0


def test_document_labels_and_gold(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Docs")
    texts = [f"Article {i}: the regime said so." for i in range(6)]
    genres = ["genre_reporting", "genre_opinion", "genre_reporting", "genre_satire", "genre_opinion", "genre_reporting"]
    records = []
    for i, text in enumerate(texts):
        start = text.index("regime")
        records.append(DocumentRecord(
            text=text, title=f"A{i}",
            annotations=[AnnotationRecord(start, start + 6, "loaded_language", annotator=who)
                         for who in ("ann", "bob")],
            document_labels=[DocumentLabelRecord(genres[i], annotator="ann"),
                             DocumentLabelRecord(genres[i] if i % 3 else "genre_opinion", annotator="bob")],
            gold=[GoldRecord(start, start + 6, "loaded_language")] if i < 3 else [],
        ))
    import_records(db, admin, project.id, records)
    report = project_agreement(db, admin, project.id, FAST)
    genre = next(r for r in report.document_labels if r.category == "genre")
    assert genre.label is None and genre.alpha.n_documents == 6 and genre.n_annotations == 12
    assert 0 < genre.alpha.value < 1
    assert report.counted.n_documents_with_gold == 3
    assert [(g.annotator, g.exact.value, g.exact.n_documents) for g in report.gold] == [
        ("ann", 1.0, 3), ("bob", 1.0, 3)]


def test_compare_document_shows_each_annotator_at_the_disagreement(db: Database, admin: Actor) -> None:
    project_id = setup(db, admin)
    first, second = doc_ids(db, admin, project_id)
    view = compare_document(db, admin, project_id, first)
    assert [r.rater for r in view.raters] == ["ann", "bob"]
    assert [(TEXT[r.start:r.end]) for r in view.regions] == ["regime", "PayPal"]
    regime = view.regions[0]
    assert "ann: Loaded language" in regime.description and "bob: Name calling" in regime.description
    marked = {e.rater: e.text for e in regime.excerpts}
    assert "⟦regime⟧" in marked["ann"] and "⟦so-called⟧" in marked["bob"]
    assert compare_document(db, admin, project_id, second).regions == ()
    # Gold, when there is some, is shown beside the annotators but not compared.
    import_records(db, admin, project_id, [DocumentRecord(text=TEXT, gold=[
        GoldRecord(TEXT.index("regime"), TEXT.index("regime") + 6, "loaded_language")])])
    with_gold = compare_document(db, admin, project_id, first)
    assert [r.rater for r in with_gold.raters] == ["ann", "bob", GOLD]
    assert len(with_gold.regions) == 2


def test_an_annotator_who_left_can_still_be_picked(db: Database, admin: Actor) -> None:
    """The study counts the spans of an annotator who left the project, but the filter listed
    current members only: nobody could narrow the figures to them or leave them out."""
    from annotator.services.team.agreement import study_annotators
    from annotator.services.team.projects import remove_member

    project_id = setup(db, admin)
    for name in ("ann", "bob"):
        add_member(db, admin, project_id, _actor(db, name))
    remove_member(db, admin, project_id, "bob")
    assert "bob" in project_agreement(db, admin, project_id, FAST).annotators
    assert "bob" in study_annotators(db, admin, project_id)
    only_bob = project_agreement(db, admin, project_id, replace(FAST, annotators=("ann", "bob")))
    assert only_bob.annotators == ("ann", "bob")
