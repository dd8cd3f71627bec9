"""`annotator suggest`: JSON lines for a text file; batch runs over a project."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import run


def test_text_file_prints_json_lines_with_code_point_offsets(tmp_path: Path, corpus: Path) -> None:
    path = corpus / "southfront-astana-2017.txt"
    text = path.read_text(encoding="utf-8")
    code, out, _ = run("suggest", "--text-file", str(path))
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(set(r) == {"rule", "label", "start", "end", "quote"} for r in rows)
    assert all(text[r["start"] : r["end"]] == r["quote"] for r in rows)
    scare = [r for r in rows if r["rule"] == "scare_quotes"]
    assert scare[0]["start"] == text.index("“opposition groups”")
    only = run("suggest", "--text-file", str(path), "--rule", "hedges")[1]
    assert {json.loads(line)["rule"] for line in only.splitlines()} == {"hedges"}


def test_project_batch_and_lexicon(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    run("--database", url, "init", "--demo")
    lexicon = tmp_path / "lex.yaml"
    lexicon.write_text("entries:\n  - {term: harbour bridge, label: loaded_language}\n", encoding="utf-8")
    code, out, _ = run("--database", url, "suggest", "--project", "Demo: framing", "--lexicon", str(lexicon))
    assert code == 0 and "project lexicon: 1 entries stored" in out and "suggestions stored for 1 documents" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - {term: x, label: nope}\n", encoding="utf-8")
    code, _, err = run("--database", url, "suggest", "--project", "Demo: framing", "--lexicon", str(bad))
    assert code == 1 and str(bad) in err and "entry 1" in err and "'label'" in err


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("suggest", "--text-file", str(tmp_path / "none.txt"))
    assert code == 1 and err.startswith("error:") and err.count("\n") == 1


def test_readme_documents_every_option_and_detector() -> None:
    from annotator.cli import build_parser
    from annotator.suggest import DETECTORS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Suggestions", 1)[1].split("\n## ", 1)[0]
    sub = next(a for a in build_parser()._actions if isinstance(getattr(a, "choices", None), dict))
    options = [o for action in sub.choices["suggest"]._actions for o in action.option_strings
               if o.startswith("--") and o != "--help"]
    assert options and [o for o in options if o not in section] == []
    assert [name for name in DETECTORS if f"| `{name}` |" not in section] == []
    for key in ("`rule`", "`label`", "`start`", "`end`", "`quote`"):
        assert key in section
