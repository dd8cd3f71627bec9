"""Who annotates which document: assignment by hand or automatically, queues and progress.

Rule (enforced in services/permissions.py): once a lead has assigned documents in a project,
its annotators open only the documents assigned to them (Project.settings["assigned_only"],
which an admin may turn off again). Curators and admins open everything.

Automatic assignment gives each document N annotators, always choosing among those not yet on
it the ones with the fewest assignments in the project so far, ties broken by user name (or
at random with a seed): loads end up within one document of each other. With `random_order`
each annotator's new documents are appended to their queue in a seeded random order, so that
order effects do not line up across annotators.
"""

from __future__ import annotations

import random
import secrets
from collections import Counter, defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...errors import InvalidInput, NotFound
from ...models import Annotation, Assignment, Document, Membership, Project, User
from ...models.enums import AssignmentStatus, ProjectRole
from .. import audit
from ..actor import Actor
from ..in_batches import rows_in
from ..names import hides_names, namer
from ..permissions import (
    ASSIGNED_ONLY,
    LEADS,
    load_project,
    project_annotators,
    project_role,
    require_project_role,
)
from ..unit import read_service, write_service
from .progress_page import progress_rows
from .views import AnnotatorProgress, AssignResult, DocumentProgress, QueueItem, QueueView


def _members(session: Session, project_id: int, usernames: Sequence[str] | None) -> list[User]:
    """The named users (each must be a member), or every active annotator of the project."""
    query = (
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.project_id == project_id)
        .order_by(User.username)
    )
    rows = session.execute(query).all()
    if usernames:
        by_name = {user.username: user for user, _ in rows}
        missing = [n for n in usernames if n not in by_name]
        if missing:
            raise NotFound(f"not members of this project: {', '.join(missing)}")
        inactive = [n for n in usernames if not by_name[n].active]
        if inactive:
            raise InvalidInput(f"deactivated accounts cannot be assigned: {', '.join(inactive)}")
        return [by_name[n] for n in dict.fromkeys(usernames)]
    return [user for user, role in rows if role == ProjectRole.ANNOTATOR and user.active]


def _assignees(session: Session, project_id: int, usernames: Sequence[str]) -> list[User]:
    """The named users, each a member or holding an assignment in the project (one who has left
    it, or whose account is deactivated, can still be unassigned)."""
    in_project = select(Membership.user_id).where(Membership.project_id == project_id).union(
        select(Assignment.user_id).join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project_id))
    found = {u.username: u for u in session.scalars(
        select(User).where(User.username.in_(list(usernames)), User.id.in_(in_project)))}
    missing = [n for n in usernames if n not in found]
    if missing:
        raise NotFound(f"not members of this project and assigned nothing there: {', '.join(missing)}")
    return [found[n] for n in dict.fromkeys(usernames)]


@read_service
def former_assignees(session: Session, actor: Actor, project_id: int) -> list[str]:
    """The user names of those who hold assignments in the project but are no longer members."""
    require_project_role(session, actor, project_id, LEADS, "assign documents")
    members = select(Membership.user_id).where(Membership.project_id == project_id)
    return list(session.scalars(
        select(User.username).join(Assignment, Assignment.user_id == User.id)
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project_id, User.id.not_in(members)).distinct().order_by(User.username)))


def _documents(session: Session, project_id: int, document_ids: Sequence[int] | None) -> list[int]:
    query = select(Document.id).where(Document.project_id == project_id).order_by(Document.id)
    found = list(session.scalars(query))
    if document_ids is None:
        return found
    known = set(found)
    foreign = [d for d in document_ids if d not in known]
    if foreign:
        raise NotFound(f"documents not in this project: {', '.join(map(str, foreign))}")
    return list(dict.fromkeys(document_ids))


def _existing(session: Session, project_id: int) -> list[Assignment]:
    return list(session.scalars(
        select(Assignment)
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project_id)
    ))


def _turn_on_restriction(session: Session, actor: Actor, project: Project) -> None:
    if ASSIGNED_ONLY in (project.settings or {}):
        return  # an admin's explicit choice stands
    before = dict(project.settings or {})
    project.settings = {**before, ASSIGNED_ONLY: True}
    audit.record(session, actor, "update", "project", project.id, project_id=project.id,
                 before={"settings": before}, after={"settings": project.settings},
                 detail="annotators now open only the documents assigned to them")


def _write(
    session: Session, actor: Actor, project: Project, pairs: list[tuple[int, User]],
    existing: list[Assignment], *, random_order: bool, seed: int | None,
) -> AssignResult:
    """Insert the new (document, user) pairs at the end of each queue; audit each one."""
    taken = {(a.document_id, a.user_id) for a in existing}
    new = [(doc, user) for doc, user in pairs if (doc, user.id) not in taken]
    new = list(dict.fromkeys(new))
    next_position: dict[int, int] = defaultdict(int)
    for a in existing:
        next_position[a.user_id] = max(next_position[a.user_id], a.position + 1)
    per_user: dict[int, list[int]] = defaultdict(list)
    users = {user.id: user for _, user in new}
    for doc, user in new:
        per_user[user.id].append(doc)
    used_seed = None
    if random_order:
        used_seed = seed if seed is not None else secrets.randbelow(2**31)
        rng = random.Random(used_seed)
        for user_id in sorted(per_user):
            rng.shuffle(per_user[user_id])
    rows = []
    for user_id, docs in sorted(per_user.items()):
        for doc in docs:
            rows.append(Assignment(document_id=doc, user_id=user_id, position=next_position[user_id]))
            next_position[user_id] += 1
    session.add_all(rows)
    session.flush()
    for row in rows:
        audit.record(session, actor, "assign", "assignment", row.id, project_id=project.id,
                     document_id=row.document_id, after=audit.snapshot(row))
    if rows:
        _turn_on_restriction(session, actor, project)
    return AssignResult(
        created=len(rows), existing=len(pairs) - len(new),
        per_annotator={users[u].username: len(d) for u, d in sorted(per_user.items())},
        seed=used_seed,
    )


@write_service
def assign(
    session: Session, actor: Actor, project_id: int, document_ids: Sequence[int],
    usernames: Sequence[str], *, random_order: bool = False, seed: int | None = None,
) -> AssignResult:
    """Assign every listed document to every listed annotator (pairs already there are kept)."""
    require_project_role(session, actor, project_id, LEADS, "assign documents")
    project = load_project(session, project_id)
    if not usernames:
        raise InvalidInput("name at least one annotator", field="annotators")
    users = _members(session, project_id, usernames)
    documents = _documents(session, project_id, document_ids)
    pairs = [(doc, user) for doc in documents for user in users]
    return _write(session, actor, project, pairs, _existing(session, project_id),
                  random_order=random_order, seed=seed)


@write_service
def auto_assign(
    session: Session, actor: Actor, project_id: int, *, per_document: int | None = None,
    usernames: Sequence[str] | None = None, document_ids: Sequence[int] | None = None,
    random_order: bool = False, seed: int | None = None,
) -> AssignResult:
    """Give each document `per_document` annotators (default: the project's setting), counting
    those already assigned, with balanced load. Refused whole if there are too few annotators."""
    require_project_role(session, actor, project_id, LEADS, "assign documents")
    project = load_project(session, project_id)
    wanted = per_document if per_document is not None else project.annotators_per_document
    if wanted < 1:
        raise InvalidInput("at least one annotator per document", field="per_document")
    candidates = _members(session, project_id, usernames)
    if len(candidates) < wanted:
        raise InvalidInput(
            f"{wanted} annotators per document asked for, but only {len(candidates)} "
            "active annotator(s) can be assigned", field="per_document")
    existing = _existing(session, project_id)
    load = Counter(a.user_id for a in existing)
    members = {u for (u,) in session.execute(select(Membership.user_id).where(Membership.project_id == project_id))}
    on_document: dict[int, set[int]] = defaultdict(set)
    for a in existing:
        # Someone who left the project is one of a document's annotators only where they finished.
        if a.user_id in members or a.status == AssignmentStatus.DONE:
            on_document[a.document_id].add(a.user_id)
    tie = random.Random(seed) if random_order and seed is not None else None
    pairs: list[tuple[int, User]] = []
    for doc in _documents(session, project_id, document_ids):
        need = wanted - len(on_document[doc])
        if need <= 0:
            continue
        free = [u for u in candidates if u.id not in on_document[doc]]
        order = {u.id: (tie.random() if tie else 0.0) for u in free}
        free.sort(key=lambda u: (load[u.id], order[u.id], u.username))
        for user in free[:need]:
            pairs.append((doc, user))
            load[user.id] += 1
            on_document[doc].add(user.id)
    return _write(session, actor, project, pairs, existing, random_order=random_order, seed=seed)


@write_service
def unassign(
    session: Session, actor: Actor, project_id: int, document_ids: Sequence[int],
    usernames: Sequence[str], *, force: bool = False,
) -> int:
    """Remove assignments. Refused where the annotator already has spans on the document
    (they would lose sight of their own work) unless `force`; the spans themselves stay."""
    require_project_role(session, actor, project_id, LEADS, "assign documents")
    users = _assignees(session, project_id, usernames)
    documents = _documents(session, project_id, document_ids)
    user_ids = [u.id for u in users]
    # A lead may unassign a whole project's documents: ask for them a batch at a time.
    rows = [row for (row,) in rows_in(session, select(Assignment).where(Assignment.user_id.in_(user_ids)),
                                      Assignment.document_id, documents)]
    if not force:
        worked = {(doc, user) for doc, user in rows_in(
            session, select(Annotation.document_id, Annotation.user_id)
            .where(Annotation.deleted_at.is_(None), Annotation.user_id.in_(user_ids)).distinct(),
            Annotation.document_id, documents)}
        names = {u.id: u.username for u in users}
        clash = sorted((r.document_id, names[r.user_id]) for r in rows if (r.document_id, r.user_id) in worked)
        if clash:
            listed = ", ".join(f"{name} on document {doc}" for doc, name in clash[:5])
            raise InvalidInput(f"annotators have spans there already ({listed})", override="force")
    for row in rows:
        audit.record(session, actor, "unassign", "assignment", row.id, project_id=project_id,
                     document_id=row.document_id, before=audit.snapshot(row))
        session.delete(row)
    return len(rows)


def _queue(session: Session, project_id: int, user: User) -> QueueView:
    spans = dict(session.execute(
        select(Annotation.document_id, func.count())
        .join(Document, Document.id == Annotation.document_id)
        .where(Document.project_id == project_id, Annotation.user_id == user.id,
               Annotation.deleted_at.is_(None))
        .group_by(Annotation.document_id)
    ).all())
    rows = session.execute(
        select(Assignment, Document.title, func.length(Document.text))
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project_id, Assignment.user_id == user.id)
        .order_by(Assignment.position, Assignment.document_id)
    ).all()
    return QueueView(project_id, user.username, tuple(
        QueueItem(a.document_id, title, a.position, a.status.value, spans.get(a.document_id, 0), length)
        for a, title, length in rows
    ))


@read_service
def my_queue(session: Session, actor: Actor, project_id: int) -> QueueView:
    """The actor's assigned documents in queue order, with status and their span counts."""
    project_role(session, actor, project_id, required=True)
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    if user is None:
        raise InvalidInput("the system account has no queue; act as a user (--as USER)")
    return _queue(session, project_id, user)


@read_service
def queue_of(session: Session, actor: Actor, project_id: int, username: str) -> QueueView:
    """Another annotator's queue, for leads."""
    if username != actor.username:
        require_project_role(session, actor, project_id, LEADS, "see another annotator's queue")
    else:
        project_role(session, actor, project_id, required=True)
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    return _queue(session, project_id, user)


@read_service
def annotator_progress(session: Session, actor: Actor, project_id: int) -> list[AnnotatorProgress]:
    """Per annotator: assigned, todo / in progress / done, and their live spans (leads only)."""
    role = require_project_role(session, actor, project_id, LEADS, "see progress")
    project = load_project(session, project_id)
    name = namer(session, project, role)
    hidden = hides_names(project, role)
    status: dict[int, Counter[str]] = defaultdict(Counter)
    for user_id, state, n in session.execute(
        select(Assignment.user_id, Assignment.status, func.count())
        .join(Document, Document.id == Assignment.document_id)
        .where(Document.project_id == project_id)
        .group_by(Assignment.user_id, Assignment.status)
    ):
        status[user_id][state.value] += n
    spans = dict(session.execute(
        select(Annotation.user_id, func.count())
        .join(Document, Document.id == Annotation.document_id)
        .where(Document.project_id == project_id, Annotation.deleted_at.is_(None))
        .group_by(Annotation.user_id)
    ).all())
    people = sorted(project_annotators(session, project_id) | set(status) | set(spans), key=lambda u: name(u))
    return [
        AnnotatorProgress(
            user_id=None if hidden else u, name=name(u),
            assigned=sum(status[u].values()), todo=status[u][AssignmentStatus.TODO.value],
            in_progress=status[u][AssignmentStatus.IN_PROGRESS.value],
            done=status[u][AssignmentStatus.DONE.value], spans=spans.get(u, 0),
        )
        for u in people
    ]


@read_service
def document_progress(session: Session, actor: Actor, project_id: int) -> list[DocumentProgress]:
    """Per document: annotators wanted, assigned and done, spans and gold (leads only)."""
    role = require_project_role(session, actor, project_id, LEADS, "see progress")
    project = load_project(session, project_id)
    name = namer(session, project, role)
    rows = session.execute(
        select(Document.id, Document.title).where(Document.project_id == project_id).order_by(Document.id)
    ).all()
    return progress_rows(session, project, name, [(d, t) for d, t in rows], whole=True)
