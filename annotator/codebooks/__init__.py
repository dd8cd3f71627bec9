"""Label schemes as data: built-in codebooks, custom files, validation."""

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
