"""The relations the highlighter draws as arcs above the text (highlighter/arcs.js, a layer).
Plain functions, no Streamlit.

A document without a drawable relation gets no arcs layer at all, so the browser does no work
for it (no SVG, no scroll listener): the layer is only in the drawing when some relation has
both its ends drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...services.views import AnnotationView, RelationView
from ..text import visible

#: The layer's name in `Drawing.layers` (registerLayer in arcs.js).
LAYER = "arcs"


def arcs(relations: Iterable[RelationView], spans: Iterable[AnnotationView]) -> list[dict[str, Any]]:
    """The live relations whose two ends are drawn (a hidden annotator's, or a deleted span's,
    relations have nothing to hang on), as the layer reads them."""
    drawn = {span.id for span in spans if not span.deleted}
    return [
        {"id": r.id, "from": r.from_id, "to": r.to_id, "colour": r.colour, "label": visible(r.type_name),
         "directed": r.directed}
        for r in relations
        if not r.deleted and r.from_id in drawn and r.to_id in drawn
    ]


def layers(relations: Iterable[RelationView], spans: Iterable[AnnotationView]) -> dict[str, Any]:
    """`drawing(layers=...)`: the arcs layer, or nothing when there is no arc to draw."""
    found = arcs(relations, spans)
    return {LAYER: {"relations": found}} if found else {}
