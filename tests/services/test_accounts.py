"""Users, projects, memberships and documents (login throttling: test_login_throttle.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.db import Database
from annotator.errors import AuthenticationError, Conflict, Forbidden, InvalidInput, NotFound
from annotator.models import AuditEvent, User
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import authenticate, create_user, set_active, set_password
from annotator.services.actor import Actor
from annotator.services.annotation.documents import (
    add_document,
    get_document,
    list_documents,
    neighbours,
    set_status,
)
from annotator.services.team.projects import (
    create_project,
    get_project,
    list_members,
    list_projects,
    set_member,
    update_project,
)

from ..conftest import make_user
from ..support.builders import add_member, project_with_document, span


def test_passwords_are_hashed_with_argon2(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", "s3cret-passphrase")
    with db.read() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "ana"))
        audit = s.scalars(select(AuditEvent.after).where(AuditEvent.object_type == "user")).all()
    assert stored.startswith("$argon2") and "s3cret" not in stored
    assert all("password_hash" not in (a or {}) for a in audit)
    assert authenticate(db, "ana", "s3cret-passphrase").username == "ana"


def test_unknown_and_inactive_users_get_the_same_answer(db: Database, system: Actor) -> None:
    create_user(db, system, "ana", "s3cret-passphrase")
    set_active(db, system, "ana", False)
    for name in ("ana", "nobody"):
        with pytest.raises(AuthenticationError, match="wrong user name or password"):
            authenticate(db, name, "s3cret-passphrase")


def test_user_rules(db: Database, system: Actor) -> None:
    with pytest.raises(InvalidInput, match="at least 8"):
        create_user(db, system, "ana", "short")
    create_user(db, system, "ana", "long enough")
    with pytest.raises(Conflict):
        create_user(db, system, "ana", "long enough")
    ann = make_user(db, "bob")
    with pytest.raises(Forbidden):
        create_user(db, ann, "eve", "long enough")
    with pytest.raises(Forbidden):
        set_password(db, ann, "ana", "hijacked-password")


def test_projects_and_memberships(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Study", codebook="semeval2020-ptc", blind=True)
    assert (project.codebook_key, project.blind, project.my_role) == ("semeval2020-ptc", True, "admin")
    with pytest.raises(Conflict):
        create_project(db, admin, "Study")
    with pytest.raises(NotFound):
        create_project(db, admin, "Other", codebook="no-such-codebook")
    ann = make_user(db, "ann")
    assert list_projects(db, ann) == []
    with pytest.raises(Forbidden):
        get_project(db, ann, "Study")
    set_member(db, admin, project.id, "ann", "annotator")
    assert [p.name for p in list_projects(db, ann)] == ["Study"]
    assert {m.username: m.role for m in list_members(db, ann, project.id)} == {"lead": "admin", "ann": "annotator"}
    with pytest.raises(Forbidden):
        set_member(db, ann, project.id, "ann", "admin")
    with pytest.raises(Forbidden):
        update_project(db, ann, project.id, blind=False)
    assert update_project(db, admin, project.id, blind=False).blind is False
    with pytest.raises(InvalidInput):
        update_project(db, admin, project.id, annotators_per_document=0)


def test_the_same_codebook_is_stored_once_and_frozen(db: Database, admin: Actor) -> None:
    first = create_project(db, admin, "A")
    second = create_project(db, admin, "B")
    assert (first.codebook_key, first.codebook_version) == (second.codebook_key, second.codebook_version)


def test_documents_dedupe_by_text_hash(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "P")
    first, created = add_document(db, admin, project.id, "Same text.\n", title="one")
    again, created_again = add_document(db, admin, project.id, "Same text.\n", title="two")
    other, _ = add_document(db, admin, project.id, "Same text.\r\n")
    assert created and not created_again and first == again and other != first
    other_project = create_project(db, admin, "Q")
    elsewhere, created_elsewhere = add_document(db, admin, other_project.id, "Same text.\n")
    assert created_elsewhere and elsewhere != first
    assert [d.id for d in list_documents(db, admin, project.id)] == [first, other]
    assert neighbours(db, admin, first) == (None, other)
    assert neighbours(db, admin, other) == (first, None)


def test_document_list_counts_what_the_caller_may_see(db: Database, admin: Actor) -> None:
    text = "One claim here and another there."
    project, doc = project_with_document(db, admin, text, blind=True)
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    add_member(db, admin, project, ann)
    add_member(db, admin, project, bob)
    span(db, ann, doc, text, "One claim", "claim")
    span(db, bob, doc, text, "another", "claim")
    span(db, bob, doc, text, "there", "claim")
    assert list_documents(db, ann, project)[0].annotation_count == 1
    assert list_documents(db, admin, project)[0].annotation_count == 3
    assert set_status(db, ann, doc, "done") == "done"
    assert list_documents(db, ann, project)[0].status == "done"
    assert list_documents(db, bob, project)[0].status is None
    assert get_document(db, ann, doc).text == text


def test_annotators_cannot_add_documents(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "P")
    ann = make_user(db, "ann", GlobalRole.ANNOTATOR)
    set_member(db, admin, project.id, "ann", "annotator")
    with pytest.raises(Forbidden):
        add_document(db, ann, project.id, "text")


def test_a_new_account_may_not_differ_from_another_in_case_only(db: Database, system: Actor) -> None:
    """"Ann" beside "ann" made two annotators a study could not tell apart by their names (and
    the login throttle, which folds case, counted them as one)."""
    create_user(db, system, "ann", "a long password")
    for name in ("Ann", "ANN"):
        with pytest.raises(Conflict, match=r"user 'ann' exists already \(names differ in case only\)"):
            create_user(db, system, name, "a long password")
    assert create_user(db, system, "anna", "a long password").username == "anna"


def test_case_is_folded_as_unicode_folds_it_even_where_the_length_changes(db: Database, system: Actor) -> None:
    """"STRASSE" is "straße" in capitals: the check compared only names of the same length."""
    create_user(db, system, "straße", "a long password")
    with pytest.raises(Conflict, match=r"user 'straße' exists already \(names differ in case only\)"):
        create_user(db, system, "STRASSE", "a long password")
