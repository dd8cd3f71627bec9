"""`import` / `export` in every format: refusals name file, line (or task) and field and leave
the database as it was; limits come from the settings; --add-labels is an audited opt-in."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.annotation.history import project_history
from annotator.services.team.projects import get_project, list_members

from .test_cli import run

HARD = "Café 😀 e\u0301\r\nso-called “groups” said.\n"


@pytest.fixture
def url(tmp_path: Path) -> str:
    database = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run("--database", database, "init")[0] == 0
    return database


def _projects(url: str) -> str:
    return run("--database", url, "projects", "list")[1]


def _ls(tmp_path: Path, regions: list[dict], name: str = "ls.json") -> Path:
    task = {"id": 7, "data": {"text": HARD}, "annotations": [{"id": 3, "result": [
        {"id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels", "value": r} for i, r in enumerate(regions)
    ]}]}
    path = tmp_path / name
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    return path


def test_label_studio_import_with_astral_offsets(url: str, tmp_path: Path) -> None:
    start = HARD.index("so-called")
    path = _ls(tmp_path, [{"start": start, "end": start + 9, "text": "so-called", "labels": ["scare_quotes"]}])
    code, out, err = run("--database", url, "import", str(path), "--project", "LS", "--annotator", "ana")
    assert code == 0, err
    assert "1 documents added" in out and "1 annotations added" in out


@pytest.mark.parametrize(("region", "expected"), [
    ({"start": 5, "end": 99, "text": "x", "labels": ["claim"]}, "outside the text"),
    ({"start": 0, "end": 4, "text": "Cafe", "labels": ["claim"]}, "quote does not match"),
    ({"start": 0, "end": 4, "text": "Café", "labels": ["no_such_label"]}, "unknown label 'no_such_label'"),
])
def test_label_studio_refusals_name_the_task_and_write_nothing(url: str, tmp_path: Path, region: dict, expected: str) -> None:
    path = _ls(tmp_path, [region])
    code, _, err = run("--database", url, "import", str(path), "--project", "LS")
    assert code == 1 and expected in err
    assert f"{path}, task 7, annotation 3, result r0" in err
    assert "LS" not in _projects(url)


def test_a_label_studio_e_mail_that_is_not_text_falls_back_to_the_user_id(url: str, tmp_path: Path) -> None:
    """`completed_by.email` as a number named the annotator with a number, and the import broke
    on it with a TypeError; the Label Studio user id names the annotator instead."""
    path = _ls(tmp_path, [{"start": 0, "end": 4, "text": "Café", "labels": ["claim"]}])
    tasks = json.loads(path.read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["completed_by"] = {"id": 12, "email": 5}
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    code, out, err = run("--database", url, "import", str(path), "--project", "LS")
    assert code == 0, err
    assert "1 annotations added" in out
    db = Database(url)
    project = get_project(db, Actor.system(), "LS")
    assert "ls-user-12" in {m.username for m in list_members(db, Actor.system(), project.id)}


def test_a_user_map_names_label_studio_users_as_ours(url: str, tmp_path: Path) -> None:
    path = _ls(tmp_path, [{"start": 0, "end": 4, "text": "Café", "labels": ["claim"]}])
    tasks = json.loads(path.read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["completed_by"] = 12
    path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    users = tmp_path / "users.json"
    users.write_text('{"12": "ana"}', encoding="utf-8")
    code, _, err = run("--database", url, "import", str(path), "--project", "LS", "--user-map", str(users))
    assert code == 0, err
    db = Database(url)
    project = get_project(db, Actor.system(), "LS")
    members = {m.username for m in list_members(db, Actor.system(), project.id)}
    assert "ana" in members and "ls-user-12" not in members
    users.write_text("[]", encoding="utf-8")
    code, _, err = run("--database", url, "import", str(path), "--project", "Other", "--user-map", str(users))
    assert code == 1 and f"{users}: expected one JSON object of user names" in err
    assert "Other" not in _projects(url)


def test_a_w3c_selector_whose_type_is_not_text_is_a_located_refusal(url: str, tmp_path: Path) -> None:
    """A selector `type` given as a list broke the reader with a TypeError (unhashable list);
    it names no selector, so the annotation is refused with its place, like one without any."""
    doc = {"type": "AnnotationCollection", "documents": [{"id": "urn:uuid:10000000-0000-4000-8000-000000000001",
                                                          "text": HARD}],
           "first": {"type": "AnnotationPage", "items": [{
               "type": "Annotation", "id": "a1",
               "target": {"source": "urn:uuid:10000000-0000-4000-8000-000000000001",
                          "selector": [{"type": ["TextPositionSelector"], "start": 0, "end": 4}]},
               "body": [{"type": "TextualBody", "purpose": "tagging", "value": "claim"}]}]}}
    path = tmp_path / "selector.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("--database", url, "import", str(path), "--project", "W", "--format", "w3c")
    assert code == 1, err
    assert f"{path}, annotation 0 (a1), field 'target.selector'" in err and "TextPositionSelector is needed" in err
    assert "W" not in _projects(url)


def test_unknown_labels_can_be_added_on_request(url: str, tmp_path: Path) -> None:
    path = _ls(tmp_path, [{"start": 0, "end": 4, "text": "Café", "labels": ["Café label"]}])
    code, out, err = run("--database", url, "import", str(path), "--project", "LS", "--add-labels")
    assert code == 0, err
    assert "labels added to the codebook: Café label" in out
    assert "framing v2" in _projects(url)
    db = Database(url)
    project = get_project(db, Actor.system(), "LS")
    log = project_history(db, Actor.system(), project.id)
    assert any(e.action == "update" and "labels added by import" in (e.detail or "") for e in log)
    # the added label is usable from then on: a second import with it needs no flag
    code, out, _ = run("--database", url, "import", str(_ls(tmp_path, [{"start": 5, "end": 6, "text": "😀", "labels": ["Café label"]}], "b.json")), "--project", "LS")
    assert code == 0 and "1 annotations added" in out


def test_an_added_label_gets_a_key_that_follows_the_key_rule(url: str, tmp_path: Path) -> None:
    """A tab in a key broke the SemEval export. --add-labels refused such a label, where the
    page's "add as a new label" makes a key for it; it now gets the key the page gives it."""
    path = _ls(tmp_path, [{"start": 0, "end": 4, "text": "Café", "labels": ["Café\tlabel"]}])
    code, out, err = run("--database", url, "import", str(path), "--project", "LS", "--add-labels")
    assert code == 0, err
    assert "café_label (new label) takes the spans of Café\tlabel" in out
    db = Database(url)
    project = get_project(db, Actor.system(), "LS")
    labels = {label.key: label.name for label in get_project_codebook(db, Actor.system(), project.id).labels}
    assert labels["café_label"] == "Café label"
    assert "Café\tlabel" not in labels


def test_malformed_json_is_located(url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonld"
    path.write_text('{"type": "AnnotationCollection",\n "first": {"items": [\n}', encoding="utf-8")
    code, _, err = run("--database", url, "import", str(path), "--project", "W", "--format", "w3c")
    assert code == 1 and f"{path}, line 3" in err and "malformed JSON" in err


def test_csv_with_missing_columns(url: str, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("document_uid,label,start\nabc,claim,1\n", encoding="utf-8")
    code, _, err = run("--database", url, "import", str(path), "--project", "C")
    assert code == 1 and f"{path}, line 1, field 'end': missing column" in err


def test_csv_row_naming_no_known_document(url: str, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("text_sha256,label,start,end,quote\nfeed,claim,0,4,Café\n", encoding="utf-8")
    code, _, err = run("--database", url, "import", str(path), "--project", "C")
    assert code == 1 and "line 2" in err and "neither in the project nor in this import" in err


def test_oversized_file_is_refused(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_MAX_IMPORT_BYTES", "100")
    path = tmp_path / "big.txt"
    path.write_text("x" * 101, encoding="utf-8")
    code, _, err = run("--database", url, "import", str(path), "--project", "Big")
    assert code == 1 and "larger than the limit of 100 bytes" in err and str(path) in err
    assert "Big" not in _projects(url)


def test_zip_that_expands_beyond_the_limit_is_refused(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNOTATOR_MAX_UNZIPPED_BYTES", "10000")
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ana/doc.txt", "a" * 20_000)
        archive.writestr("ana/doc.ann", "")
    assert path.stat().st_size < 1000
    code, _, err = run("--database", url, "import", str(path), "--project", "Zip")
    assert code == 1 and "expands beyond the limit of 10000 bytes" in err


def test_zip_whose_header_lies_is_stopped_while_reading(tmp_path: Path) -> None:
    from annotator.errors import InvalidInput
    from annotator.formats.bundle import Limits, zip_bundle

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.txt", "a" * 5000)
    bundle = zip_bundle(io.BytesIO(buffer.getvalue()), "x.zip", Limits(100_000, 100_000))
    bundle.members[0].size = 10  # pretend the header said 10 bytes
    bundle.limits = Limits(1000, 100_000)
    with pytest.raises(InvalidInput, match="expands beyond the limit of 1000"):
        bundle.read_bytes(bundle.members[0])


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "w3c", "labelstudio", "brat"])
def test_export_then_import_without_saying_the_format(url: str, tmp_path: Path, fmt: str) -> None:
    run("--database", url, "init", "--demo")
    out = tmp_path / f"out.{ {'jsonl': 'jsonl', 'csv': 'csv', 'w3c': 'jsonld', 'labelstudio': 'json', 'brat': 'zip'}[fmt] }"
    code, _, err = run("--database", url, "export", "--project", "Demo: framing", "--format", fmt, "--output", str(out))
    assert code == 0 and "5 spans written" in err
    if fmt in ("csv", "labelstudio"):
        assert Path(str(out) + ".manifest.json").exists()
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    run("--database", other, "init")
    inputs = [str(out)]
    if fmt == "csv":  # the CSV names its documents; their texts come from elsewhere
        docs = tmp_path / "docs.jsonl"
        run("--database", url, "export", "--project", "Demo: framing", "--format", "jsonl", "--output", str(docs))
        lines = [json.loads(line) for line in docs.read_text(encoding="utf-8").split("\n") if line]
        text = next(line["text"] for line in lines if line["type"] == "document")
        (tmp_path / "demo.txt").write_text(text, encoding="utf-8", newline="")
        inputs.insert(0, str(tmp_path / "demo.txt"))
    code, out_text, err = run("--database", other, "import", *inputs, "--project", "Copy")
    assert code == 0, err
    assert "5 annotations added" in out_text


def test_csv_to_standard_output(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    run("--database", url, "init", "--demo")
    code, out, _ = run("--database", url, "export", "--project", "Demo: framing", "--format", "csv", "--output", "-")
    assert code == 0 and out.startswith("\ufeffdocument_uid,") and out.count("\n") == 6
    code, _, err = run("--database", url, "export", "--project", "Demo: framing", "--format", "brat", "--output", "-")
    assert code == 1 and "give a folder or a .zip" in err
