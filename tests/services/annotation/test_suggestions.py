"""Suggestions in a project: stored runs, accept (as own span), dismiss (kept per user),
accept-all of a rule, label mapping to other codebooks, page parts, project lexicon."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidInput, NotFound
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document, get_document
from annotator.services.annotation.spans import list_annotations
from annotator.services.annotation.suggestions import (
    accept_rule,
    accept_suggestion,
    dismiss_suggestion,
    document_suggestions,
    run_suggestions,
    set_project_lexicon,
    stored_suggestions,
    undismiss_suggestion,
)
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.builders import add_member

TEXT = (
    "The regime's thugs attacked the so-called “opposition groups” on Monday 😀.\n"
    "According to officials, 40 percent of the aid was allegedly stolen.\n"
)


def _setup(db: Database, lead: Actor, codebook: str = "framing", text: str = TEXT) -> tuple[int, int]:
    project = create_project(db, lead, f"S-{codebook}", codebook=codebook)
    doc, _ = add_document(db, lead, project.id, text)
    return project.id, doc


def test_first_look_runs_the_detectors_and_offsets_are_code_points(db: Database, admin: Actor) -> None:
    _, doc = _setup(db, admin)
    found = document_suggestions(db, admin, doc)
    assert found, "the detectors found nothing"
    for s in found:
        assert TEXT[s.start : s.end] == s.quote
    by_rule = {(s.rule, s.quote) for s in found}
    assert ("scare_quotes", "“opposition groups”") in by_rule
    assert ("lexicon", "so-called") in by_rule
    assert ("hedges", "allegedly") in by_rule


def test_accept_makes_the_users_own_span_and_hides_the_suggestion(db: Database, admin: Actor) -> None:
    project, doc = _setup(db, admin)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    target = next(s for s in document_suggestions(db, ann, doc) if s.rule == "scare_quotes")
    view = accept_suggestion(db, ann, target.id)
    assert (view.start, view.end, view.label, view.origin, view.username) == (
        target.start, target.end, "scare_quotes", "suggestion", "ann")
    assert target.id not in {s.id for s in document_suggestions(db, ann, doc)}
    assert target.id in {s.id for s in document_suggestions(db, admin, doc)}  # others still see it


def test_dismissals_stay_per_user_and_survive_a_rerun(db: Database, admin: Actor) -> None:
    project, doc = _setup(db, admin)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    target = document_suggestions(db, ann, doc)[0]
    dismiss_suggestion(db, ann, target.id)
    dismiss_suggestion(db, ann, target.id)  # twice is fine
    run_suggestions(db, admin, project)  # new rows, same spans
    again = document_suggestions(db, ann, doc)
    assert (target.rule, target.start, target.end) not in {(s.rule, s.start, s.end) for s in again}
    assert (target.rule, target.start, target.end) in {(s.rule, s.start, s.end) for s in document_suggestions(db, admin, doc)}


def test_accept_all_of_a_rule(db: Database, admin: Actor) -> None:
    _, doc = _setup(db, admin)
    lexicon = [s for s in document_suggestions(db, admin, doc) if s.rule == "lexicon"]
    result = accept_rule(db, admin, doc, "lexicon")
    assert (result.accepted, result.skipped) == (len(lexicon), 0)
    assert sorted(result.annotation_ids) == sorted(a.id for a in list_annotations(db, admin, doc))
    spans = {(a.start, a.end) for a in list_annotations(db, admin, doc)}
    assert spans == {(s.start, s.end) for s in lexicon}
    assert not [s for s in document_suggestions(db, admin, doc) if s.rule == "lexicon"]


def test_accept_all_skips_overlaps_where_refused(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "strict", allow_overlaps=False)
    doc, _ = add_document(db, admin, project.id, TEXT)
    hedges_and_lexicon = [s for s in document_suggestions(db, admin, doc) if s.quote == "so-called"]
    assert len(hedges_and_lexicon) == 2  # lexicon and hedges propose the same words
    accept_rule(db, admin, doc, "lexicon")
    result = accept_rule(db, admin, doc, "hedges")
    assert result.skipped >= 1 and result.accepted >= 1  # "allegedly" goes in, "so-called" clashes


def test_labels_are_mapped_to_other_codebooks(db: Database, admin: Actor) -> None:
    _, doc = _setup(db, admin, "semeval2020-ptc")
    found = document_suggestions(db, admin, doc)
    assert {s.label for s in found} <= {"Loaded_Language", "Name_Calling,Labeling", "Doubt"}
    assert any(s.label == "Loaded_Language" for s in found)
    view = accept_suggestion(db, admin, found[0].id)
    assert view.label == found[0].label


def test_parts_are_marked_on_the_southfront_page(db: Database, admin: Actor, corpus) -> None:  # noqa: ANN001
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    project, doc = _setup(db, admin, text=text)
    run = run_suggestions(db, admin, project)
    assert run.parts_marked == 1
    parts = get_document(db, admin, doc).parts
    kinds = {p["kind"] for p in parts}
    assert kinds == {"body", "furniture", "comments"}
    comments = next(p for p in parts if p["kind"] == "comments")
    assert "Trustin Judeau" in text[comments["start"] : comments["end"]]


def test_project_lexicon_extends_the_detector(db: Database, admin: Actor) -> None:
    text = "The ferry barons met again.\n"
    project, doc = _setup(db, admin, text=text)
    assert not [s for s in document_suggestions(db, admin, doc) if s.rule == "lexicon"]
    with pytest.raises(InvalidInput):
        set_project_lexicon(db, admin, project, [{"term": "x", "label": "not-a-label"}])
    set_project_lexicon(db, admin, project, [{"term": "ferry barons", "label": "name_calling"}])
    run_suggestions(db, admin, project)
    found = [s for s in document_suggestions(db, admin, doc) if s.rule == "lexicon"]
    assert [(s.quote, s.label) for s in found] == [("ferry barons", "name_calling")]


def test_only_leads_run_batches(db: Database, admin: Actor) -> None:
    project, _ = _setup(db, admin)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    with pytest.raises(Forbidden):
        run_suggestions(db, ann, project)


def test_stored_suggestions_reads_without_running(db: Database, admin: Actor) -> None:
    _, doc = _setup(db, admin)
    assert stored_suggestions(db, admin, doc) is None  # the detectors have not run
    first = document_suggestions(db, admin, doc)
    assert stored_suggestions(db, admin, doc) == first


def test_accepting_twice_is_a_conflict_not_a_second_span(db: Database, admin: Actor) -> None:
    _, doc = _setup(db, admin)
    target = next(s for s in document_suggestions(db, admin, doc) if s.quote == "thugs")
    accept_suggestion(db, admin, target.id)
    with pytest.raises(Conflict, match="already one of your spans"):
        accept_suggestion(db, admin, target.id)
    assert len(list_annotations(db, admin, doc)) == 1


def test_undismiss_shows_it_again_only_for_its_owner(db: Database, admin: Actor) -> None:
    project, doc = _setup(db, admin)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    target = document_suggestions(db, ann, doc)[0]
    dismissal = dismiss_suggestion(db, ann, target.id)
    assert dismiss_suggestion(db, ann, target.id) == dismissal  # twice: the same row
    assert target.id not in {s.id for s in document_suggestions(db, ann, doc)}
    with pytest.raises(NotFound):
        undismiss_suggestion(db, admin, dismissal)  # not the lead's dismissal
    undismiss_suggestion(db, ann, dismissal)
    assert target.id in {s.id for s in document_suggestions(db, ann, doc)}


def test_rerun_keeps_ids_and_drops_vanished_suggestions(db: Database, admin: Actor) -> None:
    project, doc = _setup(db, admin)
    before = {(s.rule, s.start, s.end): s.id for s in document_suggestions(db, admin, doc)}
    set_project_lexicon(db, admin, project, [{"term": "thug", "label": "loaded_language"}])
    run_suggestions(db, admin, project)
    after = {(s.rule, s.label, s.start, s.end): s.id for s in document_suggestions(db, admin, doc)}
    thugs = TEXT.index("thugs")
    assert ("lexicon", "loaded_language", thugs, thugs + 5) in after  # relabelled: a new row
    assert ("lexicon", "name_calling", thugs, thugs + 5) not in after  # the old one is gone
    kept = {k: v for k, v in before.items() if k != ("lexicon", thugs, thugs + 5)}
    assert {(r, s, e): i for (r, _l, s, e), i in after.items() if (r, s, e) in kept} == kept
