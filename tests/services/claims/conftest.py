"""A small claims project on both backends: the Geneva-talks and vaccine groups of the tuning
set (with their look-alikes), grouped once by an automatic run."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from annotator.claims import Claim
from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.claims.proposing import propose_project_groups

from ...claims.gold import load
from .helpers import claims_project, groups_by_claim

TOPICS = ("talks-exclude-opposition", "talks-do-not-exclude", "talks-resume-march", "vaccine-alters-dna",
          "vaccine-does-not-alter-dna", "vaccine-approved-january")


@dataclass
class Grouped:
    db: Database
    lead: Actor
    project_id: int
    claims: list[Claim]
    #: claim id ("talks-exclude-opposition/0") -> annotation id
    spans: dict[object, int]

    def groups(self) -> dict[object, int | None]:
        return groups_by_claim(self.db, self.lead, self.project_id, self.spans)

    def group_of(self, claim: str) -> int:
        group = self.groups()[claim]
        assert group is not None
        return group


def small_set() -> list[Claim]:
    data = load("tuning")
    return [c for c in data.claims if data.gold[str(c.id)] in TOPICS]


@pytest.fixture
def grouped(db: Database, admin: Actor) -> Grouped:
    claims = small_set()
    project_id, spans = claims_project(db, admin, claims)
    propose_project_groups(db, admin, project_id, embeddings="off")
    return Grouped(db, admin, project_id, claims, spans)
