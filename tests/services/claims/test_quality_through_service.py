"""Issue 19's bar, through the services: the two hand-written test sets (tests/claims/data)
stored as Claim spans in a project, grouped by `propose_project_groups`, read back through
`claim_memberships`, scored against the gold groups. Pairwise F1 >= 0.8 without embeddings,
as the pure core reaches on the same claims (the figures are in the README's Claims section)."""

from __future__ import annotations

import pytest

from annotator.claims import pairwise_scores, propose_groups
from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.claims.proposing import propose_project_groups

from ...claims.gold import SETS, load
from .helpers import claims_project, groups_by_claim


@pytest.mark.parametrize("name", SETS)
def test_pairwise_f1_through_the_service(sqlite_db: Database, system: Actor, name: str) -> None:
    data = load(name)
    project_id, ids = claims_project(sqlite_db, system, data.claims)
    run = propose_project_groups(sqlite_db, system, project_id, embeddings="off")
    assert (run.claims, run.placed, run.embeddings) == (len(data.claims), len(data.claims), "off")
    groups = groups_by_claim(sqlite_db, system, project_id, ids)
    assert None not in groups.values()  # every Claim span has a group afterwards
    scores = pairwise_scores(groups, data.gold)
    core = pairwise_scores(propose_groups(data.claims, embeddings="off").labels(), data.gold)
    print(f"{name}: service P {scores.precision:.3f} R {scores.recall:.3f} F1 {scores.f1:.3f}; core F1 {core.f1:.3f}")
    assert scores.f1 >= 0.8, scores
    assert scores == core  # the service feeds the core the same claims and stores what it returns


@pytest.mark.pg
def test_the_run_on_postgresql(pg_url: str, system: Actor) -> None:
    from ...support.databases import truncate_all

    db = Database(pg_url)
    truncate_all(db)
    try:
        data = load("heldout")
        project_id, ids = claims_project(db, system, data.claims)
        propose_project_groups(db, system, project_id, embeddings="off")
        scores = pairwise_scores(groups_by_claim(db, system, project_id, ids), data.gold)
        assert scores.f1 >= 0.8, scores
    finally:
        db.dispose()
