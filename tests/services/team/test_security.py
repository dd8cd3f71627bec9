"""As an annotator, try everything the team workflow forbids: each attempt is refused and
audited. And no password or password hash leaks into the audit trail, exports, logs or
error messages."""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import AnnotatorError, Forbidden
from annotator.formats import native_jsonl
from annotator.models import AuditEvent, User
from annotator.services.accounts.admin import reset_password
from annotator.services.accounts.users import (
    authenticate,
    change_password,
    create_user,
    set_active,
    set_password,
    set_role,
)
from annotator.services.actor import Actor
from annotator.services.annotation.history import document_history, project_history, span_history
from annotator.services.annotation.spans import (
    delete_annotation,
    get_annotation,
    list_annotations,
    restore_annotation,
    update_annotation,
)
from annotator.services.exchange.data_export import ExportFilter, open_export
from annotator.services.team.assignments import annotator_progress, assign
from annotator.services.team.gold import accept_unanimous
from annotator.services.team.projects import set_member, update_project

from ...conftest import make_user
from ...support.builders import add_member, project_with_document, span

TEXT = "The so-called experts met the opposition groups in Astana."


def _forbidden(db: Database) -> list[tuple[int | None, str | None, int | None]]:
    with db.read() as s:
        return list(s.execute(select(AuditEvent.user_id, AuditEvent.detail, AuditEvent.document_id)
                              .where(AuditEvent.action == "forbidden").order_by(AuditEvent.id)).all())


def test_every_forbidden_attempt_is_refused_and_audited(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, TEXT, blind=True)
    other_project, _ = project_with_document(db, admin, "Another article.", name="Other")
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    add_member(db, admin, project, ann)
    add_member(db, admin, project, bob)
    theirs = span(db, bob, doc, TEXT, "so-called")
    span(db, ann, doc, TEXT, "opposition groups", "scare_quotes")

    def export(project_id: int, flt: ExportFilter | None = None) -> None:
        with open_export(db, ann, project_id, fmt="native", filters=flt) as stream:
            list(stream.records)

    attempts = {
        "list another's spans": lambda: list_annotations(db, ann, doc, user_id=bob.user_id),
        "get another's span": lambda: get_annotation(db, ann, theirs.id),
        "history of another's span": lambda: span_history(db, ann, theirs.id),
        "export another's spans": lambda: export(project, ExportFilter(annotators=("bob",))),
        "export the gold layer": lambda: export(project, ExportFilter(gold_only=True)),
        "edit another's span": lambda: update_annotation(db, ann, theirs.id, expected_version=1, note="x"),
        "delete another's span": lambda: delete_annotation(db, ann, theirs.id),
        "restore another's span": lambda: restore_annotation(db, ann, theirs.id),
        "export a project they are not in": lambda: export(other_project),
        "change a project role": lambda: set_member(db, ann, project, "ann", "admin"),
        "change a global role": lambda: set_role(db, ann, "ann", "admin"),
        "deactivate someone": lambda: set_active(db, ann, "bob", False),
        "set another's password": lambda: set_password(db, ann, "bob", "new password!"),
        "reset another's password": lambda: reset_password(db, ann, "bob"),
        "change settings": lambda: update_project(db, ann, project, blind=False),
        "assign": lambda: assign(db, ann, project, [doc], ["ann"]),
        "see progress": lambda: annotator_progress(db, ann, project),
        "curate": lambda: accept_unanimous(db, ann, doc),
        "read the audit log": lambda: project_history(db, ann, project),
        "read the audit log (history)": lambda: project_history(db, ann, project),
    }
    for what, attempt in attempts.items():
        before = len(_forbidden(db))
        with pytest.raises(Forbidden):
            attempt()
        after = _forbidden(db)
        assert len(after) == before + 1, f"{what}: not audited"
        assert after[-1][0] == ann.user_id, what
    # Nothing changed.
    assert get_annotation(db, admin, theirs.id).note is None
    assert not get_annotation(db, admin, theirs.id).deleted
    assert authenticate(db, "bob", "correct horse battery").username == "bob"


def test_blind_history_shows_an_annotator_only_their_own_spans(db: Database, admin: Actor) -> None:
    project, doc = project_with_document(db, admin, TEXT, blind=True)
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    add_member(db, admin, project, ann)
    add_member(db, admin, project, bob)
    mine = span(db, ann, doc, TEXT, "so-called")
    theirs = span(db, bob, doc, TEXT, "opposition groups", "scare_quotes")
    update_annotation(db, bob, theirs.id, expected_version=1, note="secret note of bob")
    delete_annotation(db, ann, mine.id)
    restore_annotation(db, ann, mine.id)
    seen = document_history(db, ann, doc)
    assert {e.object_id for e in seen if e.object_type == "annotation"} == {mine.id}
    assert "secret note of bob" not in repr(seen)
    assert [e.action for e in seen if e.object_type == "annotation"] == ["create", "delete", "restore"]
    everything = document_history(db, admin, doc)
    assert {e.object_id for e in everything if e.object_type == "annotation"} == {mine.id, theirs.id}
    update = next(e for e in everything if e.action == "update")
    assert update.who == "bob" and update.changes["note"] == (None, "secret note of bob")
    assert update.changes["version"] == (1, 2)


def test_no_password_or_hash_leaks(db: Database, admin: Actor, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # as if SQL logging were on
    password = "Tr0ub4dor&3-unique-passphrase"
    create_user(db, admin, "ann", password)
    ann = authenticate(db, "ann", password)
    project, doc = project_with_document(db, admin, TEXT)
    set_member(db, admin, project, "ann", "annotator")
    span(db, ann, doc, TEXT, "so-called")
    for _ in range(2):
        with pytest.raises(AnnotatorError) as refused:
            authenticate(db, "ann", password + "x")
        assert password not in str(refused.value)
    with pytest.raises(AnnotatorError) as short:
        change_password(db, ann, password, "short")
    assert "short" not in str(short.value)
    second = "another-Unique-passphrase-42"
    set_password(db, admin, "ann", second)
    generated = reset_password(db, admin, "ann")
    assert authenticate(db, "ann", generated).username == "ann"
    with db.read() as s:
        hashes = list(s.scalars(select(User.password_hash).where(User.password_hash.is_not(None))))
        events = [json.dumps([e.action, e.object_type, e.before, e.after, e.detail], default=str)
                  for e in s.scalars(select(AuditEvent))]
    assert len(hashes) == 2 and any(e for e in events if '"user"' in e)
    out = io.StringIO()
    with open_export(db, admin, project, fmt="native") as stream:
        native_jsonl.write(stream.manifest, stream.entities, stream.records, out)
    exported = out.getvalue()
    assert "so-called" in exported and '"annotator": "ann"' in exported  # the export did run
    logs = caplog.text
    assert "UPDATE users SET password_hash" in logs  # SQL was logged, with its values hidden
    for secret in (password, second, generated, *hashes):
        for where, haystack in (("audit", "\n".join(events)), ("export", exported), ("logs", logs)):
            assert secret not in haystack, f"a secret leaked into the {where}"


def test_blind_history_does_not_count_the_spans_an_import_brought(db: Database, admin: Actor) -> None:
    """An annotator of a blind project read "batch …: 4 spans offered from colleagues.jsonl"
    in the document's History: how many spans the others' work holds, a hint at what to find."""
    from annotator.formats.records import AnnotationRecord, DocumentRecord
    from annotator.services.exchange.data_import import import_records

    project, _ = project_with_document(db, admin, "Another text.", blind=True)
    ann = make_user(db, "ann")
    add_member(db, admin, project, ann)
    start = TEXT.index("so-called")
    record = DocumentRecord(text=TEXT, title="Imported", import_batch="b1", annotations=[
        AnnotationRecord(start=start, end=start + 9, label="scare_quotes", annotator=f"a{n}") for n in range(4)])
    (doc,) = import_records(db, admin, project, [record], source="colleagues.jsonl").document_ids
    seen = [e for e in document_history(db, ann, doc) if e.action == "import"]
    assert [e.detail for e in seen] == ["batch b1: imported from colleagues.jsonl"]
    assert [e.detail for e in document_history(db, admin, doc) if e.action == "import"] == [
        "batch b1: 4 spans offered from colleagues.jsonl"]
