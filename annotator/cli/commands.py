"""The table of commands: which module of `annotator.cli` adds and runs each, and its one-line
help. The top-level parser is built from this table alone, so that `annotator --help` and the
start of any command import only the module of the command asked for (issue 18: a command
pays for what it needs, not for pandas, plotly, trafilatura or every service).

Nothing here imports beyond the standard library; the command modules import their services
inside the functions that run a command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

#: Command -> (module in annotator.cli, one-line help), in the order `--help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("setup", "create or upgrade the database schema"),
    "users": ("setup", "manage accounts"),
    "projects": ("setup", "manage projects"),
    "import": ("transfer", "import articles or annotations into a project"),
    "export": ("transfer", "export a project"),
    "suggest": ("suggest", "propose spans with the rule-based detectors"),
    "funding": ("registry", "funding appeals and proposed funding links"),
    "entities": ("registry", "the registry of outlets and organisations"),
    "assign": ("team", "assign documents to annotators"),
    "unassign": ("team", "remove assignments"),
    "queue": ("team", "an annotator's queue"),
    "progress": ("team", "progress per annotator or per document"),
    "gold": ("team", "curation: from the annotators' spans to the gold layer"),
    "history": ("team", "a document's history or the project's audit log"),
    "team-settings": ("team", "assigned-only and hidden names"),
    "agreement": ("agreement", "inter-annotator agreement of a project"),
    "claims": ("claims", "claim groups and fact-checks"),
}

#: Global options that take a value: the token after them is not a command.
VALUE_OPTIONS = ("--database", "--as")

#: The closed vocabularies some options offer, spelled here so that a command's --help does
#: not import the ORM models (and SQLAlchemy) for them; tests/cli/test_cli.py checks that they
#: equal the enums of annotator.models.enums.
GLOBAL_ROLES = ("admin", "curator", "annotator")
PROJECT_ROLES = ("admin", "curator", "annotator")
ENTITY_KINDS = ("outlet", "organisation", "person", "state", "platform")
#: The exchange formats (formats/catalog.py), the inputs that bring articles only, and the
#: registry formats (formats/registry/files.py).
FORMATS = ("jsonl", "csv", "w3c", "labelstudio", "brat", "semeval")
ARTICLE_FORMATS = ("txt", "html", "url")
REGISTRY_FORMATS = ("json", "csv")
#: The codebook a new project gets (annotator.codebooks.loader.DEFAULT_CODEBOOK).
DEFAULT_CODEBOOK = "framing"


def add_project(parser: argparse.ArgumentParser) -> None:
    """`--project NAME`, as every command names the project it acts on. The team commands and
    `projects add-member` took the name as their first word (`assign Study --auto`); that
    form still works. `settle_project` makes `args.project` of either."""
    parser.add_argument("--project", help="project name")
    parser.add_argument("project_word", nargs="?", metavar="PROJECT", help=argparse.SUPPRESS)
    parser.set_defaults(project_parser=parser)


def settle_project(args: argparse.Namespace) -> None:
    """`args.project` from `--project` or the first word, for a command made with
    `add_project`; neither, or two different names, is a usage error (exit 2)."""
    parser: argparse.ArgumentParser | None = getattr(args, "project_parser", None)
    if parser is None:
        return
    word = args.project_word
    if word is not None and args.project not in (None, word):
        parser.error(f"two projects named: {word!r} and --project {args.project!r}")
    args.project = args.project or word
    if not args.project:
        parser.error("the following arguments are required: --project")


def builtin_codebooks() -> list[str]:
    """The keys of the built-in codebooks (annotator.codebooks.builtin_keys, whose package
    import builds the pydantic schema)."""
    return sorted(p.stem for p in (Path(__file__).parent.parent / "codebooks" / "data").glob("*.yaml"))


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, **options: Any) -> argparse.ArgumentParser:
    """The parser of command `name`, with its help from the table."""
    return sub.add_parser(name, help=COMMANDS[name][1], **options)


def modules() -> list[str]:
    """The command modules, in the order of the table."""
    return list(dict.fromkeys(module for module, _ in COMMANDS.values()))


def command_in(argv: list[str]) -> str | None:
    """The command `argv` names; "" when it holds options only (`--help`, `--version`); None
    when that cannot be told without the whole parser (an abbreviated global option, a typo)."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in VALUE_OPTIONS:
            index += 2
            continue
        if token.startswith("-"):
            index += 1
            continue
        return token if token in COMMANDS else None
    return ""
