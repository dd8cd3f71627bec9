"""The command table (cli/commands.py) that lets `annotator --help` and a command's start skip
the modules of the other commands: its vocabularies are the models' and the catalog's, every
command it names is built by its module, and a command's start imports no other command."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import build_parser
from annotator.cli import commands as table
from annotator.codebooks import DEFAULT_CODEBOOK, builtin_keys
from annotator.formats.catalog import FORMATS
from annotator.formats.registry.files import REGISTRY_FORMATS
from annotator.models.enums import EntityKind, GlobalRole, ProjectRole

ROOT = Path(__file__).resolve().parents[2]


def test_vocabularies_are_the_models_and_the_catalogs() -> None:
    assert tuple(r.value for r in GlobalRole) == table.GLOBAL_ROLES
    assert tuple(r.value for r in ProjectRole) == table.PROJECT_ROLES
    assert tuple(k.value for k in EntityKind) == table.ENTITY_KINDS
    assert set(table.FORMATS) == set(FORMATS)
    assert set(table.REGISTRY_FORMATS) == set(REGISTRY_FORMATS)
    assert table.DEFAULT_CODEBOOK == DEFAULT_CODEBOOK
    assert table.builtin_codebooks() == sorted(builtin_keys())


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_each_module_builds_the_commands_the_table_gives_it() -> None:
    whole = _commands(build_parser())
    assert list(whole) == list(table.COMMANDS)
    for name in table.COMMANDS:
        alone = _commands(build_parser(only=name))
        assert list(alone) == list(table.COMMANDS)
        # The command asked for is built whole (the same options as in the whole parser).
        assert alone[name].format_help() == whole[name].format_help()


@pytest.mark.parametrize(("argv", "command"), [
    (["--help"], ""), ([], ""), (["--version"], ""),
    (["--database", "sqlite:///x", "--as", "ana", "export", "--project", "P"], "export"),
    (["team-settings", "P"], "team-settings"), (["exprot"], None), (["--database"], ""),
])
def test_command_in(argv: list[str], command: str | None) -> None:
    assert table.command_in(argv) == command


def test_a_command_imports_only_what_it_needs() -> None:
    """`--help` imports no command module, no service and no SQLAlchemy; a command's own
    --help imports its module only."""
    probe = ("import json, sys; from annotator.cli import main\n"
             "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('annotator', 'sqlalchemy', 'pandas')))),"
             " file=sys.stderr)")

    def loaded(*argv: str) -> set[str]:
        done = subprocess.run([sys.executable, "-c", probe, *argv], cwd=ROOT, capture_output=True, text=True,
                              check=True)
        return set(json.loads(done.stderr.strip().splitlines()[-1]))

    top = loaded("--help")
    assert not {m for m in top if m.startswith(("sqlalchemy", "pandas", "annotator.services"))}
    assert not {m for m in top if m.startswith("annotator.cli.")} - {"annotator.cli.commands", "annotator.cli.collector"}
    export = loaded("export", "--help")
    assert "annotator.cli.transfer" in export and "annotator.cli.team" not in export
    assert not {m for m in export if m.startswith(("pandas", "annotator.services"))}


def test_an_import_loads_only_its_own_format(tmp_path: Path) -> None:
    """Importing a Label Studio file reads no other format's module, and reading annotations
    (no new article's page furniture to find) loads none of the rule-based detectors."""
    from annotator.formats import labelstudio
    from tests.formats.helpers import write_bytes
    from tests.formats.samples import sample_manifest, sample_records

    path = tmp_path / "tasks.json"
    path.write_bytes(write_bytes(labelstudio, sample_manifest("annotator-labelstudio"), sample_records()))
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    subprocess.run([sys.executable, "-m", "annotator", "--database", database, "init"], cwd=ROOT, check=True,
                   capture_output=True)
    probe = ("import json, sys; from annotator.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith(('annotator', 'sqlalchemy.dialects')))]),"
             " file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, "--database", database, "import", str(path), "--project", "P",
                           "--format", "labelstudio", "--add-labels"], cwd=ROOT, capture_output=True, text=True)
    code, loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert code == 0, done.stderr
    formats = {m for m in loaded if m.startswith("annotator.formats.") and m.count(".") == 2}
    assert "annotator.formats.labelstudio" in formats
    assert not formats & {f"annotator.formats.{name}" for name in ("brat", "semeval", "w3c", "csv_rows", "native_jsonl")}
    assert not {m for m in loaded if m.startswith("annotator.suggest")}
    # On SQLite, SQLAlchemy's PostgreSQL dialects stay unloaded (models/base.py JSONDocument).
    assert not {m for m in loaded if m.startswith("sqlalchemy.dialects.postgresql")}
