"""A Label Studio file whose parts have the wrong JSON type: each is one located problem with
the task's place, never an exception from inside the reader (these were a TypeError, an
AttributeError and a ValueError before)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import labelstudio

REGION = {"id": "r1", "type": "labels", "value": {"start": 0, "end": 5, "text": "hello", "labels": ["claim"]}}


def _read(task: dict[str, Any]) -> list[str]:
    result = labelstudio.read(io.StringIO(json.dumps([{"id": 4, "data": {"text": "hello world"}, **task}])),
                              source="ls.json")
    return [issue.located() for issue in result.issues]


@pytest.mark.parametrize(("task", "expected"), [
    ({"meta": {"document_meta": ["not", "an", "object"]}},
     "ls.json, task 4, field 'meta.document_meta': meta.document_meta must be an object"),
    ({"annotations": [{"id": 2, "result": [REGION, {"id": "r1", "type": "choices", "value": "yes"}]}]},
     "ls.json, task 4, annotation 2, result r1, field 'value': a per-region value must be an object"),
    ({"annotations": [{"id": 2, "result": [{**REGION, "annotator_data": {"attributes": "verdict=false"}}]}]},
     "ls.json, task 4, annotation 2, result r1, field 'annotator_data.attributes': attributes must be an object"),
])
def test_a_part_of_the_wrong_type_is_a_located_problem(task: dict[str, Any], expected: str) -> None:
    assert _read(task) == [expected]


def test_the_same_parts_of_the_right_type_are_read() -> None:
    """The counterpart of the refusals above: objects where objects belong are taken as before."""
    region = {**REGION, "annotator_data": {"attributes": {"verdict": "false"}}}
    per_region = {"id": "r1", "type": "choices", "from_name": "confidence", "value": {"choices": ["high"]}}
    task = {"id": 4, "data": {"text": "hello world"}, "meta": {"document_meta": {"desk": "world"}},
            "annotations": [{"id": 2, "completed_by": {"id": 9, "email": ""}, "result": [region, per_region]}]}
    result = labelstudio.read(io.StringIO(json.dumps([task])), source="ls.json")
    assert result.issues == []
    [record] = result.records
    assert record.meta == {"desk": "world"}
    [span] = record.annotations
    assert span.attributes == {"verdict": "false", "confidence": "high"}
    assert span.annotator == "ls-user-9"  # an empty e-mail names nobody: the user id does


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.text(min_size=1, max_size=4), st.integers(0, 99)),
                          st.lists(st.sampled_from(["claim", "doubt", "slogan"]), min_size=1, max_size=3)),
                min_size=1, max_size=4))
def test_a_region_is_a_span_per_label_named_by_its_id(regions: list[tuple[str | int, list[str]]]) -> None:
    """A region with one label (read by a shortcut) and one with several give the same
    records: a span per label, located by the region's id whether it is text or a number."""
    results = [{"id": rid, "type": "labels", "value": {"start": 0, "end": 5, "text": "hello", "labels": labels}}
               for rid, labels in regions]
    task = {"id": 4, "data": {"text": "hello world"}, "annotations": [{"id": 2, "annotator": "ana", "result": results}]}
    result = labelstudio.read(io.StringIO(json.dumps([task])), source="ls.json")
    assert result.issues == []
    [record] = result.records
    assert [(s.start, s.end, s.label, s.quote, s.annotator, s.uid, s.attributes, s.entities, s.source)
            for s in record.annotations] == [
        (0, 5, label, "hello", "ana", None, {}, [], f"ls.json, task 4, annotation 2, result {rid}")
        for rid, labels in regions for label in labels]


_OFFSETS = st.one_of(st.integers(-2, 14), st.booleans(), st.just(3.0), st.just("3"), st.none())
_LABELS = st.one_of(st.lists(st.sampled_from(["claim", "doubt"]), max_size=2), st.just(["claim", 7]), st.just("claim"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({"start": _OFFSETS, "end": _OFFSETS, "labels": _LABELS},
                                      optional={"text": st.one_of(st.just("hello"), st.just("nope"), st.just(5))}),
                min_size=1, max_size=3),
       st.booleans(), st.sampled_from([{}, {"annotator_data": None}, {"meta": None}]))
def test_the_usual_region_reads_as_any_region_does(values: list[dict[str, Any]], gold: bool,
                                                   usual: dict[str, Any]) -> None:
    """`_read_annotation` reads a region without annotator_data or meta itself; the same region
    with an empty annotator_data goes through `_spans`. Both give the same records (spans or
    gold) and the same problems, whatever the value holds."""
    def read(shape: dict[str, Any]) -> tuple[list[Any], list[str]]:
        results = [{"id": f"r{n}", "type": "labels", "value": value, **shape} for n, value in enumerate(values)]
        task = {"id": 4, "data": {"text": "hello world"},
                "annotations": [{"id": 2, "annotator": "ana", "ground_truth": gold, "result": results}]}
        result = labelstudio.read(io.StringIO(json.dumps([task])), source="ls.json")
        return [(r.annotations, r.gold) for r in result.records], [i.located() for i in result.issues]

    assert read(usual) == read({"annotator_data": {}})
