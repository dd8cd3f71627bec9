"""Every catalog format: the module has what the catalog promises (formats/protocol.py, which
mypy checks too), its example file reads cleanly, and the sample records survive write -> read
with the same spans."""

from __future__ import annotations

import inspect
import types
from dataclasses import replace
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest

from annotator.errors import InvalidInput
from annotator.formats import catalog
from annotator.formats.protocol import BundleFormat, ExchangeFormat, FileFormat

from .helpers import read_bytes, span_keys, write_bytes
from .samples import HARD_TEXT, sample_manifest, sample_records

MODULES = list(catalog.FORMATS.values())


def _for(module: ExchangeFormat) -> tuple[object, list]:
    """SemEval files hold one annotator's spans: give it bo's."""
    manifest, records = sample_manifest(f"annotator-{module.NAME}"), sample_records()
    if module.SINGLE_LAYER:
        manifest = replace(manifest, filters={"annotators": ["bo"]})
        for record in records:
            record.annotations = [a for a in record.annotations if a.annotator == "bo"]
            record.gold = []
    return manifest, records


def test_unknown_format_raises() -> None:
    with pytest.raises(InvalidInput, match="unknown format 'docx'"):
        catalog.get_format("docx")


def _fits(value: Any, hint: Any) -> bool:
    """Does `value` have the type `hint` (the few shapes the protocol uses)?"""
    origin = get_origin(hint)
    if origin is Literal:
        return value in get_args(hint)
    if origin in (Union, types.UnionType):
        return any(_fits(value, arg) for arg in get_args(hint))
    if origin is tuple:
        return isinstance(value, tuple) and all(_fits(v, get_args(hint)[0]) for v in value)
    if hint is type(None):
        return value is None
    return isinstance(value, hint)


def _shape(function: Any) -> tuple[int, list[str]]:
    """How many positional parameters a function takes, and its keyword-only ones."""
    parameters = [p for p in inspect.signature(function).parameters.values() if p.name != "self"]
    positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in parameters)
    return positional, [p.name for p in parameters if p.kind == p.KEYWORD_ONLY]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_module_declares_what_the_catalog_needs(module: Any) -> None:
    assert catalog.get_format(module.NAME) is module
    assert module.KIND in ("file", "bundle") and module.EXTENSIONS and module.TITLE
    assert callable(module.read) and callable(module.write)
    assert module.EXAMPLE.exists(), f"ship an example file for {module.NAME}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_module_provides_every_member_of_the_protocol(module: Any) -> None:
    protocol = BundleFormat if module.KIND == "bundle" else FileFormat
    for name, member in inspect.getmembers(protocol):
        if name.startswith("_"):
            continue
        assert hasattr(module, name), f"{module.NAME} lacks {name}"
        if isinstance(member, property):
            hint = get_type_hints(member.fget)["return"]
            assert _fits(getattr(module, name), hint), f"{module.NAME}.{name} is not a {hint}"
        else:
            assert _shape(getattr(module, name)) == _shape(member), f"{module.NAME}.{name} takes other parameters"
    assert f"annotator-{module.NAME}" == module.FORMAT_ID
    assert list(module.sidecars(sample_manifest())) == list(module.SIDECARS)
    # A download of a bundle format is its zip.
    assert module.KIND == "file" or module.EXPORT_SUFFIX.endswith(".zip")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_example_file_is_what_the_writer_makes_and_reads_cleanly(module: ExchangeFormat) -> None:
    manifest, records = _for(module)
    written = write_bytes(module, manifest, records)
    assert module.EXAMPLE.read_bytes() == written, f"regenerate {module.EXAMPLE.name} (python -m tests.formats.make_examples)"
    result = read_bytes(module, module.EXAMPLE.read_bytes())
    assert result.issues == []


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_round_trip_keeps_every_span(module: ExchangeFormat) -> None:
    manifest, records = _for(module)
    result = read_bytes(module, write_bytes(module, manifest, records))
    assert result.issues == []
    carries_notes = module.NAME != "semeval"
    expected = span_keys(records, gold=module.NAME != "semeval")
    got = span_keys(result.records, gold=module.NAME != "semeval")
    if not carries_notes:  # SemEval lines are id, technique, start, end: no annotator, no note
        expected = [(k[0], k[1], k[2], k[3]) for k in expected]
        got = [(k[0], k[1], k[2], k[3]) for k in got]
    assert got == expected
    for record in result.records:
        if record.text:  # formats that carry the texts carry them byte for byte
            assert record.text in {r.text for r in records}
            for ann in record.annotations:
                assert ann.quote is None or record.text[ann.start : ann.end] == ann.quote


def test_a_flag_and_a_zwj_sequence_keep_code_point_offsets() -> None:
    records = sample_records()
    flag = next(a for a in records[0].annotations if a.quote == "Astana 🇰🇿")
    assert HARD_TEXT[flag.start : flag.end] == "Astana 🇰🇿" and flag.end - flag.start == 9
