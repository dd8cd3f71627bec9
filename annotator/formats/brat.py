"""brat standoff: per annotator a folder with one `.txt` and one `.ann` per document, in a zip.

    <annotator>/<document>.txt     the text, byte for byte (UTF-8, line breaks as stored)
    <annotator>/<document>.ann     T lines (spans), R lines (relations), A lines (attributes),
                                   # AnnotatorNotes
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
Relations are R lines between the T lines of one file (`R1<TAB>attributed_to Arg1:T3 Arg2:T7`),
with their attributes as A lines and notes as AnnotatorNotes on the R id; annotation.conf's
`[relations]` declares each type with the labels allowed at its ends (`<ENTITY>`: any). Relation
type names are made brat-safe as labels are, with the map back in manifest.json (`relations`).
Import reads R lines with any two roles (the first is the relation's start); an undirected type
keeps the order written. What brat cannot hold: timestamps, span and relation uids, origin (the
import gives new ones), and events, equivalences and normalisations (import refuses them,
naming the file and line, rather than dropping them).
"""

from __future__ import annotations

import re
import uuid
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
    relation_types,
    relations_of,
    safe_name,
    span_labels,
    spans_of,
)
from .bundle import Bundle, Member, Sink
from .input_checks import RecordLimit, take
from .json_input import parse_json
from .records import (
    AnnotationRecord,
    DocumentRecord,
    EntityRecord,
    GoldRelationRecord,
    Manifest,
    RelationRecord,
)

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
RELATION_TABLE = None

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
    labels, attrs, kinds = _Names(), _Names(), _Names()
    values: dict[str, set[str]] = defaultdict(set)
    relation_values: dict[str, set[str]] = defaultdict(set)
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
        span_folder: dict[tuple[str, str | None], str] = {}
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
            span_folder[(layer, ann.uid)] = folder_of[(layer, who)]
        linked = _relations_by_folder(record, span_folder)
        for folder, spans in groups.items() or [("", [])]:
            prefix = f"{folder}/" if folder else ""
            with sink.open_text(f"{prefix}{name}.txt") as fp:
                fp.write(record.text)
            with sink.open_text(f"{prefix}{name}.ann") as fp:
                content = _ann_file(record.text, spans, labels, attrs, values)
                fp.write(content + _relation_lines(content, spans, linked.get(folder, []), kinds, attrs, relation_values))
    for key in span_labels(manifest):
        labels(key)
    with sink.open_text("annotation.conf") as fp:
        shared = {name: seen | relation_values.get(name, set()) for name, seen in values.items()}
        fp.write(_with_relations(_annotation_conf(labels, shared), manifest, labels, kinds, relation_values, values))
    with sink.open_text("visual.conf") as fp:
        fp.write(_with_relation_visuals(_visual_conf(manifest, labels), manifest, kinds))
    with sink.open_text("manifest.json") as fp:
        fp.write(manifest_json(manifest, newline=False, labels=labels.back, attributes=attrs.back, folders=folders,
                               documents=documents, relations=kinds.back))
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


# --- relations (written after a file's spans; declared in annotation.conf and visual.conf) ---


def _relations_by_folder(record: DocumentRecord, span_folder: dict[tuple[str, str | None], str]
                         ) -> dict[str, list[RelationRecord]]:
    """Each relation goes to the folder (annotator or gold) of its first end."""
    found: dict[str, list[RelationRecord]] = defaultdict(list)
    for layer, relation in relations_of(record):
        folder = span_folder.get((layer, relation.from_uid))
        if folder is not None:
            found[folder].append(relation)
    return found


def _relation_lines(content: str, spans: list[AnnotationRecord], relations: list[RelationRecord], kinds: _Names,
                    attrs: _Names, values: dict[str, set[str]]) -> str:
    """R lines (and their A and # lines, numbered after the spans' in `content`)."""
    ids = {ann.uid: f"T{t}" for t, ann in enumerate(spans, start=1) if ann.uid}
    a = sum(line.startswith("A") for line in content.splitlines())
    note = sum(line.startswith("#") for line in content.splitlines())
    lines = []
    for r, relation in enumerate((x for x in relations if x.from_uid in ids and x.to_uid in ids), start=1):
        lines.append(f"R{r}\t{kinds(relation.type)} Arg1:{ids[relation.from_uid]} Arg2:{ids[relation.to_uid]}")
        for key, value in relation.attributes.items():
            if value is not None:
                a += 1
                encoded = encode_value(value)
                values[attrs(key)].add(encoded)
                lines.append(f"A{a}\t{attrs(key)} R{r} {encoded}")
        if relation.note:
            note += 1
            lines.append(f"#{note}\tAnnotatorNotes R{r}\t{escape_note(relation.note)}")
    return "".join(line + "\n" for line in lines)


def _with_relations(conf: str, manifest: Manifest, labels: _Names, kinds: _Names, relation_values: dict[str, set[str]],
                    span_values: dict[str, set[str]]) -> str:
    """annotation.conf with each relation type under [relations] (the labels allowed at its
    ends, `<ENTITY>` for any) and the attributes relations carry under [attributes]."""
    declared = relation_types(manifest)
    for key in declared:
        kinds(key)
    lines = []
    for name, key in kinds.back.items():
        definition = declared.get(key, {})
        ends = [("|".join(labels(k) for k in definition.get(end) or []) or "<ENTITY>") for end in ("from", "to")]
        lines.append(f"{name}\tArg1:{ends[0]}, Arg2:{ends[1]}")
    conf = conf.replace("[relations]\n", "[relations]\n" + "".join(line + "\n" for line in lines), 1)
    for name, seen in relation_values.items():
        if name in span_values:  # one line per attribute: it now applies to spans and relations
            conf = conf.replace(f"{name}\tArg:<ENTITY>, ", f"{name}\tArg:<ENTITY>|<RELATION>, ", 1)
            continue
        conf += f"{name}\tArg:<RELATION>, Value:{'|'.join(sorted(seen))}\n"
    return conf


def _with_relation_visuals(conf: str, manifest: Manifest, kinds: _Names) -> str:
    """visual.conf with the relation types' names under [labels] and colours under [drawing]."""
    declared = relation_types(manifest)
    names = "".join(f"{name} | {declared.get(key, {}).get('name', key)}\n" for name, key in kinds.back.items())
    drawing = "".join(f"{name}\tcolor:{declared[key]['colour']}, arrowHead:triangle-5\n"
                      for name, key in kinds.back.items() if key in declared)
    return conf.replace("\n[drawing]\n", f"{names}\n[drawing]\n", 1) + drawing


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
    relations: dict[str, RelationRecord] = {}
    for number, line in enumerate(bundle.read_text(member).splitlines(), start=1):
        if not line.strip():
            continue
        # A span counts, and so does a line that is refused; attributes and notes belong to a span.
        take(limit, not line.startswith(("A", "M", "#")), file=where, line=number)
        try:
            if line.startswith("R"):
                relations[line.partition("\t")[0]] = _read_relation(line, number, where, spans, maps.get("relations") or {})
            else:
                _read_line(line, number, where, text, spans, annotator, label_map, attr_map, relations)
        except InvalidInput as error:
            issues.append(error)
    for relation in relations.values():
        # The ends are named by T id until here; a span that is an end gets a uid to be named by
        # (before the spans are stored: a gold span is stored as a copy).
        for end in ("from_uid", "to_uid"):
            span = spans[getattr(relation, end)]
            span.uid = span.uid or str(uuid.uuid4())
            setattr(relation, end, span.uid)
        if is_gold:
            record.gold_relations.append(GoldRelationRecord(**vars(relation), curator=annotator))
        else:
            record.relations.append(relation)
    for ann in spans.values():
        if is_gold:
            record.gold.append(as_gold(ann, curator=annotator))
        else:
            record.annotations.append(ann)


def _read_relation(line: str, number: int, where: str, spans: dict[str, AnnotationRecord],
                   kind_map: dict[str, str]) -> RelationRecord:
    """`R1<TAB>TYPE Arg1:T3 Arg2:T7`: any two roles, the first is the relation's start."""
    _ident, _, rest = line.partition("\t")
    fields = rest.split()
    if len(fields) != 3 or not all(":" in f for f in fields[1:]):
        raise InvalidInput("expected 'TYPE Arg1:T<n> Arg2:T<m>'", file=where, line=number)
    ends = [f.split(":", 1)[1] for f in fields[1:]]
    for end in ends:
        if end not in spans:
            raise InvalidInput(f"{end} is not a span above (relations join T lines)", file=where, line=number)
    return RelationRecord(type=kind_map.get(fields[0], fields[0]), from_uid=ends[0], to_uid=ends[1],
                          source=f"{where}, line {number}")


def _read_line(line: str, number: int, where: str, text: str, spans: dict[str, AnnotationRecord],
               annotator: str | None, label_map: dict[str, str], attr_map: dict[str, str],
               relations: dict[str, RelationRecord]) -> None:
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
        target = (spans.get(fields[1]) or relations.get(fields[1])) if len(fields) in (2, 3) else None
        if target is None:
            raise InvalidInput("expected 'NAME T<n> [VALUE]' naming a span or relation above", file=where, line=number)
        key = attr_map.get(fields[0], fields[0])
        target.attributes[key] = unquote(fields[2]) if len(fields) == 3 else True
    elif kind == "#":
        head, _, note = rest.partition("\t")
        fields = head.split(" ")
        target = (spans.get(fields[1]) or relations.get(fields[1])) if len(fields) == 2 else None
        if target is None:
            raise InvalidInput("expected 'AnnotatorNotes T<n>' naming a span or relation above", file=where, line=number)
        target.note = unescape_note(note)
    else:
        raise InvalidInput(f"{ident[:1]!r} lines (events, equivalences, normalisations) cannot be imported",
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
