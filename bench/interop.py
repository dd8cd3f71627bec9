"""Round trip through a real Label Studio (issue 17): does every span come back as it left?

    make interop            # or: .venv/bin/python bench/interop.py

1. builds the two interop projects of `peer/data.py` in a new SQLite database of ours: the PTC
   one (the 40 PTC sample articles, a second annotator, gold spans, a document with emoji,
   `\\r\\n` and spans across line breaks) and the framing one (document labels, spans linked to
   a registry entity);
2. exports each with `python -m annotator export --format labelstudio`;
3. imports that file into Label Studio 1.23.2 (installed and started by `peer/labelstudio.py`)
   through its API, into a new project with the label config written beside our export, and
   records Label Studio's answer and the warnings its log shows meanwhile;
4. exports the project from Label Studio (JSON) and imports that file into an empty database
   of ours (holding the registry) with `python -m annotator import --format labelstudio`;
5. compares the spans of both databases (read through our native export): annotator (the
   curator for gold), label, offsets and gold flag of every span; and the document labels,
   links to registry entities and relations (type and both ends). Which keys of our file Label Studio dropped is listed too.

Prints every difference, per span field, and exits 1 when any span, document label or link did
not come back as it left or Label Studio logged a warning (2 when a step failed). The files of
each step stay in `.bench/interop/`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from _common import ROOT
from peer import labelstudio
from peer.data import (
    FRAMING_CODEBOOK,
    PTC_CODEBOOK,
    add_registry,
    build_framing_project,
    build_interop_project,
    framing_records,
)

WORK = ROOT / ".bench" / "interop"
#: (project, codebook): each goes through Label Studio on its own.
PROJECTS = (("Interop", PTC_CODEBOOK), ("Interop framing", FRAMING_CODEBOOK))
SHOWN = 5  # differing spans listed one by one, for each set of fields that differ


@dataclass(frozen=True)
class Span:
    document: str
    who: str | None  # the annotator, or the curator of a gold span
    label: str
    start: int
    end: int
    gold: bool


def annotator(database: Path, *args: str, quiet: bool = False) -> None:
    """`python -m annotator` on that database; a failure ends the check (exit 2) with its output."""
    done = subprocess.run([sys.executable, "-m", "annotator", "--database", f"sqlite:///{database}", *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    output = (done.stdout + done.stderr).strip()
    if done.returncode:
        print(f"FAILED: python -m annotator {' '.join(args)}\n{output}")
        sys.exit(2)
    for line in [] if quiet else output.splitlines():
        print(f"    {line}")


def _documents(database: Path, project: str) -> list[dict[str, Any]]:
    """The project's documents as our native export writes them (users by name)."""
    out = database.with_suffix(".jsonl")
    annotator(database, "export", "--project", project, "--format", "jsonl", "--output", str(out), quiet=True)
    lines = out.read_text(encoding="utf-8").split("\n")  # not splitlines: U+2028 stays raw inside a line
    return [doc for doc in map(json.loads, filter(None, lines)) if doc.get("type") == "document"]


def spans_of(database: Path, project: str) -> list[Span]:
    """Every span of the project."""
    spans = []
    for doc in _documents(database, project):
        name = doc.get("external_id") or doc["text_sha256"][:12]
        spans += [Span(name, a["annotator"], a["label"], a["start"], a["end"], False) for a in doc["annotations"]]
        spans += [Span(name, g["curator"], g["label"], g["start"], g["end"], True) for g in doc["gold"]]
    return spans


def labels_and_links_of(database: Path, project: str) -> list[tuple[Any, ...]]:
    """The project's document labels (document, annotator, label) and span links (document,
    annotator, label, start, end, role, entity uid), sorted."""
    found: list[tuple[Any, ...]] = []
    for doc in _documents(database, project):
        name = doc.get("external_id") or doc["text_sha256"][:12]
        found += [("document label", name, d.get("annotator"), d["label"]) for d in doc.get("document_labels", [])]
        for layer, who, spans in (("annotation", "annotator", doc["annotations"]), ("gold", "curator", doc["gold"])):
            found += [("link", name, layer, s.get(who), s["label"], s["start"], s["end"], e.get("role"),
                       e.get("entity_uid") or e.get("uid")) for s in spans for e in s.get("entities", [])]
    return sorted(found, key=repr)


def relations_of(database: Path, project: str) -> list[tuple[Any, ...]]:
    """The project's relations (document, layer, type, and each end as annotator or curator,
    label, start, end), sorted: what a round trip must keep of them, whatever their uids."""
    found: list[tuple[Any, ...]] = []
    for doc in _documents(database, project):
        name = doc.get("external_id") or doc["text_sha256"][:12]
        for layer, who, spans, relations in (("annotation", "annotator", doc["annotations"], doc.get("relations", [])),
                                             ("gold", "curator", doc["gold"], doc.get("gold_relations", []))):
            ends = {s["uid"]: (s.get(who), s["label"], s["start"], s["end"]) for s in spans}
            found += [("relation", name, layer, r["type"], ends.get(r["from_uid"]), ends.get(r["to_uid"]))
                      for r in relations if not r.get("deleted_at")]
    return sorted(found, key=repr)


def _pair(sent: list[Span], back: list[Span], key: Any, near: bool = False) -> list[tuple[Span, Span]]:
    """Pairs each span of `sent` with a span of `back` whose `key` is equal (with `near`, the one
    of those that overlaps it most, if any does); paired spans leave both lists."""
    waiting: dict[Any, list[Span]] = {}
    for span in back:
        waiting.setdefault(key(span), []).append(span)
    pairs = []
    for span in list(sent):
        candidates = waiting.get(key(span)) or []
        if near:
            overlap = {id(c): min(c.end, span.end) - max(c.start, span.start) for c in candidates}
            candidates = sorted((c for c in candidates if overlap[id(c)] > 0), key=lambda c: -overlap[id(c)])
        if candidates:
            other = candidates[0]
            waiting[key(span)].remove(other)
            pairs.append((span, other))
            sent.remove(span)
            back.remove(other)
    return pairs


def compare(sent: list[Span], back: list[Span]) -> tuple[int, Counter[tuple[str, str, str]], list[tuple[str, str]]]:
    """(spans back unchanged, Counter of (field, expected, got), (the fields that differ, a line)
    for each differing span). Spans are paired greedily, fewest differing fields first: equal in
    every field; all but the gold flag; overlapping with the same label, annotator and flag
    (offsets differ); all but the annotator; same offsets and label; same offsets. What is left did
    not come back, or came back without having been sent."""
    sent, back = list(sent), list(back)
    same = len(_pair(sent, back, astuple))
    pairs = _pair(sent, back, lambda s: (s.document, s.who, s.label, s.start, s.end))
    pairs += _pair(sent, back, lambda s: (s.document, s.who, s.label, s.gold), near=True)
    pairs += _pair(sent, back, lambda s: (s.document, s.gold, s.label, s.start, s.end))
    pairs += _pair(sent, back, lambda s: (s.document, s.label, s.start, s.end))
    pairs += _pair(sent, back, lambda s: (s.document, s.start, s.end))
    fields: Counter[tuple[str, str, str]] = Counter()
    lines: list[tuple[str, str]] = []  # (which fields differ, the span's line)
    for old, new in pairs:
        diffs = []
        for field, before, after in (("annotator", old.who, new.who), ("label", old.label, new.label),
                                     ("offsets", f"{old.start}-{old.end}", f"{new.start}-{new.end}"),
                                     ("gold", "gold" if old.gold else "not gold", "gold" if new.gold else "not gold")):
            if before != after:
                fields[(field, str(before), str(after))] += 1
                diffs.append(f"{field} {before} -> {after}")
        kind = " and ".join(diff.split()[0] for diff in diffs)
        lines.append((kind, f"{old.document} {old.start}-{old.end} {old.label}: " + ", ".join(diffs)))
    for span in sent:
        fields[("missing", f"{'gold ' if span.gold else ''}{span.who}", "-")] += 1
        lines.append(("missing", f"{span.document} {span.start}-{span.end} {span.label} ({span.who}): did not come back"))
    for span in back:
        fields[("extra", "-", f"{'gold ' if span.gold else ''}{span.who}")] += 1
        lines.append(("extra", f"{span.document} {span.start}-{span.end} {span.label} ({span.who}): came back, was not sent"))
    return same, fields, lines


def dropped_keys(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> Counter[str]:
    """Keys of our tasks, annotations and regions that Label Studio's export no longer has
    (tasks paired by text, annotations and regions by position)."""
    by_text = {task["data"]["text"]: task for task in theirs}
    lost: Counter[str] = Counter()

    def keys(where: str, mine: dict[str, Any], other: dict[str, Any] | None) -> None:
        for key in mine:
            if other is None or key not in other:
                lost[f"{where}.{key}"] += 1

    for task in ours:
        back = by_text.get(task["data"]["text"])
        keys("task", task, back)
        keys("task.data", task["data"], back and back["data"])
        keys("task.meta", task.get("meta") or {}, back and back.get("meta"))
        back_annotations = (back or {}).get("annotations") or []
        for n, entry in enumerate(task["annotations"]):
            other = back_annotations[n] if n < len(back_annotations) else None
            keys("annotation", entry, other)
            other_regions = (other or {}).get("result") or []
            for m, region in enumerate(entry["result"]):
                keys("region", region, other_regions[m] if m < len(other_regions) else None)
    return lost


def report(sent: list[Span], back: list[Span]) -> bool:
    same, fields, lines = compare(sent, back)
    gold = sum(s.gold for s in sent)
    print(f"\n{len(sent):,} spans sent ({len(sent) - gold:,} annotations, {gold:,} gold) on "
          f"{len({s.document for s in sent}):,} documents; {len(back):,} came back; {same:,} unchanged in every field")
    print(f"  {'field':<10}{'spans':>7}  expected -> got (spans)")
    for field in ("annotator", "label", "offsets", "gold", "missing", "extra"):
        found = [(before, after, n) for (f, before, after), n in fields.most_common() if f == field]
        detail = "; ".join(f"{before} -> {after} ({n:,})" for before, after, n in found) or "-"
        print(f"  {field:<10}{sum(n for *_, n in found):>7,}  {detail}")
    kinds: dict[str, list[str]] = {}
    for kind, line in lines:
        kinds.setdefault(kind, []).append(line)
    for kind, shown in kinds.items():
        many = len(shown) > 1
        what = {"missing": "did not come back", "extra": "came back without having been sent"}.get(
            kind, f"{'differ' if many else 'differs'} in {kind}")
        print(f"  {len(shown):,} span{'s' if many else ''} {what}" + (f", the first {SHOWN}:" if len(shown) > SHOWN else ":"))
        for each in shown[:SHOWN]:
            print(f"    {each}")
    return same == len(sent) == len(back)


def report_labels_and_links(sent: list[tuple[Any, ...]], back: list[tuple[Any, ...]]) -> bool:
    kinds = Counter(item[0] for item in sent)
    print(f"{', '.join(f'{n} {kind}s' for kind, n in kinds.items()) or 'no document labels, links or relations'} sent; "
          f"{sum(item in back for item in sent)} came back unchanged")
    for item in sent:
        if item not in back:
            print(f"    did not come back: {item}")
    for item in back:
        if item not in sent:
            print(f"    came back, was not sent: {item}")
    return sent == back


def trip(studio: labelstudio.LabelStudio, ours: Path, back: Path, project: str, codebook: str, expect: int) -> bool:
    """One project through Label Studio and back; True when everything came back and Label
    Studio logged no warning."""
    stem = project.lower().replace(" ", "-")
    sent_file, ls_file = WORK / f"{stem}.ours.json", WORK / f"{stem}.labelstudio.json"
    print(f"\n== {project} ({codebook})\n2. our Label Studio export:")
    annotator(ours, "export", "--project", project, "--format", "labelstudio", "--output", str(sent_file))
    print(f"3. Label Studio {labelstudio.VERSION} at {studio.url}: import through the API")
    config = sent_file.with_name(sent_file.name + ".label_config.xml").read_text(encoding="utf-8")
    ls_project = studio.create_project(f"{project} {time.strftime('%Y-%m-%d %H:%M:%S')}", config)
    logged = studio.log_size()
    answer = studio.import_tasks(ls_project, sent_file, expect=expect)
    print(f"    answer: {json.dumps(answer)}")
    # Request lines (django.server, logged twice by its two handlers) are not warnings.
    log = dict.fromkeys(line for line in studio.log_since(logged).splitlines()
                        if line.strip() and "[django.server::" not in line)
    print(f"    Label Studio's warnings and errors in its log meanwhile: {len(log) or 'none'}")
    for line in list(log)[:40]:
        print(f"      {line}")
    print(f"    users of Label Studio: {', '.join(u['email'] for u in studio.users())}")
    print("4. Label Studio's JSON export, imported into an empty database of ours:")
    ls_file.write_bytes(studio.export(ls_project, "JSON"))
    print(f"    {ls_file} ({ls_file.stat().st_size:,} bytes; the project stays in {labelstudio.DATA})")
    annotator(back, "import", str(ls_file), "--project", project, "--format", "labelstudio", "--codebook", codebook)
    lost = dropped_keys(json.loads(sent_file.read_text(encoding="utf-8")), json.loads(ls_file.read_text(encoding="utf-8")))
    print("5. keys of our file that Label Studio's export does not have (how many times):")
    print("    " + (", ".join(f"{key} ({n:,})" for key, n in sorted(lost.items())) or "none"))
    spans_back = report(spans_of(ours, project), spans_of(back, project))
    extras_back = report_labels_and_links(labels_and_links_of(ours, project) + relations_of(ours, project),
                                          labels_and_links_of(back, project) + relations_of(back, project))
    return spans_back and extras_back and not log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="start Label Studio on a new, empty data folder")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    ours, back = WORK / "ours.sqlite3", WORK / "back.sqlite3"
    expect = {}
    for (project, _), build in zip(PROJECTS, (build_interop_project, build_framing_project), strict=True):
        documents, annotations, gold = build(f"sqlite:///{ours}", project)
        expect[project] = documents
        print(f"1. our project {project}: {documents} documents, {annotations} annotations, {gold} gold spans ({ours})")
    annotator(back, "init", quiet=True)
    add_registry(f"sqlite:///{back}", framing_records()[1])
    passed = []
    with labelstudio.running(fresh=args.fresh) as studio:
        for project, codebook in PROJECTS:
            passed.append(trip(studio, ours, back, project, codebook, expect[project]))
    if all(passed):
        print("\nPASSED: every span came back with its annotator, label, offsets and gold flag, every document "
              "label, link and relation too, and Label Studio logged no warning")
        return
    print("\nFAILED: not everything came back as it left, or Label Studio logged warnings (see above)")
    sys.exit(1)


if __name__ == "__main__":
    main()
