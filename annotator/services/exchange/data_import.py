"""Importing records (from any format) into a project: validate everything, then write once.

A file with one bad record is refused whole, with every problem located (file, line or task,
field), and the database is left as it was. Documents already in the project (same text hash)
are reused; spans already imported are skipped (already_stored.py finds them), so importing
the same file twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import Forbidden, ImportRefused, InvalidInput
from ...formats.claim_records import ClaimGroupRecord, FactCheckRecord
from ...formats.records import (
    DocumentRecord,
    EntityRecord,
)
from ...models import (
    Membership,
    RelationType,
    utcnow,
)
from ...models.enums import (
    ProjectRole,
)
from ...spans import text_sha256
from .. import audit
from ..accounts.lookup import accounts_by_fold, fold, spellings
from ..accounts.users import placeholder_accounts
from ..actor import Actor
from ..annotation.codebooks import labels_by_key, relation_types_by_key
from ..permissions import LEADS, load_project, require_project_role
from ..registry.checks import validate_registry
from ..registry.funding_proposals import propose_for_documents
from ..registry.rows import entity_named_in_file
from ..unit import write_service
from ..views import ImportResult
from .already_stored import held_gold
from .document_writes import ROW_BATCH, write_assignments, write_document_labels, write_documents
from .import_prep import (
    add_relation_types,
    coerce_attributes,
    rename_users,
    resolve_references,
    respelled_note,
    untyped_relation_types,
)
from .import_progress import Progress, silent
from .import_validation import MAX_REPORTED_ISSUES, check_annotator_names, validate
from .registry_io import (
    import_entities,
    import_entity_details,
)
from .relation_import import (
    coerce_relation_attributes,
    ends_in_project,
    ends_in_records,
    validate_relations,
    write_relations,
)
from .span_writes import write_gold, write_spans

if TYPE_CHECKING:
    from ..claims.scope import Scope

def ensure_users(
    session: Session, actor: Actor, project_id: int, names: set[str], *, role: ProjectRole = ProjectRole.ADMIN
) -> dict[str, int]:
    """Ids for annotator names, each a member of the project: the account of that name in any
    case, else a password-less, inactive account (`placeholder_accounts`). Adding an active
    account to the project is a project admin's decision: a curator's (`role`) import that
    names one who is not a member is refused."""
    members = set(session.scalars(select(Membership.user_id).where(Membership.project_id == project_id)))
    if role is not ProjectRole.ADMIN and names:
        taken = accounts_by_fold(session)
        joining = sorted({account.username for account in map(taken.get, map(fold, names))
                          if account is not None and account.active and account.id not in members})
        if joining:
            raise Forbidden(f"{actor.username} ({role.value}) may not add members: "
                            f"{', '.join(map(repr, joining[:5]))}{' and others' if len(joining) > 5 else ''} "
                            f"named in this import {'are accounts' if len(joining) > 1 else 'is an account'} "
                            "but not a member of the project; a project admin adds them first (Members), "
                            "or imports the file", action="add members by import", project_id=project_id,
                            object_id=project_id)
    found = placeholder_accounts(session, actor, names, project_id=project_id)
    for user_id in set(found.values()):
        if user_id not in members:
            session.add(Membership(project_id=project_id, user_id=user_id, role=ProjectRole.ANNOTATOR))
    return found


def _respell(session: Session, records: Sequence[DocumentRecord], annotator: str | None,
             default: str) -> tuple[str | None, tuple[str, ...]]:
    """The records' user names spelled as their accounts are (`spellings`: a name that differs
    from an account's in case only is that account), before anything compares them (a relation
    joins one annotator's spans, stored or imported); `annotator` likewise, and a message that
    names each name taken so."""
    names = _annotator_names(records, default) | ({annotator} if annotator else set())
    respelled = spellings(session, names)
    if not respelled:
        return annotator, ()
    rename_users(records, respelled)
    return respelled.get(annotator, annotator) if annotator else None, (respelled_note(respelled),)


def _annotator_names(records: Sequence[DocumentRecord], default: str) -> set[str]:
    """The names the records give (`default` where one of them gives none): only those join the
    project, not the importing account nor an `--annotator` no record needs."""
    names: set[str] = set()
    for record in records:
        names.update(a.annotator or default for a in record.annotations)
        names.update(d.annotator or default for d in record.document_labels)
        names.update(a.get("annotator") or default for a in record.assignments)
        for gold in record.gold:
            names.update(n for n in (gold.chosen_from, gold.curator) if n)
        names.update(r.curator for r in record.gold_relations if r.curator)
    return names


@write_service
def import_records(
    session: Session,
    actor: Actor,
    project_id: int,
    records: Sequence[DocumentRecord],
    *,
    annotator: str | None = None,
    source: str = "import",
    import_batch: str | None = None,
    entities: Sequence[EntityRecord] = (),
    progress: Progress = silent,
    claim_groups: Sequence[ClaimGroupRecord] = (),
    fact_checks: Sequence[FactCheckRecord] = (),
) -> ImportResult:
    """Validate all records, then write registry entities, documents, spans, document labels,
    gold spans, relations, assignments, claim groups and fact-checks in this one transaction.
    `annotator` names who made spans that do not say. Records without text name a document of
    the project (see import_prep); span labels the codebook lacks are refused (import_into_project
    adds or maps them first, as the user decides). `progress` is told how far the writing has come."""
    role = require_project_role(session, actor, project_id, LEADS, "import into this project")
    project = load_project(session, project_id)
    records, issues = resolve_references(session, project_id, records, source)
    if issues:
        raise ImportRefused(issues[:MAX_REPORTED_ISSUES])
    untyped = [key for key in untyped_relation_types(records)
               if key not in relation_types_by_key(session, project.codebook_id)]
    if untyped:  # before the labels are read: the project moves to a new codebook version
        add_relation_types(session, actor, project_id, untyped, source)
    labels = labels_by_key(session, project.codebook_id)
    coerce_attributes(labels, records)
    types = relation_types_by_key(session, load_project(session, project_id).codebook_id)
    coerce_relation_attributes(types, records)
    misnamed = check_annotator_names(records, annotator)  # as the file spells them
    annotator, respelled = _respell(session, records, annotator, annotator or actor.username)
    issues = validate_registry(entities, source=source) + validate(labels, records, source) + misnamed
    issues += _relation_issues(session, project_id, types, records, annotator or actor.username, source)
    issues += _entity_link_issues(session, records, entities, source)
    scope: Scope | None = None
    if claim_groups or fact_checks:
        # The claim services (and their views) are imported by an import that carries claims
        # only: a hundredth of a second of every command-line import's start.
        from ..claims.scope import scope_of
        from ..claims.transfer import check_claims

        scope = scope_of(session, actor, project_id)
        issues += check_claims(session, scope, records, claim_groups, fact_checks, source)
    if issues:
        raise ImportRefused(issues[:MAX_REPORTED_ISSUES])
    progress(0.1, "checked; writing the documents")
    import_entities(session, actor, entities)

    default_user = annotator or actor.username
    users = ensure_users(session, actor, project_id, _annotator_names(records, default_user), role=role)
    batch = import_batch  # records from the native format carry their own (or none)
    now = utcnow()
    shas = [text_sha256(record.text) for record in records]
    documents, with_outlet, unknown_outlets = write_documents(session, project_id, records, shas, batch, now,
                                                               progress)
    new_ids = [documents[sha][0] for sha in dict.fromkeys(shas) if documents[sha][1]]
    added = len(new_ids)
    skipped = len(records) - added
    document_ids = [documents[sha][0] for sha in shas]
    progress(0.5, "writing the spans")
    stored: dict[tuple[int, str], str] = {}
    reused = {documents[sha][0] for sha in shas if not documents[sha][1]}
    spans = write_spans(session, records, document_ids, shas, labels, users, default_user, now, stored, reused)
    gold_held = held_gold(session, records, document_ids, reused)
    progress(0.8, "writing gold spans, relations, document labels and assignments")
    # Claim groups name their spans by uid: the file's uids that were stored under another.
    renamed = {uid: new for (_, uid), new in stored.items() if new != uid}
    events = []
    for record, document_id, sha in zip(records, document_ids, shas, strict=True):
        write_gold(session, document_id, record, sha, labels, users, now, stored, gold_held)
        write_document_labels(session, document_id, record, labels, users, default_user, now)
        write_assignments(session, document_id, record, users, default_user)
        events.append(audit.event(
            actor, "import", "document", document_id, project_id=project_id,
            document_id=document_id, detail=audit.import_detail(len(record.annotations), source,
                                                                record.import_batch or batch),
        ))
        if len(events) == ROW_BATCH:
            audit.record_many(session, events)
    audit.record_many(session, events)
    write_relations(session, records, document_ids, types, stored, users, now)
    # Funding links, ratings and designations may cite the documents just written; then the
    # new documents' funding appeals are proposed (after the registry, so none is repeated).
    # Only a document with an outlet can have any (the others are not even loaded).
    progress(0.95, "registry details and funding proposals")
    import_entity_details(session, actor, entities)
    propose_for_documents(session, actor, [i for i in new_ids if i in with_outlet])
    messages: tuple[str, ...] = respelled
    if untyped:
        messages += (f"relation types added to the codebook for relations without a label: {', '.join(untyped)}",)
    if scope is not None:
        from ..claims.transfer import claim_user_names, import_claims

        deciders = placeholder_accounts(session, actor, claim_user_names(claim_groups, fact_checks), project_id=project_id)
        added_groups, added_checks = import_claims(session, actor, scope, claim_groups, fact_checks, renamed,
                                                   users | deciders, source)
        messages += (f"claim groups: {added_groups} added; fact-checks: {added_checks} added",)
    if unknown_outlets:
        named = ", ".join(f"{name} ({n} document{'s' if n > 1 else ''})" for name, n in unknown_outlets.items())
        messages += (f"outlets that match no registry entity, kept in the documents' metadata (outlet): {named}",)
    return ImportResult(added=added, skipped=skipped, document_ids=tuple(document_ids), annotations=spans,
                        messages=messages)


def _entity_link_issues(session: Session, records: Sequence[DocumentRecord], entities: Sequence[EntityRecord],
                        source: str) -> list[InvalidInput]:
    """Links to registry entities that neither this import nor the database holds, each named
    by file, line and field before anything is written (`_write_entity_links` finds the rest)."""
    in_file = {e.uid for e in entities if e.uid} | {e.name for e in entities}
    known: dict[tuple[str | None, str | None], bool] = {}
    issues = []
    for number, record in enumerate(records, start=1):
        for i, ann in enumerate(record.annotations):
            for j, link in enumerate(ann.entities):
                key = (link.entity_uid, link.entity_name)
                if key not in known:
                    known[key] = bool({link.entity_uid, link.entity_name} & in_file) or \
                        entity_named_in_file(session, link.entity_uid, link.entity_name) is not None
                if not known[key]:
                    issues.append(InvalidInput(
                        f"the span links to an entity this database does not know "
                        f"({link.entity_uid or link.entity_name}); import the registry first",
                        file=ann.source or record.source or f"{source}, record {number}",
                        field=f"annotations[{i}].entities[{j}]"))
    return issues


def _relation_issues(session: Session, project_id: int, types: dict[str, RelationType],
                     records: Sequence[DocumentRecord], default: str, source: str) -> list[InvalidInput]:
    if not any(r.relations or r.gold_relations for r in records):
        return []
    shas = [text_sha256(record.text) for record in records]
    ends = ends_in_records(records, shas, default)
    ends.update(ends_in_project(session, project_id, records, shas, ends))
    return validate_relations(types, records, shas, ends, source)


