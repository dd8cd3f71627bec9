"""What the workspace hands the highlighter's arcs layer (ui/workspace/arcs.py): one arc per
live relation whose two ends are drawn, nothing at all when there is none (the browser then
does no work for arcs), and type names with control characters made visible."""

from __future__ import annotations

from datetime import UTC, datetime

from annotator.db import Database
from annotator.services.actor import Actor
from annotator.services.annotation.codebooks import get_project_codebook
from annotator.services.annotation.documents import get_document
from annotator.services.annotation.relations import (
    RelationIn,
    create_relation,
    delete_relation,
    list_relations,
)
from annotator.services.annotation.spans import delete_annotation, list_annotations
from annotator.services.views import AnnotationView, RelationView
from annotator.ui.highlighter import JS_FILES
from annotator.ui.workspace import arcs
from annotator.ui.workspace.drawing import drawing

from .test_relations_panel import setting  # noqa: F401  (the fixture)


def test_one_arc_per_live_relation_between_drawn_spans(
        sqlite_db: Database, setting: tuple[Actor, int, dict[str, AnnotationView]]) -> None:  # noqa: F811
    ana, doc, spans = setting
    document = get_document(sqlite_db, ana, doc)
    codebook = get_project_codebook(sqlite_db, ana, document.project_id)
    views = list_annotations(sqlite_db, ana, doc, include_deleted=True)
    # No relation: no layer at all.
    assert arcs.layers(list_relations(sqlite_db, ana, doc), views) == {}
    assert drawing(document, codebook, views, my_user_id=ana.user_id,
                   layers=arcs.layers([], views)).to_data()["layers"] == {}
    attributed = create_relation(sqlite_db, ana, RelationIn(spans["claim"].id, spans["source"].id, "attributed_to"))
    repeats = create_relation(sqlite_db, ana, RelationIn(spans["failed"].id, spans["claim"].id, "repeats"))
    gone = create_relation(sqlite_db, ana, RelationIn(spans["failed"].id, spans["claim"].id, "contradicts"))
    delete_relation(sqlite_db, ana, gone.id)
    relations = list_relations(sqlite_db, ana, doc, include_deleted=True)
    layer = drawing(document, codebook, views, my_user_id=ana.user_id,
                    layers=arcs.layers(relations, views)).to_data()["layers"][arcs.LAYER]
    by_id = {r.id: r for r in relations}
    assert layer["relations"] == [
        {"id": i, "from": by_id[i].from_id, "to": by_id[i].to_id, "colour": by_id[i].colour,
         "label": by_id[i].type_name, "directed": by_id[i].directed}
        for i in (attributed.id, repeats.id)
    ]
    assert {a["id"]: a["directed"] for a in layer["relations"]} == {attributed.id: True, repeats.id: False}
    # An end that is not drawn (another annotator's hidden span, a deleted one) leaves its relation out.
    shown = [v for v in views if v.id != spans["source"].id]
    assert [a["id"] for a in arcs.arcs(relations, shown)] == [repeats.id]
    delete_annotation(sqlite_db, ana, spans["claim"].id)
    after = list_annotations(sqlite_db, ana, doc, include_deleted=True)
    assert arcs.layers(list_relations(sqlite_db, ana, doc, include_deleted=True), after) == {}


def test_arc_labels_show_control_characters() -> None:
    now = datetime.now(UTC)
    relation = RelationView(
        id=1, uid="u", document_id=1, user_id=1, username="ana", type="t", type_name="Says\u202eevil",
        colour="#123456", directed=True, from_id=1, to_id=2, from_uid="a", to_uid="b", from_label="claim",
        to_label="claim", from_quote="x", to_quote="y", attributes={}, note=None, origin="manual", version=1,
        created_at=now, updated_at=now, deleted=False,
    )
    ends = [_span(1), _span(2)]
    [arc] = arcs.arcs([relation], ends)
    assert "\u202e" not in arc["label"] and arc["label"].startswith("Says")


def test_the_layer_is_in_the_highlighter_after_layers_js() -> None:
    assert JS_FILES.index("layers.js") < JS_FILES.index("arcs.js") < JS_FILES.index("highlighter.js")


def _span(span_id: int) -> AnnotationView:
    from dataclasses import fields

    values = {f.name: None for f in fields(AnnotationView)}
    return AnnotationView(**{**values, "id": span_id, "deleted": False})  # type: ignore[arg-type]
