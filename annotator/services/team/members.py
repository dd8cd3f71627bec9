"""Choosing a project's members: the accounts a project admin may add (searched by name), adding
several at once, and inviting someone who has no account yet.

A project admin who is not a global admin cannot list accounts (services/accounts/users.py),
so the candidates are told here with what a member list shows anyway (user name and display
name, never e-mail or sign-on links), and an invitation makes an annotator account only: a
global role above that stays a global admin's decision.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ...errors import InvalidInput, NotFound
from ...models import Membership, User
from ...models.enums import GlobalRole, ProjectRole
from .. import audit
from ..accounts.users import add_account
from ..actor import Actor
from ..permissions import require_project_role
from ..unit import read_service, write_service
from ..views import MemberView

#: How many candidates one search returns at most (the page says when there are more).
CANDIDATE_LIMIT = 200


@dataclass(frozen=True)
class Candidate:
    username: str
    display_name: str


@dataclass(frozen=True)
class Invitation:
    member: MemberView
    #: Shown once to the project admin, who passes it on; never stored in clear.
    password: str


def _require_member_admin(session: Session, actor: Actor, project_id: int) -> None:
    require_project_role(session, actor, project_id, {ProjectRole.ADMIN}, "change memberships")


@read_service
def member_candidates(session: Session, actor: Actor, project_id: int, search: str = "",
                      *, limit: int = CANDIDATE_LIMIT) -> list[Candidate]:
    """Active accounts that are not members yet, whose user name or display name contains
    `search` (any case), by user name."""
    _require_member_admin(session, actor, project_id)
    members = select(Membership.user_id).where(Membership.project_id == project_id)
    query = select(User.username, User.display_name).where(User.active.is_(True), User.id.not_in(members))
    words = search.strip().lower()
    if words:
        pattern = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(func.lower(User.username).like(pattern, escape="\\"),
                                func.lower(User.display_name).like(pattern, escape="\\")))
    rows = session.execute(query.order_by(User.username).limit(limit)).all()
    return [Candidate(username, display) for username, display in rows]


def _add(session: Session, actor: Actor, project_id: int, user: User, role: ProjectRole) -> MemberView:
    membership = Membership(project_id=project_id, user_id=user.id, role=role)
    session.add(membership)
    session.flush()
    audit.record(session, actor, "create", "membership", membership.id, project_id=project_id,
                 after=audit.snapshot(membership))
    return MemberView(user.id, user.username, user.display_name, role.value, user.active)


@write_service
def add_members(session: Session, actor: Actor, project_id: int, usernames: Sequence[str],
                role: ProjectRole | str = ProjectRole.ANNOTATOR) -> list[MemberView]:
    """Add every named account in one go (all or none); names already members are refused."""
    _require_member_admin(session, actor, project_id)
    if not usernames:
        raise InvalidInput("choose at least one person to add", field="users")
    users = {u.username: u for u in session.scalars(select(User).where(User.username.in_(usernames)))}
    missing = [name for name in usernames if name not in users]
    if missing:
        raise NotFound(f"no account named {', '.join(repr(n) for n in missing)}")
    present = set(session.scalars(select(Membership.user_id).where(Membership.project_id == project_id)))
    already = [name for name in usernames if users[name].id in present]
    if already:
        raise InvalidInput(f"already members: {', '.join(already)} (change a role in the list instead)",
                           field="users")
    return [_add(session, actor, project_id, users[name], ProjectRole(role)) for name in dict.fromkeys(usernames)]


@write_service
def invite_member(session: Session, actor: Actor, project_id: int, username: str, *, display_name: str = "",
                  role: ProjectRole | str = ProjectRole.ANNOTATOR) -> Invitation:
    """A new account (global role annotator, a generated password) that joins the project."""
    _require_member_admin(session, actor, project_id)
    password = secrets.token_urlsafe(12)
    user = add_account(session, actor, username, password, role=GlobalRole.ANNOTATOR, display_name=display_name)
    return Invitation(_add(session, actor, project_id, user, ProjectRole(role)), password)
