"""AppTest of the curation page: the coloured view's drawing (lanes, versions, items, gold),
the decisions it reports as events (accept, accept agreed, accept with an edited extent,
reject with a note, write a gold span, undo), the panel's "accept all agreed", the link
from elsewhere (?doc=&at=), the progress list and who may open it. AppTest cannot run the
view's JavaScript, so its events are put into the component's state as the browser does."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from annotator.db import Database
from annotator.models.enums import GlobalRole
from annotator.services.actor import Actor
from annotator.services.team.assignments import assign
from annotator.services.team.curation import comparison, list_gold
from annotator.services.team.settings import set_team_settings
from annotator.ui.pages.curation import VIEW_KEY

from ..conftest import make_user
from ..support.builders import add_member, project_with_document, span
from .workspace_support import unescape

TEXT = "The so-called experts met the opposition groups in Astana <script>window.__pwned=1</script>."


def _app(actor: Actor, **query: str) -> AppTest:
    source = "import importlib\nimportlib.import_module('annotator.ui.pages.curation').render()\n"
    app = AppTest.from_string(source, default_timeout=30)
    app.session_state["actor"] = actor
    app.query_params.update(query)
    return app.run()


def _drawn(app: AppTest) -> dict[str, Any]:
    """What the page handed the curation view (its component's data)."""
    def walk(node: Any) -> list[Any]:
        out = []
        for child in getattr(node, "children", {}).values():
            if type(child).__name__ == "UnknownElement" and child.type == "bidi_component":
                out.append(child)
            out.extend(walk(child))
        return out

    (component,) = walk(app._tree)
    assert component.proto.component_name == "annotator_curation"
    data: dict[str, Any] = json.loads(component.proto.json)
    return data


def _popovers(app: AppTest) -> list[str]:
    """The labels of the page's popovers (AppTest has no accessor for them)."""
    def walk(node: Any) -> list[str]:
        proto = getattr(node, "proto", None)
        found = [proto.popover.label] if type(node).__name__ == "Block" and proto is not None \
            and proto.WhichOneof("type") == "popover" else []
        for child in getattr(node, "children", {}).values():
            found.extend(walk(child))
        return found

    return walk(app._tree)


def _send(app: AppTest, kind: str, **fields: Any) -> AppTest:
    event = {"id": str(uuid.uuid4()), "type": kind, "doc": _drawn(app)["doc_id"], "t": time.time() * 1000, **fields}
    app.session_state[VIEW_KEY] = {"events": [event]}
    app.run()
    assert not app.exception, app.exception
    return app


def _at(quote: str) -> dict[str, Any]:
    start = TEXT.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


@pytest.fixture
def curated(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> tuple[Database, Actor, Actor, Actor, int]:
    """Two annotators on one document: one span alike, two different extents of one label,
    and one span only bob drew."""
    monkeypatch.setenv("ANNOTATOR_DATABASE_URL", sqlite_db.url)
    lead = make_user(sqlite_db, "lead", GlobalRole.ADMIN)
    project, doc = project_with_document(sqlite_db, lead, TEXT, name="Study **bold**")
    ann, bob, cura = make_user(sqlite_db, "ann"), make_user(sqlite_db, "bob"), make_user(sqlite_db, "cura")
    for person, role in ((ann, "annotator"), (bob, "annotator"), (cura, "curator")):
        add_member(sqlite_db, lead, project, person, role)
    assign(sqlite_db, lead, project, [doc], ["ann", "bob"])
    span(sqlite_db, ann, doc, TEXT, "so-called")
    span(sqlite_db, bob, doc, TEXT, "so-called")
    span(sqlite_db, ann, doc, TEXT, "opposition groups", "scare_quotes", note="quoted in the source")
    span(sqlite_db, bob, doc, TEXT, "the opposition groups", "scare_quotes")
    span(sqlite_db, bob, doc, TEXT, "<script>window.__pwned=1</script>", "claim")
    return sqlite_db, lead, ann, cura, doc


def test_the_view_draws_every_annotator_in_a_lane_with_items_to_decide(curated: tuple) -> None:
    db, lead, ann, cura, doc = curated
    app = _app(cura)
    assert not app.exception, app.exception
    data = _drawn(app)
    assert data["text"] == TEXT  # the article keeps its code points
    assert [lane[0] for lane in data["lanes"]] == ["ann", "bob"]
    lanes = {lane[0]: lane[1] for lane in data["lanes"]}
    by_quote = {TEXT[v[3]:v[4]]: v for v in data["versions"] if v[1] == lanes["ann"]}
    assert set(by_quote) == {"so-called", "opposition groups"}
    assert "Note: quoted in the source" in by_quote["opposition groups"][6]
    kinds = [(item[1], item[5], item[4]) for item in data["items"]]
    assert kinds == [("agreed", "", "pending"), ("cluster", "extent", "open"), ("cluster", "single", "open")]
    assert data["items"][2][6] == "only bob marked this"
    assert data["gold"] == []
    assert [m.label for m in app.metric] == ["Open", "Agreed", "Gold"]
    assert [m.value for m in app.metric] == ["2", "1", "0"]
    assert "untouched · 2 open disagreement(s) · 1 agreed not in gold" in app.selectbox(key="cur_document").options[0]
    assert "Progress: 1 untouched" in _popovers(app)


def test_decisions_from_the_view_are_stored_with_provenance_and_undone(curated: tuple) -> None:
    db, lead, ann, cura, doc = curated
    app = _app(cura)
    ann_groups = next(v for v in comparison(db, cura, doc).spans["ann"] if v.quote == "opposition groups")
    _send(app, "accept", uid=ann_groups.uid)
    (gold,) = list_gold(db, cura, doc)
    assert (gold.quote, gold.provenance, gold.chosen_from, gold.note) == (
        "opposition groups", "chosen", "ann", "quoted in the source")
    assert "Accepted ann's “opposition groups” as Scare quotes" in _drawn(app)["message"]
    assert [m.value for m in app.metric] == ["1", "1", "1"]
    # Undo (Ctrl+Z in the view) takes it back; the disagreement is open again.
    _send(app, "undo")
    assert list_gold(db, cura, doc) == []
    assert _drawn(app)["message"].startswith("Undone: accepted ann's")
    # Accept with an edited extent: both versions are the sources.
    sources = [v.uid for v in comparison(db, cura, doc).clusters[0].versions]
    _send(app, "accept_edited", uid=ann_groups.uid, label="scare_quotes", selection=_at("opposition"),
          sources=sources)
    (edited,) = list_gold(db, cura, doc)
    assert (edited.quote, edited.provenance, set(edited.source_uids)) == ("opposition", "edited", set(sources))
    # The span everyone agrees on, accepted from its card.
    _send(app, "accept_agreed", label="loaded_language", selection=_at("so-called"))
    assert {g.quote: g.provenance for g in list_gold(db, cura, doc)}["so-called"] == "unanimous"
    # Reject the script tag only bob marked, with a note; it stays literal text.
    single = comparison(db, cura, doc).clusters[1]
    assert single.versions[0].quote == "<script>window.__pwned=1</script>"
    _send(app, "reject", key=single.key, note="not a claim")
    assert comparison(db, cura, doc).clusters[1].status == "rejected"
    assert comparison(db, cura, doc).clusters[1].note == "not a claim"
    assert [m.value for m in app.metric] == ["0", "0", "2"]
    _send(app, "undo")
    assert comparison(db, cura, doc).clusters[1].status == "open"
    # A gold span of the curator's own, then deleted and the deletion undone.
    _send(app, "add", label="claim", selection=_at("Astana"))
    added = next(g for g in list_gold(db, cura, doc) if g.quote == "Astana")
    assert added.provenance == "added"
    _send(app, "delete_gold", gold=added.id, version=added.version)
    assert "Astana" not in {g.quote for g in list_gold(db, cura, doc)}
    _send(app, "undo")
    assert "Astana" in {g.quote for g in list_gold(db, cura, doc)}


def test_a_refused_decision_is_said_and_changes_nothing(curated: tuple) -> None:
    db, lead, ann, cura, doc = curated
    app = _app(cura)
    _send(app, "add", label="claim", selection={"start": 0, "end": 3, "quote": "not the text"})
    assert list_gold(db, cura, doc) == []
    assert _drawn(app)["message"].startswith("Not saved:")
    assert app.error and "Not saved" in unescape(app.error[0].value)


def test_accept_all_agreed_and_undo_from_the_panel(curated: tuple) -> None:
    db, lead, ann, cura, doc = curated
    app = _app(cura)
    app.button(key="cur_accept_agreed").click().run()
    assert [(g.quote, g.provenance) for g in list_gold(db, cura, doc)] == [("so-called", "unanimous")]
    assert app.button(key="cur_accept_agreed").disabled
    app.button(key="cur_undo_button").click().run()
    assert list_gold(db, cura, doc) == []
    assert "Undone: accepted 1 agreed span(s)" in unescape(app.success[0].value)


def test_a_link_opens_the_document_at_a_disagreement(curated: tuple) -> None:
    db, lead, ann, cura, doc = curated
    at = TEXT.index("the opposition")
    app = _app(cura, doc=str(doc), at=str(at))
    assert not app.exception, app.exception
    data = _drawn(app)
    assert (data["doc_id"], data["focus_at"]) == (doc, at)
    assert data["focus_nonce"]
    assert "at" not in app.query_params  # read once: a reload does not jump back


def test_names_hidden_and_only_leads_curate(curated: tuple) -> None:
    db, lead, ann, cura, doc = curated
    set_team_settings(db, lead, comparison(db, cura, doc).project_id, hide_annotator_names=True)
    app = _app(cura)
    assert [lane[0] for lane in _drawn(app)["lanes"]] == ["Annotator 1", "Annotator 2"]
    assert "names hidden" in _drawn(app)["subtitle"]
    denied = _app(ann)
    assert "You lead no project" in denied.info[0].value
    # A link to a document the user may not curate opens nothing of it.
    denied = _app(ann, doc=str(doc), at="0")
    assert not denied.exception and "You lead no project" in denied.info[0].value


def test_relations_are_listed_and_accepted_into_gold_once_both_ends_are(curated: tuple) -> None:
    from sqlalchemy import select

    from annotator.models import User
    from annotator.services.annotation.relations import RelationIn, create_relation
    from annotator.services.team.gold_relations import list_gold_relations

    db, lead, ann, cura, doc = curated
    with db.read() as session:
        bob = Actor(session.scalar(select(User.id).where(User.username == "bob")), "bob", GlobalRole.ANNOTATOR)
    groups, script = (next(v for v in comparison(db, cura, doc).spans["bob"] if v.quote == quote)
                      for quote in ("the opposition groups", "<script>window.__pwned=1</script>"))
    relation = create_relation(db, bob, RelationIn(groups.annotation_id, script.annotation_id, "frames"))
    app = _app(cura)
    assert _drawn(app)["relations"] == [[relation.uid, groups.uid, script.uid, "Frames", "#cc79a7", True, "bob",
                                         "waiting"]]
    # Both ends into gold: the relation may follow.
    _send(app, "accept", uid=groups.uid)
    assert _drawn(app)["relations"][0][7] == "waiting"
    _send(app, "accept", uid=script.uid)
    assert _drawn(app)["relations"][0][7] == "ready"
    _send(app, "accept_relation", uid=relation.uid)
    (gold,) = list_gold_relations(db, cura, doc)
    assert (gold.type, gold.from_quote, gold.to_quote) == ("frames", "the opposition groups", script.quote)
    assert _drawn(app)["relations"][0][7] == "gold"
    assert _drawn(app)["message"].startswith("Accepted Frames: “the opposition groups” → ")
    # Undo takes the gold relation back, not the spans.
    _send(app, "undo")
    assert list_gold_relations(db, cura, doc) == []
    assert _drawn(app)["relations"][0][7] == "ready"
    assert len(list_gold(db, cura, doc)) == 2


def test_curated_and_released_from_the_panel(curated: tuple) -> None:
    db, lead, ann, cura, doc = curated
    app = _app(cura)
    app.toggle(key=f"cur_curated_{doc}").set_value(True).run()
    assert not app.exception, app.exception
    assert comparison(db, cura, doc).curation.curated
    assert app.selectbox(key="cur_document").options[0].endswith("· curated · 1 agreed not in gold")
    assert "Progress: 1 curated" in _popovers(app)
    # What ann will see: asked for in the panel (nothing in gold yet, so her spans are extras).
    app.toggle(key="cur_preview_on").set_value(True).run()
    assert not app.exception, app.exception
    assert "0 match · 0 missed · 2 extra" in [t.value for t in app.text]
