"""The shape of a codebook file, validated on load (pydantic)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from .attribute_types import TypeName, attribute_type
from .ends import ends_fit
from .keys import key_problem

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _key_rule(kind: str) -> AfterValidator:
    """Keys travel through every exchange format: see keys.py for the rule and why."""

    def check(key: str) -> str:
        problem = key_problem(key)
        if problem is not None:
            raise ValueError(f"{kind} key {key!r} {problem}")
        return key

    return AfterValidator(check)


class AttributeDef(BaseModel):
    """An attribute a label invites, e.g. a Claim's claimant or verdict."""

    model_config = ConfigDict(extra="forbid")

    key: Annotated[str, _key_rule("attribute")]
    name: str = Field(min_length=1)
    type: TypeName
    choices: list[str] = Field(default_factory=list)
    description: str = ""
    #: An annotator cannot mark a document done while a span of this label lacks the value.
    required: bool = False

    @model_serializer(mode="wrap")
    def _omit_optional(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """`required: false` is left out, so that the canonical JSON (and so the content hash)
        of every codebook stored before the field existed stays what it was."""
        data: dict[str, Any] = handler(self)
        if not self.required:
            data.pop("required", None)
        return data

    @model_validator(mode="after")
    def _choices_fit_type(self) -> AttributeDef:
        takes_choices = attribute_type(self.type).takes_choices
        if takes_choices and not self.choices:
            raise ValueError(f"attribute '{self.key}' is a choice but lists no choices")
        if not takes_choices and self.choices:
            raise ValueError(f"attribute '{self.key}' has choices but is of type {self.type}")
        return self


class CategoryDef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1)
    layer: Literal["span", "document"] = "span"
    #: Document layers: may a document carry several labels of this category (frames) or one
    #: (genre)?
    multiple: bool = True
    description: str = ""


def hex_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"colour {value!r} is not of the form #rrggbb")
    return value.lower()


def one_key(value: str | None) -> str | None:
    if value is not None and (len(value) != 1 or not value.isalnum()):
        raise ValueError(f"hotkey {value!r} must be a single letter or digit")
    return value.lower() if value else value


#: The longest name a label may have.
LABEL_NAME_LENGTH = 200


class LabelDef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Annotated[str, _key_rule("label")]
    name: str = Field(min_length=1, max_length=LABEL_NAME_LENGTH)
    category: str
    colour: str
    hotkey: str | None = None
    description: str = Field(min_length=1)
    attributes: list[AttributeDef] = Field(default_factory=list)
    #: Spans of this label are claims: they join claim groups (services/claims/, the Claims page).
    claim: bool = False

    @model_serializer(mode="wrap")
    def _claim_only_when_set(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Leave `claim` out when false, so that a codebook without claim labels keeps the
        content hash (and with it the stored version) it had before the flag existed."""
        data: dict[str, Any] = handler(self)
        if not self.claim:
            data.pop("claim", None)
        return data

    @field_validator("colour")
    @classmethod
    def _colour_is_hex(cls, value: str) -> str:
        return hex_colour(value)

    @field_validator("hotkey")
    @classmethod
    def _hotkey_is_one_key(cls, value: str | None) -> str | None:
        return one_key(value)


class RelationDef(BaseModel):
    """A type of relation between two spans, e.g. a Claim attributed to a Source attribution.

    `from` and `to` list the span labels allowed at each end (empty: any span label). An
    undirected relation (`directed: false`) reads the same both ways: its ends may be given in
    either order, and the labels are checked for the one order or the other."""

    # `from` is a Python keyword: the field is `from_`, written and read as `from`.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)

    key: Annotated[str, _key_rule("relation")]
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    colour: Annotated[str, AfterValidator(hex_colour)]
    hotkey: Annotated[str | None, AfterValidator(one_key)] = None
    directed: bool = True
    from_: list[str] = Field(default_factory=list, alias="from")
    to: list[str] = Field(default_factory=list)
    attributes: list[AttributeDef] = Field(default_factory=list)

    def fits(self, from_label: str, to_label: str) -> bool:
        return ends_fit(self.from_, self.to, self.directed, from_label, to_label)


class CodebookDef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1)
    version: int = Field(default=1, ge=1)
    description: str = ""
    categories: list[CategoryDef]
    labels: list[LabelDef] = Field(min_length=1)
    relations: list[RelationDef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> CodebookDef:
        categories = {c.key: c for c in self.categories}
        if len(categories) != len(self.categories):
            raise ValueError("category keys must be unique")
        seen: set[str] = set()
        hotkeys: dict[str, str] = {}
        for label in self.labels:
            if label.key in seen:
                raise ValueError(f"label key {label.key!r} appears twice")
            seen.add(label.key)
            if label.category not in categories:
                raise ValueError(f"label {label.key!r} names unknown category {label.category!r}")
            if label.claim and categories[label.category].layer != "span":
                raise ValueError(f"label {label.key!r} is marked as a claim but is not a span label")
            if label.hotkey:
                if label.hotkey in hotkeys:
                    raise ValueError(
                        f"hotkey {label.hotkey!r} used by both {hotkeys[label.hotkey]!r} "
                        f"and {label.key!r}"
                    )
                hotkeys[label.hotkey] = label.key
        self._check_relations()
        return self

    def _check_relations(self) -> None:
        """Relation keys are unique, their hotkeys too (they are pressed while choosing a
        relation's type, not a label's), and every label they name is a span label here."""
        span_keys = {label.key for label in self.labels if self.layer_of(label) == "span"}
        keys: set[str] = set()
        hotkeys: dict[str, str] = {}
        for relation in self.relations:
            if relation.key in keys:
                raise ValueError(f"relation key {relation.key!r} appears twice")
            keys.add(relation.key)
            for end, named in (("from", relation.from_), ("to", relation.to)):
                for key in named:
                    if key not in span_keys:
                        raise ValueError(f"relation {relation.key!r} names {key!r} in '{end}', "
                                         "which is not a span label of this codebook")
            if relation.hotkey:
                if relation.hotkey in hotkeys:
                    raise ValueError(f"hotkey {relation.hotkey!r} used by both relations "
                                     f"{hotkeys[relation.hotkey]!r} and {relation.key!r}")
                hotkeys[relation.hotkey] = relation.key

    def relation(self, key: str) -> RelationDef | None:
        return next((r for r in self.relations if r.key == key), None)

    def layer_of(self, label: LabelDef) -> str:
        return next(c.layer for c in self.categories if c.key == label.category)
