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


class LabelDef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Annotated[str, _key_rule("label")]
    name: str = Field(min_length=1, max_length=200)
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
        if not _COLOUR.match(value):
            raise ValueError(f"colour {value!r} is not of the form #rrggbb")
        return value.lower()

    @field_validator("hotkey")
    @classmethod
    def _hotkey_is_one_key(cls, value: str | None) -> str | None:
        if value is not None and (len(value) != 1 or not value.isalnum()):
            raise ValueError(f"hotkey {value!r} must be a single letter or digit")
        return value.lower() if value else value


class CodebookDef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=1, max_length=100, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1)
    version: int = Field(default=1, ge=1)
    description: str = ""
    categories: list[CategoryDef]
    labels: list[LabelDef] = Field(min_length=1)

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
        return self

    def layer_of(self, label: LabelDef) -> str:
        return next(c.layer for c in self.categories if c.key == label.category)
