"""One import brings at most ANNOTATOR_MAX_IMPORT_RECORDS records (documents and spans): the
readers count while they read and stop at the first record beyond the limit, which is refused
with its file and line, so a file of a million tiny documents ends early with a clear message
instead of filling the memory. The figures before and after are in bench/import_records.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator.config import Settings, get_settings
from annotator.formats import brat, csv_rows, labelstudio, native_jsonl, semeval, w3c
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.ingest.local import load_paths
from annotator.ingest.web import Upload, load_uploads

from ..formats.helpers import write_bytes
from ..formats.samples import sample_manifest

LIMIT = 10
SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "w3c": ".jsonld", "labelstudio": ".json", "brat": ".zip",
            "semeval": ".zip"}


def _settings(limit: int = LIMIT) -> Settings:
    return Settings(database_url="sqlite://", max_import_records=limit)


def _records(documents: int, spans: int) -> list[DocumentRecord]:
    """`documents` articles with `spans` spans each (semeval wants numeric ids)."""
    records = []
    for n in range(documents):
        text = f"Article number {n} says so-called things.\n"
        records.append(DocumentRecord(
            text=text, title=f"Article {n}", external_id=str(100 + n), uid=f"00000000-0000-4000-8000-{n:012d}",
            annotations=[AnnotationRecord(start=15, end=15 + len(str(n)) + 1, label="claim", annotator="ana",
                                          quote=text[15:16 + len(str(n))]) for _ in range(spans)]))
    return records


def _messages(loaded_issues: list) -> list[str]:  # type: ignore[type-arg]
    return [issue.located() for issue in loaded_issues]


def test_the_default_is_documented_and_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    default = Settings(database_url="sqlite://").max_import_records
    assert 100_000 <= default <= 1_000_000
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "ANNOTATOR_MAX_IMPORT_RECORDS" in readme and f"{default:,}" in readme
    monkeypatch.setenv("ANNOTATOR_MAX_IMPORT_RECORDS", "1234")
    assert get_settings("sqlite://").max_import_records == 1234


def test_articles_beyond_the_limit_stop_the_reading(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl"
    lines = [json.dumps({"text": f"d{n}"}) for n in range(LIMIT + 1)]
    # Past the limit the file is broken: a reader that went on would report those lines too.
    path.write_text("\n".join(lines + ["{broken"] * 5) + "\n", encoding="utf-8")
    loaded = load_paths([path], fmt=None, settings=_settings())
    assert _messages(loaded.issues) == [
        f"{path}, line {LIMIT + 1}: more than {LIMIT:,} records (documents and spans) in one import: "
        "split the input, or raise ANNOTATOR_MAX_IMPORT_RECORDS"]
    assert load_paths([path], fmt=None, settings=_settings(LIMIT + 1)).issues != []  # the broken lines
    path.write_text("\n".join(lines[:LIMIT]) + "\n", encoding="utf-8")
    exact = load_paths([path], fmt=None, settings=_settings())
    assert exact.issues == [] and len(exact.records) == LIMIT


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "w3c", "labelstudio", "brat", "semeval"])
def test_every_format_counts_documents_and_spans(fmt: str) -> None:
    module = {m.NAME: m for m in (native_jsonl, csv_rows, w3c, labelstudio, brat, semeval)}[fmt]
    over = write_bytes(module, sample_manifest(native_jsonl.FORMAT_ID), _records(2, 5))  # 2 documents + 10 spans
    name = "upload" + SUFFIXES[fmt]
    loaded = load_uploads([Upload(name, over)], [], fmt=fmt, settings=_settings())
    [issue] = loaded.issues
    assert issue.message.startswith(f"more than {LIMIT:,} records"), issue.located()
    assert (issue.file or "").startswith(name)
    under = write_bytes(module, sample_manifest(native_jsonl.FORMAT_ID), _records(2, 4))  # 2 + 8
    fine = load_uploads([Upload(name, under)], [], fmt=fmt, settings=_settings())
    assert fine.issues == [], _messages(fine.issues)


def test_the_limit_holds_for_the_whole_import_not_each_file(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps({"text": f"a{n}"}) + "\n" for n in range(6)), encoding="utf-8")
    second.write_text("".join(json.dumps({"text": f"b{n}"}) + "\n" for n in range(6)), encoding="utf-8")
    loaded = load_paths([first, second], fmt=None, settings=_settings())
    assert [(i.file, i.line) for i in loaded.issues] == [(str(second), 5)]
    texts = [Upload(f"t{n}.txt", f"text {n}\n".encode()) for n in range(LIMIT + 3)]
    web = load_uploads(texts, [], fmt=None, settings=_settings())
    assert [i.file for i in web.issues] == [f"t{LIMIT}.txt"]


def test_the_cli_refuses_a_file_over_the_limit_and_writes_nothing(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.test_cli import run

    url = f"sqlite:///{tmp_path / 'limit.sqlite3'}"
    run("--database", url, "init")
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps({"text": f"d{n}"}) + "\n" for n in range(30)), encoding="utf-8")
    monkeypatch.setenv("ANNOTATOR_MAX_IMPORT_RECORDS", "20")
    code, _, err = run("--database", url, "import", str(path), "--project", "P")
    assert code == 1
    assert err.startswith(f"error: import refused, nothing was written: {path}, line 21: more than 20 records")
    code, out, _ = run("--database", url, "projects", "list")
    assert code == 0 and "P" not in out.split()


def test_streams_are_not_read_whole_when_the_limit_is_reached() -> None:
    """A reader handed a stream stops reading at the limit (a stream that cannot be read
    further would raise)."""

    class Guarded(io.StringIO):
        def __init__(self, text: str, stop_at: int) -> None:
            super().__init__(text)
            self.lines = 0
            self.stop_at = stop_at

        def __next__(self) -> str:
            self.lines += 1
            if self.lines > self.stop_at:
                raise AssertionError("read past the limit")
            return super().__next__()

    from annotator.formats.input_checks import RecordLimit, TooManyRecords
    from annotator.ingest import documents_jsonl

    stream = Guarded("".join(json.dumps({"text": f"d{n}"}) + "\n" for n in range(100)), stop_at=LIMIT + 1)
    with pytest.raises(TooManyRecords) as stopped:
        documents_jsonl.read(stream, source="s.jsonl", limit=RecordLimit(LIMIT))
    assert stopped.value.issue.line == LIMIT + 1
