"""A document's comparison (services.team.curation.comparison) -> what the curation view
draws. Plain functions, no Streamlit; the words a curator reads about each item are here."""

from __future__ import annotations

from collections.abc import Sequence

from ...services.team.views import ClusterView, ComparisonView, GoldView, VersionView
from ...services.views import CodebookView, LabelView
from ..highlighter.curation_payload import (
    CurationDrawing,
    GoldMark,
    Item,
    Lane,
    RelationMark,
    Version,
)
from ..highlighter.payload import PaletteEntry
from ..workspace.drawing import attribute_text

KIND_TITLES = {"extent": "different extents", "label": "same words, different labels"}
_ORDER = {"cluster": 0, "agreed": 1, "gold": 2}


def lanes(view: ComparisonView) -> tuple[list[Lane], dict[str, int]]:
    """One lane per annotator, in the view's order, and more where an annotator's own spans
    overlap (each span keeps the lowest of their lanes free at its start); uid -> lane."""
    found: list[Lane] = []
    lane_of: dict[str, int] = {}
    base = 0
    for name in view.annotators:
        ends: list[int] = []
        for span in sorted(view.spans.get(name, ()), key=lambda v: (v.start, -v.end)):
            free = next((i for i, end in enumerate(ends) if end <= span.start), None)
            if free is None:
                free = len(ends)
                ends.append(span.end)
            else:
                ends[free] = span.end
            lane_of[span.uid] = base + free
        found.append(Lane(name, base, max(1, len(ends))))
        base += max(1, len(ends))
    return found, lane_of


def attributes_text(attributes: dict[str, object], label: LabelView | None) -> str:
    names = {a.key: a.name for a in label.attributes} if label else {}
    return " · ".join(f"{names.get(k, k)}: {attribute_text(v)}" for k, v in attributes.items() if v not in (None, ""))


def version_details(version: VersionView, label: LabelView | None) -> str:
    lines = [attributes_text(version.attributes, label)]
    if version.note:
        lines.append(f"Note: {version.note}")
    return "\n".join(line for line in lines if line)


def gold_details(gold: GoldView, label: LabelView | None) -> str:
    origin = {
        "unanimous": "agreed by all",
        "chosen": f"chosen from {gold.chosen_from}" if gold.chosen_from else "chosen",
        "edited": f"edited from {len(gold.source_uids)} version(s)" if gold.source_uids else "edited",
        "added": "written by the curator",
        "imported": "imported",
    }.get(gold.provenance, gold.provenance)
    lines = [f"{origin}" + (f" · by {gold.curator}" if gold.curator else ""), attributes_text(gold.attributes, label)]
    if gold.note:
        lines.append(f"Note: {gold.note}")
    return "\n".join(line for line in lines if line)


def cluster_title(cluster: ClusterView) -> str:
    if cluster.kind == "single":
        return f"only {cluster.versions[0].annotator} marked this"
    if cluster.kind == "partial":
        drew = sorted({v.annotator for v in cluster.versions})
        return f"{', '.join(drew)} marked this; {', '.join(cluster.missing)} did not"
    title = KIND_TITLES.get(cluster.kind, cluster.kind)
    return f"{title}; {', '.join(cluster.missing)} marked nothing" if cluster.missing else title


def _items(view: ComparisonView, labels: dict[str, LabelView]) -> list[Item]:
    live = [g for g in view.gold if not g.deleted]
    items: list[Item] = []
    attached: set[int] = set()
    for c in view.clusters:
        ids = tuple(g.id for g in c.gold)
        attached.update(ids)
        items.append(Item(c.key, "cluster", c.start, c.end, c.status, c.kind, cluster_title(c),
                          tuple(v.uid for v in c.versions), ids, c.note or ""))
    for u in view.unanimous:
        ids = tuple(g.id for g in live if (g.start, g.end, g.label) == (u.start, u.end, u.label))
        attached.update(ids)
        items.append(Item(f"u:{u.start}:{u.end}:{u.label}", "agreed", u.start, u.end,
                          "accepted" if ids else "pending", "", u.label_name, u.source_uids, ids))
    for g in live:
        if g.id not in attached:
            items.append(Item(f"g:{g.id}", "gold", g.start, g.end, "gold", "", gold_details(g, labels.get(g.label)).split("\n")[0],
                              (), (g.id,)))
    return sorted(items, key=lambda i: (i.start, i.end, _ORDER[i.type], i.key))


def relation_marks(view: ComparisonView) -> list[RelationMark]:
    """The annotators' relations with where each stands: an end is in gold when a live gold
    span names it as a source or has its offsets and label (as the service that accepts a
    relation looks for it)."""
    live = [g for g in view.gold if not g.deleted]
    sources = {uid for g in live for uid in g.source_uids}
    places = {(g.start, g.end, g.label) for g in live}
    versions = {v.uid: v for spans in view.spans.values() for v in spans}

    def in_gold(uid: str) -> bool:
        v = versions.get(uid)
        return uid in sources or (v is not None and (v.start, v.end, v.label) in places)

    return [RelationMark(r.uid, r.from_uid, r.to_uid, r.type_name, r.colour, r.directed, r.username,
                         "gold" if r.uid in view.accepted_relations
                         else "ready" if in_gold(r.from_uid) and in_gold(r.to_uid) else "waiting")
            for r in view.relations]


def drawing(view: ComparisonView, codebook: CodebookView, *, focus_at: int | None = None,
            focus_nonce: str | None = None, message: str = "", subtitle: Sequence[str] = (),
            fill: bool = False) -> CurationDrawing:
    labels = {label.key: label for label in codebook.labels}
    lane_list, lane_of = lanes(view)
    items = _items(view, labels)
    item_of_uid = {uid: i for i, item in enumerate(items) for uid in item.versions}
    item_of_gold: dict[int, int] = {}
    for i, item in enumerate(items):
        for gold_id in item.gold:
            item_of_gold.setdefault(gold_id, i)
    versions = [
        Version(v.uid, lane_of[v.uid], v.label, v.start, v.end, item_of_uid[v.uid],
                version_details(v, labels.get(v.label)))
        for name in view.annotators for v in view.spans.get(name, ()) if v.uid in item_of_uid
    ]
    gold = [GoldMark(g.id, g.version, g.label, g.start, g.end, item_of_gold[g.id],
                     gold_details(g, labels.get(g.label)), g.note or "")
            for g in view.gold if not g.deleted and g.id in item_of_gold]
    palette = [PaletteEntry(label.key, label.name, label.colour, label.hotkey, label.description)
               for label in codebook.span_labels()]
    return CurationDrawing(
        doc_id=view.document_id, text=view.text, text_sha256=view.text_sha256,
        lanes=lane_list, versions=versions, gold=gold, items=items, palette=palette, title=view.title,
        subtitle=subtitle, focus_at=focus_at, focus_nonce=focus_nonce, message=message, fill=fill,
        relations=relation_marks(view))
