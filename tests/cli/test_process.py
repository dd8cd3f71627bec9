"""The command line's process (cli/process.py): the collector is off only for the imports, and
ending without the interpreter's teardown loses nothing: output, exit status, the database."""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main, process

ROOT = Path(__file__).resolve().parents[2]



def annotator(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m annotator ARGS` with its output block-buffered, as when piped to a file."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    return subprocess.run([sys.executable, "-m", "annotator", *args], cwd=ROOT, capture_output=True, text=True,
                          check=False, env=env)


@pytest.fixture
def collector() -> Iterator[None]:
    """Restores the collector whatever a test did to it."""
    yield
    gc.enable()
    gc.unfreeze()


@pytest.mark.usefixtures("collector")
def test_the_collector_is_off_until_the_command_settles() -> None:
    process.start()
    assert not gc.isenabled()
    process.settled()
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()
    process.settled()  # a second time (a command that opens two databases) changes nothing
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collector")
def test_settled_without_start_leaves_a_host_process_alone() -> None:
    """`cli.main` called in a test or a notebook: its collector is not frozen or touched."""
    process.settled()
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_command_writes_its_database_whole_and_closes_it(tmp_path: Path) -> None:
    """The write-ahead log is folded back into the file when the process ends, as a normal
    exit does: a copy of the file alone holds the command's work."""
    path = tmp_path / "a.sqlite3"
    url = f"sqlite:///{path}"
    assert annotator("--database", url, "init").returncode == 0
    made = annotator("--database", url, "projects", "create", "Closing time")
    assert made.returncode == 0, made.stderr
    assert "Closing time" in made.stdout
    assert not Path(f"{path}-wal").exists()
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(path.read_bytes())
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT name FROM projects").fetchall() == [("Closing time",)]


def test_exit_status_and_error_output_come_through(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'b.sqlite3'}"
    annotator("--database", url, "init")
    refused = annotator("--database", url, "projects", "add-member", "nowhere", "alice")
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and "nowhere" in refused.stderr


def test_output_larger_than_a_pipe_buffer_arrives_whole(tmp_path: Path) -> None:
    """Output still in Python's buffers when the command returns is written before the end."""
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    annotator("--database", url, "init")
    names = [f"Project {i:03d} " + "x" * 180 for i in range(400)]  # ~90 KB listed, a pipe holds 64 KB
    for name in names:
        assert main(["--database", url, "projects", "create", name]) == 0
    listed = annotator("--database", url, "projects", "list")
    assert listed.returncode == 0
    assert sorted(line.split("\t")[1] for line in listed.stdout.splitlines()) == names
