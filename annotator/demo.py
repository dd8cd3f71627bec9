"""The demo project created by `annotator init --demo`: one short article written for this
project, with the things the tool is for (a "so-called" framing, a quoted claim, a donation
appeal) and an emoji, so that a first look shows highlights across code-point offsets."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Database
from .models import Entity, EntityDomain, Project
from .models.enums import EntityKind, GlobalRole
from .services.accounts.users import create_user
from .services.actor import Actor
from .services.annotation.documents import add_document
from .services.annotation.spans import SpanIn, create_annotation
from .services.team.projects import create_project

DEMO_PROJECT = "Demo: framing"
DEMO_ADMIN = "admin"
DEMO_OUTLET = "Eastport Ledger"

DEMO_TITLE = "Harbour bridge vote postponed after heated session"
DEMO_TEXT = """Harbour bridge vote postponed after heated session

The city council of Eastport postponed its vote on the new harbour bridge on Tuesday after a four-hour session. Supporters of the project say the bridge would cut commuting times by half.

“The bridge will pay for itself within ten years,” said deputy mayor Ana Lindqvist, citing a study commissioned by the council.

Opponents, organised in the so-called “citizens’ initiative”, argue that the true costs have been hidden from the public. The initiative is reportedly funded by a rival ferry operator, a claim its spokesperson denies.

The vote is now expected in March 🌉.

Support the Eastport Ledger
Independent local journalism needs you. Donate via PayPal: donations@eastport-ledger.example or at https://eastport-ledger.example/donate
"""

#: (quote, label) spans drawn by the demo admin, so the first screen shows highlights.
DEMO_SPANS = [
    ("so-called", "scare_quotes"),
    ("“citizens’ initiative”", "scare_quotes"),
    ("“The bridge will pay for itself within ten years,”", "claim"),
    ("said deputy mayor Ana Lindqvist", "source_attribution"),
    ("reportedly", "hedge"),
]


@dataclass(frozen=True)
class DemoResult:
    project_id: int
    admin_password: str | None


def _demo_outlet(db: Database) -> int:
    def write(session: Session) -> int:
        existing = session.scalar(select(Entity.id).where(Entity.name == DEMO_OUTLET))
        if existing is not None:
            return existing
        entity = Entity(kind=EntityKind.OUTLET, name=DEMO_OUTLET, country="(fictional)",
                        description="A fictional local newspaper used by the demo project.")
        session.add(entity)
        session.flush()
        session.add(EntityDomain(entity_id=entity.id, domain="eastport-ledger.example"))
        return entity.id

    return db.run_write(write)


def create_demo(db: Database) -> DemoResult:
    """Create the demo admin (password generated and returned once) and the demo project.
    Does nothing but return the project when it exists already."""
    system = Actor.system()
    with db.read() as session:
        project_id = session.scalar(select(Project.id).where(Project.name == DEMO_PROJECT))
    if project_id is not None:
        return DemoResult(project_id, None)
    password = secrets.token_urlsafe(12)
    admin = create_user(db, system, DEMO_ADMIN, password, role=GlobalRole.ADMIN, display_name="Demo admin")
    actor = Actor(admin.id, admin.username, GlobalRole.ADMIN)
    project = create_project(db, actor, DEMO_PROJECT, codebook="framing",
                             description="A short article to try the workspace on.")
    outlet_id = _demo_outlet(db)
    document_id, _ = add_document(db, actor, project.id, DEMO_TEXT, title=DEMO_TITLE,
                                  url="https://eastport-ledger.example/2026/harbour-bridge",
                                  outlet_id=outlet_id, language="en")
    for quote, label in DEMO_SPANS:
        start = DEMO_TEXT.index(quote)
        create_annotation(db, actor, document_id, SpanIn(start, start + len(quote), label, quote))
    return DemoResult(project.id, password)
