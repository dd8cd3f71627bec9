"""Settings read from the environment, lazily, so that importing the package starts nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: The repository root: db/ (migrations, default SQLite file) lives beside the package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DB_DIR = PROJECT_ROOT / "db"
MIGRATIONS_DIR = DB_DIR / "migrations"
DEFAULT_SQLITE_PATH = DB_DIR / "annotator.sqlite3"

DATABASE_URL_ENV = "ANNOTATOR_DATABASE_URL"
DEFAULT_MAX_IMPORT_RECORDS = 200_000
#: Most members (files and folders) a zip may hold: a brat export of 50,000 documents.
DEFAULT_MAX_ZIP_MEMBERS = 100_000
_TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """What the app needs to know about its environment."""

    database_url: str
    #: Largest upload or fetched page accepted, in bytes.
    max_import_bytes: int = 50 * 1024 * 1024
    #: Largest total a zip may expand to on import, in bytes.
    max_unzipped_bytes: int = 200 * 1024 * 1024
    #: Seconds a whole URL fetch may take (resolving, connecting, every redirect, the body).
    fetch_timeout: float = 10.0
    #: Whether URL import may fetch loopback, private, link-local and other non-public
    #: addresses (tests, intranets); off by default, so that no user can make the server
    #: reach its own network.
    fetch_allow_private: bool = False
    #: Most records (documents and spans) one import may bring; readers stop at the first
    #: record beyond it, so memory stays bounded (about 1 GB at the default, see the README).
    max_import_records: int = DEFAULT_MAX_IMPORT_RECORDS
    #: Most members a zip may hold on import, checked before its directory is read (zipfile
    #: makes an object of every member: a million empty files cost about a gigabyte).
    max_zip_members: int = DEFAULT_MAX_ZIP_MEMBERS


def default_database_url() -> str:
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def normalise_database_url(url: str) -> str:
    """Accept the common spellings of a PostgreSQL URL and pin the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_settings(database_url: str | None = None) -> Settings:
    """Settings from the environment; an explicit URL (e.g. from `--database`) wins."""
    url = database_url or os.environ.get(DATABASE_URL_ENV) or default_database_url()
    return Settings(
        database_url=normalise_database_url(url),
        max_import_bytes=int(os.environ.get("ANNOTATOR_MAX_IMPORT_BYTES", 50 * 1024 * 1024)),
        max_unzipped_bytes=int(os.environ.get("ANNOTATOR_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)),
        fetch_timeout=float(os.environ.get("ANNOTATOR_FETCH_TIMEOUT", 10.0)),
        fetch_allow_private=os.environ.get("ANNOTATOR_FETCH_ALLOW_PRIVATE", "").strip().lower() in _TRUE,
        max_import_records=int(os.environ.get("ANNOTATOR_MAX_IMPORT_RECORDS", DEFAULT_MAX_IMPORT_RECORDS)),
        max_zip_members=int(os.environ.get("ANNOTATOR_MAX_ZIP_MEMBERS", DEFAULT_MAX_ZIP_MEMBERS)),
    )
