"""The command line: every command has --help, errors are one line with a non-zero exit,
and the native export survives a round trip into an empty database byte for byte."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from annotator.cli import build_parser, main
from annotator.demo import DEMO_TEXT

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def _all_commands() -> list[list[str]]:
    found: list[list[str]] = []

    def walk(parser: object, path: list[str]) -> None:
        for action in getattr(parser, "_actions", []):
            choices = getattr(action, "choices", None)
            if isinstance(choices, dict):
                for name, child in choices.items():
                    found.append([*path, name])
                    walk(child, [*path, name])

    walk(build_parser(), [])
    return found


@pytest.mark.parametrize("command", _all_commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0 and "usage:" in out


def test_init_demo_and_lists(url: str) -> None:
    code, out, _ = run("--database", url, "init", "--demo")
    assert code == 0 and "password" in out
    code, out, _ = run("--database", url, "projects", "list")
    assert "Demo: framing" in out and "framing v1" in out
    code, out, _ = run("--database", url, "init", "--demo")
    assert code == 0 and "exists already" in out


def test_commands_refuse_an_uninitialised_database(url: str) -> None:
    code, _, err = run("--database", url, "projects", "list")
    assert code == 1 and err.strip() == "error: the database is not initialised or not up to date: run `annotator init`"


def test_users_and_projects(url: str, tmp_path: Path) -> None:
    run("--database", url, "init")
    code, out, _ = run("--database", url, "users", "add", "ana", "--role", "curator", "--password-stdin", stdin="a long password\n")
    assert code == 0 and "password" not in out.split("created")[1]
    code, _, err = run("--database", url, "users", "add", "ana", "--password-stdin", stdin="a long password\n")
    assert code == 1 and err.count("\n") == 1 and "exists already" in err
    code, out, _ = run("--database", url, "projects", "create", "Study", "--codebook", "semeval2020-ptc", "--blind")
    assert code == 0 and "semeval2020-ptc v1" in out
    code, out, _ = run("--database", url, "projects", "list")
    assert "Study" in out and "blind" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("key: x\nname: X\ncategories: []\nlabels: []\n")
    code, _, err = run("--database", url, "projects", "create", "Bad", "--codebook", str(bad))
    assert code == 1 and str(bad) in err and "labels" in err


def test_import_reports_counts_and_refuses_bad_files(url: str, tmp_path: Path) -> None:
    run("--database", url, "init")
    (tmp_path / "a.txt").write_text("First article\n\nBody 😀.\n", encoding="utf-8")
    (tmp_path / "docs.jsonl").write_text(
        json.dumps({"text": "Second article", "title": "Two", "url": "https://x.example/2", "published": "2024-03-01"}) + "\n"
        + json.dumps({"text": "First article\n\nBody 😀.\n"}) + "\n", encoding="utf-8")
    code, out, _ = run("--database", url, "import", str(tmp_path / "a.txt"), str(tmp_path / "docs.jsonl"), "--project", "New")
    assert code == 0 and "(project created)" in out and "2 documents added, 1 already present" in out
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n{"text": "x", "published": "March"}\n', encoding="utf-8")
    code, _, err = run("--database", url, "import", str(tmp_path / "bad.jsonl"), "--project", "New")
    assert code == 1 and "bad.jsonl, line 2, field 'published'" in err
    code, out, _ = run("--database", url, "projects", "list")
    assert out.count("New") == 1


REGISTRY = {
    "entities": [
        {"kind": "state", "name": "Freedonia", "uid": "11111111-1111-4111-8111-111111111111"},
        {"kind": "outlet", "name": "Eastport Ledger", "domains": ["eastport-ledger.example"],
         "ratings": [{"provider": "Example Ratings", "dimension": "factual reporting", "value": "mixed",
                      "rated_on": "2025-01-02", "url": "https://ratings.example/eastport"}],
         "designations": [{"kind": "official_label", "name": "foreign agent", "issuer": "Ministry of Justice",
                           "designated_on": "2024-06-01"}],
         "funding_received": [{"kind": "grant", "attribution": "third_party", "attributed_by": "An audit",
                               "funder_uid": "11111111-1111-4111-8111-111111111111", "confidence": 0.5}]},
        {"kind": "state", "name": "Republic of Freedonia", "merged_into_uid": "11111111-1111-4111-8111-111111111111"},
    ],
}


def test_native_round_trip_is_byte_identical(url: str, tmp_path: Path) -> None:
    run("--database", url, "init", "--demo")
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps(REGISTRY), encoding="utf-8")
    assert run("--database", url, "entities", "import", str(registry))[0] == 0
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert run("--database", url, "export", "--project", "Demo: framing", "--output", str(first))[0] == 0
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    run("--database", other, "init")
    code, out, _ = run("--database", other, "import", str(first), "--project", "Demo: framing")
    assert code == 0 and "5 annotations added" in out
    run("--database", other, "export", "--project", "Demo: framing", "--output", str(second))
    assert first.read_bytes() == second.read_bytes()
    lines = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert lines[0]["type"] == "manifest" and lines[0]["counts"]["annotations"] == 5
    ledger = next(line for line in lines if line["type"] == "entity" and line["name"] == "Eastport Ledger")
    assert [r["value"] for r in ledger["ratings"]] == ["mixed"] and ledger["designations"][0]["name"] == "foreign agent"
    assert {(f["kind"], f["status"]) for f in ledger["funding_received"]} == {
        ("grant", "accepted"), ("donation_channel", "proposed")}  # the demo article's PayPal and donate page
    assert len(ledger["funding_received"]) == 3 and lines[0]["counts"]["funding_links"] == 3
    document = next(line for line in lines if line["type"] == "document")
    assert document["text"] == DEMO_TEXT
    for ann in document["annotations"]:
        assert DEMO_TEXT[ann["start"] : ann["end"]] == ann["quote"]


def test_native_import_refuses_a_shifted_quote_and_writes_nothing(url: str, tmp_path: Path) -> None:
    run("--database", url, "init", "--demo")
    exported = tmp_path / "e.jsonl"
    run("--database", url, "export", "--project", "Demo: framing", "--output", str(exported))
    lines = exported.read_text(encoding="utf-8").splitlines()
    doc_line = next(i for i, line in enumerate(lines) if '"type": "document"' in line)
    record = json.loads(lines[doc_line])
    record["annotations"][0]["start"] += 1
    lines[doc_line] = json.dumps(record, ensure_ascii=False)
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = f"sqlite:///{tmp_path / 'o.sqlite3'}"
    run("--database", other, "init")
    code, _, err = run("--database", other, "import", str(exported), "--project", "Copy")
    assert code == 1 and f"line {doc_line + 1}" in err and "annotations[0]" in err
    assert "Copy" not in run("--database", other, "projects", "list")[1]


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "annotator", "--help"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0 and "import" in result.stdout


def test_imported_text_files_get_their_page_parts(url: str, tmp_path: Path) -> None:
    from annotator.db import Database
    from annotator.services.actor import Actor
    from annotator.services.annotation.documents import get_document, list_documents
    from annotator.services.team.projects import get_project

    source = ROOT.parent / "shared" / "corpus" / "southfront-astana-2017.txt"
    if not source.exists():
        pytest.skip("shared corpus not found")
    run("--database", url, "init")
    assert run("--database", url, "import", str(source), "--project", "SF")[0] == 0
    db = Database(url)
    actor = Actor.system()
    project = get_project(db, actor, "SF")
    document = get_document(db, actor, list_documents(db, actor, project.id)[0].id)
    assert {p["kind"] for p in document.parts} == {"body", "furniture", "comments"}
    db.dispose()


def test_title_of_a_text_file_skips_page_furniture(tmp_path: Path) -> None:
    from annotator.ingest.text import read_text_file

    source = ROOT.parent / "shared" / "corpus" / "southfront-astana-2017.txt"
    if not source.exists():
        pytest.skip("shared corpus not found")
    assert read_text_file(source).title == "Syria Peace Talks In Astana. What To Expect?"
    plain = tmp_path / "plain.txt"
    plain.write_text("\n\n  A headline  \nBody.\n", encoding="utf-8")
    assert read_text_file(plain).title == "A headline"


def test_readme_names_every_command() -> None:
    """Like Datasette: the documentation lists every command the parser knows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    top_level = {command[0] for command in _all_commands()}
    missing = sorted(name for name in top_level if f"`{name}" not in readme)
    assert missing == []
