"""Label schemes as data: built-in codebooks, custom files, validation.

The names below are loaded when first used (PEP 562): the loader brings YAML and the pydantic
schema, which a command that only reads stored codebooks (an export) or only needs the
attribute types (`codebooks.attribute_types`, a submodule that imports this package first)
does not pay for at its start.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import (
        DEFAULT_CODEBOOK,
        builtin_keys,
        content_sha256,
        definition_json,
        load_builtin,
        load_codebook_file,
        parse_codebook,
        parse_codebook_text,
        resolve_codebook,
    )
    from .schema import AttributeDef, CategoryDef, CodebookDef, LabelDef, RelationDef

_LOADER = ("DEFAULT_CODEBOOK", "builtin_keys", "content_sha256", "definition_json", "load_builtin",
           "load_codebook_file", "parse_codebook", "parse_codebook_text", "resolve_codebook")
_SCHEMA = ("AttributeDef", "CategoryDef", "CodebookDef", "LabelDef", "RelationDef")

__all__ = [
    "DEFAULT_CODEBOOK",
    "AttributeDef",
    "CategoryDef",
    "CodebookDef",
    "LabelDef",
    "RelationDef",
    "builtin_keys",
    "content_sha256",
    "definition_json",
    "load_builtin",
    "load_codebook_file",
    "parse_codebook",
    "parse_codebook_text",
    "resolve_codebook",
]


def __getattr__(name: str) -> Any:
    module = "loader" if name in _LOADER else "schema" if name in _SCHEMA else None
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
