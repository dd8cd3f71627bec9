"""The attribute types a codebook may give an attribute, as one table.

Each type owns what every layer needs to know about it, so that no layer compares type names:

- `parse(raw)`: a value as read from JSON, a CSV cell or a brat A line, typed. Text forms
  (`true`, `-1.5e3`) become booleans and numbers; anything that does not convert is returned
  as it is, so that checking reports it with the attribute's name.
- `problem(value, choices)`: why a value does not fit the attribute's definition, or None.
- `text_form(value)`: the value as CSV and brat write it; `parse(text_form(v)) == v`.
- `widget`: which kind of input the workspace offers (the UI maps kinds to Streamlit widgets).

Every value a type holds is told apart by its Python type alone (bool, int/float, str), which
is why `text_form_of` can write a value whose declared type the writer does not know.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from typing import Any, Literal

#: The type names a codebook file may use (the keys of TYPES).
TypeName = Literal["text", "boolean", "choice", "number"]
#: What the workspace shows: a free text box, a yes/no switch, a number box, a list to pick from.
WidgetKind = Literal["text", "yes_no", "number", "select"]

_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")


class AttributeType:
    """Free text: any string."""

    name: TypeName = "text"
    widget: WidgetKind = "text"
    #: Does the definition list the values allowed (and must it)?
    takes_choices = False
    #: The end of "claimant must be ..." when a value is of another kind.
    expected = "text"

    def holds(self, value: Any) -> bool:
        """Is the value of this type (choices aside)?"""
        return isinstance(value, str)

    def parse(self, raw: Any) -> Any:
        return raw

    def problem(self, value: Any, choices: Sequence[str] = ()) -> str | None:
        return None if self.holds(value) else f"must be {self.expected}"

    def text_form(self, value: Any) -> str:
        return str(value)


class BooleanType(AttributeType):
    name: TypeName = "boolean"
    widget: WidgetKind = "yes_no"
    expected = "true or false"

    def holds(self, value: Any) -> bool:
        return isinstance(value, bool)

    def parse(self, raw: Any) -> Any:
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        return raw

    def text_form(self, value: Any) -> str:
        return "true" if value else "false"


#: The largest whole number a JavaScript number (the browser, Label Studio, most JSON readers
#: outside Python) holds exactly: 2**53 - 1. A larger one, such as a post's 19-digit id, would
#: be shown and exported rounded, so it is refused.
MAX_WHOLE = 2**53 - 1


class NumberType(AttributeType):
    name: TypeName = "number"
    widget: WidgetKind = "number"
    expected = "a number"

    def holds(self, value: Any) -> bool:
        # Infinity and NaN are not JSON: PostgreSQL refuses them, so they are refused here, on
        # every backend, before they reach the database.
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        return abs(value) <= MAX_WHOLE if isinstance(value, int) else math.isfinite(value)

    def problem(self, value: Any, choices: Sequence[str] = ()) -> str | None:
        if isinstance(value, float) and not math.isfinite(value):
            return "must be a finite number"
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WHOLE:
            return (f"must be a whole number between -{MAX_WHOLE} and {MAX_WHOLE}: browsers and other "
                    "tools read larger ones rounded (an id this long belongs in a text attribute)")
        return super().problem(value, choices)

    def parse(self, raw: Any) -> Any:
        if not isinstance(raw, str) or not _NUMBER.match(raw):
            return raw
        # Whole numbers through int(), not float(): beyond 2**53 a float would change them.
        return int(raw) if _INTEGER.match(raw) else float(raw)

    def text_form(self, value: Any) -> str:
        return json.dumps(value)


class ChoiceType(AttributeType):
    name: TypeName = "choice"
    widget: WidgetKind = "select"
    takes_choices = True

    def problem(self, value: Any, choices: Sequence[str] = ()) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"


#: Name -> type; the order is that of TypeName (a test holds them together).
TYPES: dict[str, AttributeType] = {t.name: t for t in (AttributeType(), BooleanType(), ChoiceType(), NumberType())}


def attribute_type(name: str) -> AttributeType:
    """The type of that name; a stored definition was validated, so an unknown name is a bug."""
    try:
        return TYPES[name]
    except KeyError:
        raise ValueError(f"unknown attribute type {name!r}; known: {', '.join(TYPES)}") from None


def text_form_of(value: Any) -> str:
    """A stored value's text form whatever its declared type (booleans, numbers, text); other
    JSON values that imports brought (lists, objects) as `str()`."""
    if isinstance(value, bool):
        return TYPES["boolean"].text_form(value)
    if isinstance(value, int | float):
        return TYPES["number"].text_form(value)
    return str(value)
