"""Values nobody tuned the formats for, found in a review of every format with an adversarial
project (session 8): an empty text attribute beside an absent one, and what each export
states that it leaves out."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest

from annotator.formats import brat, catalog
from annotator.formats.records import AnnotationRecord, DocumentRecord

from .helpers import read_bytes, write_bytes
from .samples import key_alphabet_codebook, key_alphabet_records, sample_manifest

TEXT = "Officials said the talks succeeded.\n"


def _claims() -> list[DocumentRecord]:
    spans = [AnnotationRecord(0, 9, "claim", "Officials", "ana", uid="00000000-0000-4000-8000-000000000001",
                              attributes={"claimant": "", "verdict": "true"}),
             AnnotationRecord(10, 14, "claim", "said", "ana", uid="00000000-0000-4000-8000-000000000002",
                              attributes={"verdict": "true"})]
    return [DocumentRecord(text=TEXT, title="t", uid="10000000-0000-4000-8000-000000000001", annotations=spans)]


@pytest.mark.parametrize("name", ["csv", "w3c", "labelstudio", "brat", "jsonl"])
def test_an_empty_text_attribute_is_not_an_absent_one(name: str) -> None:
    """A claimant given as "" (asked, and left blank) and a claimant not given at all come back
    as they were: the CSV wrote both as an empty `attr:claimant` cell, and the import dropped
    the empty one."""
    module = catalog.get_format(name)
    result = read_bytes(module, write_bytes(module, sample_manifest(module.FORMAT_ID), _claims()))
    assert result.issues == []
    spans = sorted(((a.start, a.attributes) for r in result.records for a in r.annotations), key=repr)
    assert spans == [(0, {"claimant": "", "verdict": "true"}), (10, {"verdict": "true"})]


def test_a_brat_export_zipped_inside_two_folders_keeps_its_maps() -> None:
    """`zip -r` of a folder that holds the export folder (`exports/study/...`): manifest.json
    was looked for at the top or under one folder only, so a label key that brat gets
    sanitised (`Загрузка язык` -> `_____________`) came back unknown and the file was refused."""
    codebook = key_alphabet_codebook()
    manifest = sample_manifest(brat.FORMAT_ID)
    manifest.codebook = {"key": codebook.key, "version": 1, "definition": codebook.model_dump(mode="json")}
    data = write_bytes(brat, manifest, key_alphabet_records(codebook))
    nested = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as flat, zipfile.ZipFile(nested, "w") as out:
        for info in flat.infolist():
            out.writestr("exports/study/" + info.filename, flat.read(info))
    for payload in (data, nested.getvalue()):
        result = read_bytes(brat, payload)
        assert result.issues == []
        assert sorted(a.label for r in result.records for a in r.annotations) == sorted(label.key for label in codebook.labels)


@pytest.mark.parametrize("name", ["brat", "semeval"])
def test_a_zip_made_by_macos_finder_reads_as_its_files(name: str) -> None:
    """macOS's Compress puts the export under its folder and adds `__MACOSX/.../._<file>`
    (AppleDouble resource forks, binary) beside every file and a `.DS_Store`: the reader took
    `._article1.txt` for an article and refused the zip as "not UTF-8 text"."""
    module = catalog.get_format(name)
    records = _claims()
    if name == "semeval":
        for record in records:
            record.annotations = [replace(a, attributes={}) for a in record.annotations]
    data = write_bytes(module, sample_manifest(module.FORMAT_ID), records)
    apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(48)
    finder = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as flat, zipfile.ZipFile(finder, "w") as out:
        for info in flat.infolist():
            folder, _, file = ("study/" + info.filename).rpartition("/")
            out.writestr(f"study/{info.filename}", flat.read(info))
            out.writestr(f"__MACOSX/{folder}/._{file}", apple_double)
        out.writestr("study/.DS_Store", b"\x00\x00\x00\x01Bud1" + bytes(32))
    plain, zipped = read_bytes(module, data), read_bytes(module, finder.getvalue())
    assert zipped.issues == [] and plain.issues == []
    assert [(r.text, [(a.start, a.end, a.label) for a in r.annotations]) for r in zipped.records] == \
        [(r.text, [(a.start, a.end, a.label) for a in r.annotations]) for r in plain.records]


def test_a_brat_span_past_the_end_of_its_text_is_named_as_such() -> None:
    """`T1<TAB>loaded 0 400` on a 26-character text was refused as a text column that does not
    match the document, which sends the reader looking at the wrong column."""
    files = {"a/doc.txt": "Same title, other text 中文\n", "a/doc.ann": "T1\tloaded_language 0 400\tSame\n"}
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as out:
        for name, text in files.items():
            out.writestr(name, text)
    [issue] = read_bytes(brat, payload.getvalue(), source="doc.zip").issues
    assert (issue.file, issue.line, issue.field) == ("doc.zip/a/doc.ann", 1, "offsets")
    assert "outside the text (0..26)" in issue.message


def test_a_label_studio_relation_to_an_id_that_two_regions_share_is_refused() -> None:
    """Two `labels` results under one id at different offsets (a hand-merged file): a relation
    naming that id was tied to whichever region came first, without a word."""
    from annotator.formats import labelstudio

    def region(start: int, end: int) -> dict[str, object]:
        return {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
                "value": {"start": start, "end": end, "text": "hello world"[start:end], "labels": ["claim"]}}

    other = {"id": "r2", "type": "labels", "from_name": "label", "to_name": "text",
             "value": {"start": 6, "end": 11, "text": "world", "labels": ["claim"]}}
    relation = {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right", "labels": ["supports"]}
    for first, issues in (((0, 5), []), ((0, 4), ["ls.json, task 4, annotation 2, result 3, field 'from_id': "
                                                    "from_id 'r1' names 2 regions at different offsets"])):
        task = {"id": 4, "data": {"text": "hello world"},
                "annotations": [{"id": 2, "result": [region(0, 5), region(*first), other, relation]}]}
        result = labelstudio.read(io.StringIO(json.dumps([task])), source="ls.json")
        assert [issue.located() for issue in result.issues] == issues


@pytest.mark.parametrize("name", ["labelstudio", "w3c", "jsonl"])
def test_document_labels_keep_their_times(name: str) -> None:
    """Label Studio's `choices` result carried the labels and their annotator but not when each
    was set: a round trip stamped them with the import's time (W3C and native kept it; brat
    carries no times, as its `carries_no` says)."""
    from datetime import datetime

    from annotator.formats.records import DocumentLabelRecord

    when = datetime(2024, 5, 6, 7, 8, 9, 123456)
    records = _claims()
    records[0].document_labels = [DocumentLabelRecord("genre_opinion", "ana", when),
                                  DocumentLabelRecord("frame_economic", "ana", datetime(2024, 5, 7)),
                                  DocumentLabelRecord("frame_morality", "bo", None)]
    module = catalog.get_format(name)
    result = read_bytes(module, write_bytes(module, sample_manifest(module.FORMAT_ID), records))
    assert result.issues == []
    [record] = result.records
    assert sorted(record.document_labels, key=lambda d: d.label) == sorted(records[0].document_labels, key=lambda d: d.label)
