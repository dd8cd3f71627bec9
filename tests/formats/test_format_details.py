"""Format details: CSV neutralisation undone exactly, exports that stream, Label Studio files
our importer takes (the peer data set) and files Label Studio's importer takes, W3C shape."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats import brat, catalog, csv_rows, labelstudio, w3c
from annotator.formats.bundle import ZipSink
from annotator.formats.records import AnnotationRecord, DocumentRecord

from .helpers import read_bytes, write_bytes
from .samples import HARD_TEXT, sample_manifest, sample_records

CORPUS = Path(__file__).resolve().parents[3] / "shared"

cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=150, deadline=None)
@given(note=cell_text, claimant=cell_text, title=cell_text)
def test_csv_neutralises_formulas_and_restores_every_value(note: str, claimant: str, title: str) -> None:
    record = DocumentRecord(text=HARD_TEXT, title=title, uid="u1", annotations=[
        AnnotationRecord(start=0, end=5, label="claim", quote=HARD_TEXT[:5], annotator="ana", note=note or None,
                         attributes={"claimant": claimant} if claimant else {})])
    data = write_bytes(csv_rows, sample_manifest(), [record])
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    back = read_bytes(csv_rows, data)
    assert back.issues == []
    [doc] = back.records
    [ann] = doc.annotations
    assert doc.title == title
    assert ann.note == (note or None)
    assert ann.attributes.get("claimant", "") == claimant


def test_the_escaping_rule_on_examples() -> None:
    for value, written in (("=1+2", "'=1+2"), ("'quoted", "''quoted"), ("@x", "'@x"), ("\tx", "'\tx"),
                           ("plain", "plain"), ("-", "'-"), ("", "")):
        assert csv_rows.neutralise(value) == written
        assert csv_rows.restore(written) == value


class _Probe(io.StringIO):
    pass


@pytest.mark.parametrize("module", list(catalog.FORMATS.values()), ids=lambda m: m.NAME)
def test_exports_write_as_they_read(module: object) -> None:
    """Output grows while records are still being produced: nothing waits for the whole set."""
    sizes: list[int] = []
    raw = io.BytesIO()
    out: object = ZipSink(raw) if module.KIND == "bundle" else _Probe(newline="")  # type: ignore[attr-defined]

    def size() -> int:
        return raw.tell() if module.KIND == "bundle" else out.tell()  # type: ignore[attr-defined,union-attr]

    def records() -> Iterator[DocumentRecord]:
        template = sample_records()[1]
        for i in range(60):
            sizes.append(size())
            text = template.text + f"{i}\n" * 50
            yield DocumentRecord(text=text, uid=f"u{i}", title=f"t{i}", annotations=[
                AnnotationRecord(start=0, end=6, label="loaded_language", quote=text[:6], annotator="bo", uid=f"a{i}")])

    manifest = sample_manifest()
    module.write(manifest, [], records(), out)  # type: ignore[attr-defined]
    assert sizes[40] > sizes[10] > 0


@pytest.fixture(scope="module")
def peer_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    generator = CORPUS / "bench" / "gen_peer_dataset.py"
    if not generator.exists():
        pytest.skip(f"peer data generator not found at {generator}")
    out = tmp_path_factory.mktemp("peer")
    subprocess.run([sys.executable, str(generator), "--out", str(out)], check=True, capture_output=True)
    return out


def test_peer_label_studio_files_read_with_code_point_offsets(peer_data: Path) -> None:
    for name, spans in (("ls_overlap.json", 8), ("ls_long.json", 1000)):
        with (peer_data / name).open(encoding="utf-8") as fp:
            result = labelstudio.read(fp, source=name)
        assert result.issues == []
        [record] = result.records
        assert len(record.annotations) == spans
        for ann in record.annotations:
            assert record.text[ann.start : ann.end] == ann.quote
    long_text = result.records[0].text
    assert sum(ord(c) > 0xFFFF for c in long_text) == 193


def test_our_label_studio_export_is_what_its_importer_takes() -> None:
    """The checks of Label Studio's TaskValidator and bulk serializer (label_studio/tasks/
    validation.py, serializers.py), restated: a list of tasks with `data` holding the text under
    the config's key, `annotations` whose `result` is a list, `meta` an object; no `completed_by`
    (an unknown one refuses the import), `ground_truth` explicit (it defaults to true); relation
    results name two regions of their annotation and a type the config's `<Relations>` lists."""
    manifest = sample_manifest()
    tasks = json.loads(write_bytes(labelstudio, manifest, sample_records()))
    config = ElementTree.fromstring(labelstudio.label_config(manifest))
    labels_tag = config.find("Labels")
    text_tag = config.find("Text")
    assert labels_tag is not None and text_tag is not None
    allowed = {label.get("value") for label in labels_tag.findall("Label")}
    relations_tag = config.find("Relations")
    assert relations_tag is not None
    relation_types = {relation.get("value") for relation in relations_tag.findall("Relation")}
    data_key = text_tag.get("value", "").lstrip("$")
    assert isinstance(tasks, list) and tasks
    for task in tasks:
        assert isinstance(task["data"], dict) and isinstance(task["data"][data_key], str)
        assert isinstance(task["meta"], dict) and task["predictions"] == []
        for annotation in task["annotations"]:
            assert "completed_by" not in annotation and isinstance(annotation["ground_truth"], bool)
            assert isinstance(annotation["result"], list)
            regions = [r for r in annotation["result"] if r["type"] != "relation"]
            for link in (r for r in annotation["result"] if r["type"] == "relation"):
                # Label Studio's relation result: two region ids of this annotation, a direction, labels.
                assert {link["from_id"], link["to_id"]} <= {r["id"] for r in regions}
                assert link["direction"] in ("right", "left", "bi") and set(link["labels"]) <= relation_types
            for region in regions:
                assert region["from_name"] == labels_tag.get("name") and region["to_name"] == text_tag.get("name")
                assert region["type"] == "labels" and set(region["value"]["labels"]) <= allowed
                value = region["value"]
                assert task["data"][data_key][value["start"] : value["end"]] == value["text"]


def test_w3c_shape() -> None:
    doc = json.loads(write_bytes(w3c, sample_manifest(), sample_records()))
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 12
    assert len(doc["first"]["items"]) == 12 and doc["first"]["type"] == "AnnotationPage"
    items = [i for i in doc["first"]["items"] if i["motivation"] != "linking"]
    links = [i for i in doc["first"]["items"] if i["motivation"] == "linking"]
    assert len(items) == 9 and len(links) == 3
    # A relation targets its two span annotations and names its type in a linking body.
    ids = {i["id"] for i in items}
    assert all(len(link["target"]) == 2 and set(link["target"]) <= ids for link in links)
    assert sorted(b["value"] for link in links for b in link["body"] if b["purpose"] == "linking") == [
        "frames", "frames", "supports"]
    smile = next(i for i in items if i["target"]["selector"][0]["exact"] == "😀")
    quote, position = smile["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    assert HARD_TEXT[position["start"] : position["end"]] == "😀" and position["end"] - position["start"] == 1
    purposes = {b["purpose"] for i in items for b in i["body"]}
    assert purposes == {"tagging", "commenting"}
    assert items[0]["target"]["source"] == "https://example.org/astana"
    assert {d["id"] for d in doc["documents"]} == {"https://example.org/astana", "urn:uuid:10000000-0000-4000-8000-000000000002"}


def test_w3c_import_can_locate_a_quote_without_position() -> None:
    doc = json.loads(write_bytes(w3c, sample_manifest(), sample_records()))
    for item in doc["first"]["items"]:
        if item["motivation"] != "linking":
            item["target"]["selector"] = item["target"]["selector"][:1]
    result = w3c.read(io.StringIO(json.dumps(doc)), source="q.jsonld")
    assert result.issues == []
    assert sum(len(r.annotations) + len(r.gold) for r in result.records) == 9


@pytest.mark.parametrize("module", [w3c, brat, labelstudio], ids=lambda m: m.NAME)
def test_a_published_date_that_is_not_a_string_is_a_located_problem(module: Any) -> None:
    """A number where the date belongs is refused with its place, as a malformed date is,
    rather than breaking the reader."""
    data = write_bytes(module, sample_manifest(), sample_records())
    if module is w3c:
        doc = json.loads(data)
        doc["documents"][0]["published"] = 20170124
        data, expected = json.dumps(doc).encode(), "sample, document 0, field 'published'"
    elif module is labelstudio:
        tasks = json.loads(data)
        tasks[0]["meta"]["published"] = 20170124
        data, expected = json.dumps(tasks).encode(), "sample, task 0, field 'meta.published'"
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        maps = json.loads(files["manifest.json"])
        stem = sorted(maps["documents"])[0]
        maps["documents"][stem]["published"] = 20170124
        files["manifest.json"] = json.dumps(maps).encode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, content in files.items():
                archive.writestr(name, content)
        text_file = next(name for name in sorted(files) if name.endswith(f"/{stem}.txt"))
        data, expected = buffer.getvalue(), f"sample/{text_file}, field 'published'"
    result = read_bytes(module, data)
    assert [i.located() for i in result.issues] == [f"{expected}: not an ISO date (YYYY-MM-DD): 20170124"]
