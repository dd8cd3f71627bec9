"""The codebook editor's model: a draft a lead edits in the browser, which serialises to the
same YAML as a codebook file and becomes a codebook only through the file's own validation.

Why a second model beside `schema.CodebookDef`: while someone edits, the codebook is often
not valid yet (a new label without a guideline, a choice attribute whose choices are still to
be typed). The draft holds such states; `to_definition` turns it into a `CodebookDef` by
writing the YAML and loading it exactly as a file is loaded (`yaml.safe_load` then
`parse_codebook`), so the editor cannot accept what a file could not say, nor say what a file
could not.

Sections are the draft's list fields (`categories`, `labels`, `relations`): `to_raw` and the diff in `codebooks/diff.py` walk them generically.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..errors import InvalidInput
from .attribute_types import TypeName, attribute_type
from .colours import PALETTE
from .keys import MAX_LENGTH, key_problem
from .loader import parse_codebook
from .schema import CodebookDef

#: How validation messages name the editor's output.
SOURCE = "codebook editor"
#: Keys left out of the YAML when they hold their empty default (the file says nothing then).
_OMITTED_WHEN_EMPTY: dict[str, Any] = {"hotkey": None, "attributes": [], "choices": [], "description": "", "required": False,
                                       "claim": False, "relations": []}
#: Marks stay: a vowel sign or virama is part of a word (Devanagari), as keys.py allows.
_NOT_IN_KEY = regex.compile(r"[^\p{L}\p{M}\p{N}_.,:+/&'()-]+")


class _Draft(BaseModel):
    """Lax: any value of the right kind, so that half-made states can be held."""

    model_config = ConfigDict(extra="forbid")


class AttributeDraft(_Draft):
    key: str = ""
    name: str = ""
    type: TypeName = "text"
    #: Kept while another type is picked (the box reappears with them); written only for
    #: types that take choices.
    choices: list[str] = Field(default_factory=list)
    description: str = ""
    required: bool = False


class CategoryDraft(_Draft):
    key: str = ""
    name: str = ""
    layer: Literal["span", "document"] = "span"
    multiple: bool = True
    description: str = ""


class LabelDraft(_Draft):
    key: str = ""
    name: str = ""
    category: str = ""
    colour: str = PALETTE[0]
    hotkey: str | None = None
    #: The guideline: annotators see it as the label's tooltip and in the guideline panel.
    description: str = ""
    attributes: list[AttributeDraft] = Field(default_factory=list)
    #: Spans of this label are claims (they join claim groups, issue 19).
    claim: bool = False


class RelationDraft(_Draft):
    """A relation type (see `schema.RelationDef`), edited in the editor's Relations tab."""

    # `from` is a Python keyword: the field is `from_`, written and read as `from`.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    key: str = ""
    name: str = ""
    description: str = ""
    colour: str = PALETTE[0]
    hotkey: str | None = None
    directed: bool = True
    from_: list[str] = Field(default_factory=list, alias="from")
    to: list[str] = Field(default_factory=list)
    attributes: list[AttributeDraft] = Field(default_factory=list)


class CodebookDraft(_Draft):
    key: str = ""
    name: str = ""
    version: int = 1
    description: str = ""
    categories: list[CategoryDraft] = Field(default_factory=list)
    labels: list[LabelDraft] = Field(default_factory=list)
    relations: list[RelationDraft] = Field(default_factory=list)

    @classmethod
    def from_definition(cls, definition: CodebookDef) -> CodebookDraft:
        return cls.model_validate(definition.model_dump(mode="json"))

    @classmethod
    def blank(cls, key: str, name: str) -> CodebookDraft:
        """A new codebook with one span category, ready for its first label."""
        return cls(key=key, name=name, categories=[CategoryDraft(key="labels", name="Labels")])

    def to_raw(self) -> dict[str, Any]:
        """The draft in the shape of a codebook file (empty optional keys left out)."""
        raw: dict[str, Any] = _clean(self.model_dump(mode="json"))
        return raw

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_raw(), sort_keys=False, allow_unicode=True, width=100)

    def to_definition(self) -> CodebookDef:
        """The codebook, validated as a YAML file is; InvalidInput names the failing field
        (e.g. `labels.0.attributes.1.choices`)."""
        return parse_codebook(yaml.safe_load(self.to_yaml()), source=SOURCE)

    # --- edits the page offers (pure, so tests can make them) -------------------------------

    def add_label(self, name: str) -> LabelDraft:
        """A label named `name` with a key made from it, in the first span category (made if
        there is none), in the first palette colour no label uses yet."""
        category = next((c for c in self.categories if c.layer == "span"), None)
        if category is None:
            category = CategoryDraft(key=unique_key("labels", {c.key for c in self.categories}), name="Labels")
            self.categories.append(category)
        used = {label.colour.lower() for label in self.labels}
        colour = next((c for c in PALETTE if c not in used), PALETTE[len(self.labels) % len(PALETTE)])
        label = LabelDraft(key=unique_key(key_from(name), {label.key for label in self.labels}), name=name,
                           category=category.key, colour=colour)
        self.labels.append(label)
        return label

    def remove_label(self, index: int) -> LabelDraft:
        """Take out `labels[index]`, and its key from the relation types' ends. A relation type
        left with no label at an end it restricted is taken out too: an empty end means any
        label, so keeping it would widen the type silently (the diff lists both removals)."""
        label = self.labels.pop(index)
        kept: list[RelationDraft] = []
        for relation in self.relations:
            ends = (relation.from_, relation.to)
            if any(ends_list == [label.key] for ends_list in ends):
                continue
            relation.from_ = [key for key in relation.from_ if key != label.key]
            relation.to = [key for key in relation.to if key != label.key]
            kept.append(relation)
        self.relations = kept
        return label

    def add_relation(self, name: str) -> RelationDraft:
        """A directed relation type named `name` between any spans, with a key made from it, in
        the first palette colour no relation type uses yet."""
        used = {relation.colour.lower() for relation in self.relations}
        colour = next((c for c in PALETTE if c not in used), PALETTE[len(self.relations) % len(PALETTE)])
        relation = RelationDraft(key=unique_key(key_from(name), {r.key for r in self.relations}), name=name,
                                 colour=colour)
        self.relations.append(relation)
        return relation

    def span_label_keys(self) -> list[str]:
        """The labels a relation may join: those in span categories."""
        span_categories = {c.key for c in self.categories if c.layer == "span"}
        return [label.key for label in self.labels if label.category in span_categories]

    def hotkey_holder(self, hotkey: str, *, besides: int) -> LabelDraft | None:
        """The label other than `labels[besides]` that already has this hotkey (a clash)."""
        wanted = hotkey.lower()
        return next((label for i, label in enumerate(self.labels)
                     if i != besides and label.hotkey and label.hotkey.lower() == wanted), None)

    def labels_in(self, category: str) -> list[LabelDraft]:
        return [label for label in self.labels if label.category == category]


def _clean(value: Any) -> Any:
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if not isinstance(value, dict):
        return value
    cleaned = {k: _clean(v) for k, v in value.items()
               if not (k in _OMITTED_WHEN_EMPTY and v == _OMITTED_WHEN_EMPTY[k])}
    if "type" in cleaned and isinstance(cleaned["type"], str) and "choices" in cleaned:
        try:
            takes = attribute_type(cleaned["type"]).takes_choices
        except ValueError:  # validation names the unknown type
            takes = True
        if not takes:
            del cleaned["choices"]
    return cleaned


def key_from(name: str) -> str:
    """A key for a label or attribute named `name`: lower case, runs of what a key cannot hold
    as `_` ("Loaded language!" -> "loaded_language"), fit to the key rule (keys.py)."""
    # Lowering İ gives i and a combining dot, a key that looks like one with a plain i.
    text = unicodedata.normalize("NFC", name.strip().lower().replace("i\u0307", "i"))
    text = _NOT_IN_KEY.sub("_", text.replace(" ", "_")).strip("_")
    text = text[:MAX_LENGTH].rstrip("_") or "label"
    if not text[0].isalnum():
        text = "x" + text[: MAX_LENGTH - 1]
    return text if key_problem(text) is None else "label"


def codebook_key_from(name: str) -> str:
    """A codebook key (lower-case ASCII letters, digits, `_ . -`) for a codebook named `name`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9_.-]+", "-", ascii_name).strip("-._")[:100] or "codebook"


def unique_key(key: str, taken: set[str]) -> str:
    """`key`, or `key_2`, `key_3`, ... if taken."""
    if key not in taken:
        return key
    n = 2
    while f"{key}_{n}"[:MAX_LENGTH] in taken:
        n += 1
    return f"{key[: MAX_LENGTH - len(str(n)) - 1]}_{n}"


#: The editor's names of the fields a validation problem can name, per kind of item (the
#: codebook itself under ""): a problem names the box to fill in, not the file's key (a label's
#: `description` is the box "Guideline", where "Description" is the codebook's own box).
FIELD_NAMES: dict[str, dict[str, str]] = {
    "": {"key": "Codebook key", "name": "Codebook name", "description": "Description"},
    "category": {"key": "Category key", "name": "Category name", "layer": "Layer", "multiple": "Several"},
    "label": {"key": "Key", "name": "Name", "category": "Category", "colour": "Colour", "hotkey": "Hotkey",
              "description": "Guideline"},
    "relation": {"key": "Key", "name": "Name", "colour": "Colour", "hotkey": "Hotkey", "description": "Guideline",
                 "directed": "Directed", "from": "From (span labels)", "to": "To (span labels)"},
    "attribute": {"key": "Attribute key", "name": "Attribute name", "type": "Type", "required": "Required",
                  "choices": "Choices, one per line", "description": "What to fill in"},
}
#: pydantic's words for an empty box (the draft leaves an empty optional key out of the YAML);
#: its "Value error, " before a validator's own message goes too.
_MISSING = {"Field required": "empty: fill it in", "String should have at least 1 character": "empty: fill it in"}


def describe(draft: CodebookDraft, field: str | None) -> str:
    """Where a validation problem is, in the editor's words: `labels.0.attributes.1.choices`
    becomes "label 'Claim', attribute 'Verdict': Choices, one per line"."""
    if not field:
        return "the codebook"
    parts = field.split(".")
    items: list[str] = []
    item: Any = draft
    noun = ""
    while len(parts) >= 2 and parts[1].isdigit() and isinstance(getattr(item, parts[0], None), list):
        name, index = parts[0], int(parts[1])
        noun = {"categories": "category"}.get(name, name.removesuffix("s"))
        listed = getattr(item, name)
        if index >= len(listed):
            items.append(f"{noun} {index + 1}")
            parts = parts[2:]
            break
        item = listed[index]
        items.append(f"{noun} {getattr(item, 'name', '') or getattr(item, 'key', '') or str(index + 1)!r}")
        parts = parts[2:]
    if parts:
        parts[0] = FIELD_NAMES.get(noun, {}).get(parts[0], parts[0])
    rest = ".".join(parts)
    if not items:
        return rest
    return ", ".join(items) + (f": {rest}" if rest else "")


def explain(draft: CodebookDraft, problem: InvalidInput) -> str:
    """A validation problem of the draft as the editor says it: where (`describe`) and what."""
    message = _MISSING.get(problem.message, problem.message).removeprefix("Value error, ")
    return f"{describe(draft, problem.field)}: {message}"
