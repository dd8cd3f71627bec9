"""The codebook editor's model: every built-in codebook goes through it and comes back the same,
its YAML loads as a file does (same validation, same messages), and the edits the page offers
(a new label, a hotkey clash, a type without choices) behave as the page says."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from annotator.codebooks import builtin_keys, load_builtin, load_codebook_file, parse_codebook
from annotator.codebooks.editor import (
    SOURCE,
    AttributeDraft,
    CodebookDraft,
    explain,
    key_from,
    unique_key,
)
from annotator.codebooks.keys import key_problem
from annotator.errors import InvalidInput


@pytest.mark.parametrize("key", builtin_keys())
def test_every_builtin_codebook_round_trips_through_the_editor(key: str, tmp_path: Path) -> None:
    original = load_builtin(key)
    draft = CodebookDraft.from_definition(original)
    assert draft.to_definition() == original
    # The YAML the editor writes (and the page offers as a download) is a codebook file.
    path = tmp_path / f"{key}.yaml"
    path.write_text(draft.to_yaml(), encoding="utf-8")
    assert load_codebook_file(path) == original
    # ... and reading that file into the editor again changes nothing.
    assert CodebookDraft.from_definition(load_codebook_file(path)).to_yaml() == draft.to_yaml()


def test_the_editor_refuses_what_a_file_refuses_with_the_same_message(tmp_path: Path) -> None:
    draft = CodebookDraft.from_definition(load_builtin("framing"))
    draft.labels[1].hotkey = draft.labels[0].hotkey
    path = tmp_path / "clash.yaml"
    path.write_text(draft.to_yaml(), encoding="utf-8")
    with pytest.raises(InvalidInput) as from_file:
        load_codebook_file(path)
    with pytest.raises(InvalidInput) as from_editor:
        draft.to_definition()
    assert from_editor.value.message == from_file.value.message
    assert "hotkey 'c' used by both 'claim' and 'loaded_language'" in from_editor.value.message
    assert from_editor.value.file == SOURCE


def test_a_draft_holds_half_made_states_and_says_what_is_missing() -> None:
    draft = CodebookDraft.blank("study", "Study")
    label = draft.add_label("Loaded language!")
    assert (label.key, label.category, label.colour) == ("loaded_language", "labels", "#4e79a7")
    with pytest.raises(InvalidInput) as missing:
        draft.to_definition()
    assert missing.value.field == "labels.0.description"
    label.description = "Words chosen for their emotional charge."
    label.attributes.append(AttributeDraft(key="strength", name="Strength", type="choice"))
    with pytest.raises(InvalidInput, match="is a choice but lists no choices"):
        draft.to_definition()
    label.attributes[0].choices = ["mild", "strong"]
    label.attributes[0].required = True
    definition = draft.to_definition()
    assert definition.labels[0].attributes[0].required is True
    assert definition.labels[0].attributes[0].choices == ["mild", "strong"]


def _problem(draft: CodebookDraft) -> str:
    with pytest.raises(InvalidInput) as refused:
        draft.to_definition()
    return explain(draft, refused.value)


def test_a_problem_names_the_box_to_fill_in_not_the_files_key() -> None:
    """A new label's missing guideline is the box "Guideline" (the file's `description`; the
    box "Description" on the same page is the codebook's own), and the same for a relation
    type and an attribute."""
    draft = CodebookDraft.blank("study", "Study")
    label = draft.add_label("Claim")
    assert _problem(draft) == "label 'Claim': Guideline: empty: fill it in"
    label.description = "A checkable statement."
    label.attributes.append(AttributeDraft(key="verdict", name="Verdict", type="choice"))
    assert _problem(draft) == "label 'Claim', attribute 'Verdict': attribute 'verdict' is a choice but lists no choices"
    label.attributes[0].choices = ["true", "false"]
    draft.add_relation("Attributed to")
    assert _problem(draft) == "relation 'Attributed to': Guideline: empty: fill it in"
    draft.relations[0].description = "The claim's source."
    draft.key = ""
    assert _problem(draft) == "Codebook key: empty: fill it in"


def test_choices_are_kept_while_another_type_is_picked_but_written_only_for_choice() -> None:
    draft = CodebookDraft.blank("study", "Study")
    label = draft.add_label("Claim")
    label.description = "A checkable statement."
    label.attributes.append(AttributeDraft(key="verdict", name="Verdict", type="choice", choices=["true", "false"]))
    label.attributes[0].type = "text"
    assert "choices" not in draft.to_raw()["labels"][0]["attributes"][0]
    assert draft.to_definition().labels[0].attributes[0].choices == []
    label.attributes[0].type = "choice"
    assert draft.to_definition().labels[0].attributes[0].choices == ["true", "false"]


def test_required_false_is_left_out_so_stored_codebooks_keep_their_hash() -> None:
    raw = yaml.safe_load(CodebookDraft.from_definition(load_builtin("framing")).to_yaml())
    attributes = [a for label in raw["labels"] for a in label.get("attributes", [])]
    assert attributes and all("required" not in a for a in attributes)
    assert all("required" not in a for label in load_builtin("framing").model_dump()["labels"]
               for a in label["attributes"])


def test_new_labels_take_unused_keys_categories_and_colours() -> None:
    draft = CodebookDraft(key="k", name="K")  # no category yet: one is made
    first, second = draft.add_label("Claim"), draft.add_label("Claim")
    assert (first.key, second.key) == ("claim", "claim_2")
    assert first.colour != second.colour
    assert [c.key for c in draft.categories] == ["labels"]
    first.hotkey = "c"
    assert draft.hotkey_holder("C", besides=1) is first
    assert draft.hotkey_holder("c", besides=0) is None


def test_edits_show_up_in_the_definition_and_the_yaml_parses_back() -> None:
    draft = CodebookDraft.from_definition(load_builtin("semeval2020-ptc"))
    draft.labels[0].name = "Appeal to an authority"
    draft.labels[0].colour = "#123ABC"
    raw = yaml.safe_load(draft.to_yaml())
    definition = parse_codebook(raw, source="x")
    assert definition.labels[0].name == "Appeal to an authority"
    assert definition.labels[0].colour == "#123abc"  # as a file's colour is stored


@given(st.text(max_size=150))
def test_a_key_made_from_any_name_follows_the_key_rule(name: str) -> None:
    assert key_problem(key_from(name)) is None


def test_a_key_keeps_the_marks_that_are_part_of_a_word() -> None:
    """Any character that is not a word character became "_", and Devanagari's vowel signs
    and viramas are combining marks: "प्रचार" became "प_रच_र". Turkish İ lowered to i and a
    combining dot, which became "i_ddia"."""
    assert key_from("प्रचार") == "प्रचार"
    assert key_from("तथाकथित दावा") == "तथाकथित_दावा"
    assert key_from("İddia") == "iddia"
    assert key_from("Cafe\u0301 talk") == "café_talk"
    assert key_from("Loaded language!") == "loaded_language"


@given(st.sets(st.sampled_from(["a", "a_2", "a_3", "b"])))
def test_unique_keys_avoid_the_taken_ones(taken: set[str]) -> None:
    assert unique_key("a", taken) not in taken


def test_removing_a_label_takes_it_out_of_relation_ends_without_widening_a_type() -> None:
    draft = CodebookDraft.from_definition(load_builtin("framing"))
    assert {r.key for r in draft.relations} >= {"attributed_to", "frames"}
    source = next(i for i, label in enumerate(draft.labels) if label.key == "source_attribution")
    draft.remove_label(source)
    # attributed_to allowed only that label at its `to` end: an empty end would mean "any label".
    assert "attributed_to" not in {r.key for r in draft.relations}
    name_calling = next(i for i, label in enumerate(draft.labels) if label.key == "name_calling")
    draft.remove_label(name_calling)
    frames = next(r for r in draft.relations if r.key == "frames")
    assert frames.from_ == ["scare_quotes"]
    assert draft.to_definition().relation("frames") is not None  # still a valid codebook


def test_new_relation_types_take_unused_keys_and_colours_and_name_span_labels_only() -> None:
    draft = CodebookDraft.from_definition(load_builtin("framing"))
    assert any(label.claim for label in draft.labels)  # an edit keeps the claim labels
    first = draft.add_relation("Attributed to")
    second = draft.add_relation("Quotes")
    assert (first.key, second.key) == ("attributed_to_2", "quotes") and first.colour != second.colour
    assert first.directed and first.from_ == [] and first.to == []
    assert "claim" in draft.span_label_keys() and "genre_opinion" not in draft.span_label_keys()
    second.from_, second.to, second.directed = ["claim"], ["source_attribution"], False
    first.description = second.description = "What it means."
    first.from_ = ["no_such_label"]
    with pytest.raises(InvalidInput, match="no_such_label"):
        draft.to_definition()
    draft.relations.remove(first)
    made = draft.to_definition().relations[-1]
    assert (made.key, made.from_, made.to, made.directed) == ("quotes", ["claim"], ["source_attribution"], False)
    assert "claim: true" in draft.to_yaml()
