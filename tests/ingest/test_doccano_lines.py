"""JSON lines of articles with spans as doccano writes them: `label` as [start, end, label]
triples (its sequence labelling import and export), or `entities` with `start_offset`,
`end_offset`, `label` and `relations` between them (its relation projects). The spans were
kept as the document's metadata and no span was imported, without a word."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.config import get_settings
from annotator.db import Database
from annotator.ingest import documents_jsonl
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.annotation.spans import list_annotations
from annotator.services.exchange.local_imports import import_paths
from annotator.services.team.projects import create_project

from ..support.reading import read_lines

TEXT = "Ana met Bob in Astana 🇰🇿 on Monday."


def _read(*lines: object) -> tuple[list, list[str]]:  # type: ignore[type-arg]
    data = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    records, issues = documents_jsonl.read(io.StringIO(data), source="dc.jsonl")
    return records, [i.located() for i in issues]


def test_label_triples_are_spans() -> None:
    (record,), issues = _read({"text": TEXT, "label": [[0, 3, "PER"], [8, 11, "PER"], [15, 21, "LOC"], [0, 11, "X"]],
                               "doc_id": 7, "Comments": []})
    assert issues == []
    assert [(a.start, a.end, a.label, TEXT[a.start:a.end]) for a in record.annotations] == [
        (0, 3, "PER", "Ana"), (8, 11, "PER", "Bob"), (15, 21, "LOC", "Astana"), (0, 11, "X", "Ana met Bob")]
    assert record.meta == {"doc_id": 7}  # the spans are not metadata too; an empty list of comments is nothing


def test_entities_and_relations_are_spans_and_relations() -> None:
    after = TEXT.index("Monday")
    (record,), issues = _read({
        "id": 3, "text": TEXT,
        "entities": [{"id": 11, "label": "PER", "start_offset": 0, "end_offset": 3},
                     {"id": 12, "label": "DATE", "start_offset": after, "end_offset": after + 6}],
        "relations": [{"id": 1, "from_id": 11, "to_id": 12, "type": "met_on"}],
        "Comments": ["check the date"]})
    assert issues == []
    first, second = record.annotations
    assert (first.label, TEXT[second.start:second.end]) == ("PER", "Monday")
    (relation,) = record.relations
    assert (relation.type, relation.from_uid, relation.to_uid) == ("met_on", first.uid, second.uid)
    assert record.external_id == "3" and record.meta == {"Comments": ["check the date"]}


def test_a_classification_label_stays_metadata() -> None:
    (record, empty), issues = _read({"text": TEXT, "label": ["positive", "politics"]},
                                    {"text": TEXT, "label": [], "Comments": []})
    assert issues == [] and record.annotations == [] and record.meta == {"label": ["positive", "politics"]}
    assert empty.annotations == [] and empty.meta == {}


def test_malformed_spans_are_located_and_refused() -> None:
    records, issues = _read(
        {"text": TEXT, "label": [[0, 3, "PER"], [0, "x", "PER"]]},
        {"text": TEXT, "label": [[0, 3]]},
        {"text": TEXT, "entities": [{"id": 1, "label": "PER", "start_offset": 0}]},
        {"text": TEXT, "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 3}],
         "relations": [{"from_id": 1, "to_id": 9, "type": "x"}]},
        {"text": TEXT, "entities": "PER"},
    )
    assert records == []
    assert issues == [
        "dc.jsonl, line 1, field 'label[1]': a span is [start, end, label]: whole numbers and a label",
        "dc.jsonl, line 2, field 'label[0]': a span is [start, end, label]: whole numbers and a label",
        "dc.jsonl, line 3, field 'entities[0]': a span has start_offset and end_offset (whole numbers) and a label",
        "dc.jsonl, line 4, field 'relations[0].to_id': no entity 9 on this line",
        "dc.jsonl, line 5, field 'entities': must be a list",
    ]


@pytest.fixture
def lead(db: Database) -> Actor:
    view = create_user(db, Actor.system(), "lead", "a long password", role=GlobalRole.ADMIN)
    return Actor(view.id, view.username, GlobalRole.ADMIN)


def test_a_doccano_file_imports_its_spans(db: Database, lead: Actor, tmp_path: Path) -> None:
    path = tmp_path / "admin.jsonl"
    path.write_text(json.dumps({"text": TEXT, "label": [[0, 3, "PER"], [0, 11, "PER"], [15, 21, "LOC"]]}) + "\n",
                    encoding="utf-8")
    create_project(db, lead, "From doccano")
    done = import_paths(db, lead, "From doccano", [str(path)], fmt=None, settings=get_settings(db.url),
                        add_labels=True, annotator="ann")
    assert done.result.annotations == 3
    spans = list_annotations(db, lead, done.result.document_ids[0])
    assert sorted((s.start, s.end, s.label, s.quote, s.username) for s in spans) == [
        (0, 3, "PER", "Ana", "ann"), (0, 11, "PER", "Ana met Bob", "ann"), (15, 21, "LOC", "Astana", "ann")]


def test_offsets_that_only_utf16_units_fit_are_read_as_units_and_the_import_says_so() -> None:
    """doccano's browser counts UTF-16 units: after a flag (two characters beyond U+FFFF,
    four units) its offsets are four more than the characters'."""
    text = "🇰🇿 Astana"
    units = len(text.encode("utf-16-le")) // 2
    reading = read_lines(({"text": "Plain text.", "label": [[0, 5, "X"]]},
                          {"text": text, "label": [[units - 6, units, "LOC"]]},
                          {"text": text + " and more words", "label": [[5, 8, "LOC"]]},
                          {"text": "Words first, then 🇰🇿.", "label": [[0, 5, "X"]]}), "dc.jsonl")
    plain, in_units, either, after = reading.loaded.records
    assert reading.loaded.issues == []
    assert [(a.start, a.end) for a in plain.annotations] == [(0, 5)]
    assert text[in_units.annotations[0].start:in_units.annotations[0].end] == "Astana"
    assert [(a.start, a.end) for a in either.annotations] == [(5, 8)]
    assert [(a.start, a.end) for a in after.annotations] == [(0, 5)]  # no emoji before it: nothing to say
    assert reading.loaded.notes == [
        "dc.jsonl: the spans of line 2 count UTF-16 units (as doccano's browser does; in characters they run "
        "past the text) and were read so",
        "dc.jsonl: line 3 has characters beyond U+FFFF (emoji, flags) before spans; their offsets were "
        "read as characters. A span drawn in doccano's browser counts UTF-16 units and would sit a character late "
        "after each: check those documents in the workspace",
    ]
