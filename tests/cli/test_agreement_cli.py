"""`annotator agreement`: the page's figures as a table or JSON, with the page's permissions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.agreement import AgreementFilter, project_agreement
from annotator.services.team.projects import create_project, set_member

from .test_cli import run

TEXT = "The regime said the so-called opposition groups would fail. Donate via PayPal."


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run("--database", url, "init")[0] == 0
    db, system = Database(url), Actor.system()
    project = create_project(db, system, "Study <b>", blind=True)
    spans = {"ann": [("regime", "loaded_language"), ("so-called", "scare_quotes")],
             "bob": [("regime", "name_calling"), ("so-called", "scare_quotes")]}
    records = [DocumentRecord(text=TEXT + f" ({i})", title=f"Doc {i}", annotations=[
        AnnotationRecord(TEXT.index(q), TEXT.index(q) + len(q), label, annotator=who)
        for who, marks in spans.items() for q, label in marks]) for i in range(3)]
    import_records(db, system, project.id, records)
    create_user(db, system, "cy", "a long password")
    set_member(db, system, project.id, "cy", "annotator")
    db.dispose()
    return url


def test_table_names_every_section(url: str) -> None:
    code, out, err = run("--database", url, "agreement", "--project", "Study <b>", "--resamples", "50")
    assert code == 0, err
    assert "Agreement in 'Study <b>': 2 annotator(s), 3 of 3 document(s)" in out
    assert "No document is marked done yet" in out
    for heading in ("Spans per label", "Pairs of annotators", "Label confusion",
                    "Documents, lowest agreement first"):
        assert heading in out
    assert "Scare quotes" in out and "Loaded language" in out
    pair = next(line for line in out.splitlines() if line.startswith("ann ") and "bob" in line)
    assert "0.500 [0.500, 0.500]" in pair  # exact: 1 of 2 spans each, in every document
    section = out.split("Label confusion")[1].split("\n\n")[0].splitlines()
    assert section[3].split() == ["Loaded", "language", "Name", "calling", "/", "labeling", "3"]


def test_json_equals_the_service_and_has_no_nan(url: str) -> None:
    code, out, _ = run("--database", url, "agreement", "--project", "Study <b>", "--format",
                       "json", "--resamples", "50", "--label", "scare_quotes",
                       "--label", "loaded_language")
    assert code == 0
    data = json.loads(out)  # NaN would not parse as strict JSON
    assert "NaN" not in out
    db = Database(url)
    report = project_agreement(db, Actor.system(), 1, AgreementFilter(
        n_resamples=50, labels=("scare_quotes", "loaded_language")))
    assert data == json.loads(json.dumps(report.to_dict()))
    assert [row["key"] for row in data["labels"]] == ["loaded_language", "scare_quotes"]
    assert data["labels"][0]["char"]["value"] < 0 and data["labels"][1]["char"]["value"] == 1.0


def test_as_an_annotator_of_a_blind_project_is_refused(url: str) -> None:
    code, out, err = run("--database", url, "--as", "cy", "agreement", "--project", "Study <b>")
    assert code == 1 and out == ""
    assert err.startswith("error: cy may not see agreement figures") and err.count("\n") == 1


def test_bad_selection_is_one_line(url: str) -> None:
    code, _, err = run("--database", url, "agreement", "--project", "Study <b>", "--label", "nope")
    assert code == 1 and "no label 'nope'" in err and err.count("\n") == 1
    code, _, err = run("--database", url, "agreement", "--project", "Nope")
    assert code == 1 and "no project named 'Nope'" in err


def test_readme_documents_every_option() -> None:
    from annotator.cli import build_parser

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Agreement", 1)[1].split("\n## ", 1)[0]
    sub = next(a for a in build_parser()._actions if isinstance(getattr(a, "choices", None), dict))
    options = [o for action in sub.choices["agreement"]._actions for o in action.option_strings
               if o.startswith("--") and o != "--help"]
    assert options and [o for o in options if f"`{o}" not in section] == []


def test_nothing_finished_says_there_is_nothing_to_compare(url: str) -> None:
    code, out, _ = run("--database", url, "agreement", "--project", "Study <b>", "--basis",
                       "finished", "--resamples", "20")
    assert code == 0 and "0 of 3 document(s)" in out
    assert out.rstrip().endswith("Nothing to compare yet: no document has two or more "
                                 "annotators counting on it (see --basis).")


def test_the_command_neither_reads_nor_keeps_a_report(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """One study per process: the revision (a scan of every span row) would buy nothing."""
    from annotator.services.team import agreement_cache

    def refuse(*_: object) -> None:
        raise AssertionError("the command read the agreement cache's revision")

    agreement_cache.clear()
    monkeypatch.setattr(agreement_cache, "revision", refuse)
    code, out, err = run("--database", url, "agreement", "--project", "Study <b>", "--format",
                         "json", "--resamples", "20")
    assert code == 0, err
    assert json.loads(out)["counted"]["n_documents"] == 3
    with agreement_cache._LOCK:
        assert not agreement_cache._REPORTS
