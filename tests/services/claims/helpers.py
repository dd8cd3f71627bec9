"""Building claim projects for the service tests: one short article per claim, from its
outlet (a registry entry) on its date, with the claim annotated as a Claim span."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from annotator.claims import Claim
from annotator.db import Database
from annotator.formats.records import AnnotationRecord, DocumentRecord
from annotator.models import Annotation
from annotator.services.actor import Actor
from annotator.services.claims.listing import claim_memberships
from annotator.services.exchange.data_import import import_records
from annotator.services.registry.entities import create_entity, list_entities
from annotator.services.team.projects import create_project


def article(claim: Claim, number: int) -> tuple[str, int]:
    """The article's text and where the claim starts in it."""
    header = f"Report {number} from {claim.outlet or 'nowhere'}.\n"
    return f"{header}{claim.text}\nMore text follows.", len(header)


def claims_project(db: Database, lead: Actor, claims: Sequence[Claim], *, name: str = "Claims",
                   blind: bool = False, annotator: str | None = None) -> tuple[int, dict[object, int]]:
    """A project with one document per claim; returns its id and claim id -> annotation id."""
    project = create_project(db, lead, name, blind=blind)
    known = {e.name for e in list_entities(db, lead)}
    for outlet in dict.fromkeys(c.outlet for c in claims if c.outlet):
        if outlet not in known:
            create_entity(db, lead, "outlet", outlet)
    records, uids = [], {}
    for number, claim in enumerate(claims):
        text, start = article(claim, number)
        uid = str(uuid.uuid4())
        uids[uid] = claim.id
        records.append(DocumentRecord(
            text=text, title=f"Report {number}", outlet=claim.outlet, published=claim.date,
            external_id=f"doc-{number}",
            annotations=[AnnotationRecord(start, start + len(claim.text), "claim", claim.text, uid=uid,
                                          annotator=annotator)],
        ))
    import_records(db, lead, project.id, records)
    with db.read() as session:
        ids = dict(session.execute(select(Annotation.uid, Annotation.id).where(Annotation.uid.in_(list(uids)))).all())
    return project.id, {uids[uid]: annotation_id for uid, annotation_id in ids.items()}


def groups_by_claim(db: Database, actor: Actor, project_id: int, ids: dict[object, int]) -> dict[object, int | None]:
    """claim id -> its group id, as the service reports it."""
    by_annotation = {m.annotation_id: m.group_id for m in claim_memberships(db, actor, project_id)}
    return {claim: by_annotation.get(annotation_id) for claim, annotation_id in ids.items()}
