"""Texts nobody tuned the formats for, drawn at random: astral emoji and ZWJ sequences, flags,
combining marks, right-to-left scripts, CJK, NBSP, zero-width joiners, every line ending
(`\\r\\n`, a lone `\\r`, U+2028, NEL), tabs, a U+FEFF at the very start of the text (what a
file with a byte-order mark holds for a tool that reads it as plain UTF-8, as brat and the PTC
scripts do), spans at offset 0 and at the end, identical spans of two annotators, notes and
attribute values with tabs and line breaks. Each format that carries texts writes them and
reads back the same texts and the same spans, field by field."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from annotator.db import Database
from annotator.formats import brat, catalog, semeval
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.services.actor import Actor
from annotator.services.exchange.data_export import ExportFilter
from annotator.services.exchange.data_import import import_records
from annotator.services.team.projects import create_project
from annotator.spans import quote_selector, text_sha256

from ..support.databases import sqlite_database
from .helpers import read_bytes, span_keys, write_bytes
from .samples import sample_manifest, sample_records
from .test_round_trip import _round_trip

PIECES = ["👩\u200d👩\u200d👧", "🇰🇿", "नमस्ते", "e\u0301", "العربية", "עברית", "中文", "\u00a0", "\u200d", "\r\n", "\r",
          "\n", "\t", "a", "word", " ", "😀", "\u2028", "\x85", "\ufeff", "'", '"', "=", ",", "|", "%", "\\"]
NOTES = [None, "tab\there", "line\nbreak", "cr\ronly", "'x", "back\\slash \\n", " lead", "trail ", "=1+2"]
ATTRIBUTES: list[dict[str, object]] = [{}, {"claimant": "a\tb\nc\r"}, {"check_worthy": True}, {"claimant": " x|,% "}]
#: The formats whose files hold the texts (a CSV row names its document instead).
WITH_TEXTS = [name for name in catalog.FORMATS if name != "csv"]


@st.composite
def documents(draw: st.DrawFn) -> list[DocumentRecord]:
    records = []
    for d in range(2):
        text = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30)))
        if draw(st.booleans()):
            text = "\ufeff" + text
        assume(all(text != r.text for r in records))  # documents are told apart by their texts
        spans: list[AnnotationRecord] = []
        for who in ("ana", "bo"):
            bounds = [(0, len(text)), (len(text) - 1, len(text)), (0, 1)]
            bounds += [tuple(sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=2, unique=True))))
                       for _ in range(2) if len(text) > 1]
            for start, end in bounds:
                attributes = draw(st.sampled_from(ATTRIBUTES))
                selector = quote_selector(text, start, end)
                spans.append(AnnotationRecord(
                    start, end, "claim" if attributes else draw(st.sampled_from(["loaded_language", "scare_quotes"])),
                    text[start:end], who, uid=f"00000000-0000-4000-8000-{d:04d}{len(spans):08d}",
                    prefix=selector.prefix, suffix=selector.suffix, note=draw(st.sampled_from(NOTES)),
                    attributes=dict(attributes), origin="manual"))
        records.append(DocumentRecord(text=text, title=f"t{d}", uid=f"10000000-0000-4000-8000-{d:012d}",
                                      text_sha256=text_sha256(text), external_id=f"doc{d}", annotations=spans))
    return records


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=documents())
def test_texts_and_spans_come_back(records: list[DocumentRecord]) -> None:
    for name in WITH_TEXTS:
        module = catalog.get_format(name)
        offered = records
        if name == "semeval":  # one annotator's spans, and nothing but offsets and labels
            offered = [DocumentRecord(text=r.text, uid=r.uid, text_sha256=r.text_sha256, external_id=r.external_id,
                                      annotations=[AnnotationRecord(a.start, a.end, a.label, a.quote, None)
                                                   for a in r.annotations if a.annotator == "ana"]) for r in records]
        result = read_bytes(module, write_bytes(module, sample_manifest(module.FORMAT_ID), offered))
        assert result.issues == [], (name, [str(i) for i in result.issues])
        assert sorted(r.text for r in result.records) == sorted(r.text for r in offered), name
        by_text = {r.text: r for r in result.records}
        for record in offered:
            back = by_text[record.text]
            assert span_keys([back]) == span_keys([record]) if name != "semeval" else \
                sorted((a.start, a.end, a.label) for a in back.annotations) == \
                sorted((a.start, a.end, a.label) for a in record.annotations), name
            for ann in back.annotations:
                assert ann.quote in (None, back.text[ann.start:ann.end]), name


def _bundle(module: object, files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8"))
    return out.getvalue()


BOM_TEXT = "\ufeffThe regime’s “so-called” ceasefire 🕊️ failed.\n"
BOM_START = BOM_TEXT.index("“so-called”")


@pytest.mark.parametrize(("module", "files"), [
    (brat, {"ana/doc.txt": BOM_TEXT, "ana/doc.ann": f"T1\tscare_quotes {BOM_START} {BOM_START + 11}\t“so-called”\n"}),
    (semeval, {"articles/article7.txt": BOM_TEXT,
               "labels/article7.task2-TC.labels": f"7\tLoaded_Language\t{BOM_START}\t{BOM_START + 11}\n"}),
])
def test_a_text_with_a_byte_order_mark_is_read_as_brat_and_the_ptc_scripts_read_it(
        module: object, files: dict[str, str]) -> None:
    """brat and the PTC scripts open a .txt as plain UTF-8: a byte-order mark is the text's
    first character, and the offsets count it (dropping it moved every SemEval span one
    character to the right, silently, and brat's text column no longer matched)."""
    result = read_bytes(module, _bundle(module, files))  # type: ignore[arg-type]
    assert result.issues == []
    (record,) = result.records
    assert record.text == BOM_TEXT
    (span,) = record.annotations
    assert record.text[span.start:span.end] == "“so-called”"


@pytest.mark.parametrize(("change", "field"), [
    ([1], None), ({"labels": [1]}, "labels"), ({"folders": {"ana": 5}}, "folders.ana"),
    ({"documents": [1]}, "documents"), ({"documents": {"doc": 5}}, "documents.doc"),
    ({"attributes": {"x": 1}}, "attributes.x"), ({"relations": [1]}, "relations"), ({"offsets": {"ana/doc": 5}},
                                                                                    "offsets.ana/doc"),
])
def test_a_brat_manifest_of_the_wrong_shape_is_located(change: object, field: str | None) -> None:
    """A hand-edited manifest.json whose maps are not objects ended the import with a traceback."""
    text = "The regime’s “so-called” ceasefire failed.\n"
    files = {"ana/doc.txt": text, "ana/doc.ann": "T1\tscare_quotes 13 24\t“so-called”\n",
             "manifest.json": json.dumps(change if isinstance(change, list) else {"labels": {}, **change})}
    result = read_bytes(brat, _bundle(brat, files))
    assert [(i.file, i.field) for i in result.issues] == [("sample/manifest.json", field)]


def test_a_brat_id_given_twice_is_refused() -> None:
    """brat's loader refuses a duplicate id; ours replaced the first span by the second."""
    text = "The regime’s “so-called” ceasefire failed.\n"
    files = {"ana/doc.txt": text, "ana/doc.ann": "T1\tscare_quotes 13 24\t“so-called”\nT1\tclaim 25 34\tceasefire\n"}
    result = read_bytes(brat, _bundle(brat, files))
    assert [(i.file, i.line, i.field) for i in result.issues] == [("sample/ana/doc.ann", 2, "id")]


UNTUNED_TEXT = ("\ufeffOld Mac line\rعنوان المقال\u00a0עברית 中文\x85नमस्ते e\u0301\u2028"
                "👩\u200d👩\u200d👧 🇰🇿\tend\r\n")


def _untuned_records() -> list[DocumentRecord]:
    text = UNTUNED_TEXT
    spans = []
    for n, (who, start, end, note) in enumerate([("ana", 0, len(text), "whole\ttext\r\n"), ("bo", 0, len(text), None),
                                                 ("ana", 0, 1, None), ("bo", len(text) - 1, len(text), "end"),
                                                 ("ana", text.index("👩"), text.index("🇰🇿") + 2, "=1|2,%"),
                                                 ("bo", text.index("e\u0301"), text.index("e\u0301") + 2, None)]):
        selector = quote_selector(text, start, end)
        spans.append(AnnotationRecord(start, end, "loaded_language", text[start:end], who,
                                      uid=f"00000000-0000-4000-8000-{n + 500:012d}", prefix=selector.prefix,
                                      suffix=selector.suffix, note=note, origin="manual"))
    return [DocumentRecord(text=text, title="Untuned", uid="10000000-0000-4000-8000-000000000500",
                           text_sha256=text_sha256(text), annotations=spans)]


@pytest.fixture
def first_db(tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    """The database exported first (SQLite, in a folder of its own)."""
    directory = tmp_path / "first"
    directory.mkdir()
    database = sqlite_database(_sqlite_template, directory)
    yield database
    database.dispose()


@pytest.mark.parametrize("fmt", list(catalog.FORMATS))
def test_an_untuned_document_round_trips_through_the_database(fmt: str, first_db: Database, db: Database,
                                                              tmp_path: Path) -> None:
    """Export, import into an empty database, export again: the same spans, on a text that
    starts with U+FEFF and has every line ending, spans at 0 and at the end, two annotators'
    identical spans."""
    actor = Actor.system()
    source = first_db
    project = create_project(source, actor, "Untuned")
    import_records(source, actor, project.id, _untuned_records())
    flt = ExportFilter(annotators=("bo",)) if fmt == "semeval" else None
    _round_trip(source, db, fmt, "Untuned", tmp_path, flt, annotator="bo" if fmt == "semeval" else None)


def test_a_note_written_by_brat_itself_is_taken_as_written() -> None:
    """brat writes a note as typed (no escapes): a Windows path in a note of a real brat file
    came in with a tab and a line break for its `\\t` and `\\n`. Only our own exports (their
    manifest says so) escape notes."""
    text = "The regime’s “so-called” ceasefire failed.\n"
    files = {"ana/doc.txt": text,
             "ana/doc.ann": "T1\tscare_quotes 13 24\t“so-called”\n#1\tAnnotatorNotes T1\tsee C:\\temp\\new\\x.txt\n"}
    (record,) = read_bytes(brat, _bundle(brat, files)).records
    assert record.annotations[0].note == "see C:\\temp\\new\\x.txt"


NAME_CHARACTERS = st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc"))


@settings(max_examples=40, deadline=None)
@given(names=st.lists(st.text(NAME_CHARACTERS, min_size=1, max_size=12), min_size=1, max_size=6, unique=True))
@example(names=["_gold", "_gold-lead", "_gold_2", "unknown", ".hidden", "José", "Jos_", "a/b"])
def test_annotator_names_come_back_in_every_format(names: list[str]) -> None:
    """User names are any text without spaces: an annotator called `_gold-lead` (the prefix of
    brat's gold folders) sent the brat export into an endless loop."""
    words = [f"w{n}" for n in range(len(names))]
    text = " ".join(words) + "\n"
    spans = [AnnotationRecord(text.index(w), text.index(w) + len(w), "claim", w, name) for w, name in
             zip(words, names, strict=True)]
    record = DocumentRecord(text=text, title="t", uid="10000000-0000-4000-8000-000000000001", annotations=spans)
    for fmt in WITH_TEXTS:
        if fmt == "semeval":
            continue  # one annotator's spans, named on import
        module = catalog.get_format(fmt)
        result = read_bytes(module, write_bytes(module, sample_manifest(module.FORMAT_ID), [record]))
        assert result.issues == [], fmt
        back = sorted((a.start, a.annotator) for r in result.records for a in r.annotations)
        assert back == sorted((a.start, a.annotator) for a in spans), fmt


def test_a_brat_export_zipped_with_its_folder_reads_as_the_export() -> None:
    """`zip -r export.zip export/` puts every file under one folder: manifest.json was looked
    for at the top only, so the gold layer came in as the spans of an annotator called
    `_gold-lead`, notes kept our escapes and trimmed ends were lost, without a word."""
    data = write_bytes(brat, sample_manifest(brat.FORMAT_ID), sample_records())
    nested = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as flat, zipfile.ZipFile(nested, "w") as archive:
        for name in flat.namelist():
            archive.writestr(f"export/{name}", flat.read(name))
    direct, wrapped = read_bytes(brat, data), read_bytes(brat, nested.getvalue())
    assert direct.issues == wrapped.issues == []
    assert span_keys(wrapped.records) == span_keys(direct.records)
    assert [len(r.gold) for r in wrapped.records] == [len(r.gold) for r in direct.records] == [1, 0]
