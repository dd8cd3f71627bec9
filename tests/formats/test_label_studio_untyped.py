"""Reading and writing what Label Studio gives beside text regions: relations without a label
(read as the untyped relation types, written back without `labels`) and results about the whole
text (choices are document labels, with or without an id; text areas, ratings and numbers are
counted as not imported, never refused and never dropped silently)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from annotator.codebooks.untyped import UNTYPED, UNTYPED_UNDIRECTED
from annotator.formats import labelstudio
from annotator.formats.base import ReadResult
from annotator.formats.records import AnnotationRecord, DocumentRecord, Manifest, RelationRecord

TEXT = "hello brave world"
REGIONS = [{"id": "a", "type": "labels", "value": {"start": 0, "end": 5, "text": "hello", "labels": ["claim"]}},
           {"id": "b", "type": "labels", "value": {"start": 12, "end": 17, "text": "world", "labels": ["claim"]}}]


def _read(results: list[dict[str, Any]], *more: list[dict[str, Any]]) -> ReadResult:
    annotations = [{"id": n, "completed_by": n, "result": r} for n, r in enumerate([results, *more], start=1)]
    return labelstudio.read(io.StringIO(json.dumps([{"id": 4, "data": {"text": TEXT}, "annotations": annotations}])),
                            source="ls.json")


@pytest.mark.parametrize(("link", "expected"), [
    ({"direction": "right"}, [(UNTYPED, "a", "b")]),
    ({"direction": "right", "labels": []}, [(UNTYPED, "a", "b")]),
    ({"direction": "left"}, [(UNTYPED, "b", "a")]),
    ({"direction": "bi", "labels": []}, [(UNTYPED_UNDIRECTED, "a", "b")]),
    ({}, [(UNTYPED, "a", "b")]),  # no direction: Label Studio's default, right
    ({"direction": "right", "labels": ["supports", "frames"]}, [("supports", "a", "b"), ("frames", "a", "b")]),
])
def test_a_relation_without_a_label_is_read_as_untyped(link: dict[str, Any], expected: list[tuple[str, str, str]]) -> None:
    result = _read([*REGIONS, {"from_id": "a", "to_id": "b", "type": "relation", **link}])
    assert result.issues == []
    [record] = result.records
    starts = {ann.uid: ann.quote for ann in record.annotations}
    quote = {"hello": "a", "world": "b"}
    assert [(r.type, quote[starts[r.from_uid] or ""], quote[starts[r.to_uid] or ""]) for r in record.relations] == expected


@pytest.mark.parametrize("labels", ["claim", [1], ["ok", None]])
def test_labels_that_are_not_a_list_of_text_are_still_refused(labels: Any) -> None:
    result = _read([*REGIONS, {"from_id": "a", "to_id": "b", "type": "relation", "direction": "right", "labels": labels}])
    assert [i.located() for i in result.issues] == [
        "ls.json, task 4, annotation 1, result 2, field 'labels': a relation's labels must be a list of strings"]


def test_an_untyped_relation_is_written_without_labels() -> None:
    spans = [AnnotationRecord(0, 5, "claim", "hello", "ana", uid="00000000-0000-4000-8000-000000000001"),
             AnnotationRecord(12, 17, "claim", "world", "ana", uid="00000000-0000-4000-8000-000000000002")]
    relations = [RelationRecord(kind, spans[0].uid or "", spans[1].uid or "") for kind in (UNTYPED, UNTYPED_UNDIRECTED)]
    record = DocumentRecord(text=TEXT, annotations=spans, relations=relations)
    manifest = Manifest(format="labelstudio", format_version=1, tool_version="test", project={}, counts={},
                        codebook={"definition": {"relations": [
                            {"key": UNTYPED, "directed": True}, {"key": UNTYPED_UNDIRECTED, "directed": False},
                            {"key": "supports", "directed": True}]}})
    out = io.StringIO()
    labelstudio.write(manifest, [], [record], out)
    links = [r for a in json.loads(out.getvalue())[0]["annotations"] for r in a["result"] if r["type"] == "relation"]
    assert [(r["direction"], "labels" in r) for r in links] == [("right", False), ("bi", False)]
    back = labelstudio.read(io.StringIO(out.getvalue()), source="again.json")
    assert [(r.type, r.uid) for r in back.records[0].relations] == [(r.type, r.uid) for r in relations]
    # The label config offers only the types a person chooses in Label Studio.
    assert "untyped" not in labelstudio.label_config(manifest) and 'value="supports"' in labelstudio.label_config(manifest)


def test_whole_text_results_are_document_labels_or_counted_as_not_imported() -> None:
    whole = [{"id": "c1", "type": "choices", "from_name": "genre", "value": {"choices": ["genre_opinion"]}},
             {"type": "choices", "from_name": "frame", "value": {"choices": ["frame_other"]}},  # no id at all
             {"id": "t1", "type": "textarea", "from_name": "comment", "value": {"text": ["spin"]}},
             {"id": "r1", "type": "rating", "from_name": "trust", "value": {"rating": 3}},
             {"type": "number", "from_name": "score", "value": {"number": 7}}]
    result = _read([*REGIONS, *whole], [{"id": "r9", "type": "rating", "from_name": "trust", "value": {"rating": 1}}])
    assert result.issues == []
    [record] = result.records
    assert [(d.label, d.annotator) for d in record.document_labels] == [("genre_opinion", "ls-user-1"),
                                                                         ("frame_other", "ls-user-1")]
    assert len(record.annotations) == 2 and all(not a.attributes for a in record.annotations)
    assert result.notes == ["Label Studio results about the whole text that have no place here are not imported: "
                            "2 rating 'trust', 1 number 'score', 1 textarea 'comment' "
                            "(first in ls.json, task 4, annotation 1)"]


def test_a_per_region_result_is_still_an_attribute_of_its_region() -> None:
    per_region = {"id": "a", "type": "textarea", "from_name": "claimant", "value": {"start": 0, "end": 5, "text": ["me"]}}
    result = _read([*REGIONS, per_region])
    assert result.issues == [] and result.notes == []
    assert [a.attributes for a in result.records[0].annotations] == [{"claimant": "me"}, {}]


def test_a_result_with_offsets_that_names_no_region_is_refused() -> None:
    """A per-region result (it has start and end) whose region is missing is a broken file,
    not a whole-text result."""
    stray = {"id": "zz", "type": "textarea", "from_name": "claimant", "value": {"start": 0, "end": 5, "text": ["me"]}}
    assert [i.located() for i in _read([*REGIONS, stray]).issues] == [
        "ls.json, task 4, annotation 1, result zz, field 'id': a per-region value names no labels region"]
