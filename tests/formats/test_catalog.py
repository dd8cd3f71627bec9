"""Every catalog format: the module has what the catalog promises, its example file reads
cleanly, and the sample records survive write -> read with the same spans."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

import pytest

from annotator.errors import InvalidInput
from annotator.formats import catalog

from .helpers import read_bytes, span_keys, write_bytes
from .samples import HARD_TEXT, sample_manifest, sample_records

MODULES = list(catalog.FORMATS.values())


def _for(module: ModuleType) -> tuple[object, list]:
    """SemEval files hold one annotator's spans: give it bo's."""
    manifest, records = sample_manifest(f"annotator-{module.NAME}"), sample_records()
    if module.NAME == "semeval":
        manifest = replace(manifest, filters={"annotators": ["bo"]})
        for record in records:
            record.annotations = [a for a in record.annotations if a.annotator == "bo"]
            record.gold = []
    return manifest, records


def test_unknown_format_raises() -> None:
    with pytest.raises(InvalidInput, match="unknown format 'docx'"):
        catalog.get_format("docx")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_module_declares_what_the_catalog_needs(module: ModuleType) -> None:
    assert catalog.get_format(module.NAME) is module
    assert module.KIND in ("file", "bundle") and module.EXTENSIONS and module.TITLE
    assert callable(module.read) and callable(module.write)
    assert module.EXAMPLE.exists(), f"ship an example file for {module.NAME}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_example_file_is_what_the_writer_makes_and_reads_cleanly(module: ModuleType) -> None:
    manifest, records = _for(module)
    written = write_bytes(module, manifest, records)
    assert module.EXAMPLE.read_bytes() == written, f"regenerate {module.EXAMPLE.name} (python -m tests.formats.make_examples)"
    result = read_bytes(module, module.EXAMPLE.read_bytes())
    assert result.issues == []


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_round_trip_keeps_every_span(module: ModuleType) -> None:
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
