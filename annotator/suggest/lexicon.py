"""Lexicons of loaded, labelling and euphemistic language: format, loading, extension.

A lexicon is a YAML file (see ``data/lexicon.yaml`` for the documented format) whose
entries each name a word or phrase and the framing label it proposes.  The built-in
lexicon ships in the package; a project extends it with its own entries, either a YAML
file of the same format or a list of mappings / :class:`LexiconEntry` objects, through
:func:`extend_lexicon` (or the ``lexicon_extra`` argument of the detectors).  A project
entry whose term equals a built-in term (case-insensitively) replaces the built-in one,
so a project can also re-label or narrow an entry.

Everything is validated on load; a broken lexicon raises :class:`LexiconError` naming
the file and the entry instead of silently matching nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeAlias

import yaml

# Labels a lexicon entry may propose: the word-level framing labels of the codebook.
LEXICON_LABELS = frozenset({"loaded_language", "name_calling", "euphemism"})

_ENTRY_KEYS = frozenset(
    {"term", "label", "variants", "inflect", "not_preceded_by", "not_followed_by",
     "case_sensitive", "note"}
)


class LexiconError(ValueError):
    """A lexicon file or entry does not follow the documented format."""


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One word or phrase and the framing label it proposes."""

    term: str
    label: str
    variants: tuple[str, ...] = ()
    inflect: bool = True
    not_preceded_by: tuple[str, ...] = ()
    not_followed_by: tuple[str, ...] = ()
    case_sensitive: bool = False
    note: str | None = None

    @property
    def key(self) -> str:
        """Identity used when a project entry replaces a built-in one."""
        return " ".join(self.term.casefold().split())

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.variants)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """An ordered, validated set of entries (hashable, so compiled matchers are cached)."""

    entries: tuple[LexiconEntry, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.entries)


LexiconExtra: TypeAlias = (
    "str | os.PathLike[str] | Lexicon | Mapping[str, Any]"
    " | Iterable[LexiconEntry | Mapping[str, Any]]"
)


def _words(value: Any, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise LexiconError(f"{where}: {what} must be a list of non-empty strings")
    return tuple(" ".join(v.split()) for v in value)


def parse_entry(
    raw: LexiconEntry | Mapping[str, Any],
    where: str = "lexicon",
    labels: frozenset[str] = LEXICON_LABELS,
) -> LexiconEntry:
    """Validate one entry given as a mapping (as in YAML) or an entry object."""
    if isinstance(raw, LexiconEntry):
        raw = {
            "term": raw.term, "label": raw.label, "variants": list(raw.variants),
            "inflect": raw.inflect, "not_preceded_by": list(raw.not_preceded_by),
            "not_followed_by": list(raw.not_followed_by),
            "case_sensitive": raw.case_sensitive, "note": raw.note,
        }
    if not isinstance(raw, Mapping):
        raise LexiconError(f"{where}: an entry must be a mapping, got {type(raw).__name__}")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}")
    term = raw.get("term")
    if not isinstance(term, str) or not any(ch.isalnum() for ch in term):
        raise LexiconError(f"{where}: 'term' must be a string containing a letter or digit")
    where = f"{where} ({term!r})"
    label = raw.get("label")
    if label not in labels:
        raise LexiconError(f"{where}: 'label' must be one of {sorted(labels)}")
    for flag in ("inflect", "case_sensitive"):
        if flag in raw and not isinstance(raw[flag], bool):
            raise LexiconError(f"{where}: {flag!r} must be true or false")
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise LexiconError(f"{where}: 'note' must be a string")
    variants = _words(raw.get("variants"), "'variants'", where)
    if not all(any(ch.isalnum() for ch in v) for v in variants):
        raise LexiconError(f"{where}: every variant must contain a letter or digit")
    return LexiconEntry(
        term=" ".join(term.split()),
        label=label,
        variants=variants,
        inflect=raw.get("inflect", True),
        not_preceded_by=_words(raw.get("not_preceded_by"), "'not_preceded_by'", where),
        not_followed_by=_words(raw.get("not_followed_by"), "'not_followed_by'", where),
        case_sensitive=raw.get("case_sensitive", False),
        note=note,
    )


def parse_lexicon(
    data: Any, source: str = "lexicon", labels: frozenset[str] = LEXICON_LABELS
) -> Lexicon:
    """Validate the parsed YAML document of a lexicon file; ``labels`` are the allowed ones."""
    if isinstance(data, Mapping):
        version = data.get("version", 1)
        if version != 1:
            raise LexiconError(f"{source}: unsupported lexicon version {version!r}")
        data = data.get("entries")
    if not isinstance(data, list):
        raise LexiconError(f"{source}: expected a list of entries (or a mapping with 'entries')")
    entries = [
        parse_entry(raw, f"{source}, entry {i + 1}", labels) for i, raw in enumerate(data)
    ]
    seen: set[str] = set()
    for entry in entries:
        if entry.key in seen:
            raise LexiconError(f"{source}: duplicate term {entry.term!r}")
        seen.add(entry.key)
    return Lexicon(tuple(entries))


def load_lexicon_file(
    path: str | os.PathLike[str], labels: frozenset[str] = LEXICON_LABELS
) -> Lexicon:
    """Read and validate a lexicon YAML file (re-read only when the file changes)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc
    # Keyed on modification time and size so that an edited file is picked up.
    return _load_lexicon_file(path.resolve(), stat.st_mtime_ns, stat.st_size, labels)


@lru_cache(maxsize=16)
def _load_lexicon_file(
    path: Path, _mtime_ns: int, _size: int, labels: frozenset[str]
) -> Lexicon:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    return parse_lexicon(data, str(path), labels)


@lru_cache(maxsize=4)
def packaged_lexicon(name: str, labels: frozenset[str] = LEXICON_LABELS) -> Lexicon:
    """A lexicon file shipped in ``annotator/suggest/data/`` (validated once, cached)."""
    text = resources.files("annotator.suggest").joinpath(f"data/{name}").read_text("utf-8")
    return parse_lexicon(yaml.safe_load(text), f"built-in {name}", labels)


def builtin_lexicon() -> Lexicon:
    """The lexicon shipped in ``annotator/suggest/data/lexicon.yaml``."""
    return packaged_lexicon("lexicon.yaml")


def extend_lexicon(
    base: Lexicon, extra: LexiconExtra | None, labels: frozenset[str] = LEXICON_LABELS
) -> Lexicon:
    """Return ``base`` plus ``extra`` (a YAML path, a Lexicon, or entries).

    An extra entry with the same term as a base entry replaces it in place; new terms
    are appended.  ``extra=None`` returns ``base`` unchanged.
    """
    if extra is None:
        return base
    if isinstance(extra, Lexicon):
        added = extra
    elif isinstance(extra, str | os.PathLike):
        added = load_lexicon_file(extra, labels)
    elif isinstance(extra, Mapping):  # a whole parsed document: {"version": 1, "entries": [...]}
        added = parse_lexicon(extra, "lexicon_extra", labels)
    else:
        added = parse_lexicon(list(extra), "lexicon_extra", labels)
    replaced = {entry.key: entry for entry in added.entries}
    merged = [replaced.pop(entry.key, entry) for entry in base.entries]
    merged.extend(entry for entry in added.entries if entry.key in replaced)
    return Lexicon(tuple(merged))


def resolve_lexicon(extra: LexiconExtra | None = None) -> Lexicon:
    """The built-in lexicon extended by ``extra``."""
    return extend_lexicon(builtin_lexicon(), extra)
