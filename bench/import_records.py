"""Memory and time of an import of many tiny documents (issue 11, item 6).

    python bench/import_records.py [--records 1000000] [--format jsonl|labelstudio]
                                   [--cap-mb 8000] [--cap-seconds 900]

Writes a JSON-lines file of N tiny articles (`{"text":"d0000001"}`, about 18 bytes a line:
10^6 lines are an 18 MB file, well under the byte limit), or a Label Studio file of N tiny
tasks (one JSON document, parsed whole: the worst case for memory per byte), then runs
`python -m annotator import FILE --project P` in a fresh process against an empty SQLite
database and reports its wall seconds, peak RSS (ru_maxrss of the child) and how it ended
(exit code and the last line it printed). A watchdog kills the child when its resident size
passes --cap-mb or it runs longer than --cap-seconds, so a run on a shared machine ends.

Extra environment (e.g. ANNOTATOR_MAX_IMPORT_RECORDS=2000000) is passed through to the child.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import ROOT


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fp:
            return int(fp.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (FileNotFoundError, ProcessLookupError):
        return 0.0


def write_file(path: Path, records: int, fmt: str) -> None:
    with path.open("w", encoding="utf-8") as fp:
        if fmt == "jsonl":
            for n in range(records):
                fp.write(f'{{"text":"d{n:07d}"}}\n')
            return
        fp.write("[" + ",\n".join(f'{{"data":{{"text":"d{n:07d}"}}}}' for n in range(records)) + "]\n")


def run(path: Path, database: str, cap_mb: float, cap_seconds: float) -> dict[str, object]:
    python = sys.executable
    subprocess.run([python, "-m", "annotator", "--database", database, "init"], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    child = subprocess.Popen([python, "-m", "annotator", "--database", database, "import", str(path),
                              "--project", "P"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
    killed: list[str] = []

    def watch() -> None:
        while child.poll() is None:
            if _rss_mb(child.pid) > cap_mb:
                killed.append(f"killed: resident size passed {cap_mb:.0f} MB")
                child.kill()
            elif time.perf_counter() - started > cap_seconds:
                killed.append(f"killed: still running after {cap_seconds:.0f} s")
                child.kill()
            time.sleep(0.2)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    watcher.join()
    lines = [line for line in output.splitlines() if line.strip()]
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "exit": os.waitstatus_to_exitcode(status),
            "ended": killed[0] if killed else (lines[-1] if lines else "")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["jsonl", "labelstudio"], default="jsonl")
    parser.add_argument("--cap-mb", type=float, default=8000)
    parser.add_argument("--cap-seconds", type=float, default=900)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as directory:
        path = Path(directory) / ("tiny.jsonl" if args.format == "jsonl" else "tiny.json")
        write_file(path, args.records, args.format)
        size = path.stat().st_size / 2**20
        result = run(path, f"sqlite:///{Path(directory) / 'bench.sqlite3'}", args.cap_mb, args.cap_seconds)
    print(f"{args.records:,} tiny documents, {args.format} ({size:.1f} MB file): {result['seconds']:.1f} s wall, "
          f"peak RSS {result['peak_mb']:.0f} MB, exit {result['exit']}")
    print(f"  ended with: {str(result['ended'])[:300]}")


if __name__ == "__main__":
    main()
