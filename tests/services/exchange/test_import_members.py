"""Who an import makes a member. A file names the annotators of its spans; a name that is no
account becomes an inactive, password-less one that joins the project (it holds the imported
work and cannot sign in). An active account that is not a member joins only by a project
admin's import: adding members is theirs to decide, and a curator's import that would add one
is refused, audited, and writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from annotator.db import Database
from annotator.errors import Forbidden
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.models import AuditEvent, Document, Membership, User
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.exchange.project_import import import_into_project
from annotator.services.team.projects import create_project, list_members, set_member

from ...conftest import make_user

TEXT = "The so-called experts met the opposition groups in Astana."


def _records(*annotators: str) -> list[DocumentRecord]:
    start = TEXT.index("so-called")
    spans = [AnnotationRecord(start=start, end=start + 9, label="scare_quotes", quote="so-called", annotator=name)
             for name in annotators]
    return [DocumentRecord(text=TEXT, title="Astana", annotations=spans)]


@pytest.fixture
def study(db: Database, system: Actor) -> tuple[Actor, Actor, int]:
    """A project led by `lead` (its admin) with `cura` as curator; `ana` is an active account
    outside it."""
    lead, cura = make_user(db, "lead", GlobalRole.CURATOR), make_user(db, "cura", GlobalRole.CURATOR)
    make_user(db, "ana")
    project = create_project(db, lead, "Study")
    set_member(db, lead, project.id, "cura", "curator")
    return lead, cura, project.id


def _members(db: Database, actor: Actor, project_id: int) -> dict[str, str]:
    return {m.username: m.role for m in list_members(db, actor, project_id)}


def test_a_curators_import_naming_an_account_outside_the_project_is_refused(db: Database, study: tuple) -> None:
    lead, cura, project_id = study
    with db.read() as session:
        before = session.scalar(select(func.count(Membership.project_id)))
    with pytest.raises(Forbidden, match=r"cura \(curator\) may not add members: 'ana' named in this import is an "
                                        r"account but not a member of the project"):
        import_into_project(db, cura, "Study", _records("ana", "newcomer"))
    with db.read() as session:
        assert session.scalar(select(func.count(Document.id))) == 0
        assert session.scalar(select(func.count(Membership.project_id))) == before
        refusals = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "forbidden")).all()
    assert any((detail or "").startswith("add members by import: ") for detail in refusals), refusals
    assert "ana" not in _members(db, lead, project_id)


def test_a_curators_import_adds_new_names_and_members_but_no_one_else(db: Database, study: tuple) -> None:
    lead, cura, project_id = study
    set_member(db, lead, project_id, "ana", "annotator")
    import_into_project(db, cura, "Study", _records("ana", "newcomer", "cura"))
    assert _members(db, lead, project_id) == {"lead": "admin", "cura": "curator", "ana": "annotator",
                                              "newcomer": "annotator"}


def test_a_project_admins_import_adds_an_account_as_annotator(db: Database, study: tuple) -> None:
    lead, cura, project_id = study
    import_into_project(db, lead, "Study", _records("ana"))
    assert _members(db, lead, project_id)["ana"] == "annotator"


def test_an_import_makes_no_one_a_member_whom_its_file_does_not_name(db: Database, system: Actor,
                                                                      study: tuple) -> None:
    """Articles without spans, or spans that each name their annotator, name no one else: neither
    the importing account (the command line's system account: no account named "system") nor
    `--annotator` joins the project."""
    lead, cura, project_id = study
    import_into_project(db, system, "Study", [DocumentRecord(text="An article without spans.", title="Plain")])
    import_into_project(db, cura, "Study", [DocumentRecord(text="Another one.", title="Plain too")],
                        annotator="ptc-gold")
    import_into_project(db, lead, "Study", _records("newcomer"), annotator="unused")
    assert _members(db, lead, project_id) == {"lead": "admin", "cura": "curator", "newcomer": "annotator"}
    with db.read() as session:
        assert session.scalar(select(func.count(User.id)).where(User.username.in_(["system", "ptc-gold", "unused"]))) == 0
