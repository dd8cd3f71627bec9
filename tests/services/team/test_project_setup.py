"""Setting a project up without the command line: a lead named at creation, renaming, archiving,
what the project holds, members picked from a searched list, and an invited account whose
one-time password works."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from annotator.codebooks import load_builtin
from annotator.db import Database
from annotator.errors import Conflict, Forbidden, InvalidInput, NotFound
from annotator.models import AuditEvent, User
from annotator.models.enums import GlobalRole
from annotator.services.accounts.users import authenticate
from annotator.services.actor import Actor
from annotator.services.team.members import add_members, invite_member, member_candidates
from annotator.services.team.projects import (
    archive_project,
    create_project,
    get_project,
    list_members,
    list_projects,
    project_summary,
    update_project,
)

from ...conftest import make_user
from ...support.builders import SOUTHFRONT_LIKE, add_member, project_with_document, span


def test_a_project_can_name_its_lead_and_take_a_definition(db: Database, admin: Actor) -> None:
    lena = make_user(db, "lena", GlobalRole.CURATOR)
    project = create_project(db, admin, "Study", codebook=load_builtin("semeval2020-ptc"), lead="lena",
                             blind=True, annotators_per_document=2)
    assert (project.codebook_key, project.blind, project.annotators_per_document) == ("semeval2020-ptc", True, 2)
    assert {(m.username, m.role) for m in list_members(db, admin, project.id)} == {("lead", "admin"), ("lena", "admin")}
    assert [p.name for p in list_projects(db, lena)] == ["Study"]
    with pytest.raises(NotFound, match="no user 'nobody'"):
        create_project(db, admin, "Other", lead="nobody")
    assert [p.name for p in list_projects(db, admin)] == ["Study"]  # the refusal left nothing


def test_renaming_checks_the_name_and_settings_change(db: Database, admin: Actor) -> None:
    first = create_project(db, admin, "One")
    create_project(db, admin, "Two")
    with pytest.raises(Conflict):
        update_project(db, admin, first.id, name="Two")
    with pytest.raises(InvalidInput, match="1-200 characters"):
        update_project(db, admin, first.id, name="  ")
    changed = update_project(db, admin, first.id, name=" Uno ", allow_overlaps=False, description="d")
    assert (changed.name, changed.allow_overlaps, changed.description) == ("Uno", False, "d")
    assert update_project(db, admin, first.id, name="Uno").name == "Uno"  # its own name is not a clash


def test_an_archived_project_leaves_the_lists_until_restored(db: Database, admin: Actor) -> None:
    project_id, _ = project_with_document(db, admin, name="Old study")
    member = make_user(db, "ann")
    add_member(db, admin, project_id, member)
    archived = archive_project(db, admin, project_id)
    assert archived.archived
    assert list_projects(db, admin) == [] and list_projects(db, member) == []
    assert [p.archived for p in list_projects(db, admin, include_archived=True)] == [True]
    assert get_project(db, member, project_id).archived  # still readable by its members
    with pytest.raises(Forbidden):
        archive_project(db, member, project_id, archived=False)
    archive_project(db, admin, project_id, archived=False)
    assert [p.name for p in list_projects(db, member)] == ["Old study"]
    with db.read() as session:
        details = session.scalars(select(AuditEvent.detail).where(AuditEvent.object_type == "project",
                                                                  AuditEvent.action == "update")).all()
    assert details == ["archived", "restored"]


def test_the_summary_counts_what_the_project_holds(db: Database, admin: Actor) -> None:
    project_id, document_id = project_with_document(db, admin)
    ann = make_user(db, "ann")
    add_member(db, admin, project_id, ann)
    span(db, admin, document_id, SOUTHFRONT_LIKE, "so-called", label="scare_quotes")
    summary = project_summary(db, admin, project_id)
    assert (summary.documents, summary.spans, summary.annotators, summary.assigned) == (1, 1, 1, 0)


def test_in_a_blind_project_an_annotators_summary_counts_their_own_spans(db: Database, admin: Actor) -> None:
    project_id, document_id = project_with_document(db, admin, blind=True)
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    for who in (ann, bob):
        add_member(db, admin, project_id, who)
    span(db, admin, document_id, SOUTHFRONT_LIKE, "so-called", label="scare_quotes")
    span(db, ann, document_id, SOUTHFRONT_LIKE, "so-called", label="scare_quotes")
    assert project_summary(db, admin, project_id).spans == 2
    assert project_summary(db, ann, project_id).spans == 1
    assert project_summary(db, bob, project_id).spans == 0


def test_candidates_are_searched_by_name_and_exclude_members(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Study")
    for name in ("anna", "annika", "bob"):
        make_user(db, name)
    with db.write() as session:
        session.scalars(select(User).where(User.username == "bob")).one().display_name = "Bob 100%_Annoyed"
    assert [c.username for c in member_candidates(db, admin, project.id, "ANN")] == ["anna", "annika", "bob"]
    assert [c.username for c in member_candidates(db, admin, project.id, "100%_")] == ["bob"]
    assert [c.username for c in member_candidates(db, admin, project.id, "%")] == ["bob"]  # a literal percent
    add_members(db, admin, project.id, ["anna", "bob"], "annotator")
    assert [c.username for c in member_candidates(db, admin, project.id)] == ["annika"]
    with pytest.raises(InvalidInput, match="already members: anna"):
        add_members(db, admin, project.id, ["annika", "anna"])
    assert [c.username for c in member_candidates(db, admin, project.id)] == ["annika"]  # all or nothing


def test_a_project_admin_who_is_not_a_global_admin_sets_up_members(db: Database, admin: Actor) -> None:
    lena = make_user(db, "lena", GlobalRole.CURATOR)
    project = create_project(db, lena, "Lena's study")
    make_user(db, "anna")
    assert [c.username for c in member_candidates(db, lena, project.id)] == ["anna", "lead"]
    invited = invite_member(db, lena, project.id, "newbie", display_name="New Bie")
    assert (invited.member.username, invited.member.role) == ("newbie", "annotator")
    assert authenticate(db, "newbie", invited.password).role == GlobalRole.ANNOTATOR
    with pytest.raises(Conflict):
        invite_member(db, lena, project.id, "anna")
    annotator = make_user(db, "ann")
    add_member(db, lena, project.id, annotator)
    with pytest.raises(Forbidden):
        member_candidates(db, annotator, project.id)
    with pytest.raises(Forbidden):
        invite_member(db, annotator, project.id, "sneaky")
    with db.read() as session:
        assert session.scalar(select(User.id).where(User.username == "sneaky")) is None
        password_events = session.scalars(select(AuditEvent.after).where(
            AuditEvent.object_type == "user", AuditEvent.action == "create")).all()
    assert all("password_hash" not in (after or {}) for after in password_events)
