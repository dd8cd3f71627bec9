"""SemEval-2020 Task 11 / Propaganda Techniques Corpus: articles plus tab-separated label lines.

    articles/article<ID>.txt                 title on line 1, the text as distributed
    labels/article<ID>.task2-TC.labels       <ID> TAB technique TAB start TAB end, per article
    all.task2-TC.labels                      the same lines for every article, concatenated

Offsets are code points, end exclusive. Import reads `article<ID>.txt` files and `.labels`
files anywhere beneath a folder (or in a zip), in either layout or both: an article whose
lines come from a per-article file and the concatenated file must get the same lines from
both. Each document keeps its ID as external id; spans go to the annotator named on import
(e.g. `ptc-gold`). The technique strings are the label keys (codebook `semeval2020-ptc`).
Span-identification files (three columns: id, start, end) carry no technique and are refused.

Export writes the same layout. The lines carry no relations, attributes or notes: the manifest's
`carries_no` says so. A label file holds one annotator's set: the export takes the
gold layer with `--gold-only`, else the annotations, and refuses a set that mixes annotators
(choose one with `--annotator`). Documents without an external id are named by their uid.
Lines come in the order the export gives spans: those imported in their file's order, then
those made here by position, so that an imported set is written back byte for byte (the
official scorer pairs spans in file order). The manifest counts the lines written.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Final

from ..errors import InvalidInput
from .base import EXAMPLES, ReadResult, document_name, gold_only, manifest_json, manifest_of
from .bundle import Bundle, Member, Sink
from .input_checks import RecordLimit, take
from .json_input import parse_json
from .records import AnnotationRecord, DocumentRecord, EntityRecord, Manifest

NAME = "semeval"
FORMAT_ID = "annotator-semeval"
TITLE = "SemEval-2020 Task 11 / PTC (articles + .labels)"
EXTENSIONS = (".zip",)
EXPORT_SUFFIX = ".semeval.zip"
MEDIA_TYPE = "application/zip"
KIND: Final = "bundle"
EXAMPLE = EXAMPLES / "example.semeval.zip"
SIDECARS = ()
LOSSLESS = False
SINGLE_LAYER = "A SemEval label file holds one annotator's spans"
RELATION_TABLE = None
CODEBOOK = "semeval2020-ptc"

#: What a project holds that the label lines have no column for (the manifest says so).
CARRIES_NO = ("relations", "attributes", "notes", "document labels", "links to registry entities",
              "document metadata")

SUFFIX = ".task2-TC.labels"
CONCATENATED = "all" + SUFFIX
_ARTICLE = re.compile(r"^article(.+)\.txt$")


def write(manifest: Manifest, entities: Iterable[EntityRecord], records: Iterable[DocumentRecord], sink: Sink) -> int:
    use_gold = gold_only(manifest)
    seen_annotators: set[str | None] = set()
    used: set[str] = set()
    count = written = 0
    # The concatenated file is spooled and written last: a zip takes one open file at a time.
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as everything:
        for record in records:
            count += 1
            article_id = document_name(record, used)
            spans = record.gold if use_gold else record.annotations
            if not use_gold:
                seen_annotators.update(a.annotator for a in spans)
                if len(seen_annotators) > 1:
                    names = ", ".join(sorted(str(n) for n in seen_annotators))
                    raise InvalidInput(f"a SemEval label file holds one annotator's spans, but this export has "
                                       f"several ({names}): choose one with --annotator, or --gold-only",
                                       field="annotator")
            lines = "".join(f"{article_id}\t{_technique(a.label)}\t{a.start}\t{a.end}\n" for a in spans)
            written += len(spans)
            with sink.open_text(f"articles/article{article_id}.txt") as fp:
                fp.write(record.text)
            with sink.open_text(f"labels/article{article_id}{SUFFIX}") as fp:
                fp.write(lines)
            everything.write(lines)
        everything.seek(0)
        with sink.open_text(CONCATENATED) as fp:
            while chunk := everything.read(1 << 16):
                fp.write(chunk)
    _count_written(manifest, written, use_gold)
    with sink.open_text("manifest.json") as fp:
        fp.write(manifest_json(manifest.leaving_out(CARRIES_NO), newline=False))
    return count


def _count_written(manifest: Manifest, spans: int, use_gold: bool) -> None:
    """The manifest counts what the label files hold: one layer (the gold layer or one
    annotator's spans), not every span the filters let through. The export's summary reads the
    counts after writing, so it says the same."""
    manifest.counts["annotations"] = 0 if use_gold else spans
    manifest.counts["gold"] = spans if use_gold else 0


def sidecars(manifest: Manifest) -> dict[str, str]:
    """Nothing beside the bundle: its manifest.json is inside."""
    return {}


def _technique(label: str) -> str:
    """The label as a line's technique column. Codebooks loaded today cannot have a key with a
    tab or line break (codebooks/keys.py), but one stored by an older version may."""
    if "\t" in label or label.splitlines() != [label]:
        raise InvalidInput(f"label {label!r} holds a tab or line break, which a SemEval line cannot carry",
                           field="label")
    return label


def read(bundle: Bundle, *, source: str | None = None, limit: RecordLimit | None = None) -> ReadResult:
    result = ReadResult(codebook=CODEBOOK)
    articles: dict[str, DocumentRecord] = {}
    for member in bundle.members:
        match = _ARTICLE.match(member.path.name)
        if not match:
            continue
        take(limit, 1, file=bundle.where(member))
        if match.group(1) in articles:
            result.issues.append(InvalidInput(f"article {match.group(1)} appears twice", file=bundle.where(member)))
            continue
        try:
            text = bundle.read_document(member)
        except InvalidInput as error:
            result.issues.append(error)
            continue
        title = text.split("\n", 1)[0].lstrip("\ufeff").strip() or f"article{match.group(1)}"
        articles[match.group(1)] = DocumentRecord(text=text, title=title[:300], external_id=match.group(1),
                                                  meta={"filename": member.path.name}, source=bundle.where(member))
    if not articles:
        result.issues.append(InvalidInput("no article<ID>.txt files found", file=bundle.source))
        return result
    _read_manifest(bundle, result)
    # article id -> file -> lines: the same article may be listed by several files.
    found: dict[str, dict[str, list[AnnotationRecord]]] = defaultdict(dict)
    for member in bundle.members:
        if member.path.name.endswith(".labels"):
            _read_labels(bundle, member, articles, found, result.issues, limit)
    for article_id, by_file in found.items():
        files = list(by_file)
        for other in files[1:]:
            if (issue := _first_difference(article_id, by_file[files[0]], by_file[other], files[0], other)):
                result.issues.append(issue)
        articles[article_id].annotations.extend(by_file[files[0]])
    result.records = list(articles.values())
    return result


def _read_manifest(bundle: Bundle, result: ReadResult) -> None:
    """The manifest.json our export writes at the bundle's top, if there: the codebook and
    settings of the project it came from (a PTC folder has none)."""
    member = next((m for m in bundle.members if m.name == "manifest.json"), None)
    if member is None:
        return
    where = bundle.where(member)
    try:
        result.manifest, result.manifest_source = manifest_of(parse_json(bundle.read_text(member), where), where), where
    except InvalidInput as error:
        result.issues.append(error)


def _first_difference(article_id: str, first: list[AnnotationRecord], second: list[AnnotationRecord],
                      first_file: str, second_file: str) -> InvalidInput | None:
    """Two label files that list one article must list the same lines: the first line of
    either that the other lacks, located at its file and line (a span's source)."""
    def key(a: AnnotationRecord) -> tuple[str, int, int]:
        return a.label, a.start, a.end

    extra, missing = Counter(map(key, second)), Counter(map(key, first))
    extra, missing = extra - missing, missing - extra
    for spans, unmatched, elsewhere in ((second, extra, first_file), (first, missing, second_file)):
        for span in spans:
            if unmatched[key(span)]:
                return InvalidInput(f"article {article_id}: {span.label} {span.start}-{span.end} is not in "
                                    f"{elsewhere}, which lists this article too (its lines must be the same)",
                                    file=span.source)
    return None


def _read_labels(bundle: Bundle, member: Member, articles: dict[str, DocumentRecord],
                 found: dict[str, dict[str, list[AnnotationRecord]]], issues: list[InvalidInput],
                 limit: RecordLimit | None) -> None:
    where = bundle.where(member)
    try:
        content = bundle.read_text(member)
    except InvalidInput as error:
        issues.append(error)
        return
    lines_here: dict[str, list[AnnotationRecord]] = defaultdict(list)
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.rstrip("\r").split("\t")
        # A line counts once: an article already listed by an earlier file (the concatenated
        # one and the per-article ones hold the same lines) adds nothing new.
        take(limit, not found.get(cells[0]), file=where, line=number)
        if len(cells) != 4:
            kind = "a span-identification line (no technique)" if len(cells) == 3 else f"{len(cells)} columns"
            issues.append(InvalidInput(f"expected article_id, technique, start, end separated by tabs; got {kind}",
                                       file=where, line=number))
            continue
        article_id, technique, start, end = cells
        if article_id not in articles:
            issues.append(InvalidInput(f"no article{article_id}.txt for this line", file=where, line=number,
                                       field="article_id"))
            continue
        try:
            begin, stop = int(start), int(end)
        except ValueError:
            issues.append(InvalidInput("start and end must be whole numbers", file=where, line=number, field="start/end"))
            continue
        lines_here[article_id].append(AnnotationRecord(start=begin, end=stop, label=technique,
                                                       source=f"{where}, line {number}"))
    for article_id, spans in lines_here.items():
        found[article_id][where] = spans
