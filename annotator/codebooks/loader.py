"""Built-in codebooks shipped as data files, and custom ones from YAML or JSON files."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import InvalidInput, NotFound
from ..formats.json_input import nested_too_deeply
from .schema import CodebookDef

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_CODEBOOK = "framing"


def builtin_keys() -> list[str]:
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml"))


def parse_codebook(raw: object, *, source: str, within: str | None = None) -> CodebookDef:
    """Validate an already-parsed definition; errors name the source and the failing field
    (under `within` when the definition sits inside a larger document)."""
    try:
        return CodebookDef.model_validate(raw)
    except ValidationError as error:
        raise InvalidInput.from_validation(error, file=source, within=within) from error


def load_codebook_file(path: str | Path) -> CodebookDef:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot read codebook: {error.strerror}", file=str(path)) from error
    return parse_codebook_text(text, name=str(path))


def parse_codebook_text(text: str, *, name: str) -> CodebookDef:
    """A codebook file's content (JSON when `name` ends in .json, else YAML), as a file on
    disk or an upload in the browser gives it; errors name `name`, the line and the field."""
    suffix = Path(name).suffix.lower()
    try:
        raw = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        line = getattr(error, "lineno", None)
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            line = mark.line + 1
        raise InvalidInput(f"not valid {suffix[1:] or 'YAML'}: {error}", file=name, line=line) from error
    except RecursionError:
        raise nested_too_deeply(text, name) from None
    return parse_codebook(raw, source=name)


@cache
def load_builtin(key: str) -> CodebookDef:
    path = DATA_DIR / f"{key}.yaml"
    if not path.exists():
        raise NotFound(f"no built-in codebook {key!r}; built-in: {', '.join(builtin_keys())}")
    return load_codebook_file(path)


def resolve_codebook(key_or_path: str | None) -> CodebookDef:
    """A built-in key, or a path to a .yaml/.yml/.json file; None means the default."""
    if key_or_path is None:
        return load_builtin(DEFAULT_CODEBOOK)
    if key_or_path.endswith((".yaml", ".yml", ".json")) or Path(key_or_path).is_file():
        return load_codebook_file(key_or_path)
    return load_builtin(key_or_path)


def definition_json(definition: CodebookDef) -> dict[str, Any]:
    """The definition as stored and exported. A codebook without relation types is written
    without the `relations` key, so that its content (and hash) is what it was before relation
    types existed: a stored codebook is found again, not stored as a new version."""
    data = definition.model_dump(mode="json")
    if not data.get("relations"):
        data.pop("relations", None)
    return data


def content_sha256(definition: CodebookDef) -> str:
    canonical = json.dumps(definition_json(definition), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
