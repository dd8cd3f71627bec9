"""What pydantic finds wrong becomes one located problem, the same way in the native format,
the registry file and a codebook: the message of the first error, its location as the field."""

from __future__ import annotations

import io
import json

import pytest

from annotator.codebooks.loader import parse_codebook
from annotator.errors import InvalidInput
from annotator.formats import native_jsonl
from annotator.formats.registry import json_file


def test_native_lines_name_line_and_field() -> None:
    manifest = {"type": "manifest", "format": native_jsonl.FORMAT_ID, "format_version": 1, "tool_version": "0",
                "project": {}, "codebook": {}, "counts": {}}
    lines = [manifest, {"type": "document", "title": "no text"}, {"type": "document", "text": "x", "annotations": [{"start": "a"}]}]
    result = native_jsonl.read(io.StringIO("".join(json.dumps(line) + "\n" for line in lines)), source="n.jsonl")
    assert [i.located() for i in result.issues] == [
        "n.jsonl, line 2, field 'text': Field required",
        "n.jsonl, line 3, field 'annotations.0.start': Input should be a valid integer, unable to parse string as an integer",
    ]


def test_registry_fields_sit_under_their_entity() -> None:
    data = {"entities": [{"kind": "outlet", "name": "A"}, {"kind": "outlet"}, "not an object"]}
    result = json_file.read(io.StringIO(json.dumps(data)), source="r.json")
    assert [i.located() for i in result.issues] == [
        "r.json, field 'entities[1].name': Field required",
        "r.json, field 'entities[2]': Input should be a dictionary or an instance of EntityRecord",
    ]


def test_codebook_problems_name_the_field_or_none() -> None:
    label = {"name": "N", "category": "c", "colour": "#ffffff", "description": "d"}
    with pytest.raises(InvalidInput) as bad_field:
        parse_codebook({"key": "k", "name": "K", "categories": [{"key": "c", "name": "C"}], "labels": [label]},
                       source="c.yaml")
    assert bad_field.value.located() == "c.yaml, field 'labels.0.key': Field required"
    with pytest.raises(InvalidInput) as not_a_mapping:
        parse_codebook(["a list"], source="c.yaml")
    assert not_a_mapping.value.field is None
    assert not_a_mapping.value.located() == "c.yaml: Input should be a valid dictionary or instance of CodebookDef"


def test_a_csv_row_is_located_by_the_line_it_starts_on() -> None:
    """A relation table's row was located by the line it ended on: a note over two lines put
    the problem of the row one line late."""
    from annotator.formats import csv_rows

    table = ('document_uid,type,from_uid,to_uid,note\n'
             'd1,,a,b,"a note\nover two lines"\n'
             'd1,x,a\n'
             'd1,,a,b,\n')
    result = csv_rows.read(io.StringIO(table, newline=""), source="r.csv")
    assert [i.located() for i in result.issues] == [
        "r.csv, line 2, field 'type': empty",
        "r.csv, line 4: 3 cells where the header has 5",
        "r.csv, line 5, field 'type': empty",
    ]
