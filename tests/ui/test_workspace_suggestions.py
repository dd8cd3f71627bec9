"""Suggestions in the workspace with AppTest: the toggle draws them into the highlighter's
data, a clicked one (injected "select" of "s:ID") shows Accept / Dismiss, accepting stores a
span of origin "suggestion" (undoable), dismissing hides it for good (also after the detectors
re-run and in a new session; undoable), accept-all per rule, page parts and their legend."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import SpanIn, create_annotation, list_annotations
from annotator.services.annotation.suggestions import accept_suggestion, run_suggestions
from annotator.services.team.projects import create_project, set_member
from annotator.ui.pages.workspace import HIGHLIGHTER_KEY

from .workspace_support import (
    event,
    lead_and_annotator,
    log_in,
    new_app,
    open_page,
    send,
    texts,
)

TEXT = (
    "The regime's thugs attacked the so-called “opposition groups” on Monday 😀.\n"
    "According to officials, 40 percent of the aid was allegedly stolen.\n"
)


@pytest.fixture
def setup(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead, ana = lead_and_annotator(sqlite_db)
    project = create_project(sqlite_db, lead, "Suggest")
    set_member(sqlite_db, lead, project.id, "ana", "annotator")
    doc, _ = add_document(sqlite_db, lead, project.id, TEXT, title="Suggestions")
    return {"db": sqlite_db, "lead": lead, "ana": ana, "project": project.id, "doc": doc}


def drawing(at: AppTest) -> dict[str, Any]:
    [component] = [c for c in at.get("bidi_component") if c.proto.id.endswith(f"-{HIGHLIGHTER_KEY}")]
    return json.loads(component.proto.json)


def suggested(at: AppTest) -> dict[str, list[Any]]:
    """Drawn suggestions by quote: [id, start, end, colour, label, tooltip, kind]."""
    return {TEXT[s[1]:s[2]] + f"@{s[1]}": s for s in drawing(at)["spans"] if s[6] == "suggestion"}


def rule_of(drawn: list[Any]) -> str:
    """The rule named in a drawn suggestion's hover text ("rule: scare quotes")."""
    return drawn[5].split("rule: ")[1].split("\n")[0].replace(" ", "_")


def find(at: AppTest, quote: str, rule: str | None = None) -> list[Any]:
    start = TEXT.index(quote)
    for s in drawing(at)["spans"]:
        if s[6] == "suggestion" and (s[1], s[2]) == (start, start + len(quote)) and (rule is None or rule_of(s) == rule):
            return s
    raise AssertionError(f"no suggestion for {quote!r} ({rule}) in {list(suggested(at))}")


def open_with_suggestions(setup: dict, user: str = "ana") -> AppTest:
    at = open_page(log_in(new_app(), user), "workspace", doc=str(setup["doc"]))
    assert not [s for s in drawing(at)["spans"] if s[6] == "suggestion"]  # off by default
    at.toggle(key="ws-suggest-toggle").set_value(True).run()
    assert not at.exception, at.exception
    return at


def mine(setup: dict) -> list:
    return list_annotations(setup["db"], setup["ana"], setup["doc"], user_id=setup["ana"].user_id)


def test_toggle_draws_suggestions_and_is_remembered(setup: dict) -> None:
    at = open_with_suggestions(setup)
    quotes = {key.split("@")[0] for key in suggested(at)}
    assert {"regime's", "thugs", "so-called", "“opposition groups”", "allegedly"} <= quotes
    sid, start, end, colour, label, tip, kind = find(at, "“opposition groups”", "scare_quotes")
    assert str(sid).startswith("s:") and kind == "suggestion"
    assert (start, end) == (TEXT.index("“opposition groups”"), TEXT.index("“opposition groups”") + 19)
    assert colour.startswith("#") and label == "Scare quotes / \"so-called\""
    assert "rule: scare quotes" in tip and "Suggestion: Scare quotes" in tip
    assert at.button(key="ws-suggest-all-lexicon").label.startswith("lexicon (")
    # Another page and back: still on.
    open_page(at, "documents")
    open_page(at, "workspace", doc=str(setup["doc"]))
    assert at.toggle(key="ws-suggest-toggle").value is True
    assert suggested(at)
    # Off: none drawn.
    at.toggle(key="ws-suggest-toggle").set_value(False).run()
    assert not suggested(at)


def test_rules_shown_filter(setup: dict) -> None:
    at = open_with_suggestions(setup)
    at.button_group(key="ws-suggest-rules").set_value(["hedges"]).run()
    assert {rule_of(s) for s in suggested(at).values()} == {"hedges"}
    assert [b.label for b in at.button if b.key and b.key.startswith("ws-suggest-all-")] == ["hedges (2)"]


def test_select_and_accept_from_the_panel_then_undo(setup: dict) -> None:
    at = open_with_suggestions(setup)
    sid = find(at, "“opposition groups”", "scare_quotes")[0]
    send(at, event(setup["doc"], "select", span=sid))
    shown = texts(at)
    assert "“opposition groups”" in shown and any("rule scare quotes" in t for t in shown), shown
    at.button(key="ws-suggestion-accept").click().run()
    [span] = mine(setup)
    start = TEXT.index("“opposition groups”")
    assert (span.start, span.end, span.quote, span.label, span.origin) == (
        start, start + 19, "“opposition groups”", "scare_quotes", "suggestion")
    assert any("Accepted ““opposition groups”” as Scare quotes" in t for t in texts(at)), texts(at)
    drawn = {str(s[0]): s for s in drawing(at)["spans"]}
    assert drawn[str(span.id)][6] == "annotation"  # painted as the user's own span
    assert sid not in drawn
    # The next suggestion in the text is selected, ready for the keyboard.
    assert str(drawing(at)["selected"]).startswith("s:")
    # Undo (Ctrl+Z) removes the span; the suggestion is back.
    send(at, event(setup["doc"], "command", command="undo"))
    assert mine(setup) == []
    find(at, "“opposition groups”", "scare_quotes")


def test_accept_and_dismiss_with_keys(setup: dict) -> None:
    at = open_with_suggestions(setup)
    thugs = find(at, "thugs")[0]
    send(at, event(setup["doc"], "select", span=thugs), event(setup["doc"], "accept", span=thugs))
    [span] = mine(setup)
    assert (span.quote, span.origin, span.label) == ("thugs", "suggestion", "name_calling")
    # The same event again (the component resends its last events) does nothing more.
    send(at, event(setup["doc"], "accept", span=thugs))
    assert len(mine(setup)) == 1
    regime = find(at, "regime's")[0]
    send(at, event(setup["doc"], "dismiss", span=regime))
    assert "regime's" not in {k.split("@")[0] for k in suggested(at)}
    assert any("Dismissed the suggestion “regime's”" in t for t in texts(at))
    assert len(mine(setup)) == 1  # a dismissal makes no span


def test_dismiss_stays_dismissed_after_rerun_and_new_session_and_undo(setup: dict) -> None:
    at = open_with_suggestions(setup)
    sid = find(at, "allegedly")[0]
    send(at, event(setup["doc"], "select", span=sid))
    at.button(key="ws-suggestion-dismiss").click().run()
    assert "allegedly" not in {k.split("@")[0] for k in suggested(at)}
    # The lead re-runs the detectors: new rows and ids, the dismissal still holds.
    run_suggestions(setup["db"], setup["lead"], setup["project"])
    again = open_with_suggestions(setup)
    assert "allegedly" not in {k.split("@")[0] for k in suggested(again)}
    assert "thugs" in {k.split("@")[0] for k in suggested(again)}
    # The lead still sees it: dismissals are per user.
    lead = open_with_suggestions(setup, "lead")
    find(lead, "allegedly")
    # Undo in the first session shows it again.
    send(at, event(setup["doc"], "command", command="undo"))
    assert any("Showing again the suggestion “allegedly”" in t for t in texts(at))
    find(at, "allegedly")
    # Redo (Ctrl+Shift+Z) dismisses it again.
    send(at, event(setup["doc"], "command", command="redo"))
    assert any("Dismissed the suggestion “allegedly” (" in t and t.endswith("again.") for t in texts(at))
    assert "allegedly" not in {k.split("@")[0] for k in suggested(at)}
    assert "allegedly" not in {k.split("@")[0] for k in suggested(open_with_suggestions(setup))}


def test_suggestion_taken_elsewhere_is_refused_kindly(setup: dict) -> None:
    at = open_with_suggestions(setup)
    sid = find(at, "thugs")[0]
    send(at, event(setup["doc"], "select", span=sid))
    # Meanwhile the same user accepts it in another tab; then Enter here.
    accept_suggestion(setup["db"], setup["ana"], int(sid[2:]))
    send(at, event(setup["doc"], "accept", span=sid))
    assert len(mine(setup)) == 1
    assert any("no longer open" in t for t in texts(at))


def test_rerun_keeps_the_ids_of_suggestions_found_again(setup: dict) -> None:
    at = open_with_suggestions(setup)
    before = {k: s[0] for k, s in suggested(at).items()}
    run_suggestions(setup["db"], setup["lead"], setup["project"])
    at.run()
    assert {k: s[0] for k, s in suggested(at).items()} == before


def test_accept_all_of_a_rule_and_undo_it(setup: dict) -> None:
    at = open_with_suggestions(setup)
    lexicon = [s for s in suggested(at).values() if rule_of(s) == "lexicon"]
    button = at.button(key="ws-suggest-all-lexicon")
    assert button.label == f"lexicon ({len(lexicon)})"
    button.click().run()
    stored = mine(setup)
    assert sorted((s.start, s.end) for s in stored) == sorted((s[1], s[2]) for s in lexicon)
    assert {s.origin for s in stored} == {"suggestion"}
    assert any(f"Accepted {len(lexicon)} lexicon suggestions." in t for t in texts(at))
    assert not [s for s in suggested(at).values() if rule_of(s) == "lexicon"]
    at.button(key="ws-suggest-undo-all").click().run()
    assert mine(setup) == []
    assert len([s for s in suggested(at).values() if rule_of(s) == "lexicon"]) == len(lexicon)


def test_accept_all_reports_skipped_overlaps(setup: dict) -> None:
    db, lead = setup["db"], setup["lead"]
    project = create_project(db, lead, "Strict", allow_overlaps=False)
    set_member(db, lead, project.id, "ana", "annotator")
    doc, _ = add_document(db, lead, project.id, TEXT, title="Strict")
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(doc))
    at.toggle(key="ws-suggest-toggle").set_value(True).run()
    at.button(key="ws-suggest-all-lexicon").click().run()
    at.button(key="ws-suggest-all-hedges").click().run()
    assert any("1 skipped: they overlap spans you have" in t for t in texts(at)), texts(at)


def test_parts_are_dimmed_with_a_legend(setup: dict, corpus) -> None:  # type: ignore[no-untyped-def]
    text = (corpus / "southfront-astana-2017.txt").read_text(encoding="utf-8")
    db, lead = setup["db"], setup["lead"]
    doc, _ = add_document(db, lead, setup["project"], text, title="SouthFront")
    run_suggestions(db, lead, setup["project"], document_ids=[doc])  # marks furniture and comments
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(doc))
    kinds = {d[2] for d in drawing(at)["dim"]}
    assert kinds == {"furniture", "comments"}
    legend = [t for t in texts(at) if t.startswith("Page parts")]
    assert legend and "page furniture" in legend[0] and "reader comments" in legend[0]
    at.toggle(key="ws-suggest-toggle").set_value(True).run()
    quoted = text.index("“opposition groups”")
    assert any(s[6] == "suggestion" and (s[1], s[2]) == (quoted, quoted + 19) for s in drawing(at)["spans"])


def test_ptc_project_shows_mapped_labels(setup: dict) -> None:
    db, lead = setup["db"], setup["lead"]
    project = create_project(db, lead, "PTC", codebook="semeval2020-ptc")
    set_member(db, lead, project.id, "ana", "annotator")
    doc, _ = add_document(db, lead, project.id, TEXT, title="PTC")
    at = open_page(log_in(new_app(), "ana"), "workspace", doc=str(doc))
    at.toggle(key="ws-suggest-toggle").set_value(True).run()
    labels = {s[4] for s in drawing(at)["spans"] if s[6] == "suggestion"}
    assert labels and labels <= {"Loaded language", "Name calling / labeling", "Doubt"}, labels
    sid = next(s[0] for s in drawing(at)["spans"] if s[6] == "suggestion")
    send(at, event(doc, "accept", span=sid))
    [span] = list_annotations(db, setup["ana"], doc)
    assert span.label in {"Loaded_Language", "Name_Calling,Labeling", "Doubt"} and span.origin == "suggestion"


def test_accept_moves_on_to_another_labels_suggestion_on_the_same_words(setup: dict) -> None:
    """After the Claim suggestion on a sentence, the hedge inside the same sentence is next
    (it starts before the claim ends, so it never came "after" it by offsets)."""
    at = open_with_suggestions(setup)
    claim = find(at, "According to officials, 40 percent of the aid was allegedly stolen.", "claims")[0]
    hedge = find(at, "allegedly", "hedges")[0]
    send(at, event(setup["doc"], "select", span=claim), event(setup["doc"], "accept", span=claim))
    assert [s.label for s in mine(setup)] == ["claim"]
    assert drawing(at)["selected"] == hedge
    # Two labels proposed for "so-called": accepting the first selects the second.
    first, second = sorted((s for s in drawing(at)["spans"] if s[6] == "suggestion"
                            and TEXT[s[1]:s[2]] == "so-called"), key=rule_of)
    send(at, event(setup["doc"], "accept", span=first[0]))
    assert drawing(at)["selected"] == second[0]


def test_suggestions_on_words_already_tagged_with_their_label_are_hidden(setup: dict) -> None:
    at = open_with_suggestions(setup)
    find(at, "“opposition groups”", "scare_quotes")
    quote = "so-called “opposition groups”"
    start = TEXT.index(quote)
    create_annotation(setup["db"], setup["ana"], setup["doc"],
                      SpanIn(start, start + len(quote), "scare_quotes", quote))
    at.run()
    with pytest.raises(AssertionError):
        find(at, "“opposition groups”", "scare_quotes")
    find(at, "so-called", "hedges")  # another label on the same words stays
    # The lead, who has no such span, still sees it.
    find(open_with_suggestions(setup, "lead"), "“opposition groups”", "scare_quotes")


def test_switching_project_and_document_leaves_nothing_of_the_previous_one(setup: dict) -> None:
    other = create_project(setup["db"], setup["lead"], "Other project")
    set_member(setup["db"], setup["lead"], other.id, "ana", "annotator")
    plain, _ = add_document(setup["db"], setup["lead"], other.id, "Nothing to suggest here.", title="Plain")
    at = open_with_suggestions(setup)
    sid = find(at, "thugs")[0]
    send(at, event(setup["doc"], "select", span=sid))
    assert drawing(at)["selected"] == sid
    # A message still queued for the first document when the user leaves it.
    at.session_state["ws_flash"] = [("info", "A message about the first document.")]
    open_page(at, "documents")
    open_page(at, "workspace", doc=str(plain))
    shown = texts(at)
    assert not any("no longer open" in t or "first document" in t for t in shown), shown
    assert drawing(at)["selected"] is None and drawing(at)["doc_id"] == plain
