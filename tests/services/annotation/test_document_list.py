"""The documents page's listing: pages in import order with the total, search, filters by status
(overall for leads, one's own for annotators), outlet and label, and the permissions of the
rest of the app (assigned-only queues, blind projects, hidden names)."""

from __future__ import annotations

import pytest

from annotator.db import Database
from annotator.errors import Forbidden, InvalidInput
from annotator.services.actor import Actor
from annotator.services.annotation.document_list import (
    DocumentQuery,
    document_facets,
    document_page,
)
from annotator.services.annotation.documents import add_document, set_status
from annotator.services.registry.entities import create_entity
from annotator.services.team.assignments import assign
from annotator.services.team.projects import create_project
from annotator.services.team.settings import set_team_settings

from ...conftest import make_user
from ...support.builders import add_member, span


def _study(db: Database, lead: Actor, count: int = 7, **settings: object) -> tuple[int, list[int], list[str]]:
    project = create_project(db, lead, "Study", **settings)  # type: ignore[arg-type]
    texts = [f"Article {i}: the so-called experts spoke{' of Astana' if i % 3 == 0 else ''}." for i in range(count)]
    ids = [add_document(db, lead, project.id, text, title=f"Title {i}", external_id=f"ptc{1000 + i}")[0]
           for i, text in enumerate(texts)]
    return project.id, ids, texts


def test_pages_come_in_import_order_with_the_total(db: Database, admin: Actor) -> None:
    project_id, ids, _ = _study(db, admin)
    first = document_page(db, admin, project_id, DocumentQuery(per_page=3))
    assert [r.id for r in first.rows] == ids[:3] and (first.total, first.pages, first.scope) == (7, 3, "overall")
    last = document_page(db, admin, project_id, DocumentQuery(page=3, per_page=3))
    assert [r.id for r in last.rows] == ids[6:]
    assert document_page(db, admin, project_id, DocumentQuery(page=4, per_page=3)).rows == ()
    row = first.rows[0]
    assert (row.external_id, row.title, row.status, row.annotators) == ("ptc1000", "Title 0", "unassigned", ())
    with pytest.raises(InvalidInput):
        document_page(db, admin, project_id, DocumentQuery(page=0))
    with pytest.raises(InvalidInput):
        document_page(db, admin, project_id, DocumentQuery(statuses=("lost",)))  # type: ignore[arg-type]


def test_search_finds_title_text_and_external_id_in_any_case(db: Database, admin: Actor) -> None:
    project_id, ids, _ = _study(db, admin)
    assert [r.id for r in document_page(db, admin, project_id, DocumentQuery(search="ASTANA")).rows] == [ids[0], ids[3], ids[6]]
    assert [r.id for r in document_page(db, admin, project_id, DocumentQuery(search="title 5")).rows] == [ids[5]]
    assert [r.id for r in document_page(db, admin, project_id, DocumentQuery(search="ptc1002")).rows] == [ids[2]]
    assert document_page(db, admin, project_id, DocumentQuery(search="100%")).total == 0  # % is literal


def test_status_is_overall_for_leads_and_ones_own_for_annotators(db: Database, admin: Actor) -> None:
    project_id, ids, _ = _study(db, admin, count=4)
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    for person in (ann, bob):
        add_member(db, admin, project_id, person)
    assign(db, admin, project_id, ids[:3], ["ann", "bob"])
    set_status(db, ann, ids[0], "done")
    set_status(db, bob, ids[0], "done")
    set_status(db, ann, ids[1], "done")
    set_team_settings(db, admin, project_id, assigned_only=False)

    def lead_sees(*statuses: str) -> list[int]:
        return [r.id for r in document_page(db, admin, project_id, DocumentQuery(statuses=statuses)).rows]  # type: ignore[arg-type]

    assert lead_sees("done") == [ids[0]]
    assert lead_sees("in_progress") == [ids[1]]
    assert lead_sees("todo") == [ids[2]]
    assert lead_sees("unassigned") == [ids[3]]
    assert lead_sees("todo", "unassigned") == [ids[2], ids[3]]
    rows = document_page(db, admin, project_id).rows
    assert rows[1].annotators == (("ann", "done"), ("bob", "todo")) and rows[1].status == "in_progress"

    page = document_page(db, bob, project_id, DocumentQuery(statuses=("todo",)))
    assert page.scope == "yours" and [r.id for r in page.rows] == [ids[1], ids[2]]
    assert [r.id for r in document_page(db, bob, project_id, DocumentQuery(statuses=("unassigned",))).rows] == [ids[3]]
    assert all(r.annotators == () for r in document_page(db, bob, project_id).rows)  # others' statuses are not theirs


def test_annotators_list_only_their_queue_once_assignments_are_used(db: Database, admin: Actor) -> None:
    project_id, ids, _ = _study(db, admin, count=3)
    ann = make_user(db, "ann")
    add_member(db, admin, project_id, ann)
    assign(db, admin, project_id, [ids[1]], ["ann"])
    assert [r.id for r in document_page(db, ann, project_id).rows] == [ids[1]]
    assert document_page(db, ann, project_id).total == 1
    with pytest.raises(Forbidden):
        document_page(db, make_user(db, "outsider"), project_id)


def test_label_filter_and_counts_follow_what_the_caller_may_see(db: Database, admin: Actor) -> None:
    project_id, ids, texts = _study(db, admin, count=3, blind=True)
    ann, bob = make_user(db, "ann"), make_user(db, "bob")
    for person in (ann, bob):
        add_member(db, admin, project_id, person)
    span(db, ann, ids[0], texts[0], "so-called", label="scare_quotes")
    span(db, bob, ids[1], texts[1], "so-called", label="scare_quotes")
    span(db, bob, ids[1], texts[1], "experts", label="loaded_language")
    wanted = DocumentQuery(labels=("scare_quotes",))
    assert [r.id for r in document_page(db, admin, project_id, wanted).rows] == [ids[0], ids[1]]
    assert [r.id for r in document_page(db, ann, project_id, wanted).rows] == [ids[0]]  # blind: their own spans
    assert [r.spans for r in document_page(db, admin, project_id).rows] == [1, 2, 0]
    assert [r.spans for r in document_page(db, ann, project_id).rows] == [1, 0, 0]
    assert ("scare_quotes", 'Scare quotes / "so-called"') in document_facets(db, ann, project_id).labels


def test_outlets_filter_and_facets(db: Database, admin: Actor) -> None:
    project = create_project(db, admin, "Study")
    outlet = create_entity(db, admin, "outlet", "SouthFront", domains=["southfront.org"])
    other = create_entity(db, admin, "outlet", "Elsewhere", domains=["elsewhere.example"])
    a, _ = add_document(db, admin, project.id, "One.", url="https://southfront.org/a")
    add_document(db, admin, project.id, "Two.", url="https://example.net/b")
    assert document_facets(db, admin, project.id).outlets == ((outlet.id, "SouthFront"),)
    rows = document_page(db, admin, project.id, DocumentQuery(outlets=(outlet.id,))).rows
    assert [(r.id, r.outlet) for r in rows] == [(a, "SouthFront")]
    assert document_page(db, admin, project.id, DocumentQuery(outlets=(other.id,))).total == 0


def test_curators_see_pseudonyms_where_names_are_hidden(db: Database, admin: Actor) -> None:
    project_id, ids, _ = _study(db, admin, count=1)
    ann, cora = make_user(db, "ann"), make_user(db, "cora")
    add_member(db, admin, project_id, ann)
    add_member(db, admin, project_id, cora, "curator")
    assign(db, admin, project_id, ids, ["ann"])
    set_team_settings(db, admin, project_id, hide_annotator_names=True)
    assert document_page(db, cora, project_id).rows[0].annotators == (("Annotator 1", "todo"),)
    assert document_page(db, admin, project_id).rows[0].annotators == (("ann", "todo"),)


def test_search_folds_the_case_of_every_script_on_sqlite(sqlite_db: Database) -> None:
    """SQLite's own lower() folds ASCII only: "öl" did not find "Öl-Krise", "ελένη" not
    "ΕΛΈΝΗ", and the member search ("jürgen") and the curation picker missed them alike.
    The app's SQLite connections fold case as Python does (PostgreSQL folds as its
    database's locale does; the suite's server has none, hence SQLite only here)."""
    from annotator.models.enums import GlobalRole
    from annotator.services.accounts.users import create_user
    from annotator.services.team.curation_window import curation_window
    from annotator.services.team.members import member_candidates

    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    project = create_project(sqlite_db, lead, "Study")
    german, _ = add_document(sqlite_db, lead, project.id, "Die Preise steigen weiter.", title="Öl-Krise: ÄRGER")
    greek, _ = add_document(sqlite_db, lead, project.id, "Η ΕΛΈΝΗ είπε.", title="Δήλωση")
    assert [r.id for r in document_page(sqlite_db, lead, project.id, DocumentQuery(search="öl-krise")).rows] == [german]
    assert [r.id for r in document_page(sqlite_db, lead, project.id, DocumentQuery(search="ärger")).rows] == [german]
    assert [r.id for r in document_page(sqlite_db, lead, project.id, DocumentQuery(search="ελένη")).rows] == [greek]
    assert [r.document_id for r in curation_window(sqlite_db, lead, project.id, search="δήλωση").rows] == [greek]
    create_user(sqlite_db, Actor.system(), "juergen", "correct horse battery", display_name="JÜRGEN Weiß")
    assert [c.username for c in member_candidates(sqlite_db, lead, project.id, "jürgen")] == ["juergen"]
