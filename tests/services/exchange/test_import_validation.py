"""The validation pass lets the usual span through without calling the span checks: it must
report exactly what the checks report, for any span. And the labels an import lacks, found in
the order they come."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.records import AnnotationRecord, DocumentRecord, EntityLinkRecord, GoldRecord
from annotator.models import Label
from annotator.models.enums import Layer
from annotator.services.exchange.import_prep import unknown_span_labels
from annotator.services.exchange.import_validation import validate

LABELS = {"claim": Label(key="claim", layer=Layer.SPAN, attributes=[{"key": "stance", "type": "choice", "choices": ["pro"]}]),
          "genre": Label(key="genre", layer=Layer.DOCUMENT, attributes=[])}
TEXT = "hello world"

_SPANS = st.builds(
    AnnotationRecord,
    start=st.one_of(st.integers(0, 6), st.integers(-1, 12), st.just(True), st.just(2.0)),
    end=st.one_of(st.just(5), st.integers(-1, 13)),
    label=st.sampled_from(["claim", "claim", "genre", "nope"]), quote=st.sampled_from([None, "hello", "ello", "x"]),
    origin=st.sampled_from(["import", "manual", "bogus"]),
    entities=st.sampled_from([[], [EntityLinkRecord(role="outlet", entity_name="X")],
                              [EntityLinkRecord(role="bogus", entity_name="X")]]),
    source=st.sampled_from([None, "f.json, line 3"]),
)


def _issues(spans: list[AnnotationRecord]) -> list[tuple[str, str | None, str | None]]:
    records = [DocumentRecord(text=TEXT, title="t", annotations=spans, source="f.json, task 1")]
    return [(issue.message, issue.file, issue.field) for issue in validate(LABELS, records, "f.json")]


@settings(max_examples=300, deadline=None)
@given(st.lists(_SPANS, max_size=6))
def test_the_usual_span_is_checked_as_any_span_is(spans: list[AnnotationRecord]) -> None:
    """The same spans with an attribute the checks skip (an empty value) take the checks' way."""
    checked = [AnnotationRecord(**{**vars(s), "attributes": {"stance": None}}) for s in spans]
    assert _issues(spans) == _issues(checked)


@pytest.mark.parametrize("change", [{"start": True}, {"start": -1}, {"end": 12}, {"end": 0}, {"label": "genre"},
                                    {"label": "nope"}, {"quote": "world"}, {"origin": "bogus"},
                                    {"entities": [EntityLinkRecord(role="bogus")]}, {"attributes": {"stance": 3}}])
def test_a_span_unlike_the_usual_one_in_one_way_is_reported(change: dict[str, Any]) -> None:
    usual = {"start": 0, "end": 5, "label": "claim", "quote": "hello"}
    assert _issues([AnnotationRecord(**usual)]) == []
    assert len(_issues([AnnotationRecord(**{**usual, **change})])) == 1


def test_a_usual_span_passes_and_a_wrong_one_is_located() -> None:
    assert _issues([AnnotationRecord(0, 5, "claim", "hello")]) == []
    assert _issues([AnnotationRecord(0, 5, "claim", "hello"), AnnotationRecord(6, 11, "claim", "earth")]) == [
        ("quote does not match the text at [6, 11): expected 'world', got 'earth'", "f.json, task 1",
         "annotations[1].start/end/quote")]


def test_unknown_span_labels_come_once_each_in_the_order_met_spans_then_gold() -> None:
    records = [
        DocumentRecord(text=TEXT, title="a", annotations=[AnnotationRecord(0, 5, "b"), AnnotationRecord(0, 5, "claim"),
                                                          AnnotationRecord(0, 5, "a")],
                       gold=[GoldRecord(0, 5, "g"), GoldRecord(0, 5, "b")]),
        DocumentRecord(text=TEXT, title="b", annotations=[AnnotationRecord(0, 5, "a"), AnnotationRecord(0, 5, "c")]),
    ]
    assert unknown_span_labels(LABELS, records) == ["b", "a", "g", "c"]
    assert unknown_span_labels(LABELS, records[:0]) == []
    known = [DocumentRecord(text=TEXT, title="k", annotations=[AnnotationRecord(0, 5, "claim")],
                            gold=[GoldRecord(0, 5, "claim")])]
    assert unknown_span_labels(LABELS, known) == []
