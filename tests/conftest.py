"""Fixtures shared by the whole suite: databases on SQLite and PostgreSQL, actors, corpus.

Under CI=true a test that needs PostgreSQL or a browser and skips is turned into a failure:
CI must exercise those paths, not silently pass over them.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import create_user
from annotator.services.actor import Actor

from .support.databases import create_pg_database, sqlite_database, sqlite_template, truncate_all
from .support.pgserver import PgServer, PostgresUnavailable, start_server

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MUST_NOT_SKIP = {"pg", "browser"}

# Tests never write into the working tree: Hypothesis keeps its files in the temp directory.
if not os.getenv("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "annotator-hypothesis")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and MUST_NOT_SKIP & {m.name for m in item.iter_markers()}:
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped under CI=true, which counts as a failure: {reason}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        server = start_server()
    except PostgresUnavailable as error:
        pytest.skip(str(error))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_url(pg_server: PgServer) -> str:
    return create_pg_database(pg_server, "annotator_test")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db(request: pytest.FixtureRequest, tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        database = sqlite_database(_sqlite_template, tmp_path)
    else:
        database = Database(request.getfixturevalue("pg_url"))
        truncate_all(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, _sqlite_template: Path) -> Iterator[Database]:
    database = sqlite_database(_sqlite_template, tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def system() -> Actor:
    return Actor.system()


#: The password of every account `make_user` makes.
USER_PASSWORD = "correct horse battery"


def make_user(db: Database, name: str, role: GlobalRole = GlobalRole.ANNOTATOR) -> Actor:
    user = create_user(db, Actor.system(), name, USER_PASSWORD, role=role)
    return Actor(user.id, user.username, GlobalRole(user.role))


@pytest.fixture
def admin(db: Database) -> Actor:
    return make_user(db, "lead", GlobalRole.ADMIN)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
