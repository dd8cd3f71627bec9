"""Colour contrast (WCAG 2.1 figures) and the diff between codebook versions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.codebooks import load_builtin
from annotator.codebooks.colours import PALETTE, blend, contrast_ratio, legibility
from annotator.codebooks.diff import codebook_diff
from annotator.codebooks.editor import AttributeDraft, CodebookDraft

colours = st.from_regex(r"^#[0-9a-f]{6}$", fullmatch=True)


def test_contrast_ratios_match_the_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast_ratio("#ff0000", "#ff0000") == 1.0


@given(colours, colours)
def test_contrast_is_symmetric_and_between_1_and_21(a: str, b: str) -> None:
    assert 1.0 <= contrast_ratio(a, b) == contrast_ratio(b, a) <= 21.0


def test_blending_composites_in_srgb() -> None:
    assert blend("#000000", "#ffffff", 0.5) == "#808080"
    assert blend("#123456", "#ffffff", 1.0) == "#123456"
    assert blend("#123456", "#ffffff", 0.0) == "#ffffff"


def test_legibility_flags_a_faint_band_and_passes_the_palette() -> None:
    faint = legibility("#ffff99")
    assert faint.text_ok and not faint.band_ok
    assert "faint" in faint.advice()
    assert legibility("#4e79a7").advice().endswith("legible.")
    assert all(legibility(c).text_ok for c in PALETTE)
    with pytest.raises(ValueError, match="#rrggbb"):
        legibility("red")


def test_the_diff_names_every_change_by_label_and_attribute() -> None:
    old = load_builtin("framing")
    draft = CodebookDraft.from_definition(old)
    claim = draft.labels[0]
    claim.attributes[2].required = True
    claim.attributes[3].choices.append("certain")
    claim.attributes.append(AttributeDraft(key="note", name="Note", type="text"))
    draft.labels[1].colour = "#000000"
    removed = draft.labels.pop(4).key  # euphemism: no relation type names it
    added = draft.add_label("Whataboutism")
    added.description = "Deflecting with a counter-accusation."
    draft.name = "Framing, edited"
    lines = [change.text() for change in codebook_diff(old, draft.to_definition())]
    assert lines == [
        "codebook: name Claims and framing devices → Framing, edited",
        f"removed label {removed}",
        "label claim, attribute verdict: required no → yes",
        "label claim, attribute confidence: choices low, medium, high → low, medium, high, certain",
        "added label claim, attribute note",
        "label loaded_language: colour #d55e00 → #000000",
        "added label whataboutism",
    ]
    assert codebook_diff(old, old) == []
