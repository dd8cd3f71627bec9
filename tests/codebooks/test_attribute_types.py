"""The attribute-type table: every type parses its own text form back to the same value (of the
same Python type), checks values as the services always did, and names a widget the UI draws."""

from __future__ import annotations

import json
import math
from typing import Any, get_args
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.codebooks.attribute_types import (
    MAX_WHOLE,
    TYPES,
    TypeName,
    WidgetKind,
    attribute_type,
    text_form_of,
)
from annotator.codebooks.schema import AttributeDef
from annotator.formats.brat import encode_value
from annotator.formats.csv_rows import _cell, restore

CHOICES = ("low", "medium", "high", "-1 @home", "true", "")

#: The values each type holds: what a span may store for an attribute of that type.
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "text": st.text(),
    "boolean": st.booleans(),
    "choice": st.sampled_from(CHOICES),
    "number": st.integers(-MAX_WHOLE, MAX_WHOLE) | st.floats(allow_nan=False, allow_infinity=False),
}
any_typed = st.one_of(*(st.tuples(st.just(name), values) for name, values in VALUES.items()))


def _same(a: Any, b: Any) -> bool:
    """Equal and of one Python type: True == 1 and 1.0 == 1 would hide a wrong parse."""
    return type(a) is type(b) and a == b


def test_the_table_is_the_list_of_type_names_a_codebook_may_use() -> None:
    assert tuple(TYPES) == get_args(TypeName)
    assert {t.widget for t in TYPES.values()} == set(get_args(WidgetKind))
    assert {name: t.name for name, t in TYPES.items()} == {name: name for name in TYPES}
    with pytest.raises(ValueError, match="unknown attribute type 'date'"):
        attribute_type("date")


@given(any_typed)
def test_parse_reads_back_the_text_form(typed: tuple[str, Any]) -> None:
    name, value = typed
    kind = attribute_type(name)
    assert kind.holds(value)
    assert kind.problem(value, CHOICES) is None
    assert _same(kind.parse(kind.text_form(value)), value)
    # A writer that does not know the declared type writes the same text.
    assert text_form_of(value) == kind.text_form(value)


@given(any_typed)
def test_csv_cells_and_brat_values_come_back_through_parse(typed: tuple[str, Any]) -> None:
    name, value = typed
    kind = attribute_type(name)
    assert _same(kind.parse(restore(_cell(value))), value)
    assert _same(kind.parse(unquote(encode_value(value))), value)


@given(any_typed)
def test_parse_leaves_typed_json_values_alone(typed: tuple[str, Any]) -> None:
    name, value = typed
    assert _same(attribute_type(name).parse(value), value)


@pytest.mark.parametrize(("name", "raw", "parsed"), [
    ("boolean", "TRUE", True), ("boolean", "False", False), ("boolean", "yes", "yes"), ("boolean", "1", "1"),
    ("number", "5", 5), ("number", "-0", 0), ("number", "5.0", 5.0), ("number", "1e3", 1000.0),
    ("number", "-1.5E-2", -0.015), ("number", "12345678901234567891", 12345678901234567891),
    ("number", "1.", "1."), ("number", ".5", ".5"), ("number", "Infinity", "Infinity"), ("number", "", ""),
    ("text", "true", "true"), ("text", "5", "5"), ("choice", "high", "high"),
])
def test_parse_converts_only_its_own_text_forms(name: str, raw: str, parsed: Any) -> None:
    assert _same(attribute_type(name).parse(raw), parsed)


@pytest.mark.parametrize(("name", "value", "problem"), [
    ("boolean", "true", "must be true or false"), ("boolean", 1, "must be true or false"),
    ("number", True, "must be a number"), ("number", "5", "must be a number"),
    ("number", math.inf, "must be a finite number"), ("number", math.nan, "must be a finite number"),
    ("number", 2**53, "must be a whole number between"), ("number", -12345678901234567891, "must be a whole number"),
    ("text", 5, "must be text"), ("text", False, "must be text"),
    ("choice", "very high", "must be one of low, medium, high, -1 @home, true, "), ("choice", 1, "must be one of"),
])
def test_problems_say_what_the_value_must_be(name: str, value: Any, problem: str) -> None:
    found = attribute_type(name).problem(value, CHOICES)
    assert found is not None and found.startswith(problem)
    assert not attribute_type(name).holds(value) or name == "choice"


def test_non_finite_numbers_are_written_as_before_but_never_typed() -> None:
    """Infinity is not JSON (PostgreSQL refuses it), so no attribute holds it; a stored one from
    an older version is still written as JSON writes it."""
    assert text_form_of(math.inf) == json.dumps(math.inf) == "Infinity"
    assert _cell(-math.inf) == "-Infinity"
    assert not attribute_type("number").holds(math.inf)


def test_only_choice_takes_choices() -> None:
    assert [name for name, t in TYPES.items() if t.takes_choices] == ["choice"]
    with pytest.raises(ValueError, match="is a choice but lists no choices"):
        AttributeDef(key="v", name="V", type="choice")
    with pytest.raises(ValueError, match="has choices but is of type number"):
        AttributeDef(key="v", name="V", type="number", choices=["1"])
