"""A throwaway PostgreSQL server for the test suite, from Debian's postgresql-15 binaries.

initdb refuses to run as root, so as root the server runs as the `postgres` system user that
Debian's package creates. The cluster lives in a temporary directory, listens on a free
loopback port and a socket in that directory, and is stopped and removed at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .appserver import free_port


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    explicit = os.environ.get("ANNOTATOR_PG_BINDIR")
    candidates = [explicit] if explicit else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    try:
        listed = subprocess.run(["dpkg", "-L", "postgresql-15"], capture_output=True, text=True, check=False).stdout
    except FileNotFoundError:
        listed = ""
    for line in listed.splitlines():
        if line.endswith("/bin/initdb"):
            return Path(line).parent
    raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's postgresql-15")


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://annotator@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(command)} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result

    def start(self) -> None:
        self._run(self.bindir / "initdb", "-D", self.datadir, "-U", "annotator", "--auth=trust",
                  "-E", "UTF8", "--no-locale", "--no-sync")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120")
        self._run(self.bindir / "pg_ctl", "-D", self.datadir, "-o", options,
                  "-l", self.root / "server.log", "-w", "-t", "60", "start")

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.datadir, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PgServer:
    bindir = find_bindir()
    run_as = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise PostgresUnavailable("running as root and runuser is missing")
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError as error:
            raise PostgresUnavailable("running as root and there is no `postgres` user to run the server") from error
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
    if run_as:
        shutil.chown(root, user=run_as, group=run_as)
    root.chmod(0o700)
    server = PgServer(bindir=bindir, root=root, port=free_port(), run_as=run_as)
    try:
        server.start()
    except Exception:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return server
