"""detect_all, the detector registry and the JSON views for the CLI."""

from __future__ import annotations

import json

import pytest

from annotator.suggest import DETECTORS, FRAMING_LABELS, Suggestion, detect_all
from annotator.suggest.funding import detect_funding_appeals
from annotator.suggest.furniture import detect_parts
from annotator.suggest.jsonlines import (
    funding_appeal_to_dict,
    part_to_dict,
    suggestion_to_dict,
    to_json_lines,
)

TEXT = ("🙂 The regime’s so-called “peacekeepers” allegedly killed 12 people, "
        "according to the UN. Donate: PayPal: help@example.org\n")


def test_registry_lists_every_detector() -> None:
    assert list(DETECTORS) == ["lexicon", "scare_quotes", "hedges", "claims", "attribution",
                               "funding"]
    for name, detector in DETECTORS.items():
        assert detector.name == name
        assert detector.label in FRAMING_LABELS and detector.label == detector.labels[0]
        assert set(detector.labels) <= set(FRAMING_LABELS)
        assert detector.description and "\n" not in detector.description
        assert callable(detector.func)


def test_detect_all_is_sorted_and_covers_rules() -> None:
    found = detect_all(TEXT)
    assert found == sorted(found, key=lambda s: (s.start, s.end, s.rule, s.label))
    assert {s.rule for s in found} == set(DETECTORS)
    for s in found:
        assert TEXT[s.start:s.end] == s.quote
        assert s.label in DETECTORS[s.rule].labels


def test_detect_all_subset_and_unknown_rule() -> None:
    assert {s.rule for s in detect_all(TEXT, rules=["hedges"])} == {"hedges"}
    assert detect_all(TEXT, rules=[]) == []
    with pytest.raises(ValueError, match="unknown rule"):
        detect_all(TEXT, rules=["lexicon", "astrology"])


def test_suggestion_validates_its_span() -> None:
    with pytest.raises(ValueError):
        Suggestion("lexicon", "loaded_language", 3, 3, "")
    with pytest.raises(ValueError):
        Suggestion("lexicon", "loaded_language", 0, 2, "abc")
    with pytest.raises(ValueError):
        Suggestion("lexicon", "propaganda", 0, 1, "a")


def test_json_views_have_exactly_the_documented_keys() -> None:
    suggestion = detect_all(TEXT)[0]
    assert list(suggestion_to_dict(suggestion)) == ["rule", "label", "start", "end", "quote"]
    appeal = detect_funding_appeals(TEXT)[0]
    assert list(funding_appeal_to_dict(appeal)) == [
        "channel", "identifier", "start", "end", "quote"]
    assert list(part_to_dict(detect_parts(TEXT)[0])) == ["kind", "start", "end"]


def test_json_lines_round_trip() -> None:
    items = [*detect_all(TEXT), *detect_funding_appeals(TEXT), *detect_parts(TEXT)]
    lines = list(to_json_lines(items))
    assert len(lines) == len(items)
    for line in lines:
        data = json.loads(line)
        if "quote" in data:
            assert TEXT[data["start"]:data["end"]] == data["quote"]
    assert "“peacekeepers”" in "".join(lines)  # ensure_ascii=False: readable quotes
    with pytest.raises(TypeError):
        list(to_json_lines([object()]))  # type: ignore[list-item]
