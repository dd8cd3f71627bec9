"""What the highlighter draws and what it sends back, as plain data (no Streamlit here).

The component is generic: it draws spans of any origin (a user's annotations, suggestions,
gold spans, another annotator's work) from `DrawnSpan`s and reports what the user did as
`Event`s. Pages build the drawing from service views and decide what an event means.
Everything drawn besides the article text goes out through `visible` (annotator.ui.text):
the component never sees a control character outside the article, where it draws them
itself without changing the text.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ...errors import InvalidSpan
from ...spans import snap_to_graphemes
from ..text import visible

Kind = Literal["annotation", "suggestion", "gold", "other"]
#: "accept" / "dismiss" act on a selected suggestion (its highlight id in `span`).
EVENT_TYPES = frozenset({"selection", "create", "select", "deselect", "delete", "undo", "nav", "accept", "dismiss"})
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class DrawnSpan:
    """One highlight. `id` is opaque to the component and comes back in events (ints for
    annotations; other features use prefixed strings such as "s:12")."""

    id: int | str
    start: int
    end: int
    colour: str
    label: str
    #: Plain text shown on hover (label, attributes, note, who); never HTML.
    tooltip: str
    #: annotation: tinted with a band; suggestion: dashed band; gold: thicker band;
    #: other: another annotator's span, a faint band without tint.
    kind: Kind = "annotation"


@dataclass(frozen=True)
class DimRange:
    """A stretch of the text to draw faded, e.g. page furniture or reader comments."""

    start: int
    end: int
    kind: str = "furniture"


@dataclass(frozen=True)
class PaletteEntry:
    key: str
    name: str
    colour: str
    hotkey: str | None = None
    description: str = ""


@dataclass(frozen=True)
class Drawing:
    """Everything the component needs for one document."""

    doc_id: int
    text: str
    text_sha256: str
    spans: Sequence[DrawnSpan]
    palette: Sequence[PaletteEntry] = ()
    title: str = ""
    #: Facts under the title (outlet, author, date, URL), each drawn isolated in a <bdi>.
    subtitle: Sequence[str] = ()
    selected: int | str | None = None
    dim: Sequence[DimRange] = ()
    #: Label used for Enter (label the selection like the last one).
    last_label: str | None = None
    #: A span to bring into view (changes of this value scroll; repeats do not).
    scroll_to: int | str | None = None
    message: str = ""

    def to_data(self) -> dict[str, Any]:
        spans = [
            [s.id, s.start, s.end, s.colour if _COLOUR.match(s.colour) else "#888888", visible(s.label),
             visible(s.tooltip), s.kind]
            for s in self.spans
        ]
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "text_sha256": self.text_sha256,
            "title": visible(self.title),
            "subtitle": [visible(part) for part in self.subtitle],
            "spans": spans,
            "spans_rev": revision(spans),
            "dim": [[d.start, d.end, d.kind] for d in self.dim],
            "palette": [
                {"key": p.key, "name": visible(p.name), "colour": p.colour, "hotkey": p.hotkey,
                 "description": visible(p.description)}
                for p in self.palette
            ],
            "selected": self.selected,
            "last_label": self.last_label,
            "scroll_to": self.scroll_to,
            "message": visible(self.message),
        }


def revision(spans: list[list[Any]]) -> str:
    """A short digest of the drawn spans: the component redraws only when it changes."""
    raw = json.dumps(spans, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.blake2b(raw, digest_size=8).hexdigest()


# --- what comes back -----------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """A selection as the component reports it: code points, with the text it covers."""

    start: int
    end: int
    quote: str
    uid: str


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    doc: int | None
    selection: Selection | None = None
    label: str | None = None
    span: str | None = None
    direction: str | None = None
    #: Milliseconds since the epoch when the browser sent it (for latency figures).
    sent_at: float | None = None


def _selection(raw: object) -> Selection | None:
    if not isinstance(raw, dict):
        return None
    start, end, quote, uid = raw.get("start"), raw.get("end"), raw.get("quote"), raw.get("uid")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(quote, str)):
        return None
    if not (isinstance(uid, str) and _UID.match(uid)):
        return None
    return Selection(start, end, quote, uid)


def parse_events(state: object) -> list[Event]:
    """The events in the component's state, oldest first; malformed entries are skipped (the
    browser is not trusted to send well-formed data)."""
    raw_events = state.get("events") if isinstance(state, dict) else None
    if not isinstance(raw_events, list):
        return []
    events = []
    for raw in raw_events:
        if not isinstance(raw, dict):
            continue
        event_id, kind = raw.get("id"), raw.get("type")
        if not isinstance(event_id, str) or not event_id or kind not in EVENT_TYPES:
            continue
        doc = raw.get("doc")
        label = raw.get("label")
        span = raw.get("span")
        direction = raw.get("direction")
        sent_at = raw.get("t")
        events.append(Event(
            id=event_id[:64], type=kind, doc=doc if isinstance(doc, int) else None,
            selection=_selection(raw.get("selection")),
            label=label if isinstance(label, str) and label else None,
            span=str(span) if isinstance(span, int | str) and span != "" else None,
            direction=direction if direction in ("next", "previous") else None,
            sent_at=float(sent_at) if isinstance(sent_at, int | float) else None,
        ))
    return events


def unhandled(events: Iterable[Event], handled: set[str] | Sequence[str]) -> list[Event]:
    seen = set(handled)
    return [e for e in events if e.id not in seen]


@dataclass(frozen=True)
class CheckedSelection:
    start: int
    end: int
    quote: str
    #: True when the offsets had to be widened to whole characters (grapheme clusters).
    widened: bool


def check_selection(text: str, selection: Selection) -> CheckedSelection:
    """The selection checked against the stored text: the quote must be exactly the text at
    its offsets (else the browser and the server disagree about the text, and nothing is
    saved); offsets that split a character are widened to whole grapheme clusters."""
    start, end = selection.start, selection.end
    if not 0 <= start < end <= len(text):
        raise InvalidSpan(f"the selection [{start}, {end}) is outside the text (0..{len(text)})")
    if text[start:end] != selection.quote:
        raise InvalidSpan(
            f"the selected text does not match the document at [{start}, {end}): "
            f"expected {text[start:end][:60]!r}, got {selection.quote[:60]!r}; nothing was saved"
        )
    snapped = snap_to_graphemes(text, start, end)
    return CheckedSelection(snapped[0], snapped[1], text[snapped[0]:snapped[1]], snapped != (start, end))
