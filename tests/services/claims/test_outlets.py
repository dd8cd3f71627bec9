"""The Claims page's outlet filter: the outlets of the documents with live Claim spans the caller
sees (in a blind project, an annotator's own), asked in SQL; the same as the outlets of the
Claim spans the services list. Both backends."""

from __future__ import annotations

from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.annotation.documents import add_document
from annotator.services.annotation.spans import delete_annotation
from annotator.services.claims.listing import project_outlets
from annotator.services.claims.scope import claim_spans, scope_of
from annotator.services.registry.entities import create_entity
from annotator.services.team.projects import create_project

from ...conftest import make_user
from ...support.builders import add_member, span


def test_outlets_of_live_claims_the_caller_sees(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Outlets", blind=True).id
    ann1, ann2 = make_user(db, "ann1"), make_user(db, "ann2")
    add_member(db, admin, project, ann1)
    add_member(db, admin, project, ann2)
    outlets = {name: create_entity(db, admin, "outlet", name).id for name in ("Daily A", "Daily B", "Daily C",
                                                                              "Daily D", "Daily E")}

    def article(outlet: str, author: Actor, label: str) -> int:
        text = f"From {outlet}: the talks exclude the opposition."
        document, _ = add_document(db, admin, project, text, title=outlet, outlet_id=outlets[outlet])
        return span(db, author, document, text, "the talks exclude the opposition", label=label).id

    article("Daily A", ann1, "claim")
    article("Daily B", ann2, "claim")
    article("Daily C", ann1, "loaded_language")  # not a claim
    delete_annotation(db, ann1, article("Daily D", ann1, "claim"))  # no longer one
    add_document(db, admin, project, "No outlet here: the talks exclude the opposition.", title="none")
    expected = {admin: ["Daily A", "Daily B"], ann1: ["Daily A"], ann2: ["Daily B"]}
    for actor, names in expected.items():
        assert project_outlets(db, actor, project) == [(outlets[name], name) for name in names]
        with db.read() as session:
            spans = claim_spans(session, scope_of(session, actor, project))
        assert sorted({s.outlet for s in spans if s.outlet}) == names
