"""What the curation view draws and what it sends back, as plain data (no Streamlit here).

The curation view (curation.js) shares the highlighter's text and article code (text.js,
article.js): the same offsets, grapheme snapping and segments, with its own painting. Each
annotator has a lane (a band under the text, several if their own spans overlap), the gold
layer tints the text and draws a bar above it, and every *item* (a disagreement, a span all
annotators agree on, a gold span of the curator's own) can be focused and decided in the card
above the article. Everything drawn besides the article text goes out through `visible`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..text import visible
from .payload import PaletteEntry, Selection, raw_events, revision

ItemType = Literal["cluster", "agreed", "gold"]
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_UID = re.compile(r"^[0-9a-f-]{8,36}$")
EVENT_TYPES = frozenset({
    "accept", "accept_agreed", "accept_edited", "accept_relation", "add", "adjust_gold", "reject", "reopen",
    "delete_gold", "note_gold", "undo",
})


@dataclass(frozen=True)
class Lane:
    """One annotator's band(s) under the text: lanes `base` .. `base + depth - 1`."""

    name: str
    base: int
    depth: int


@dataclass(frozen=True)
class Version:
    """One annotator's span."""

    uid: str
    lane: int
    label: str
    start: int
    end: int
    #: Index into the drawing's items.
    item: int
    #: Annotator, attributes and note, as plain text lines (for the card and the tooltip).
    details: str = ""


@dataclass(frozen=True)
class GoldMark:
    """A live gold span."""

    id: int
    version: int
    label: str
    start: int
    end: int
    item: int
    #: Provenance, whose version, curator and note, as plain text lines.
    details: str = ""
    #: The note itself (the card edits it).
    note: str = ""


@dataclass(frozen=True)
class RelationMark:
    """An annotator's relation between two of their spans (versions), listed in the card of
    the items its ends belong to."""

    uid: str
    from_uid: str
    to_uid: str
    type_name: str
    colour: str
    directed: bool
    annotator: str
    #: gold: taken into gold already; ready: both ends are in gold; waiting: an end is not.
    status: str


@dataclass(frozen=True)
class Item:
    """What the curator focuses and decides on."""

    key: str
    type: ItemType
    start: int
    end: int
    #: cluster: open / resolved / rejected; agreed: pending / accepted; gold: gold.
    status: str
    #: cluster: single / extent / label / partial (annotator/curation.py KINDS); else "".
    kind: str
    #: One line saying what this is ("Different extents", "Only ann marked this", ...).
    title: str
    #: uids of its versions, in the order keys 1..n accept them.
    versions: tuple[str, ...] = ()
    #: ids of the gold spans that decide it.
    gold: tuple[int, ...] = ()
    #: The curator's note on a rejection.
    note: str = ""


@dataclass(frozen=True)
class CurationDrawing:
    doc_id: int
    text: str
    text_sha256: str
    lanes: Sequence[Lane]
    versions: Sequence[Version]
    gold: Sequence[GoldMark]
    items: Sequence[Item]
    palette: Sequence[PaletteEntry]
    title: str = ""
    subtitle: Sequence[str] = ()
    #: Open at this offset (the disagreement there); a new `focus_nonce` moves there again.
    focus_at: int | None = None
    focus_nonce: str | None = None
    message: str = ""
    relations: Sequence[RelationMark] = ()
    #: Take the height of the container (the page's one-screen layout): only the article scrolls.
    fill: bool = False

    def to_data(self) -> dict[str, Any]:
        colours = {p.key: p.colour if _COLOUR.match(p.colour) else "#888888" for p in self.palette}
        names = {p.key: visible(p.name) for p in self.palette}
        items = {i: item for i, item in enumerate(self.items)}
        # The article's spans as article.js takes them: [id, start, end, colour, label, tooltip,
        # kind]. A span's id carries what its drawing depends on (a cluster's status, a gold
        # span's version), so that a line is drawn again exactly when that changes.
        spans: list[list[Any]] = []
        for v in self.versions:
            spans.append([f"v:{v.uid}", v.start, v.end, colours.get(v.label, "#888888"),
                          names.get(v.label, visible(v.label)), "", "other"])
        for g in self.gold:
            spans.append([f"g:{g.id}:{g.version}", g.start, g.end, colours.get(g.label, "#888888"),
                          names.get(g.label, visible(g.label)), "", "gold"])
        for i, item in items.items():
            if item.type == "cluster":
                spans.append([f"c:{i}:{item.key}:{item.status}:{item.kind}", item.start, item.end,
                              "#888888", "", "", "other"])
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "text_sha256": self.text_sha256,
            "title": visible(self.title),
            "subtitle": [visible(part) for part in self.subtitle],
            "lanes": [[visible(lane.name), lane.base, lane.depth] for lane in self.lanes],
            "versions": [[v.uid, v.lane, v.label, v.start, v.end, v.item, visible(v.details)]
                         for v in self.versions],
            # The note as shown (control characters made visible); the view sends it back only
            # when the curator changed it, so an unchanged note is never rewritten.
            "gold": [[g.id, g.version, g.label, g.start, g.end, g.item, visible(g.details), visible(g.note)]
                     for g in self.gold],
            "items": [[item.key, item.type, item.start, item.end, item.status, item.kind,
                       visible(item.title), list(item.versions), list(item.gold), visible(item.note)]
                      for item in self.items],
            "relations": [[r.uid, r.from_uid, r.to_uid, visible(r.type_name),
                           r.colour if _COLOUR.match(r.colour) else "#888888", r.directed, visible(r.annotator),
                           r.status] for r in self.relations],
            "palette": [
                {"key": p.key, "name": visible(p.name), "colour": colours[p.key], "hotkey": p.hotkey,
                 "description": visible(p.description)}
                for p in self.palette
            ],
            "spans": spans,
            "spans_rev": revision(spans),
            "focus_at": self.focus_at,
            "focus_nonce": self.focus_nonce,
            "message": visible(self.message),
            "fill": self.fill,
        }


# --- what comes back -----------------------------------------------------------------------


@dataclass(frozen=True)
class CurationEvent:
    """One action of the curator in the view. Which fields are set depends on `type`:
    accept (uid), accept_relation (uid: the annotator's relation), accept_agreed (label, selection's offsets), accept_edited (label, selection,
    uid = the version it is based on, sources), add (label, selection), adjust_gold (gold,
    version, label, selection), reject (key, note), reopen (key), delete_gold (gold, version),
    note_gold (gold, version, note), undo."""

    id: str
    type: str
    doc: int | None
    uid: str | None = None
    key: str | None = None
    label: str | None = None
    selection: Selection | None = None
    sources: tuple[str, ...] = ()
    gold: int | None = None
    version: int | None = None
    note: str | None = None
    sent_at: float | None = None


def _text(raw: object, limit: int = 200) -> str | None:
    return raw[:limit] if isinstance(raw, str) and raw else None


def _int(raw: object) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) else None


def _range(raw: object) -> Selection | None:
    """Offsets and the text they cover, as the view sends them (checked against the document
    by the service, which refuses a quote that does not match)."""
    if not isinstance(raw, dict):
        return None
    start, end, quote = _int(raw.get("start")), _int(raw.get("end")), raw.get("quote")
    if start is None or end is None or not isinstance(quote, str):
        return None
    return Selection(start, end, quote, "")


def parse_events(state: object) -> list[CurationEvent]:
    """The curation view's events in the component's state, oldest first; malformed entries
    are skipped."""
    events = []
    for event_id, kind, raw in raw_events(state, EVENT_TYPES):
        uid = raw.get("uid")
        sources = raw.get("sources")
        sent_at = raw.get("t")
        events.append(CurationEvent(
            id=event_id, type=kind, doc=_int(raw.get("doc")),
            uid=uid if isinstance(uid, str) and _UID.match(uid) else None,
            key=_text(raw.get("key"), 200), label=_text(raw.get("label"), 200),
            selection=_range(raw.get("selection")),
            sources=tuple(s for s in sources if isinstance(s, str) and _UID.match(s))[:100]
            if isinstance(sources, list) else (),
            gold=_int(raw.get("gold")), version=_int(raw.get("version")),
            note=raw["note"][:2000] if isinstance(raw.get("note"), str) else None,
            sent_at=float(sent_at) if isinstance(sent_at, int | float) else None,
        ))
    return events
