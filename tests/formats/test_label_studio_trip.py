"""A trip through Label Studio (issue 17.3, 17.6): what Label Studio keeps of our file is enough
to bring back who made each span, which spans are gold, links and document labels. What it
does to a file is restated from `make interop` (bench/interop.py), which runs the real one: it
drops the annotation-level `annotator` and `layer` keys, gives each annotation its own id and
its importing user as `completed_by`, and keeps every region as it was."""

from __future__ import annotations

import io
import json
from typing import Any
from xml.etree import ElementTree

from annotator.formats import labelstudio

from .helpers import read_bytes, span_keys, write_bytes
from .samples import crossing_records, sample_manifest, sample_records


def _through_label_studio(data: bytes) -> bytes:
    tasks = json.loads(data)
    number = 0
    for task_id, task in enumerate(tasks, start=1):
        task["id"] = task_id
        for entry in task["annotations"]:
            number += 1
            entry.pop("annotator", None)
            entry.pop("layer", None)
            entry.update(id=number, completed_by=1, lead_time=None, task=task_id)
    return json.dumps(tasks).encode()


def test_what_label_studio_keeps_brings_everything_back() -> None:
    records = sample_records() + crossing_records()
    back = read_bytes(labelstudio, _through_label_studio(write_bytes(labelstudio, sample_manifest(), records)))
    assert back.issues == []
    assert span_keys(back.records) == span_keys(records)
    assert sum(len(r.gold) for r in back.records) == sum(len(r.gold) for r in records) == 2
    crossing = back.records[-1]
    assert [(a.label, [(e.role, e.entity_uid) for e in a.entities]) for a in crossing.annotations if a.entities] == [
        ("name_calling", [("target", "20000000-0000-4000-8000-000000000001")]),
        ("scare_quotes", [("mentioned", "20000000-0000-4000-8000-000000000001")]),
    ]
    assert [(d.label, d.annotator) for d in crossing.document_labels] == [("genre_reporting", "ana"),
                                                                          ("frame_morality", "bo")]


def _task(**annotation: Any) -> str:
    region = {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 5, "text": "hello", "labels": ["claim"]}}
    return json.dumps([{"id": 9, "data": {"text": "hello world"}, "annotations": [{"result": [region], **annotation}]}])


def test_label_studio_users_and_ground_truth() -> None:
    """Without our region data the annotator is Label Studio's user (its e-mail, else its id),
    and `ground_truth: true` makes the annotation gold, curated by that user."""
    cases = [({"completed_by": {"id": 3, "email": "ana@example.org"}}, "ana@example.org", False),
             ({"completed_by": 3}, "ls-user-3", False),
             ({"completed_by": 4, "ground_truth": True}, "ls-user-4", True),
             ({"completed_by": 4, "ground_truth": False, "annotator": "bo"}, "bo", False)]
    for annotation, who, gold in cases:
        result = labelstudio.read(io.StringIO(_task(**annotation)), source="ls.json")
        assert result.issues == []
        [record] = result.records
        spans = record.gold if gold else record.annotations
        assert len(spans) == 1 and len(record.gold) + len(record.annotations) == 1, annotation
        assert (spans[0].curator if gold else spans[0].annotator) == who  # type: ignore[attr-defined]


def test_document_labels_are_choices_of_the_label_config() -> None:
    """Each annotator's document labels are one `choices` result (no region) whose control and
    values the label config declares, so Label Studio imports them as they are."""
    manifest = sample_manifest()
    tasks = json.loads(write_bytes(labelstudio, manifest, crossing_records()))
    config = ElementTree.fromstring(labelstudio.label_config(manifest))
    controls = {tag.get("name"): tag for tag in config if tag.tag in ("Labels", "Choices")}
    assert set(controls) == {"label", "document"}
    declared = {choice.get("value") for choice in controls["document"].findall("Choice")}
    choices = [r for t in tasks for a in t["annotations"] for r in a["result"] if r["type"] == "choices"]
    assert [(c["value"]["choices"], c["annotator_data"]["annotator"]) for c in choices] == [
        (["genre_reporting"], "ana"), (["frame_morality"], "bo")]
    assert all(c["from_name"] == "document" and set(c["value"]["choices"]) <= declared for c in choices)
    assert all(c["to_name"] == "text" for c in choices) and "genre_reporting" in declared


def test_a_choices_result_that_is_not_a_list_of_strings_is_located() -> None:
    task = json.loads(_task(annotator="ana"))
    task[0]["annotations"][0]["result"].append(
        {"id": "document", "from_name": "document", "to_name": "text", "type": "choices", "value": {"choices": "x"}})
    result = labelstudio.read(io.StringIO(json.dumps(task)), source="ls.json")
    assert [i.located() for i in result.issues] == [
        "ls.json, task 9, annotation 0, result document, field 'value.choices': choices must be a list of strings"]
