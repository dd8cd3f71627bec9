"""brat standoff: per annotator a folder with one `.txt` and one `.ann` per document, in a zip.

    <annotator>/<document>.txt     the text, byte for byte (UTF-8, line breaks as stored)
    <annotator>/<document>.ann     T lines (spans), A lines (attributes), # AnnotatorNotes
    _gold-<curator>/...            the gold layer, when exported
    <document>.txt / .ann          documents without spans, at the top
    annotation.conf, visual.conf   so that brat can show the collection
    manifest.json                  the export manifest, and the maps below

Offsets are code points, as brat counts them (it reads texts as Python strings). A span that
crosses a line break is written as one range, not as fragments: brat then draws it across the
break, and the offsets stay exactly those stored; in the T line's text column line breaks are
written as spaces (the column is informative; import compares it ignoring whitespace).
Discontinuous spans from other brat data are joined when only whitespace lies between their
fragments, and refused otherwise.

brat type and attribute names allow only `[A-Za-z0-9_-]`: other characters become `_` (e.g.
PTC's `Name_Calling,Labeling` -> `Name_Calling_Labeling`), with the map back to the label key
in manifest.json and the original shown through visual.conf. Attribute values are written as
A lines (booleans as `true` / `false`, numbers as digits, text with `%`, whitespace, `|` and
`,` percent-encoded); notes as AnnotatorNotes with `\\`, line breaks and tabs backslash-escaped.
What brat cannot hold: timestamps, span uids, origin (the import gives new ones), and relations
or events (import refuses them rather than dropping them).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Final
from urllib.parse import quote, unquote

from ..codebooks.attribute_types import text_form_of
from ..errors import InvalidInput
from ..spans import text_sha256
from .base import (
    EXAMPLES,
    GOLD,
    ReadResult,
    as_gold,
    codebook_labels,
    document_name,
    manifest_json,
    parse_date,
    safe_name,
    span_labels,
    spans_of,
)
from .bundle import Bundle, Member, Sink
from .input_checks import RecordLimit, take
from .json_input import parse_json
from .records import AnnotationRecord, DocumentRecord, EntityRecord, Manifest

NAME = "brat"
FORMAT_ID = "annotator-brat"
TITLE = "brat standoff (zip)"
EXTENSIONS = (".zip",)
EXPORT_SUFFIX = ".brat.zip"
MEDIA_TYPE = "application/zip"
KIND: Final = "bundle"
EXAMPLE = EXAMPLES / "example.brat.zip"
SIDECARS = ()
LOSSLESS = False
SINGLE_LAYER = None

GOLD_FOLDER = "_gold"
_STORAGE = re.compile(r"[^A-Za-z0-9_-]")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]")


class _Names:
    """Label and attribute names in brat's storage form, unique, with the map back."""

    def __init__(self) -> None:
        self.to_brat: dict[str, str] = {}
        self.back: dict[str, str] = {}

    def __call__(self, key: str) -> str:
        if key not in self.to_brat:
            base = _STORAGE.sub("_", key) or "_"
            name, n = base, 2
            while name in self.back:
                name, n = f"{base}_{n}", n + 1
            self.to_brat[key], self.back[name] = name, key
        return self.to_brat[key]


_VALUE_SAFE = "".join(chr(c) for c in range(33, 127) if chr(c) not in "%|,")


def encode_value(value: Any) -> str:
    """The attribute type's text form, percent-encoded where brat would split it (booleans and
    numbers need none)."""
    return quote(text_form_of(value), safe=_VALUE_SAFE)


def escape_note(note: str) -> str:
    return note.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


def unescape_note(note: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), note)


def _ann_file(text: str, spans: list[AnnotationRecord], labels: _Names, attrs: _Names,
              values: dict[str, set[str]]) -> str:
    lines = []
    a = note = 0
    for t, ann in enumerate(spans, start=1):
        shown = _LINE_BREAKS.sub(" ", text[ann.start : ann.end])
        lines.append(f"T{t}\t{labels(ann.label)} {ann.start} {ann.end}\t{shown}")
        for key, value in ann.attributes.items():
            if value is None:
                continue
            a += 1
            encoded = encode_value(value)
            values[attrs(key)].add(encoded)
            lines.append(f"A{a}\t{attrs(key)} T{t} {encoded}")
        if ann.note:
            note += 1
            lines.append(f"#{note}\tAnnotatorNotes T{t}\t{escape_note(ann.note)}")
    return "".join(line + "\n" for line in lines)


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], sink: Sink) -> int:
    labels, attrs = _Names(), _Names()
    values: dict[str, set[str]] = defaultdict(set)
    folders: dict[str, dict[str, str]] = {}
    folder_of: dict[tuple[str, str | None], str] = {}
    used_names: set[str] = set()
    documents: dict[str, dict[str, Any]] = {}
    count = 0
    for record in records:
        count += 1
        name = document_name(record, used_names)
        documents[name] = _metadata(record)
        groups: dict[str, list[AnnotationRecord]] = defaultdict(list)
        for layer, ann in spans_of(record):
            who = getattr(ann, "curator", None) if layer == GOLD else ann.annotator
            if (layer, who) not in folder_of:
                if layer == GOLD:
                    folder = GOLD_FOLDER + (f"-{safe_name(who)}" if who else "")
                else:
                    folder = safe_name(who or "unknown")
                base, n = folder, 2
                while folder in folders or (layer != GOLD and folder.startswith(GOLD_FOLDER)):
                    folder, n = f"{base}_{n}", n + 1
                folder_of[(layer, who)] = folder
                folders[folder] = {"layer": GOLD, "curator": who or ""} if layer == GOLD else {"annotator": who or ""}
            groups[folder_of[(layer, who)]].append(ann)
        for folder, spans in groups.items() or [("", [])]:
            prefix = f"{folder}/" if folder else ""
            with sink.open_text(f"{prefix}{name}.txt") as fp:
                fp.write(record.text)
            with sink.open_text(f"{prefix}{name}.ann") as fp:
                fp.write(_ann_file(record.text, spans, labels, attrs, values))
    for key in span_labels(manifest):
        labels(key)
    with sink.open_text("annotation.conf") as fp:
        fp.write(_annotation_conf(labels, values))
    with sink.open_text("visual.conf") as fp:
        fp.write(_visual_conf(manifest, labels))
    with sink.open_text("manifest.json") as fp:
        fp.write(manifest_json(manifest, newline=False, labels=labels.back, attributes=attrs.back, folders=folders,
                               documents=documents))
    return count


def _metadata(record: DocumentRecord) -> dict[str, Any]:
    keep = ("uid", "external_id", "title", "url", "outlet", "author", "language", "text_sha256")
    meta: dict[str, Any] = {k: getattr(record, k) for k in keep if getattr(record, k)}
    if record.published:
        meta["published"] = record.published.isoformat()
    if record.meta:
        meta["meta"] = record.meta
    return meta


def _annotation_conf(labels: _Names, values: dict[str, set[str]]) -> str:
    lines = ["[entities]", *labels.back, "", "[relations]", "", "[events]", "", "[attributes]"]
    for name, seen in values.items():
        lines.append(f"{name}\tArg:<ENTITY>, Value:{'|'.join(sorted(seen))}")
    return "\n".join(lines) + "\n"


def _visual_conf(manifest: Manifest, labels: _Names) -> str:
    definition = codebook_labels(manifest)
    lines = ["[labels]"]
    lines += [f"{name} | {definition.get(key, {}).get('name', key)}" for name, key in labels.back.items()]
    lines += ["", "[drawing]"]
    lines += [f"{name}\tbgColor:{definition[key]['colour']}" for name, key in labels.back.items() if key in definition]
    lines.append("SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken")
    return "\n".join(lines) + "\n"


def sidecars(manifest: Manifest) -> dict[str, str]:
    """Nothing beside the bundle: its manifest.json is inside."""
    return {}


# --- reading ------------------------------------------------------------------------------


def read(bundle: Bundle, *, source: str | None = None, limit: RecordLimit | None = None) -> ReadResult:
    result = ReadResult()
    maps: dict[str, Any] = {}
    by_name = {m.name: m for m in bundle.members}
    if "manifest.json" in by_name:
        try:
            maps = parse_json(bundle.read_text(by_name["manifest.json"]), bundle.where(by_name["manifest.json"]))
        except InvalidInput as error:
            result.issues.append(error)
            return result
    records: dict[str, DocumentRecord] = {}
    anns = {m.name[:-4] for m in bundle.members if m.name.endswith(".ann")}
    texts = {m.name[:-4] for m in bundle.members if m.name.endswith(".txt")}
    for orphan in sorted(anns - texts):
        result.issues.append(InvalidInput("an .ann file without its .txt", file=bundle.where(by_name[orphan + ".ann"])))
    for stem in sorted(texts):
        member = by_name[stem + ".txt"]
        take(limit, 1, file=bundle.where(member))
        try:
            text = bundle.read_text(member)
            record = _record_for(records, text, member, maps, bundle)
            if stem in anns:
                _read_ann(bundle, by_name[stem + ".ann"], text, record, maps, result.issues, limit)
        except InvalidInput as error:
            result.issues.append(error)
    result.records = list(records.values())
    return result


def _record_for(records: dict[str, DocumentRecord], text: str, member: Member, maps: dict[str, Any],
                bundle: Bundle) -> DocumentRecord:
    sha = text_sha256(text)
    if sha in records:
        return records[sha]
    stem = member.path.stem
    meta = dict((maps.get("documents") or {}).get(stem) or {})
    published_date = parse_date(meta.pop("published", None), file=bundle.where(member), line=None, field="published")
    extra = meta.pop("meta", None) or ({} if maps else {"filename": member.path.name})
    known: dict[str, Any] = {k: meta.get(k) for k in ("uid", "external_id", "url", "outlet", "author", "language")}
    title = meta.get("title") or next((line.strip() for line in text.splitlines() if line.strip()), stem)[:300]
    record = DocumentRecord(text=text, title=title, published=published_date, meta=extra,
                            source=bundle.where(member), **known)
    records[sha] = record
    return record


def _read_ann(bundle: Bundle, member: Member, text: str, record: DocumentRecord, maps: dict[str, Any],
              issues: list[InvalidInput], limit: RecordLimit | None) -> None:
    where = bundle.where(member)
    folder = member.path.parent.name
    folder_info = (maps.get("folders") or {}).get(folder, {"annotator": folder} if folder else {})
    is_gold = folder_info.get("layer") == GOLD
    annotator = folder_info.get("curator" if is_gold else "annotator") or None
    label_map, attr_map = maps.get("labels") or {}, maps.get("attributes") or {}
    spans: dict[str, AnnotationRecord] = {}
    for number, line in enumerate(bundle.read_text(member).splitlines(), start=1):
        if not line.strip():
            continue
        # A span counts, and so does a line that is refused; attributes and notes belong to a span.
        take(limit, not line.startswith(("A", "M", "#")), file=where, line=number)
        try:
            _read_line(line, number, where, text, spans, annotator, label_map, attr_map)
        except InvalidInput as error:
            issues.append(error)
    for ann in spans.values():
        if is_gold:
            record.gold.append(as_gold(ann, curator=annotator))
        else:
            record.annotations.append(ann)


def _read_line(line: str, number: int, where: str, text: str, spans: dict[str, AnnotationRecord],
               annotator: str | None, label_map: dict[str, str], attr_map: dict[str, str]) -> None:
    ident, _, rest = line.partition("\t")
    kind = ident[:1]
    if kind == "T":
        body, _, shown = rest.partition("\t")
        parts = body.split(" ", 1)
        if len(parts) != 2:
            raise InvalidInput("expected 'TYPE START END'", file=where, line=number)
        label, offsets = parts
        start, end = _offsets(offsets, text, where, number)
        if " ".join(shown.split()) != " ".join(text[start:end].split()):
            raise InvalidInput(f"the text column {shown[:60]!r} does not match the document at [{start}, {end}): "
                               f"{text[start:end][:60]!r}", file=where, line=number, field="text")
        spans[ident] = AnnotationRecord(start=start, end=end, label=label_map.get(label, label), annotator=annotator,
                                        source=f"{where}, line {number}")
    elif kind in ("A", "M"):
        fields = rest.split(" ")
        if len(fields) not in (2, 3) or fields[1] not in spans:
            raise InvalidInput("expected 'NAME T<n> [VALUE]' naming a span above", file=where, line=number)
        key = attr_map.get(fields[0], fields[0])
        spans[fields[1]].attributes[key] = unquote(fields[2]) if len(fields) == 3 else True
    elif kind == "#":
        head, _, note = rest.partition("\t")
        fields = head.split(" ")
        if len(fields) != 2 or fields[1] not in spans:
            raise InvalidInput("expected 'AnnotatorNotes T<n>' naming a span above", file=where, line=number)
        spans[fields[1]].note = unescape_note(note)
    else:
        raise InvalidInput(f"{ident[:1]!r} lines (relations, events, normalisations) cannot be imported",
                           file=where, line=number)


def _offsets(offsets: str, text: str, where: str, number: int) -> tuple[int, int]:
    try:
        fragments = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
    except ValueError as error:
        raise InvalidInput("offsets must be whole numbers", file=where, line=number, field="offsets") from error
    if any(len(f) != 2 for f in fragments):
        raise InvalidInput("expected START END pairs", file=where, line=number, field="offsets")
    for (_, end), (start, _) in zip(fragments, fragments[1:], strict=False):
        if text[end:start].strip():
            raise InvalidInput("a discontinuous span with text between its fragments cannot be imported",
                               file=where, line=number, field="offsets")
    return fragments[0][0], fragments[-1][1]
