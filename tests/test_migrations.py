"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from annotator.db import create_null_pool_engine
from annotator.migrate import current_revision, head_revision, upgrade
from annotator.models import Base

from .support.databases import empty_pg_database
from .support.pgserver import PgServer


def _assert_no_pending_changes(url: str) -> None:
    engine = create_null_pool_engine(url)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
        upgrade(engine)  # running it again is a no-op
    finally:
        engine.dispose()


def test_sqlite_upgrade_from_empty_matches_models(tmp_path: Path) -> None:
    _assert_no_pending_changes(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.mark.pg
def test_postgresql_upgrade_from_empty_matches_models(pg_server: PgServer) -> None:
    _assert_no_pending_changes(empty_pg_database(pg_server, "migration_check"))


def _insert_project(conn: Any) -> None:
    """Project 1 with codebook 1, as rows of the schema before the migration under test."""
    conn.execute(text(
        "INSERT INTO codebooks (id, key, version, name, description, frozen, content_sha256, definition,"
        " created_at) VALUES (1, 'k', 1, 'K', '', :yes, 'x', '{}', '2026-01-01')"), {"yes": True})
    conn.execute(text(
        "INSERT INTO projects (id, name, description, codebook_id, blind, allow_overlaps,"
        " annotators_per_document, settings, created_at)"
        " VALUES (1, 'P', '', 1, :no, :yes, 1, '{}', '2026-01-01')"), {"yes": True, "no": False})


def _upgrade_keeps_accounts(url: str) -> None:
    """0004 drops two columns of `users`: accounts, their memberships and hashes survive it."""
    engine = create_null_pool_engine(url)
    try:
        upgrade(engine, "0003_team")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO users (id, username, display_name, password_hash, role, active, failed_logins,"
                " created_at) VALUES (1, 'ana', 'Ana', '$argon2id$x', 'admin', :yes, 2, '2026-01-01')"), {"yes": True})
            _insert_project(conn)
            conn.execute(text("INSERT INTO memberships (id, project_id, user_id, role, created_at)"
                              " VALUES (1, 1, 1, 'annotator', '2026-01-01')"))
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT username, password_hash FROM users")).all() == [("ana", "$argon2id$x")]
            assert conn.execute(text("SELECT user_id FROM memberships")).all() == [(1,)]
        assert "failed_logins" not in {c["name"] for c in inspect(engine).get_columns("users")}
    finally:
        engine.dispose()


def test_sqlite_sessions_migration_keeps_accounts(tmp_path: Path) -> None:
    _upgrade_keeps_accounts(f"sqlite:///{tmp_path / 'old.sqlite3'}")


@pytest.mark.pg
def test_postgresql_sessions_migration_keeps_accounts(pg_server: PgServer) -> None:
    _upgrade_keeps_accounts(empty_pg_database(pg_server, "migration_0004"))


def _upgrade_counts_words(url: str) -> None:
    """0009 stores the word count of the documents already there."""
    engine = create_null_pool_engine(url)
    try:
        upgrade(engine, "0008_claims")
        with engine.begin() as conn:
            _insert_project(conn)
            for number, body in enumerate(("The so-called “opposition groups” met.", "", "🇰🇿 …"), start=1):
                conn.execute(text(
                    "INSERT INTO documents (id, uid, project_id, title, text, text_sha256, parts, meta, created_at)"
                    " VALUES (:id, :uid, 1, '', :body, :sha, '[]', '{}', '2026-01-01')"),
                    {"id": number, "uid": f"u{number}", "body": body, "sha": f"s{number}"})
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT id, word_count FROM documents ORDER BY id")).all() == [(1, 5), (2, 0), (3, 0)]
    finally:
        engine.dispose()


def test_sqlite_word_counts_migration(tmp_path: Path) -> None:
    _upgrade_counts_words(f"sqlite:///{tmp_path / 'old.sqlite3'}")


@pytest.mark.pg
def test_postgresql_word_counts_migration(pg_server: PgServer) -> None:
    _upgrade_counts_words(empty_pg_database(pg_server, "migration_0009"))


def test_head_and_current_revision_agree_with_alembic(tmp_path: Path) -> None:
    """migrate.py reads the newest revision from the migration files and the stored one with
    one query (no Alembic import at a command's start): both as Alembic tells them."""
    from alembic.script import ScriptDirectory

    from annotator.migrate import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
    engine = create_null_pool_engine(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert current_revision(engine) is None  # a new database has no alembic_version table
        upgrade(engine, "0003_team")
        with engine.connect() as connection:
            stored = MigrationContext.configure(connection).get_current_revision()
        assert current_revision(engine) == stored == "0003_team"
    finally:
        engine.dispose()


def _funding_amounts_up_and_down(url: str) -> None:
    """0011 adds amount, currency, period and share to funding links: a link recorded before
    keeps every value, with no amount; the new checks hold; downgrade drops the columns and
    keeps the link, and the old check (confidence) holds all along (SQLite rebuilds the table)."""
    engine = create_null_pool_engine(url)
    link = ("INSERT INTO funding_links (id, uid, funder_id, recipient_id, kind, attribution, confidence, status,"
            " created_at{extra}) VALUES ({id}, 'l{id}', 1, 2, '{kind}', 'self_declared', {confidence}, 'accepted',"
            " '2026-01-01'{values})")

    def refused(statement: str) -> bool:
        try:
            with engine.begin() as conn:
                conn.execute(text(statement))
        except Exception:  # IntegrityError from either driver
            return True
        return False

    try:
        upgrade(engine, "0010_rating_label")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO entities (id, uid, kind, name, description, meta, created_at, updated_at)"
                              " VALUES (1, 'e1', 'state', 'S', '', '{}', '2026-01-01', '2026-01-01'),"
                              " (2, 'e2', 'outlet', 'O', '', '{}', '2026-01-01', '2026-01-01')"))
            conn.execute(text(link.format(id=1, kind="grant", confidence=0.5, extra="", values="")))
        upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT uid, kind, confidence, amount, currency, period_start, share_percent"
                                     " FROM funding_links")).all() == [("l1", "grant", 0.5, None, None, None, None)]
        extra = ", amount, currency, period_start, period_end, share_percent"
        assert not refused(link.format(id=2, kind="ownership", confidence="NULL", extra=extra,
                                       values=", 2300000.5, 'EUR', '2023-01-01', '2023-12-31', 51"))
        for number, (kind, values) in enumerate([
            ("grant", ", -1, 'EUR', NULL, NULL, NULL"), ("grant", ", 5, NULL, NULL, NULL, NULL"),
            ("grant", ", 5, 'eur', NULL, NULL, NULL"), ("grant", ", NULL, NULL, '2024-01-01', '2023-01-01', NULL"),
            ("ownership", ", NULL, NULL, NULL, NULL, 101"), ("grant", ", NULL, NULL, NULL, NULL, 5"),
        ], start=3):
            assert refused(link.format(id=number, kind=kind, confidence="NULL", extra=extra, values=values)), values
        assert refused(link.format(id=9, kind="grant", confidence=2, extra="", values=""))
        previous = "0010_rating_label"
        from alembic import command

        from annotator.migrate import alembic_config

        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, previous)
        assert current_revision(engine) == previous
        assert "amount" not in {c["name"] for c in inspect(engine).get_columns("funding_links")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT uid, kind FROM funding_links ORDER BY id")).all() == [
                ("l1", "grant"), ("l2", "ownership")]
        assert refused(link.format(id=9, kind="grant", confidence=2, extra="", values=""))
        upgrade(engine)  # and up again
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_sqlite_funding_amounts_migration(tmp_path: Path) -> None:
    _funding_amounts_up_and_down(f"sqlite:///{tmp_path / 'old.sqlite3'}")


@pytest.mark.pg
def test_postgresql_funding_amounts_migration(pg_server: PgServer) -> None:
    _funding_amounts_up_and_down(empty_pg_database(pg_server, "migration_0011"))


def _fact_check_ratings_up_and_down(url: str) -> None:
    """0012 adds a fact-check's other ratings: a fact-check recorded before gets none (an empty
    list, not NULL) and keeps its rating; downgrade drops the column and keeps the row."""
    from alembic import command

    from annotator.migrate import alembic_config

    engine = create_null_pool_engine(url)
    try:
        upgrade(engine, "0011_funding_amounts")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO codebooks (id, key, version, name, description, frozen, content_sha256,"
                              " definition, created_at) VALUES (1, 'c', 1, 'C', '', false, 'x', '{}', '2026-01-01')"))
            conn.execute(text("INSERT INTO projects (id, name, description, codebook_id, blind, allow_overlaps,"
                              " annotators_per_document, settings, created_at) VALUES (1, 'P', '', 1, false, true, 1,"
                              " '{}', '2026-01-01')"))
            conn.execute(text("INSERT INTO claim_fact_checks (id, uid, project_id, claim_reviewed, rating_label,"
                              " appearances, created_at) VALUES (1, 'f1', 1, 'A claim', 'False', '[]', '2026-01-01')"))
        upgrade(engine)
        with engine.connect() as conn:
            row = conn.execute(text("SELECT uid, rating_label, other_ratings FROM claim_fact_checks")).one()
        assert (row[0], row[1], row[2] if isinstance(row[2], list) else json.loads(row[2])) == ("f1", "False", [])
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0011_funding_amounts")
        assert "other_ratings" not in {c["name"] for c in inspect(engine).get_columns("claim_fact_checks")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT uid, rating_label FROM claim_fact_checks")).all() == [("f1", "False")]
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_sqlite_fact_check_ratings_migration(tmp_path: Path) -> None:
    _fact_check_ratings_up_and_down(f"sqlite:///{tmp_path / 'old.sqlite3'}")


@pytest.mark.pg
def test_postgresql_fact_check_ratings_migration(pg_server: PgServer) -> None:
    _fact_check_ratings_up_and_down(empty_pg_database(pg_server, "migration_0012"))
