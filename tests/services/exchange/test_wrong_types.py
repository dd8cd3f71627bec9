"""A value of the wrong type anywhere in a JSON file of any format (a number for a url, a list
for a span's uid or note, an object for an external id, a string for a list of bodies, ...)
is a refusal naming the file, the line or task, and the field, and leaves the database as it
was; never a traceback from a query or an insert. Drawn at random over every value of the
example files (annotator/formats/examples/)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.config import get_settings
from annotator.db import Database
from annotator.errors import ImportRefused
from annotator.formats.base import EXAMPLES
from annotator.services.actor import Actor
from annotator.services.exchange.imports import Upload, import_uploads
from annotator.services.team.projects import list_projects

WRONG = [5, -1, 1.5, True, "x", "", None, [1], ["x", 2], {"a": 1}]
Path_ = tuple[str | int, ...]


def _paths(value: Any, path: Path_ = ()) -> Iterator[Path_]:
    if path:
        yield path
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:3]):
            yield from _paths(inner, (*path, index))


def _replaced(value: Any, path: Path_, new: Any) -> Any:
    copy = json.loads(json.dumps(value))
    inner = copy
    for key in path[:-1]:
        inner = inner[key]
    inner[path[-1]] = new
    return copy


def _json(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


LABEL_STUDIO = _json("example.labelstudio.json")
W3C = _json("example.jsonld")
NATIVE = [json.loads(line) for line in (EXAMPLES / "example.jsonl").read_text(encoding="utf-8").splitlines()]
FILES: dict[str, tuple[Any, list[Path_]]] = {
    "tasks.json": (LABEL_STUDIO, list(_paths(LABEL_STUDIO))),
    "annotations.jsonld": (W3C, list(_paths(W3C))),
    "export.jsonl": (NATIVE, list(_paths(NATIVE))),
}


def _content(name: str, value: Any) -> bytes:
    if name.endswith(".jsonl"):
        return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in value).encode()
    return json.dumps(value, ensure_ascii=False).encode()


def _import_one(db: Database, name: str, data: bytes, project: str) -> None:
    try:
        import_uploads(db, Actor.system(), project, [Upload(name, data)], settings=get_settings(db.url))
    except ImportRefused as refused:
        for issue in refused.issues:
            assert issue.file, issue.located()  # every problem says where it is
        assert project not in {p.name for p in list_projects(db, Actor.system())}


@pytest.mark.parametrize("name", list(FILES))
def test_a_value_of_the_wrong_type_is_a_located_refusal(db: Database, name: str) -> None:
    value, paths = FILES[name]
    counter = iter(range(10**6))

    @settings(max_examples=120, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(path=st.sampled_from(paths), new=st.sampled_from(WRONG))
    def check(path: Path_, new: Any) -> None:
        _import_one(db, name, _content(name, _replaced(value, path, new)), f"P{next(counter)}")

    check()


def test_an_absent_setting_in_the_manifest_is_the_default(db: Database) -> None:
    """`null` for a project setting of a native manifest means "not given"."""
    value = _replaced(NATIVE, (0, "project", "annotators_per_document"), None)
    value = _replaced(value, (0, "project", "blind"), None)
    import_uploads(db, Actor.system(), "P", [Upload("export.jsonl", _content("export.jsonl", value))],
                   settings=get_settings(db.url))
    (project,) = list_projects(db, Actor.system())
    assert project.annotators_per_document == 1 and project.blind is False


@pytest.mark.parametrize(("name", "path", "new", "field"), [
    ("tasks.json", (0, "data", "url"), 5, "url"),
    ("tasks.json", (0, "meta", "uid"), [1], "uid"),
    ("tasks.json", (0, "meta", "external_id"), {"a": 1}, "external_id"),
    ("tasks.json", (0, "annotations", 0, "result", 0, "meta", "text"), [1], "meta.text"),
    ("annotations.jsonld", ("documents", 0, "url"), 5, "url"),
    ("annotations.jsonld", ("first", "items", 0, "creator"), 5, "creator"),
    ("export.jsonl", (0, "format_version"), None, "format_version"),
    ("export.jsonl", (0, "project", "blind"), "x", "project.blind"),
    ("export.jsonl", (0, "codebook", "definition"), 5, "codebook.definition"),
])
def test_the_refusal_names_file_place_and_field(db: Database, name: str, path: Path_, new: Any, field: str) -> None:
    value, _ = FILES[name]
    with pytest.raises(ImportRefused) as refused:
        import_uploads(db, Actor.system(), "P", [Upload(name, _content(name, _replaced(value, path, new)))],
                       settings=get_settings(db.url))
    first = refused.value.issues[0]
    assert first.file and first.file.startswith(name), first.located()
    assert first.field and first.field.endswith(field), first.located()
    assert list_projects(db, Actor.system()) == []
