"""Our exports read by readers we did not write (issue 17): brat standoff by pybrat (from PyPI)
plus brat's own loader rules restated, W3C Web Annotation by pyld (a JSON-LD 1.1 processor)
against the W3C context file shipped in tests/formats/data. On the PTC sample and on a
document with emoji, `\\r\\n`, a tab, U+2028 and spans across line breaks."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pybrat.parser import BratParser, Entity
from pyld import jsonld

from annotator.codebooks import load_builtin
from annotator.formats import brat, w3c
from annotator.formats.brat_fragments import BREAKS
from annotator.formats.records import DocumentRecord, Manifest
from tests.support.ptc import ptc_records

from .helpers import write_bytes
from .samples import crossing_records, sample_manifest

CONTEXT = Path(__file__).parent / "data" / "anno.jsonld"
ANNO = "http://www.w3.org/ns/anno.jsonld"
OA, AS = "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/activitystreams#"


def _ptc() -> tuple[Manifest, list[DocumentRecord]]:
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    if not corpus.exists():
        pytest.skip(f"shared corpus not found at {corpus}")
    definition = load_builtin("semeval2020-ptc").model_dump(mode="json")
    manifest = sample_manifest()
    manifest.codebook = {"key": definition["key"], "version": 1, "definition": definition}
    records = ptc_records(corpus)
    assert len(records) == 40
    for n, record in enumerate(records):  # with a uid and quotes, as the database gives them
        record.uid = f"30000000-0000-4000-8000-{n:012d}"
        for span in record.annotations:
            span.quote = record.text[span.start : span.end]
    return manifest, records


def _samples(which: str) -> tuple[Manifest, list[DocumentRecord]]:
    """The manifest (with the counts an export writes) and the records of a sample."""
    manifest, records = _ptc() if which == "ptc" else (sample_manifest(), crossing_records())
    manifest.counts = {"documents": len(records), "annotations": sum(len(r.annotations) for r in records),
                       "gold": sum(len(r.gold) for r in records),
                       "document_labels": sum(len(r.document_labels) for r in records)}
    return manifest, records


# --- brat --------------------------------------------------------------------------------------


class _BratLoader(BratParser):  # type: ignore[misc]
    """pybrat, strict (any line it cannot read raises), except for one check: it refuses two
    entities on identical spans, which brat accepts where annotation.conf's OVERLAP rule allows
    (PTC has such spans; `test_brat_declares_the_overlap_it_writes` checks the rule)."""

    def _check_entities(self, entities: Any) -> None:
        return None


def _brat_folder(tmp_path: Path, manifest: Manifest, records: list[DocumentRecord]) -> Path:
    with zipfile.ZipFile(io.BytesIO(write_bytes(brat, manifest, records))) as archive:
        archive.extractall(tmp_path / "brat")
    return tmp_path / "brat"


def _text(folder: Path, key: str) -> str:
    """A document's text as brat's loader reads it: no newline translation (offsets count `\\r`)."""
    with (folder / f"{key}.txt").open(encoding="utf-8", newline="") as fp:
        return fp.read()


@pytest.mark.parametrize("which", ["ptc", "crossing"])
def test_pybrat_reads_every_span_where_we_put_it(which: str, tmp_path: Path) -> None:
    manifest, records = _samples(which)
    folder = _brat_folder(tmp_path, manifest, records)
    maps = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    examples = _BratLoader(error="raise").parse(folder)
    assert len(examples) == len(list(folder.rglob("*.ann"))) >= len(records)
    found: list[tuple[str, str, str, int, int]] = []  # (folder, document, label, start, end)
    for example in examples:
        text = _text(folder, example.id)
        where, _, name = example.id.rpartition("/")
        for entity in example.entities:
            _follows_brat_rules(entity, text)
            label = maps["labels"].get(entity.type, entity.type)
            found.append((where, name, label, entity.spans[0].start, entity.spans[-1].end))
    expected = []
    for record in records:
        stem = next(stem for stem, meta in maps["documents"].items() if meta.get("uid", stem) == record.uid
                    or meta.get("external_id") == record.external_id)
        for span in record.annotations:
            first, last = _trimmed(record.text, span.start, span.end)
            expected.append((_folder_of(maps, span.annotator), stem, span.label, first, last))
    assert sorted(f for f in found if not f[0].startswith("_gold")) == sorted(expected)
    assert sum(len(r.gold) for r in records) == sum(f[0].startswith("_gold") for f in found)


def _follows_brat_rules(entity: Entity, text: str) -> None:
    """brat's loader (annotation.py): the text column is the fragments' texts joined by one
    space; its editor makes fragments without breaks inside and trimmed of whitespace."""
    parts = [text[span.start : span.end] for span in entity.spans]
    assert entity.mention == " ".join(parts), entity.id
    for part in parts:
        assert part == part.strip() and not any(c in BREAKS for c in part), (entity.id, part)
    assert all(a.end <= b.start for a, b in zip(entity.spans, entity.spans[1:], strict=False))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    quote = text[start:end]
    return start + len(quote) - len(quote.lstrip()), end - (len(quote) - len(quote.rstrip()))


def _folder_of(maps: dict[str, Any], annotator: str | None) -> str:
    return next(folder for folder, who in maps["folders"].items() if who.get("annotator") == annotator)


def test_brat_reads_links_as_normalizations(tmp_path: Path) -> None:
    folder = _brat_folder(tmp_path, sample_manifest(), crossing_records())
    references = {(example.id, entity.type, ref.rid, ref.eid, ref.entry)
                  for example in _BratLoader(error="raise").parse(folder)
                  for entity in example.entities for ref in entity.references}
    uid = "20000000-0000-4000-8000-000000000001"
    assert references == {("ana/crossing-1-draft", "name_calling", "registry", uid, "Example Outlet"),
                          ("bo/crossing-1-draft", "scare_quotes", "registry", uid, "Example Outlet")}


@pytest.mark.parametrize("which", ["ptc", "crossing"])
def test_brat_declares_the_overlap_it_writes(which: str, tmp_path: Path) -> None:
    """brat reports nested and identical spans as errors unless annotation.conf's [relations]
    has an OVERLAP rule that allows them; every T type is declared under [entities]."""
    manifest, records = _samples(which)
    folder = _brat_folder(tmp_path, manifest, records)
    sections: dict[str, list[str]] = {}
    current = ""
    for line in (folder / "annotation.conf").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            current = line.strip("[]")
        elif line.strip() and not line.startswith("#"):
            sections.setdefault(current, []).append(line)
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in sections["relations"]
    declared = set(sections["entities"])
    types = {line.split("\t")[1].split(" ")[0] for ann in folder.rglob("*.ann")
             for line in ann.read_text(encoding="utf-8").splitlines() if line.startswith("T")}
    assert types and types <= declared


# --- W3C ----------------------------------------------------------------------------------------


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    """The W3C context from the test data; any other URL is refused (no network)."""
    if url != ANNO:
        raise jsonld.JsonLdError(f"no network in tests: {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": json.loads(CONTEXT.read_text(encoding="utf-8"))}


def _expand(document: Any, **options: Any) -> list[dict[str, Any]]:
    return list(jsonld.expand(document, {"documentLoader": _loader, **options}))


def _keys(value: Any, opaque: set[str]) -> set[str]:
    """Every key of the document, not looking inside `@json` values (`opaque` terms)."""
    if isinstance(value, list):
        return set().union(*(_keys(v, opaque) for v in value)) if value else set()
    if not isinstance(value, dict):
        return set()
    found = {k for k in value if not k.startswith("@")}
    for key, inner in value.items():
        if key not in opaque and key != "@context":
            found |= _keys(inner, opaque)
    return found


def _first(node: dict[str, Any], iri: str) -> Any:
    [value] = node[iri]
    return value.get("@value", value.get("@id", value))


@pytest.mark.parametrize("which", ["ptc", "crossing"])
def test_pyld_expands_every_term_and_reads_every_span(which: str) -> None:
    manifest, records = _samples(which)
    document = json.loads(write_bytes(w3c, manifest, records))
    context = document["@context"]
    opaque = {k for k, v in context[1].items() if isinstance(v, dict) and v.get("@type") == "@json"}
    keys = _keys(document, opaque) - {"id", "type"}
    # Each key is a term of the context: expanding one value under each keeps all of them.
    [probe] = _expand({"@context": context, **dict.fromkeys(keys, "x")})
    assert len(probe) == len(keys), sorted(keys)

    [collection] = _expand(document)
    assert collection["@type"] == [AS + "OrderedCollection"]
    [page] = collection[AS + "first"]
    assert _first(collection, AS + "last") == page["@id"] and _first(page, AS + "partOf") == collection["@id"]
    items = page[AS + "items"][0]["@list"]
    assert _first(collection, AS + "totalItems") == len(items)
    read = []
    for item in items:
        assert item["@type"] == [OA + "Annotation"]
        target = item[OA + "hasTarget"][0]
        if OA + "hasSelector" not in target:  # a document label: the document is the target
            continue
        selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        position = selectors[OA + "TextPositionSelector"]
        tags = [b for b in item[OA + "hasBody"] if _first(b, OA + "hasPurpose") == OA + "tagging"]
        read.append((_first(target, OA + "hasSource"), int(_first(position, OA + "start")),
                     int(_first(position, OA + "end")), _first(tags[0], "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"),
                     _first(selectors[OA + "TextQuoteSelector"], OA + "exact")))
    expected = []
    for record in records:
        source = record.url or f"urn:uuid:{record.uid}"
        for span in [*record.annotations, *record.gold]:
            expected.append((source, span.start, span.end, span.label, record.text[span.start : span.end]))
    assert sorted(read) == sorted(expected)


def test_a_json_ld_1_0_processor_refuses_the_file_rather_than_misreading_it() -> None:
    document = json.loads(write_bytes(w3c, sample_manifest(), crossing_records()))
    with pytest.raises(jsonld.JsonLdError) as refused:
        _expand(document, processingMode="json-ld-1.0")
    assert "processing mode" in str(refused.value).lower() or "1.1" in str(refused.value)
