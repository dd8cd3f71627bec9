"""A 100,000-document project (issue 18): build it, then time what a team does with it.

    .venv/bin/python bench/scale.py [--documents 100000] [--spans 20] [--chunk 5000]
                                    [--database sqlite|postgresql|both] [--cap-seconds 600]

Writes `--documents` synthetic articles (about 150 words each, every one different) with
`--spans` spans each, half by `ann1` and half by `ann2` (ann2's spans overlap ann1's, shifted by
a word now and then, so agreement has something to measure), as native JSONL files of
`--chunk` documents (each file stays under ANNOTATOR_MAX_IMPORT_RECORDS), and then, for SQLite
and/or the test suite's throwaway PostgreSQL:

- import: `python -m annotator import FILE --project scale --format jsonl`, one process per
  file, in turn; total wall seconds, the largest peak RSS of one process (wait4);
- export: `python -m annotator export --project scale --format jsonl|csv`, wall seconds and
  peak RSS of the process (the export streams: its memory does not grow with the project);
- Funding network page (the "Sources page" of issue 18): devices per 1,000 words per outlet
  (50 outlets matched from the articles' URLs), the service and the page (AppTest);
- documents page: the service behind it (`document_page`, first page of 50) and the whole page
  rendered by Streamlit's AppTest (log in, open Documents), median of 3 after one warm-up;
- workspace: the services a workspace rerun reads (the document, its spans, its neighbours),
  on a document in the middle, median of 5;
- agreement: `python -m annotator agreement scale` (the project study, 1,000 bootstrap
  resamples), wall seconds, stopped after `--cap-seconds`.

Prints one table per database. Nothing here asserts a time: figures are for the README.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from _common import ROOT, VOCABULARY, postgres_url

from annotator.formats import native_jsonl
from annotator.formats.records import AnnotationRecord, DocumentRecord, Manifest

MiB = 2**20
PROJECT = "scale"
PASSWORD = "a long password"
LABELS = ("loaded_language", "scare_quotes", "claim", "name_calling")
#: Outlets in the registry before the import; each article's URL is on one of their domains,
#: so the import matches outlets and the Funding network page has outlets to compare.
OUTLETS = 50


def manifest() -> Manifest:
    """The manifest of the bundled example (its project settings and the default codebook)."""
    first = (ROOT / "annotator" / "formats" / "examples" / "example.jsonl").open(encoding="utf-8").readline()
    result = native_jsonl.read(io.StringIO(first), source="example")
    assert result.manifest is not None
    return result.manifest


def article(rng: random.Random, number: int, spans: int) -> DocumentRecord:
    """A synthetic article (its number makes the text unique) with `spans` spans."""
    tokens = [f"Article {number}."] + [rng.choice(VOCABULARY) for _ in range(150)]
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    text = " ".join(tokens)
    annotations = []
    for k in range(spans):
        annotator = "ann1" if k % 2 == 0 else "ann2"
        first = 1 + (k // 2) * 7 % 140 + (1 if annotator == "ann2" and rng.random() < 0.3 else 0)
        last = first + rng.randint(0, 3)
        start, end = starts[first], starts[last] + len(tokens[last])
        annotations.append(AnnotationRecord(start=start, end=end, label=LABELS[(k // 2) % len(LABELS)],
                                            quote=text[start:end], annotator=annotator))
    return DocumentRecord(text=text, title=f"Article {number}: {tokens[1]} {tokens[2]}", annotations=annotations,
                          url=f"https://outlet{number % OUTLETS}.example/articles/{number}")


def write_files(folder: Path, documents: int, spans: int, chunk: int, first_number: int = 0) -> list[Path]:
    """Native JSONL files of `chunk` articles, numbered from `first_number` (a number makes a text unique)."""
    rng, head, paths = random.Random(18 + first_number), manifest(), []
    for first in range(first_number, first_number + documents, chunk):
        path = folder / f"scale-{first // chunk:03d}.jsonl"
        last = min(first + chunk, first_number + documents)
        with path.open("w", encoding="utf-8") as fp:
            native_jsonl.write(head, [], (article(rng, n, spans) for n in range(first, last)), fp)
        paths.append(path)
    return paths


def cli(database: str, *args: str, cap_seconds: float | None = None) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes) and the last line printed of one `python -m annotator`."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen([sys.executable, "-m", "annotator", "--database", database, *args], cwd=ROOT,
                                   stdout=output, stderr=subprocess.STDOUT)
        timer = threading.Timer(cap_seconds, process.kill) if cap_seconds else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)  # wait4, not wait(): it gives the peak RSS
        if timer:
            timer.cancel()
        if os.waitstatus_to_exitcode(status) == -9 and cap_seconds:
            return time.perf_counter() - started, 0, f"stopped after {cap_seconds:.0f} s"
        seconds = time.perf_counter() - started
        output.seek(0)
        lines = [line for line in output.read().decode(errors="replace").splitlines() if line.strip()]
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"python -m annotator {' '.join(args)} failed:\n" + "\n".join(lines[-20:]))
    return seconds, usage.ru_maxrss * 1024, lines[-1] if lines else ""


def median(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm-up: imports, caches, the database's pages
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process(database: str, cap_seconds: float) -> list[tuple[str, str]]:
    """Figures of the page and the workspace services, measured in this process."""
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from annotator.db import Database
    from annotator.errors import AuthenticationError
    from annotator.models.enums import GlobalRole
    from annotator.services.accounts.users import authenticate, create_user
    from annotator.services.actor import Actor
    from annotator.services.annotation.document_list import DocumentQuery, document_page
    from annotator.services.annotation.documents import get_document, neighbours
    from annotator.services.annotation.spans import list_annotations
    from annotator.services.registry.network import devices_per_outlet
    from annotator.services.team.projects import list_projects

    db = Database(database)
    try:  # a project measured with --existing may have its lead already
        lead = authenticate(db, "lead", PASSWORD)
    except AuthenticationError:
        view = create_user(db, Actor.system(), "lead", PASSWORD, role="admin")
        lead = Actor(view.id, "lead", GlobalRole.ADMIN)
    project = next(p for p in list_projects(db, lead) if p.name == PROJECT)
    first = document_page(db, lead, project.id)
    middle = document_page(db, lead, project.id, DocumentQuery(page=first.total // 2 + 1, per_page=1)).rows[0].id
    figures = [("documents page: first page of 50 (service)",
                f"{median(lambda: document_page(db, lead, project.id), 3):.2f} s")]
    os.environ["ANNOTATOR_DATABASE_URL"] = database
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=cap_seconds)
    at.run()
    at.text_input(key="login_username").input("lead")
    at.text_input(key="login_password").input(PASSWORD)
    at.button[0].click().run()
    at._page_hash = calc_hash("documents")

    def page() -> None:
        at.run()
        assert not at.exception, at.exception
        assert len(at.dataframe[0].value) == 50

    figures.append(("documents page: rerun to the first page drawn (AppTest)", f"{median(page, 3):.2f} s"))
    figures.append(("Funding network: devices per 1,000 words per outlet (service)",
                    f"{median(lambda: devices_per_outlet(db, lead, project.id), 3):.2f} s"))
    at._page_hash = calc_hash("network")

    def network() -> None:
        at.run()
        assert not at.exception, at.exception
        assert len(at.dataframe[0].value) == OUTLETS

    figures.append(("Funding network page: rerun to drawn (AppTest)", f"{median(network, 3):.2f} s"))

    def workspace() -> None:
        get_document(db, lead, middle)
        list_annotations(db, lead, middle)
        neighbours(db, lead, middle)

    figures.append(("workspace services: document, its spans, neighbours", f"{median(workspace, 5) * 1000:.0f} ms"))
    db.engine.dispose()
    return figures


def add_outlets(database: str) -> None:
    from annotator.db import Database
    from annotator.services.actor import Actor
    from annotator.services.registry.entities import create_entity

    db = Database(database)
    for n in range(OUTLETS):
        create_entity(db, Actor.system(), "outlet", f"Outlet {n}", domains=[f"outlet{n}.example"])
    db.engine.dispose()


def import_files(database: str, files: list[Path]) -> tuple[float, int]:
    """Total wall seconds and the largest peak RSS of importing `files`, one CLI process each."""
    seconds, peak = 0.0, 0
    for path in files:
        s, p, last = cli(database, "import", str(path), "--project", PROJECT, "--format", "jsonl")
        seconds, peak = seconds + s, max(peak, p)
        print(f"  imported {path.name}: {s:.1f} s, {p / MiB:.0f} MiB ({last})", file=sys.stderr)
    return seconds, peak


def measure(database: str, files: list[Path], cap_seconds: float, *, existing: bool = False) -> list[tuple[str, str]]:
    """The figures of one database. With `existing` the project is there already (made another way,
    e.g. grown in SQL): the files are imported into it last, as a team adds a batch to a big project."""
    figures = []
    if not existing:
        cli(database, "init")
        add_outlets(database)
        seconds, peak = import_files(database, files)
        figures.append((f"import, {len(files)} files (one process each)", f"{seconds:.1f} s, peak {peak / MiB:.0f} MiB"))
    with tempfile.TemporaryDirectory(prefix="annotator-scale-export-") as out:
        for fmt in ("jsonl", "csv"):
            s, p, last = cli(database, "export", "--project", PROJECT, "--format", fmt, "--output",
                             str(Path(out) / f"scale.{fmt}"))
            size = (Path(out) / f"scale.{fmt}").stat().st_size
            figures.append((f"export {fmt} ({size / MiB:,.0f} MiB written)", f"{s:.1f} s, peak {p / MiB:.0f} MiB"))
            print(f"  export {fmt}: {s:.1f} s ({last})", file=sys.stderr)
    figures += in_process(database, cap_seconds)
    s, p, last = cli(database, "agreement", "--project", PROJECT, cap_seconds=cap_seconds)
    figures.append(("agreement study (CLI, whole process)",
                    last if last.startswith("stopped") else f"{s:.1f} s, peak {p / MiB:.0f} MiB"))
    if existing:
        seconds, peak = import_files(database, files)
        figures.append((f"import of {len(files)} more file(s) into the project (one process each)",
                        f"{seconds:.1f} s, peak {peak / MiB:.0f} MiB"))
    return figures


@contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'scale.sqlite3'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--spans", type=int, default=20)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--cap-seconds", type=float, default=600)
    parser.add_argument("--existing", metavar="URL",
                        help="measure the project 'scale' already in this database (exports, pages, agreement), "
                             "then import one file of --chunk new documents into it")
    args = parser.parse_args()
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="annotator-scale-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        if args.existing:
            files = write_files(folder, args.chunk, args.spans, args.chunk, first_number=args.documents)
        else:
            files = write_files(folder, args.documents, args.spans, args.chunk)
        print(f"wrote {len(files)} files in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        results: dict[str, list[tuple[str, str]]] = {}
        if args.existing:
            results["existing " + args.existing.split(":", 1)[0]] = measure(args.existing, files, args.cap_seconds,
                                                                            existing=True)
        kinds = () if args.existing else ("sqlite", "postgresql") if args.database == "both" else (args.database,)
        for kind in kinds:
            with (sqlite_database(folder) if kind == "sqlite" else postgres_url()) as database:
                if database is None:
                    continue
                print(f"{kind}:", file=sys.stderr)
                results[kind] = measure(database, files, args.cap_seconds)
    load_end = os.getloadavg()
    print(f"A project of {args.documents:,} documents x {args.spans} spans "
          f"({args.documents * args.spans:,} spans); {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; "
          f"{os.cpu_count()} cores")
    print("load average (1, 5, 15 min) at start {:.2f} {:.2f} {:.2f}, at end {:.2f} {:.2f} {:.2f}".format(
        *load_start, *load_end))
    for kind, figures in results.items():
        print(f"\n| {kind} | figure |\n|---|---|")
        for name, value in figures:
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
