"""Export and import speed and memory of every exchange format.

    python bench/formats.py [--documents 2000] [--spans 50] [--runs 3] [--skip-peer]

Builds a SQLite project of 2,000 synthetic articles x 50 spans (100,000 annotations), then
times each export (and the native import into an empty database) in a fresh subprocess and
reports the median seconds and the peak RSS growth of that process (ru_maxrss at the end
minus the resident size before the export started). Then the same on the peer data set of
../shared/bench/gen_peer_dataset.py (2,000 articles x 20 spans): our Label Studio import, JSON,
CSV and native exports. The peer tools' figures are not printed beside them: figures taken on
another day under another load say nothing about a ratio; `make peers` (bench/peers.py)
measures Label Studio beside ours in one run.

Targets: native and CSV export each <= 5 s; peak RSS growth <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from _common import ROOT, VOCABULARY, words
from peer.data import GENERATOR, peer_codebook, peer_dataset

from annotator.config import get_settings
from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.migrate import upgrade
from annotator.services.actor import Actor
from annotator.services.exchange.data_import import import_records
from annotator.services.team.projects import create_project, get_project

LABELS = ["claim", "loaded_language", "scare_quotes", "name_calling", "hedge", "source_attribution"]
SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "w3c": ".jsonld", "labelstudio": ".json", "brat": ".zip", "semeval": ".zip"}


def _rss_bytes() -> int:
    with open("/proc/self/statm") as fp:
        return int(fp.read().split()[1]) * resource.getpagesize()


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def article(count: int, seed: int) -> str:
    """Lines of 40 words with CRLF breaks, and a combining accent ("e\u0301") among the words."""
    return words(random.Random(seed), count, (*VOCABULARY, "e\u0301"), per_line=40, line_break="\r\n") + "\n"


def build(url: str, documents: int, spans: int, annotators: int = 3) -> None:
    db = Database(url)
    upgrade(db.engine)
    actor = Actor.system()
    project = create_project(db, actor, "bench")
    rng = random.Random(7)
    records = []
    for d in range(documents):
        text = article(500, d)
        anns = []
        for s in range(spans):
            start = rng.randrange(0, len(text) - 40)
            end = start + rng.randint(3, 30)
            attributes = {"claimant": "a source", "check_worthy": True, "verdict": "mixed"} if s % 10 == 0 else {}
            label = "claim" if attributes else rng.choice(LABELS[1:])
            anns.append(AnnotationRecord(start, end, label, text[start:end], annotator=f"annotator{s % annotators}",
                                         attributes=attributes, note="check this" if s % 7 == 0 else None))
        records.append(DocumentRecord(text=text, title=f"Article {d}", url=f"https://news.example/{d}", external_id=str(d),
                                      annotations=anns))
        if len(records) == 500:
            import_records(db, actor, project.id, records)
            records = []
    if records:
        import_records(db, actor, project.id, records)
    db.dispose()


def child(args: argparse.Namespace) -> None:
    """One measured operation in this fresh process; prints JSON."""
    from annotator.ingest.local import load_paths
    from annotator.services.exchange.data_export import ExportFilter
    from annotator.services.exchange.exports import export_to_path
    from annotator.services.exchange.project_import import import_into_project

    db = Database(args.url)
    actor = Actor.system()
    baseline = _rss_bytes()
    cpu = time.process_time()
    started = time.perf_counter()
    if args.op == "export":
        project = get_project(db, actor, args.project)
        flt = ExportFilter(annotators=(args.annotator,)) if args.annotator else None
        export_to_path(db, actor, project.id, args.fmt, Path(args.out), flt)
    else:
        # The 100,000-span native file is larger than the default 50 MB import limit.
        settings = replace(get_settings(args.url), max_import_bytes=2**31)
        loaded = load_paths([args.out], fmt=args.fmt, settings=settings)
        assert not loaded.issues, loaded.issues[:3]
        import_into_project(db, actor, args.project, loaded.records, entities=loaded.entities,
                            codebook=args.codebook, annotator=args.annotator)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "cpu": time.process_time() - cpu, "rss_growth": _peak_bytes() - baseline}))


def measure(argv: list[str], runs: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds (user + system: steadier when other work shares
    the machine) and median peak RSS growth in MB."""
    seconds, cpu, growth = [], [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, __file__, "--child", *argv], capture_output=True, text=True, check=False)
        if out.returncode:
            raise SystemExit(f"{' '.join(argv)} failed:\n{out.stderr[-3000:]}")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        seconds.append(result["seconds"])
        cpu.append(result["cpu"])
        growth.append(result["rss_growth"] / 2**20)
    return statistics.median(seconds), statistics.median(cpu), statistics.median(growth)


def _fresh(url_path: Path) -> str:
    url_path.unlink(missing_ok=True)
    url = f"sqlite:///{url_path}"
    db = Database(url)
    upgrade(db.engine)
    db.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--spans", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--op"), parser.add_argument("--url"), parser.add_argument("--fmt")
    parser.add_argument("--out"), parser.add_argument("--project"), parser.add_argument("--annotator")
    parser.add_argument("--codebook")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory(prefix="annotator-bench-formats-") as directory:
        work = Path(directory)
        url = f"sqlite:///{work / 'source.sqlite3'}"
        started = time.perf_counter()
        build(url, args.documents, args.spans)
        total = args.documents * args.spans
        print(f"{args.documents:,} documents x {args.spans} spans = {total:,} annotations "
              f"(built in {time.perf_counter() - started:.1f} s); median of {args.runs} runs, each in a fresh process")
        print(f"{'operation':<40}{'seconds':>9}{'CPU s':>8}{'peak RSS growth':>18}")
        for fmt in SUFFIX:
            out = work / f"export{SUFFIX[fmt]}"
            extra = ["--annotator", "annotator0"] if fmt == "semeval" else []
            seconds, cpu, growth = measure(["--op", "export", "--url", url, "--fmt", fmt, "--out", str(out),
                                            "--project", "bench", *extra], args.runs)
            note = " (one annotator: a third)" if fmt == "semeval" else ""
            print(f"{'export ' + fmt + note:<40}{seconds:>9.2f}{cpu:>8.2f}{growth:>15.0f} MB")
        native = work / "export.jsonl"
        target = work / "target.sqlite3"
        runs = []
        for _ in range(args.runs):
            target_url = _fresh(target)
            runs.append(measure(["--op", "import", "--url", target_url, "--fmt", "jsonl", "--out", str(native),
                                 "--project", "copy"], 1))
        print(f"{'import jsonl (native)':<40}{statistics.median(r[0] for r in runs):>9.2f}"
              f"{statistics.median(r[1] for r in runs):>8.2f}{statistics.median(r[2] for r in runs):>15.0f} MB")
        print("targets: native and CSV export <= 5 s each; peak RSS growth <= 300 MB")
        if not args.skip_peer:
            peer(work, args.runs)


def peer(work: Path, runs: int) -> None:
    if not GENERATOR.exists():
        print(f"(peer data set skipped: {GENERATOR} not found)")
        return
    data = peer_dataset(work / "peer")
    codebook = peer_codebook(data, work / "peer-codebook.yaml")
    results = []
    for _ in range(runs):
        url = _fresh(work / "peer.sqlite3")
        results.append(measure(["--op", "import", "--url", url, "--fmt", "labelstudio", "--out", str(data / "ls_short.json"),
                                "--project", "peer", "--codebook", str(codebook), "--annotator", "peer"], 1))
    print("\npeer data set (2,000 articles x 20 spans = 40,000; Label Studio beside it: `make peers`):")
    print(f"{'operation':<40}{'seconds':>9}{'CPU s':>8}{'peak RSS growth':>18}")
    print(f"{'import Label Studio JSON':<40}{statistics.median(r[0] for r in results):>9.2f}"
          f"{statistics.median(r[1] for r in results):>8.2f}{statistics.median(r[2] for r in results):>15.0f} MB")
    for fmt in ("labelstudio", "csv", "jsonl"):
        seconds, cpu, growth = measure(["--op", "export", "--url", url, "--fmt", fmt,
                                        "--out", str(work / f"peer{SUFFIX[fmt]}"), "--project", "peer"], runs)
        print(f"{'export ' + fmt:<40}{seconds:>9.2f}{cpu:>8.2f}{growth:>15.0f} MB")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
