"""Ours beside Label Studio 1.23.2 (issue 18): same data, same run, alternating tools.

    .venv/bin/python bench/peers.py [--runs 3]        # or: make peers

On the peer data set of ../shared/bench/ (2,000 articles x 20 spans; one 20,000-word article
with 1,000 spans), each operation runs `--runs` times per tool, the tools taking turns (which
goes first alternates from run to run):

- import `ls_short.json` into an empty database / project. Ours: the whole CLI process
  `python -m annotator import ls_short.json --project peer --format labelstudio` into a new
  SQLite database (made by `init` beforehand, not timed). Theirs: create a project with
  `ls_config.xml` and POST the file to its import API until the 2,000 tasks are stored.
- export JSON (ours: `export --format labelstudio`; theirs: exportType=JSON) and export CSV
  (ours: a row per span; theirs: a row per task), of the project just imported. Ours is the
  whole CLI process again; theirs the API call until the last byte arrived.
- the long article's page load until all 1,000 highlights are painted, in a new browser context
  each time (nothing cached, the login restored from cookies), headless Debian chromium
  (/usr/bin/chromium, never a downloaded browser). Ours: what bench/workspace.py measures
  (navigation start to the second animation frame after the highlighter drew them). Theirs:
  the task opened in Label Studio's labeling UI (`/projects/<id>/data?task=<id>`), navigation
  start to the animation frame after the one in which 1,000 regions have highlight spans
  (`span.htx-highlight`, one region per `htx-highlight-<region id>` class; a region that crosses
  a paragraph break has two spans). Both browsers resolve no host but 127.0.0.1; requests
  elsewhere are counted and reported.

Prints medians with min-max, the ratio ours / Label Studio, the peak resident memory (ours:
the CLI process, from wait4, or the app server during page loads; theirs: the Label Studio
server's process tree, sampled every 0.1 s, i.e. the whole long-running server), the load
average at start and end, the date and the machine; and `python -m annotator --help` wall
time (median of 5). Label Studio is installed and started by bench/peer/labelstudio.py.
Our CLI processes find our modules compiled, as an installed package has them (`CLI_ENV`).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from _common import ROOT
from peer import labelstudio
from peer.data import peer_codebook, peer_dataset
from workspace import PASSWORD, USER, load_to_painted, seed

from tests.support.appserver import CHROMIUM, CHROMIUM_ARGS, log_in, running_app

MiB = 2**20
T = TypeVar("T")
#: Only loopback resolves: nothing the pages ask for can leave the machine.
BROWSER_ARGS = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
OPERATIONS = ("import", "export JSON", "export CSV", "page load")
TITLES = {
    "import": "import the Label Studio JSON into an empty database / project",
    "export JSON": "export JSON (ours: `labelstudio` format)",
    "export CSV": "export CSV (ours: a row per span; theirs: a row per task)",
    "page load": "long article (1,000 spans): page load to all painted",
}

# Installed before any page script runs: counts regions with highlight spans once per frame;
# the frame after the one in which all are there has painted them.
_LS_PAINTED = """(() => {
  if (window !== window.top) return;
  let seen = false;
  const tick = () => {
    const spans = document.getElementsByClassName('htx-highlight');
    if (seen) { window.__lsPaintedAt = performance.now(); return; }
    if (spans.length >= %d) {
      const regions = new Set();
      for (const span of spans) {
        for (const name of span.classList) {
          if (name.startsWith('htx-highlight-') && name !== 'htx-highlight-last') regions.add(name);
        }
      }
      window.__lsRegions = regions.size;
      seen = regions.size >= %d;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""


class Peak:
    """Peak resident memory of a process tree while a block runs, sampled every 0.1 s from /proc
    (the tree is found once: neither server starts processes per request)."""

    def __init__(self, pid: int) -> None:
        self.pids = labelstudio.descendants(pid)
        self.bytes = labelstudio.rss_bytes(self.pids)
        self._done = threading.Event()

    def _sample(self) -> None:
        while not self._done.wait(0.1):
            self.bytes = max(self.bytes, labelstudio.rss_bytes(self.pids))

    @contextmanager
    def watching(self) -> Iterator[Peak]:
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._done.set()
            thread.join()
            self.bytes = max(self.bytes, labelstudio.rss_bytes(self.pids))


#: The environment of our CLI processes. Label Studio runs from an installed package whose
#: bytecode pip compiled at install; ours runs from the source tree, and with
#: PYTHONDONTWRITEBYTECODE (set in some shells) every process would compile our modules again
#: (0.1-0.2 s). So our processes get a bytecode cache of their own, filled before the timed
#: runs (`compile_ours`), as an installed package has it.
CLI_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def compile_ours(cache: Path) -> None:
    """Our modules' bytecode in `cache` (PYTHONPYCACHEPREFIX of every CLI process here)."""
    CLI_ENV["PYTHONPYCACHEPREFIX"] = str(cache)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "annotator")], env=CLI_ENV, check=True)


def cli(*args: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes, from wait4) of one `python -m annotator` process."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "annotator", *args], cwd=ROOT, env=CLI_ENV,
                                   stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            output.seek(0)
            sys.exit(f"python -m annotator {' '.join(args)} failed:\n{output.read().decode(errors='replace')[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024


def peak_of(pid: int, action: Callable[[], T]) -> tuple[T, int]:
    """What `action` returns, and the peak RSS of process `pid`'s tree meanwhile."""
    with Peak(pid).watching() as peak:
        result = action()
    return result, peak.bytes


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


class Ours:
    def __init__(self, work: Path, dataset: Path) -> None:
        self.work, self.dataset = work, dataset
        self.codebook = peer_codebook(dataset, work / "peer-codebook.yaml")
        self.database = ""

    def run(self, operation: str) -> tuple[float, int]:
        if operation == "import":
            path = self.work / "ours.sqlite3"
            path.unlink(missing_ok=True)
            self.database = f"sqlite:///{path}"
            cli("--database", self.database, "init")
            return cli("--database", self.database, "import", str(self.dataset / "ls_short.json"), "--project", "peer",
                       "--format", "labelstudio", "--codebook", str(self.codebook), "--annotator", "peer")
        fmt, suffix = ("labelstudio", "json") if operation == "export JSON" else ("csv", "csv")
        return cli("--database", self.database, "export", "--project", "peer", "--format", fmt,
                   "--output", str(self.work / f"ours-export.{suffix}"))


class Theirs:
    def __init__(self, studio: labelstudio.LabelStudio, dataset: Path) -> None:
        self.studio, self.dataset = studio, dataset
        self.config = (dataset / "ls_config.xml").read_text(encoding="utf-8")
        self.tasks = (dataset / "ls_short.json").read_bytes()
        self.project: int | None = None

    def run(self, operation: str) -> tuple[float, int]:
        studio = self.studio
        if operation == "import":
            if self.project is not None:
                studio.delete_project(self.project)  # keeps the server's database small; not timed

            def load() -> None:
                self.project = studio.create_project(f"peer {time.time():.0f}", self.config)
                studio.import_tasks(self.project, self.tasks, expect=2000)

            return peak_of(studio.process.pid, lambda: timed(load))
        project = self.project
        assert project is not None
        return peak_of(studio.process.pid, lambda: timed(lambda: studio.export(project, operation.split()[1])))


def ls_load_to_painted(browser: Any, studio: labelstudio.LabelStudio, state: Any, project: int, task: int,
                       outside: list[str], regions: int = 1000) -> float:
    """Milliseconds from navigation start until Label Studio's labeling UI has painted the
    highlights of `regions` regions, in a new browser context (the login from `state`);
    requests to other hosts go to `outside` (they fail: the browser resolves only loopback)."""
    context = browser.new_context(viewport={"width": 1480, "height": 940}, storage_state=state)
    context.add_init_script(_LS_PAINTED % (regions, regions))
    context.on("request", lambda request: None if request.url.startswith((studio.url, "data:", "blob:"))
               else outside.append(request.url))
    page = context.new_page()
    page.goto(f"{studio.url}/projects/{project}/data?task={task}")
    page.wait_for_function("() => window.__lsPaintedAt !== undefined", timeout=120_000)
    painted = float(page.evaluate("() => window.__lsPaintedAt"))
    context.close()
    return painted


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))) * 1024
    return f"{os.cpu_count()} cores, {memory / 2**30:.1f} GiB RAM, {model}; Python {platform.python_version()}"


def figure(values: list[float], unit: str) -> str:
    return f"{statistics.median(values):.2f} {unit} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=OPERATIONS, action="append",
                        help="measure only this operation (repeatable; an export brings the import it exports); "
                             "default: all")
    args = parser.parse_args()
    chosen = set(args.only or OPERATIONS)
    if chosen & {"export JSON", "export CSV"}:
        chosen.add("import")
    operations = tuple(op for op in OPERATIONS if op in chosen)
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is needed (Debian's chromium package)")
    load_start = os.getloadavg()
    started = datetime.now(UTC)
    times: dict[tuple[str, str], list[float]] = {(op, who): [] for op in operations for who in ("ours", "theirs")}
    peaks: dict[tuple[str, str], int] = dict.fromkeys(times, 0)
    outside: list[str] = []
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="annotator-bench-peers-") as tmp, labelstudio.running() as studio:
        work = Path(tmp)
        compile_ours(work / "pycache")
        dataset = peer_dataset(work / "peer")
        app_db = f"sqlite:///{work / 'app.sqlite3'}"
        document_id, _, _ = seed(app_db, dataset, relations=0)  # Label Studio's long task has none either
        long_project = studio.create_project(f"long {time.time():.0f}", (dataset / "ls_config.xml").read_text())
        studio.import_tasks(long_project, dataset / "ls_long.json", expect=1)
        task = studio.first_task(long_project)
        theirs = Theirs(studio, dataset)
        tools: dict[str, Ours | Theirs] = {"ours": Ours(work, dataset), "theirs": theirs}
        with running_app(app_db, work) as app, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
            ours_page, theirs_page = browser.new_page(), browser.new_page()
            log_in(ours_page, app.url, USER, PASSWORD)
            studio.log_in(theirs_page)
            cookies, state = ours_page.context.cookies(), theirs_page.context.storage_state()
            for page in (ours_page, theirs_page):
                page.context.close()
            loads = {
                "ours": lambda: peak_of(app.process.pid, lambda: load_to_painted(
                    browser, app.url, cookies, document_id) / 1000),
                "theirs": lambda: peak_of(studio.process.pid, lambda: ls_load_to_painted(
                    browser, studio, state, long_project, task, outside) / 1000),
            }
            for run in range(args.runs):
                order = ("ours", "theirs") if run % 2 == 0 else ("theirs", "ours")
                for operation in operations:
                    for who in order:
                        seconds, peak = loads[who]() if operation == "page load" else tools[who].run(operation)
                        times[(operation, who)].append(seconds)
                        peaks[(operation, who)] = max(peaks[(operation, who)], peak)
                print(f"run {run + 1} of {args.runs} done", file=sys.stderr)
            browser.close()
        for project in (long_project, theirs.project):  # Label Studio's data folder is kept between runs
            if project is not None:
                studio.delete_project(project)
    help_times = [cli("--help")[0] for _ in range(5)]
    load_end = os.getloadavg()
    print(f"Ours beside Label Studio {labelstudio.VERSION}: same data, same run, alternating tools, "
          f"median of {args.runs} (min-max)")
    print(f"{started:%Y-%m-%d %H:%M} UTC; {machine()}")
    print("load average (1, 5, 15 min) at start {:.2f} {:.2f} {:.2f}, at end {:.2f} {:.2f} {:.2f}".format(
        *load_start, *load_end))
    print(f"\n| operation | ours | Label Studio {labelstudio.VERSION} | ours / LS | peak RSS ours | peak RSS LS |")
    print("|---|---|---|---|---|---|")
    for operation in operations:
        mine, other = times[(operation, "ours")], times[(operation, "theirs")]
        ratio = statistics.median(mine) / statistics.median(other)
        print(f"| {TITLES[operation]} | {figure(mine, 's')} | {figure(other, 's')} | {ratio:.2f} | "
              f"{peaks[(operation, 'ours')] / MiB:,.0f} MiB | {peaks[(operation, 'theirs')] / MiB:,.0f} MiB |")
    print("\npeak RSS ours: the CLI process (the app server for page loads); LS: its server's process tree")
    print(f"`python -m annotator --help`: {figure(help_times, 's')}, median of 5")
    print(f"requests of the pages to other hosts (none resolves): {len(outside)}"
          + (f", e.g. {', '.join(sorted(set(outside))[:3])}" if outside else ""))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
