"""brat standoff: per annotator a folder with one `.txt` and one `.ann` per document, in a zip.

    <annotator>/<document>.txt     the text, byte for byte (UTF-8, line breaks as stored)
    <annotator>/<document>.ann     T lines (spans), A lines (attributes), N lines (links to the
                                   registry), # AnnotatorNotes, R lines (relations)
    _gold-<curator>/...            the gold layer, when exported
    <document>.txt / .ann          documents without spans, at the top
    annotation.conf, visual.conf   so that brat can show the collection
    manifest.json                  the export manifest, and the maps below

Offsets are code points, as brat counts them (it reads texts as Python strings). Spans are
written the way brat's own editor writes them (brat_fragments.py): split at line breaks and
tabs into fragments, whitespace trimmed at each fragment's ends, the text column being the
fragments' texts joined by one space, which is what brat's loader checks. manifest.json says
so (`fragments`), counts the spans split, and keeps the exact offsets of any span whose ends
trimming moved (`offsets`). On import, a span's fragments are joined into one span when only
whitespace lies between them (the import summary says how many), and refused otherwise.

annotation.conf declares the overlaps the project allows: brat's `<OVERLAP>` rule with
`<OVL-TYPE>:<ANY>` when the project allows overlapping spans (PTC has nested, crossing and
identical spans), none when it does not (brat's default: no overlap).

A span's links to registry entities are N lines, `N1<TAB>Reference T3 registry:<uid><TAB>name`
(pybrat and brat read them), with the link's role in manifest.json (`roles`; absent means
`mentioned`). brat has no document-level annotation: document labels (genre, frames) travel
in manifest.json's document map (`labels`, with their annotator).

Files are named by the document's external id when that is a safe file name, else by a slug of
the external id or the title (made unique), else by the uid; manifest.json maps each name to
the document's metadata, uid included.

brat type and attribute names allow only `[A-Za-z0-9_-]`: other characters become `_` (e.g.
PTC's `Name_Calling,Labeling` -> `Name_Calling_Labeling`), with the map back to the label key
in manifest.json and the original shown through visual.conf. Attribute values are written as
A lines (booleans as `true` / `false`, numbers as digits, text with `%`, whitespace, `|` and
`,` percent-encoded); notes as AnnotatorNotes with `\\`, line breaks and tabs backslash-escaped.
Relations are R lines between the T lines of one file (`R1<TAB>attributed_to Arg1:T3 Arg2:T7`),
after the spans, with their attributes as A lines and notes as AnnotatorNotes on the R id;
annotation.conf's `[relations]` declares each type with the labels allowed at its ends
(`<ENTITY>`: any). Relation type names are made brat-safe as labels are, with the map back in
manifest.json (`relations`). Import reads R lines with any two roles (the first is the
relation's start); an undirected type keeps the order written. What brat cannot hold:
timestamps, span and relation uids, origin (the import gives new ones), and events and
equivalences (import refuses them, naming the file and line, rather than dropping them).
"""

from __future__ import annotations

import posixpath
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
    EndUids,
    ReadResult,
    as_gold,
    codebook_labels,
    manifest_json,
    manifest_of,
    parse_date,
    readable_name,
    relation_types,
    relations_of,
    safe_name,
    span_labels,
    spans_of,
)
from .brat_fragments import fragments, joinable, offsets_column, text_column
from .bundle import Bundle, Member, Sink
from .input_checks import RecordLimit, take
from .json_input import parse_json
from .records import (
    AnnotationRecord,
    DocumentLabelRecord,
    DocumentRecord,
    EntityLinkRecord,
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
#: What a project holds that the standoff files have no place for (the manifest's `carries_no`).
CARRIES_NO = ("span and relation uids", "times", "origin", "assignments")
SINGLE_LAYER = None
RELATION_TABLE = None

GOLD_FOLDER = "_gold"
#: The normalisation database of links to our registry (`registry:<entity uid>`).
REGISTRY_DB = "registry"
#: The role of a link that manifest.json does not name.
DEFAULT_ROLE = "mentioned"
FRAGMENTS_NOTE = ("spans are written as brat's editor writes them: split at line breaks and tabs into "
                  "fragments, whitespace trimmed at each fragment's ends; an import joins a span's fragments "
                  "again when only whitespace lies between them, and 'offsets' gives back the ends that "
                  "trimming moved (per file, by T id)")
_STORAGE = re.compile(r"[^A-Za-z0-9_-]")


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


def _file_key(folder: str, name: str) -> str:
    """How manifest.json names one .ann file: its folder and document name."""
    return f"{folder}/{name}"


class _Collection:
    """What the whole export gathers while the files are written: names, attribute values, and
    the per-file maps of manifest.json."""

    def __init__(self) -> None:
        self.labels, self.attrs, self.kinds = _Names(), _Names(), _Names()
        self.values: dict[str, set[str]] = defaultdict(set)
        #: What each attribute name is written on: "T" (spans), "R" (relations) or both.
        self.attribute_on: dict[str, set[str]] = defaultdict(set)
        self.offsets: dict[str, dict[str, list[int]]] = {}
        self.roles: dict[str, dict[str, str]] = {}
        self.split = 0

    def ann_file(self, key: str, text: str, spans: list[AnnotationRecord], relations: list[RelationRecord]) -> str:
        """The .ann file of one document and folder: T lines as brat writes spans, then each
        span's A, N and note lines; then the relations between these spans as R lines, each
        with its A and note lines."""
        lines: list[str] = []
        a = n = note = 0
        for t, ann in enumerate(spans, start=1):
            parts = fragments(text, ann.start, ann.end)
            self.split += len(parts) > 1
            if (parts[0][0], parts[-1][1]) != (ann.start, ann.end):
                self.offsets.setdefault(key, {})[f"T{t}"] = [ann.start, ann.end]
            lines.append(f"T{t}\t{self.labels(ann.label)} {offsets_column(parts)}\t{text_column(text, parts)}")
            for name, value in ann.attributes.items():
                if value is None:
                    continue
                a += 1
                lines.append(f"A{a}\t{self.attribute(name, value, 'T')} T{t} {encode_value(value)}")
            for link in ann.entities:
                n += 1
                lines.append(_normalization(n, t, link))
                if link.role != DEFAULT_ROLE:
                    self.roles.setdefault(key, {})[f"N{n}"] = link.role
            if ann.note:
                note += 1
                lines.append(f"#{note}\tAnnotatorNotes T{t}\t{escape_note(ann.note)}")
        ids = {ann.uid: f"T{t}" for t, ann in enumerate(spans, start=1) if ann.uid}
        for r, relation in enumerate((x for x in relations if x.from_uid in ids and x.to_uid in ids), start=1):
            lines.append(f"R{r}\t{self.kinds(relation.type)} Arg1:{ids[relation.from_uid]} Arg2:{ids[relation.to_uid]}")
            for name, value in relation.attributes.items():
                if value is not None:
                    a += 1
                    lines.append(f"A{a}\t{self.attribute(name, value, 'R')} R{r} {encode_value(value)}")
            if relation.note:
                note += 1
                lines.append(f"#{note}\tAnnotatorNotes R{r}\t{escape_note(relation.note)}")
        return "".join(line + "\n" for line in lines)

    def attribute(self, key: str, value: Any, on: str) -> str:
        """The attribute's brat name, noting the value and what it is written on for annotation.conf."""
        name = self.attrs(key)
        self.values[name].add(encode_value(value))
        self.attribute_on[name].add(on)
        return name


def _normalization(n: int, t: int, link: EntityLinkRecord) -> str:
    """`N<n> Reference T<t> registry:<uid>` and the entity's name, as brat writes a normalisation;
    a link known only by name says `registry:name:<name>`."""
    ref = link.entity_uid or "name:" + quote(link.entity_name or "", safe="")
    shown = " ".join((link.entity_name or ref).split())
    return f"N{n}\tReference T{t} {REGISTRY_DB}:{ref}\t{shown}"


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], sink: Sink) -> int:
    found = _Collection()
    folders: dict[str, dict[str, str]] = {}
    folder_of: dict[tuple[str, str | None], str] = {}
    used_names: set[str] = set()
    documents: dict[str, dict[str, Any]] = {}
    count = 0
    for record in records:
        count += 1
        name = readable_name(record, used_names)
        documents[name] = _metadata(record)
        groups: dict[str, list[AnnotationRecord]] = defaultdict(list)
        span_folder: dict[tuple[str, str | None], str] = {}
        for layer, ann in spans_of(record):
            who = getattr(ann, "curator", None) if layer == GOLD else ann.annotator
            if (layer, who) not in folder_of:
                folder_of[(layer, who)] = _folder(layer, who, folders)
            groups[folder_of[(layer, who)]].append(ann)
            span_folder[(layer, ann.uid)] = folder_of[(layer, who)]
        linked = _relations_by_folder(record, span_folder)
        for folder, spans in groups.items() or [("", [])]:
            prefix = f"{folder}/" if folder else ""
            with sink.open_text(f"{prefix}{name}.txt") as fp:
                fp.write(record.text)
            with sink.open_text(f"{prefix}{name}.ann") as fp:
                fp.write(found.ann_file(_file_key(folder, name), record.text, spans, linked.get(folder, [])))
    for key in span_labels(manifest):
        found.labels(key)
    for key in relation_types(manifest):
        found.kinds(key)
    with sink.open_text("annotation.conf") as fp:
        fp.write(_annotation_conf(manifest, found))
    with sink.open_text("visual.conf") as fp:
        fp.write(_visual_conf(manifest, found.labels, found.kinds))
    with sink.open_text("manifest.json") as fp:
        fp.write(manifest_json(manifest, newline=False, labels=found.labels.back, attributes=found.attrs.back,
                               folders=folders, documents=documents, fragments=FRAGMENTS_NOTE,
                               split_spans=found.split, offsets=found.offsets, roles=found.roles,
                               relations=found.kinds.back))
    return count


def _folder(layer: str, who: str | None, folders: dict[str, dict[str, str]]) -> str:
    """A new folder for one annotator's spans (or one curator's gold), unique and safe."""
    folder = GOLD_FOLDER + (f"-{safe_name(who)}" if who else "") if layer == GOLD else safe_name(who or "unknown")
    if layer != GOLD and folder.startswith(GOLD_FOLDER):
        # An annotator's folder never looks like a gold one (a user may be called `_gold-lead`);
        # the manifest maps every folder back to its person.
        folder = "_" + folder
    base, n = folder, 2
    while folder in folders:
        folder, n = f"{base}_{n}", n + 1
    folders[folder] = {"layer": GOLD, "curator": who or ""} if layer == GOLD else {"annotator": who or ""}
    return folder


def _metadata(record: DocumentRecord) -> dict[str, Any]:
    keep = ("uid", "external_id", "title", "url", "outlet", "author", "language", "text_sha256")
    meta: dict[str, Any] = {k: getattr(record, k) for k in keep if getattr(record, k)}
    if record.published:
        meta["published"] = record.published.isoformat()
    if record.meta:
        meta["meta"] = record.meta
    if record.document_labels:
        meta["labels"] = [{"label": d.label, "annotator": d.annotator} for d in record.document_labels]
    return meta


def _relations_by_folder(record: DocumentRecord, span_folder: dict[tuple[str, str | None], str]
                         ) -> dict[str, list[RelationRecord]]:
    """Each relation goes to the folder (annotator or gold) of its first end."""
    found: dict[str, list[RelationRecord]] = defaultdict(list)
    for layer, relation in relations_of(record):
        folder = span_folder.get((layer, relation.from_uid))
        if folder is not None:
            found[folder].append(relation)
    return found


def _relations_section(manifest: Manifest, found: _Collection) -> list[str]:
    """The [relations] lines: each relation type with the labels allowed at its ends (`<ENTITY>`:
    any), and brat's overlap rule for what the project allows."""
    declared = relation_types(manifest)
    lines = []
    for name, key in found.kinds.back.items():
        definition = declared.get(key, {})
        ends = ["|".join(found.labels(k) for k in definition.get(end) or []) or "<ENTITY>" for end in ("from", "to")]
        lines.append(f"{name}\tArg1:{ends[0]}, Arg2:{ends[1]}")
    if manifest.project.get("allow_overlaps", True):
        return [*lines, "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    return [*lines, "# the project does not allow overlapping spans: no <OVERLAP> rule (brat's default)"]


def _annotation_conf(manifest: Manifest, found: _Collection) -> str:
    lines = ["[entities]", *found.labels.back, "", "[relations]", *_relations_section(manifest, found), "",
             "[events]", "", "[attributes]"]
    for name, seen in found.values.items():
        on = "|".join({"T": "<ENTITY>", "R": "<RELATION>"}[x] for x in sorted(found.attribute_on[name]))
        lines.append(f"{name}\tArg:{on}, Value:{'|'.join(sorted(seen))}")
    return "\n".join(lines) + "\n"


def _visual_conf(manifest: Manifest, labels: _Names, kinds: _Names) -> str:
    definition = codebook_labels(manifest)
    declared = relation_types(manifest)
    lines = ["[labels]"]
    lines += [f"{name} | {definition.get(key, {}).get('name', key)}" for name, key in labels.back.items()]
    lines += [f"{name} | {declared.get(key, {}).get('name', key)}" for name, key in kinds.back.items()]
    lines += ["", "[drawing]"]
    lines += [f"{name}\tbgColor:{definition[key]['colour']}" for name, key in labels.back.items() if key in definition]
    lines += [f"{name}\tcolor:{declared[key]['colour']}, arrowHead:triangle-5" for name, key in kinds.back.items()
              if key in declared]
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
    manifest = by_name.get("manifest.json") or _wrapped_manifest(bundle)
    if manifest is not None:
        try:
            where = bundle.where(manifest)
            maps = _checked_maps(parse_json(bundle.read_text(manifest), where), where)
            if isinstance(maps.get("manifest"), dict):  # our export's: the project it came from
                result.manifest, result.manifest_source = manifest_of(maps, where), where
        except InvalidInput as error:
            result.issues.append(error)
            return result
    records: dict[str, DocumentRecord] = {}
    anns = {m.name[:-4] for m in bundle.members if m.name.endswith(".ann")}
    texts = {m.name[:-4] for m in bundle.members if m.name.endswith(".txt")}
    for orphan in sorted(anns - texts):
        result.issues.append(InvalidInput("an .ann file without its .txt", file=bundle.where(by_name[orphan + ".ann"])))
    joined = 0
    refused: set[str] = set()  # documents whose metadata was refused once: not again per folder
    end_uids = EndUids()
    for stem in sorted(texts):
        member = by_name[stem + ".txt"]
        take(limit, 1, file=bundle.where(member))
        if member.path.stem in refused:
            continue
        try:
            text = bundle.read_document(member)
            try:
                record = _record_for(records, text, member, maps, bundle)
            except InvalidInput:
                refused.add(member.path.stem)
                raise
            if stem in anns:
                reader = _AnnReader(bundle, by_name[stem + ".ann"], text, maps, end_uids)
                joined += reader.read(record, result.issues, limit)
        except InvalidInput as error:
            result.issues.append(error)
    result.records = list(records.values())
    if joined:
        result.notes.append(f"{joined} span{'s' if joined > 1 else ''} written in fragments (split at line breaks and tabs, "
                            "as brat does) joined back into one span each")
    return result


def _wrapped_manifest(bundle: Bundle) -> Member | None:
    """The manifest.json of an export zipped with its folder (`zip -r export.zip export/`, or
    a folder above it): every file under one folder, the manifest at its top."""
    if not bundle.members:
        return None
    common = posixpath.commonpath([m.path.parent.as_posix() for m in bundle.members])
    if common in ("", "."):  # a file at the top, or folders with nothing above them in common
        return None
    name = f"{common}/manifest.json"
    return next((m for m in bundle.members if m.name == name), None)


#: The maps of manifest.json and what each maps a name to: text (labels, attributes, relation
#: types) or an object (a folder's layer and person, a document's metadata, a file's offsets
#: and roles).
_MAPS = {"labels": str, "attributes": str, "relations": str, "folders": dict, "documents": dict, "offsets": dict,
         "roles": dict}


def _checked_maps(maps: Any, where: str) -> dict[str, Any]:
    """manifest.json, with the shape its maps must have (a hand-edited one used to end the
    import with a traceback)."""
    if not isinstance(maps, dict):
        raise InvalidInput("manifest.json must be a JSON object", file=where)
    for name, kind in _MAPS.items():
        found = maps.get(name)
        if found is None:
            continue
        if not isinstance(found, dict):
            raise InvalidInput("must be an object", file=where, field=name)
        for key, value in found.items():
            if not isinstance(value, kind):
                raise InvalidInput(f"must be {'text' if kind is str else 'an object'}", file=where,
                                   field=f"{name}.{key}")
    return maps


def _record_for(records: dict[str, DocumentRecord], text: str, member: Member, maps: dict[str, Any],
                bundle: Bundle) -> DocumentRecord:
    sha = text_sha256(text)
    if sha in records:
        return records[sha]
    stem = member.path.stem
    where = bundle.where(member)
    meta = dict((maps.get("documents") or {}).get(stem) or {})
    published_date = parse_date(meta.pop("published", None), file=where, line=None, field="published")
    extra = meta.pop("meta", None) or ({} if maps else {"filename": member.path.name})
    known: dict[str, Any] = {k: meta.get(k) for k in ("uid", "external_id", "url", "outlet", "author", "language")}
    title = meta.get("title") or next((line.strip() for line in text.splitlines() if line.strip()), stem)[:300]
    record = DocumentRecord(text=text, title=title, published=published_date, meta=extra,
                            document_labels=_document_labels(meta.get("labels"), where), source=where, **known)
    records[sha] = record
    return record


def _document_labels(value: Any, where: str) -> list[DocumentLabelRecord]:
    """The document labels that manifest.json lists for a document."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get("label"), str) for v in value):
        raise InvalidInput("a document's labels must be a list of {label, annotator}", file=where, field="labels")
    return [DocumentLabelRecord(label=v["label"], annotator=v.get("annotator") or None) for v in value]


def _map_of(maps: dict[str, Any], name: str, key: str) -> dict[str, Any]:
    found = (maps.get(name) or {}).get(key) or {}
    return found if isinstance(found, dict) else {}


class _AnnReader:
    """One .ann file read into the spans of one annotator (or the gold of one curator)."""

    def __init__(self, bundle: Bundle, member: Member, text: str, maps: dict[str, Any], end_uids: EndUids) -> None:
        self.bundle, self.member, self.text, self.end_uids = bundle, member, text, end_uids
        self.where = bundle.where(member)
        folder = member.path.parent.name
        folder_info = (maps.get("folders") or {}).get(folder, {"annotator": folder} if folder else {})
        self.is_gold = folder_info.get("layer") == GOLD
        self.annotator = folder_info.get("curator" if self.is_gold else "annotator") or None
        self.label_map, self.attr_map = maps.get("labels") or {}, maps.get("attributes") or {}
        key = _file_key(folder, member.path.stem)
        self.exact, self.roles = _map_of(maps, "offsets", key), _map_of(maps, "roles", key)
        self.kind_map: dict[str, str] = maps.get("relations") or {}
        # Our exports escape a note's backslashes, line breaks and tabs; brat writes a note as
        # typed, so a file of brat's own (no manifest of ours) is taken as written.
        ours = maps.get("manifest")
        self.escaped = isinstance(ours, dict) and ours.get("format") == FORMAT_ID
        self.spans: dict[str, AnnotationRecord] = {}
        self.relations: dict[str, RelationRecord] = {}
        self.joined = 0

    def read(self, record: DocumentRecord, issues: list[InvalidInput], limit: RecordLimit | None) -> int:
        """Add the file's spans to `record`; returns how many were joined from fragments."""
        for number, line in enumerate(self.bundle.read_text(self.member).splitlines(), start=1):
            if not line.strip():
                continue
            # A span or relation counts, and so does a line that is refused; attributes, links and notes
            # belong to a span or relation.
            take(limit, not line.startswith(("A", "M", "N", "#")), file=self.where, line=number)
            try:
                self._line(line, number)
            except InvalidInput as error:
                issues.append(error)
        for relation in self.relations.values():
            # The ends are named by T id until here; a span that is an end gets a uid to be named
            # by (before the spans are stored: a gold span is stored as a copy).
            for end in ("from_uid", "to_uid"):
                span = self.spans[getattr(relation, end)]
                setattr(relation, end, self.end_uids.give(record, span, gold=self.is_gold))
            if self.is_gold:
                record.gold_relations.append(GoldRelationRecord(**vars(relation), curator=self.annotator))
            else:
                record.relations.append(relation)
        for ann in self.spans.values():
            if self.is_gold:
                record.gold.append(as_gold(ann, curator=self.annotator))
            else:
                record.annotations.append(ann)
        return self.joined

    def _line(self, line: str, number: int) -> None:
        ident, _, rest = line.partition("\t")
        kind = ident[:1]
        if kind in ("T", "R") and (ident in self.spans or ident in self.relations):
            # brat's own loader refuses a duplicate id; the second would replace the first
            raise InvalidInput(f"{ident} is the id of an annotation above", file=self.where, line=number, field="id")
        if kind == "T":
            self._span(ident, rest, number)
        elif kind == "R":
            self._relation(ident, rest, number)
        elif kind in ("A", "M"):
            fields = rest.split(" ")
            target = self._target(fields[1]) if len(fields) in (2, 3) else None
            if target is None:
                raise InvalidInput("expected 'NAME T<n> [VALUE]' naming a span or relation above", file=self.where,
                                   line=number)
            key = self.attr_map.get(fields[0], fields[0])
            target.attributes[key] = unquote(fields[2]) if len(fields) == 3 else True
        elif kind == "N":
            self._link(ident, rest, number)
        elif kind == "#":
            head, _, note = rest.partition("\t")
            fields = head.split(" ")
            target = self._target(fields[1]) if len(fields) == 2 else None
            if target is None:
                raise InvalidInput("expected 'AnnotatorNotes T<n>' naming a span or relation above", file=self.where,
                                   line=number)
            target.note = unescape_note(note) if self.escaped else note
        else:
            raise InvalidInput(f"{ident[:1]!r} lines (events, equivalences) cannot be imported",
                               file=self.where, line=number)

    def _target(self, ident: str) -> AnnotationRecord | RelationRecord | None:
        """The span or relation an A or note line names."""
        return self.spans.get(ident) or self.relations.get(ident)

    def _relation(self, ident: str, rest: str, number: int) -> None:
        """`R1<TAB>TYPE Arg1:T3 Arg2:T7`: any two roles, the first is the relation's start."""
        fields = rest.split()
        if len(fields) != 3 or not all(":" in f for f in fields[1:]):
            raise InvalidInput("expected 'TYPE Arg1:T<n> Arg2:T<m>'", file=self.where, line=number)
        ends = [f.split(":", 1)[1] for f in fields[1:]]
        for end in ends:
            if end not in self.spans:
                raise InvalidInput(f"{end} is not a span above (relations join T lines)", file=self.where, line=number)
        self.relations[ident] = RelationRecord(type=self.kind_map.get(fields[0], fields[0]), from_uid=ends[0],
                                               to_uid=ends[1], source=f"{self.where}, line {number}")

    def _span(self, ident: str, rest: str, number: int) -> None:
        body, _, shown = rest.partition("\t")
        parts = body.split(" ", 1)
        if len(parts) != 2:
            raise InvalidInput("expected 'TYPE START END'", file=self.where, line=number)
        label, offsets = parts
        start, end = self._offsets(offsets, number)
        text = self.text
        if " ".join(shown.split()) != " ".join(text[start:end].split()):
            raise InvalidInput(f"the text column {shown[:60]!r} does not match the document at [{start}, {end}): "
                               f"{text[start:end][:60]!r}", file=self.where, line=number, field="text")
        exact = self.exact.get(ident)
        if exact is not None:
            start, end = self._exact(exact, start, end, number)
        self.spans[ident] = AnnotationRecord(start=start, end=end, label=self.label_map.get(label, label),
                                             annotator=self.annotator, source=f"{self.where}, line {number}")

    def _offsets(self, offsets: str, number: int) -> tuple[int, int]:
        try:
            parts = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
        except ValueError as error:
            raise InvalidInput("offsets must be whole numbers", file=self.where, line=number, field="offsets") from error
        if any(len(f) != 2 for f in parts):
            raise InvalidInput("expected START END pairs", file=self.where, line=number, field="offsets")
        pairs = [(f[0], f[1]) for f in parts]
        size = len(self.text)
        for start, end in pairs:  # (an empty fragment is how we write a span of whitespace alone)
            if not 0 <= start <= end <= size:
                raise InvalidInput(f"offsets [{start}, {end}) are outside the text (0..{size})",
                                   file=self.where, line=number, field="offsets")
        if not joinable(self.text, pairs):
            raise InvalidInput("a discontinuous span with text between its fragments cannot be imported",
                               file=self.where, line=number, field="offsets")
        self.joined += len(pairs) > 1
        return pairs[0][0], pairs[-1][1]

    def _exact(self, exact: Any, start: int, end: int, number: int) -> tuple[int, int]:
        """The span's own ends, which trimming moved: they must hold what was written."""
        if not (isinstance(exact, list) and len(exact) == 2 and all(type(x) is int for x in exact)
                and exact[0] <= start and end <= exact[1] and not self.text[exact[0]:start].strip()
                and not self.text[end:exact[1]].strip()):
            raise InvalidInput(f"manifest.json's offsets {exact!r} for this span do not enclose it with whitespace",
                               file=self.where, line=number, field="offsets")
        return exact[0], exact[1]

    def _link(self, ident: str, rest: str, number: int) -> None:
        rest, _, tail = rest.partition("\t")
        fields = rest.split(" ")
        if len(fields) != 3 or fields[1] not in self.spans:
            raise InvalidInput("expected 'Reference T<n> DB:ID' naming a span above", file=self.where, line=number)
        db, _, ref = fields[2].partition(":")
        if db != REGISTRY_DB or not ref:
            raise InvalidInput(f"a normalisation to {db!r} cannot be imported: only links to the registry "
                               f"({REGISTRY_DB}:<entity uid>)", file=self.where, line=number)
        role = self.roles.get(ident, DEFAULT_ROLE)
        if ref.startswith("name:"):
            link = EntityLinkRecord(role=role, entity_name=unquote(ref[len("name:"):]))
        else:  # the name shown after the tab finds the entity in a registry that has another uid for it
            link = EntityLinkRecord(role=role, entity_uid=ref, entity_name=tail.strip() or None)
        self.spans[fields[1]].entities.append(link)
