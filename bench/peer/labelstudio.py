"""A real Label Studio on loopback, for the interop check and the peer benchmark.

    with running() as studio:                      # installs on first use, then starts
        project = studio.create_project("Interop", label_config)
        studio.import_tasks(project, Path("tasks.json"), expect=41)
        Path("back.json").write_bytes(studio.export(project, "JSON"))

**Install.** `install()` makes a virtual environment of its own, `.bench/labelstudio-1.23.2/`
(the version issues 17 and 18 name; PyPI has it), and runs `pip install label-studio==1.23.2`
into it: about 1 GB and 3 minutes on the 2-core machine, once (a stamp file marks a finished
install; pip's log is `.bench/labelstudio-install.log`). Our `.venv` is untouched, and nothing
of it is needed by `make test`.

**Start.** `running()` starts `label-studio start` from that environment on 127.0.0.1 and a free
port, with its data (SQLite database, media, secret key) in `.bench/labelstudio-data/`, kept
between runs (`fresh=True` wipes it). The first start creates and migrates the database (one to
two minutes); later starts take about 15 s. The account is created without a prompt:
`--username bench@localhost --password ... --user-token ...`, and `--enable-legacy-api-token`
lets the organisation accept that token as `Authorization: Token ...` (1.23 otherwise accepts
only its JWT personal tokens). Password and token are random, made once per data folder and
kept in `.bench/labelstudio-data/bench-login.json` (a throwaway account on a loopback server).
`running()` returns once `/health` answers and the token works, and stops the server (by its
process id) on exit.

**Nothing leaves the machine** (its only network is the package registries). The environment
`QUIET` below turns off each call Label Studio makes on its own: error reports to Sentry (server
and browser; the browser one is also a `<script>` from sentry-cdn), usage analytics (contextlog,
to tele.labelstud.io), the PyPI check for a newer release at start, remote feature flags, and
export converters fetching task resources. Self-service sign-up is closed
(`LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK`). The peer benchmark's browser also refuses every
request that is not to loopback and counts them.

**API used** (Label Studio's REST API with the token): `POST /api/projects` (title, label
config), `POST /api/projects/<id>/import` (a JSON list of tasks in the body; the Community
edition stores them before it answers, other editions answer with an import id that is polled),
`GET /api/projects/<id>` (task and annotation counts), `GET /api/projects/<id>/export?exportType=
JSON|CSV|JSON_MIN&download_all_tasks=true`, `GET /api/users`, `GET /api/tasks?project=<id>`,
`DELETE /api/projects/<id>`.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VERSION = "1.23.2"
HOME = ROOT / ".bench"
VENV = HOME / f"labelstudio-{VERSION}"
DATA = HOME / "labelstudio-data"
EMAIL = "bench@localhost"
EXPORT_FORMATS = ("JSON", "CSV", "JSON_MIN")

#: Label Studio settings (read with or without a LABEL_STUDIO_ prefix) that keep it on this machine.
QUIET = {
    "SENTRY_DSN": "",  # server error reports (the default is a sentry.io project)
    "FRONTEND_SENTRY_DSN": "",  # browser error reports, and the sentry-cdn <script> in every page
    "COLLECT_ANALYTICS": "false",  # usage events posted to tele.labelstud.io
    "LATEST_VERSION_CHECK": "false",  # PyPI query for a newer release
    "FEATURE_FLAGS_OFFLINE": "true",  # flags from the bundled file (the default, made explicit)
    "CONVERTER_DOWNLOAD_RESOURCES": "false",  # exports never fetch the tasks' media
    "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",  # no self-service accounts
    "DEBUG": "false",
    "LOG_LEVEL": "WARNING",  # what the interop check reports as Label Studio's warnings
}


class LabelStudioError(RuntimeError):
    """Label Studio refused a request or did not come up; the message has its answer or log."""


def install(version: str = VERSION) -> Path:
    """The `label-studio` program of a virtual environment with that version, installed once."""
    venv = HOME / f"labelstudio-{version}"
    program, stamp = venv / "bin" / "label-studio", venv / f".installed-{version}"
    if stamp.exists() and program.exists():
        return program
    HOME.mkdir(exist_ok=True)
    log = HOME / "labelstudio-install.log"
    print(f"installing Label Studio {version} into {venv.relative_to(ROOT)} (pip; about 1 GB, a few minutes)",
          file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    with log.open("w") as out:
        done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check",
                               f"label-studio=={version}"], stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode:
        raise LabelStudioError(f"pip could not install label-studio=={version}; see {log}")
    stamp.touch()
    return program


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _login(data: Path) -> dict[str, str]:
    """The account of this data folder: made once, with a random password and token."""
    path = data / "bench-login.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    if data.exists():  # a database whose account we do not know: start again
        shutil.rmtree(data)
    data.mkdir(parents=True)
    login = {"email": EMAIL, "password": secrets.token_urlsafe(16), "token": secrets.token_hex(20)}
    path.write_text(json.dumps(login))
    path.chmod(0o600)
    return login


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it, from /proc (no psutil in our environment)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command name (field 2) may hold spaces: the parent id follows its ')'.
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of these processes, summed (those that have ended count nothing)."""
    total = 0
    for each in pids:
        try:
            total += int(Path(f"/proc/{each}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class LabelStudio:
    """A started server and what it takes to talk to it."""

    url: str
    email: str
    password: str
    token: str
    process: subprocess.Popen[bytes]
    log: Path

    # --- the REST API -------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes | None = None, *, timeout: float = 900) -> bytes:
        headers = {"Authorization": f"Token {self.token}", "Content-Type": "application/json"}
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as error:
            raise LabelStudioError(f"{method} {path}: HTTP {error.code}: {error.read()[:2000]!r}") from None

    def call(self, method: str, path: str, payload: Any = None) -> Any:
        body = None if payload is None else json.dumps(payload).encode()
        answer = self.request(method, path, body)
        return json.loads(answer) if answer else None

    def create_project(self, title: str, label_config: str) -> int:
        return int(self.call("POST", "/api/projects", {"title": title, "label_config": label_config})["id"])

    def import_tasks(self, project: int, tasks: Path | bytes, *, expect: int | None = None,
                     timeout: float = 900) -> dict[str, Any]:
        """POST a JSON list of tasks and return once they are stored: Label Studio's answer (task,
        annotation and prediction counts, or an import id that is polled to its end), after
        checking that the project holds `expect` tasks."""
        body = tasks.read_bytes() if isinstance(tasks, Path) else tasks
        answer: dict[str, Any] = json.loads(self.request("POST", f"/api/projects/{project}/import", body))
        deadline = time.monotonic() + timeout
        if "import" in answer:  # editions that import in the background
            while (state := self.call("GET", f"/api/projects/{project}/imports/{answer['import']}"))["status"] \
                    not in ("completed", "failed"):
                if time.monotonic() > deadline:
                    raise LabelStudioError(f"import {answer['import']} still {state['status']} after {timeout} s")
                time.sleep(0.1)
            answer = {**answer, **state}
        while expect is not None and (stored := self.call("GET", f"/api/projects/{project}")["task_number"]) < expect:
            if time.monotonic() > deadline:
                raise LabelStudioError(f"project {project} holds {stored} of {expect} tasks after {timeout} s")
            time.sleep(0.1)
        return answer

    def export(self, project: int, fmt: str = "JSON") -> bytes:
        """The whole project (tasks without annotations too) in one of EXPORT_FORMATS."""
        return self.request("GET", f"/api/projects/{project}/export?exportType={fmt}&download_all_tasks=true")

    def users(self) -> list[dict[str, Any]]:
        return list(self.call("GET", "/api/users"))

    def first_task(self, project: int) -> int:
        return int(self.call("GET", f"/api/tasks?project={project}&page=1&page_size=1")["tasks"][0]["id"])

    def delete_project(self, project: int) -> None:
        self.request("DELETE", f"/api/projects/{project}/")

    # --- the browser and the process ----------------------------------------------------

    def log_in(self, page: Any) -> None:
        """Log a Playwright page in through Label Studio's form; its cookies then serve new contexts."""
        page.goto(f"{self.url}/user/login/")
        page.fill("input[name=email]", self.email)
        page.fill("input[name=password]", self.password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/user/login" not in url, timeout=60_000)

    def log_size(self) -> int:
        return self.log.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log.open("rb") as fp:
            fp.seek(offset)
            return fp.read().decode("utf-8", "replace")

    def rss_bytes(self) -> int:
        """Resident memory of the server's process tree now."""
        return rss_bytes(descendants(self.process.pid))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session: started with it
                self.process.wait(timeout=10)


def _wait_healthy(studio: LabelStudio, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if studio.process.poll() is not None:
            raise LabelStudioError(f"Label Studio exited early:\n{studio.log.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(f"{studio.url}/health", timeout=3) as response:
                if json.loads(response.read()).get("status") == "UP":
                    studio.users()  # the token works too
                    return
        except (OSError, ValueError, LabelStudioError):
            pass
        time.sleep(0.5)
    raise LabelStudioError(f"Label Studio did not answer within {timeout} s:\n"
                           f"{studio.log.read_text(errors='replace')[-4000:]}")


@contextmanager
def running(*, fresh: bool = False, data: Path = DATA, timeout: float = 600) -> Iterator[LabelStudio]:
    """A started Label Studio (installed first if need be), stopped on exit."""
    program = install()
    if fresh and data.exists():
        shutil.rmtree(data)
    login = _login(data)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = data / "server.log"
    env = {**os.environ, **QUIET, "LABEL_STUDIO_BASE_DATA_DIR": str(data)}
    with log.open("ab") as out:
        process = subprocess.Popen(
            [str(program), "start", "--no-browser", "--internal-host", "127.0.0.1", "--port", str(port),
             "--host", url, "--data-dir", str(data), "--username", login["email"], "--password", login["password"],
             "--user-token", login["token"], "--enable-legacy-api-token"],
            cwd=data, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    studio = LabelStudio(url, login["email"], login["password"], login["token"], process, log)
    try:
        _wait_healthy(studio, timeout)
        yield studio
    finally:
        studio.stop()
