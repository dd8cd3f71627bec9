"""The team commands end to end on a SQLite file: assign, queue, progress, gold, history."""

from __future__ import annotations

from pathlib import Path

from annotator.db import Database
from annotator.services.accounts.users import authenticate
from annotator.services.annotation.spans import SpanIn, create_annotation

from .test_cli import run

TEXT = "The so-called experts met the opposition groups in Astana."


def test_team_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    db_args = ("--database", url)
    assert run(*db_args, "init")[0] == 0
    for name in ("ann", "bob", "cura"):
        assert run(*db_args, "users", "add", name, "--password-stdin", stdin="a long password\n")[0] == 0
    run(*db_args, "projects", "create", "Study", "--blind", "--annotators-per-document", "2")
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(f"Article {i}. {TEXT}\n", encoding="utf-8")
    assert run(*db_args, "import", str(tmp_path), "--project", "Study")[0] == 0
    for name, role in (("ann", "annotator"), ("bob", "annotator"), ("cura", "curator")):
        run(*db_args, "projects", "add-member", "Study", name, "--role", role)

    code, out, err = run(*db_args, "assign", "Study")
    assert code == 1 and "either --to USERS" in err
    code, out, _ = run(*db_args, "assign", "Study", "--auto", "--random", "--seed", "3")
    assert code == 0 and "6 assignment(s) added" in out and "random order seed: 3" in out
    code, out, _ = run(*db_args, "--as", "ann", "queue", "Study")
    assert code == 0 and out.startswith("ann: 0 of 3 done")
    code, _, err = run(*db_args, "--as", "ann", "progress", "Study")
    assert code == 1 and "may not see progress" in err
    code, out, _ = run(*db_args, "--as", "cura", "progress", "Study", "--by", "document")
    assert code == 0 and len(out.strip().splitlines()) == 4

    db = Database(url)
    ann, bob = authenticate(db, "ann", "a long password"), authenticate(db, "bob", "a long password")
    text = f"Article 0. {TEXT}\n"
    start = text.index("so-called")
    for who in (ann, bob):
        create_annotation(db, who, 1, SpanIn(start, start + 9, "loaded_language", "so-called"))
    start = text.index("Astana")
    create_annotation(db, bob, 1, SpanIn(start, start + 6, "claim", "Astana"))
    db.dispose()

    code, out, _ = run(*db_args, "--as", "cura", "gold", "Study", "--document", "1")
    assert code == 0 and out.splitlines()[1].split("\t") == ["1", "2", "1", "1", "0", "0", "0"]
    code, out, _ = run(*db_args, "--as", "cura", "gold", "Study", "--unanimous")
    assert code == 0 and out.startswith("1 unanimous span(s) accepted into the gold layer on 1 document(s)")
    code, _, err = run(*db_args, "--as", "ann", "gold", "Study", "--unanimous")
    assert code == 1 and "may not curate" in err
    code, out, _ = run(*db_args, "history", "Study", "--document", "1")
    assert code == 0 and "\tcura\tcreate\tgold" in out and "\tbob\tcreate\tannotation" in out
    code, out, _ = run(*db_args, "--as", "ann", "history", "Study", "--document", "1")
    assert "bob" not in out and "\tann\tcreate\tannotation" in out
    code, out, _ = run(*db_args, "team-settings", "Study", "--hide-names")
    assert code == 0 and '"hide_annotator_names": true' in out and '"assigned_only": true' in out
    code, out, _ = run(*db_args, "--as", "cura", "progress", "Study")
    assert "Annotator 1" in out and "ann\t" not in out
    code, out, _ = run(*db_args, "unassign", "Study", "--documents", "1", "--from", "ann")
    assert code == 1
    code, out, _ = run(*db_args, "history", "Study")
    assert code == 0 and "forbidden" in out


def test_every_command_names_its_project_with_the_project_option(tmp_path: Path) -> None:
    """`--project NAME`, as import, export and agreement take it; the first word the team
    commands and `projects add-member` took for it still works; neither, or two different
    names, is a usage error that names the option."""
    db_args = ("--database", f"sqlite:///{tmp_path / 'p.sqlite3'}")
    assert run(*db_args, "init")[0] == 0
    assert run(*db_args, "users", "add", "ann", "--password-stdin", stdin="a long password\n")[0] == 0
    assert run(*db_args, "projects", "create", "Study")[0] == 0
    assert run(*db_args, "projects", "add-member", "ann", "--project", "Study")[0] == 0
    assert run(*db_args, "projects", "add-member", "Study", "ann", "--role", "annotator")[0] == 0
    for command in (["queue", "--user", "ann"], ["progress"], ["gold"], ["history"], ["team-settings"],
                    ["assign", "--auto"]):
        option = run(*db_args, *command, "--project", "Study")
        word = run(*db_args, command[0], "Study", *command[1:])
        assert option[0] == word[0] == 0, (command, option, word)
        assert option[1] == word[1] or command[0] in ("history", "assign"), command
        code, _, err = run(*db_args, *command)
        assert code == 2 and "required: --project" in err, (command, err)
        code, _, err = run(*db_args, command[0], "Study", "--project", "Other", *command[1:])
        assert code == 2 and "two projects named: 'Study' and --project 'Other'" in err, (command, err)


def test_unassign_refused_for_an_annotators_work_names_the_force_option(tmp_path: Path) -> None:
    """It said "unassign with force", the service's keyword, not the option."""
    url = f"sqlite:///{tmp_path / 'force.sqlite3'}"
    db_args = ("--database", url)
    assert run(*db_args, "init")[0] == 0
    assert run(*db_args, "users", "add", "ann", "--password-stdin", stdin="a long password\n")[0] == 0
    run(*db_args, "projects", "create", "Study")
    (tmp_path / "a.txt").write_text(f"{TEXT}\n", encoding="utf-8")
    assert run(*db_args, "import", str(tmp_path / "a.txt"), "--project", "Study")[0] == 0
    run(*db_args, "projects", "add-member", "Study", "ann", "--role", "annotator")
    assert run(*db_args, "assign", "Study", "--documents", "1", "--to", "ann")[0] == 0
    db = Database(url)
    start = TEXT.index("so-called")
    create_annotation(db, authenticate(db, "ann", "a long password"), 1,
                      SpanIn(start, start + 9, "loaded_language", "so-called"))
    db.dispose()
    code, _, err = run(*db_args, "unassign", "Study", "--documents", "1", "--from", "ann")
    assert code == 1
    assert err == ("error: annotators have spans there already (ann on document 1); "
                   "--force unassigns them anyway (their spans stay)\n")
    code, out, _ = run(*db_args, "unassign", "Study", "--documents", "1", "--from", "ann", "--force")
    assert code == 0 and "1 assignment(s) removed" in out
