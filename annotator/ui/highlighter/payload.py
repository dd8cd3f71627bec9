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
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from ...errors import InvalidSpan
from ...spans import snap_to_graphemes
from ..text import visible

Kind = Literal["annotation", "suggestion", "gold", "other"]
#: "accept" / "dismiss" act on a selected suggestion (its highlight id in `span`); "command"
#: is a key of the page's key map acted on by the server (its name in `command`).
EVENT_TYPES = frozenset({"selection", "create", "select", "deselect", "delete", "accept", "dismiss", "command"})
#: What the component does itself when a key of the key map is pressed (`KeyBinding.action`):
#: confirm (Enter: label the selection like the last one, or accept the selected suggestion),
#: remove (delete the selected span or dismiss the selected suggestion), clear (drop the
#: selection), next-/previous-highlight (select and show the neighbouring highlight), filter
#: (the palette's filter box), guide (the labels' guidelines), help (the key map), focus (move
#: the focus into the element `KeyBinding.target` names).
BROWSER_ACTIONS = frozenset({
    "confirm", "remove", "clear", "next-highlight", "previous-highlight", "filter", "guide", "help", "focus",
})
_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_COMMAND = re.compile(r"^[a-z][a-z0-9-]{0,47}$")
#: A key as the component names it (keys.js `keyName`): modifiers in the order Ctrl, Alt,
#: Shift, then KeyboardEvent.key; a letter upper case, with Shift when it was held; any other
#: character as typed and without Shift ("?", not "Shift+/"); a named key as the browser
#: names it ("Enter", "Escape", "ArrowDown"), with Shift when it was held.
_KEY_NAME = re.compile(r"^(Ctrl\+)?(Alt\+)?(?:(Shift\+)?(?:[A-Z]|[A-Z][a-zA-Z]+[0-9]*|Space)|[^\sA-Za-z+])$")


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
    #: The label's guideline text (shown in the palette's guide and on hover).
    description: str = ""
    #: The palette draws entries of one group together, under this name, collapsible.
    group: str = ""


@dataclass(frozen=True)
class KeyBinding:
    """One row of a page's key map: the keys, what they do, and the group the `?` overlay
    lists it under. A `command` is sent to the server as a "command" event named `action`;
    otherwise `action` is one of BROWSER_ACTIONS, done by the component itself."""

    keys: tuple[str, ...]
    action: str
    description: str
    group: str = ""
    command: bool = False
    #: For the "focus" action: a CSS selector of the element the focus moves into.
    target: str = ""

    def __post_init__(self) -> None:
        bad = [k for k in self.keys if not _KEY_NAME.match(k)]
        if bad or not self.keys:
            raise ValueError(f"key binding {self.action!r}: not a key name: {bad or self.keys}")
        if self.command and not _COMMAND.match(self.action):
            raise ValueError(f"key binding {self.action!r}: a command is named in lower case with dashes")
        if not self.command and self.action not in BROWSER_ACTIONS:
            raise ValueError(f"key binding {self.action!r}: not one of the component's actions {sorted(BROWSER_ACTIONS)}")


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
    #: The page's key map (the component acts on these keys and lists them on `?`).
    keys: Sequence[KeyBinding] = ()
    #: True: the component fills the height its container gives it (the palette stays on top,
    #: the article scrolls below it); False: the article scrolls in a box of 72 % of the window.
    fill: bool = False
    #: Data of extra layers drawn with the article (layers.js), by layer name: each layer
    #: gets its own entry as it is (plain JSON; user text in it must go through `visible`).
    layers: Mapping[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        spans = [_span_row(s) for s in self.spans]
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "text_sha256": self.text_sha256,
            "title": visible(self.title),
            "subtitle": [visible(part) for part in self.subtitle],
            "spans": spans,
            "spans_rev": revision(spans),
            "dim": [[d.start, d.end, d.kind] for d in self.dim],
            "palette": _palette_data(tuple(self.palette)),
            "keys": _keys_data(tuple(self.keys)),
            "fill": self.fill,
            "layers": dict(self.layers),
            "selected": self.selected,
            "last_label": self.last_label,
            "scroll_to": self.scroll_to,
            "message": visible(self.message),
        }


# The parts of a drawing that repeat from run to run, made once: a page redraws on every
# click, and the same thousand spans, palette and key map would go through `visible` again.
# The results are shared between runs: read-only.


@lru_cache(maxsize=20_000)
def _span_row(s: DrawnSpan) -> list[Any]:
    return [s.id, s.start, s.end, s.colour if _COLOUR.match(s.colour) else "#888888", visible(s.label),
            visible(s.tooltip), s.kind]


@lru_cache(maxsize=32)
def _palette_data(palette: tuple[PaletteEntry, ...]) -> list[dict[str, Any]]:
    return [
        {"key": p.key, "name": visible(p.name), "colour": p.colour, "hotkey": p.hotkey,
         "description": visible(p.description), "group": visible(p.group)}
        for p in palette
    ]


@lru_cache(maxsize=32)
def _keys_data(keys: tuple[KeyBinding, ...]) -> list[dict[str, Any]]:
    return [
        {"keys": list(k.keys), "action": k.action, "description": visible(k.description),
         "group": visible(k.group), "command": k.command, "target": k.target}
        for k in keys
    ]


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
    #: The key map's command, for a "command" event.
    command: str | None = None
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


def raw_events(state: object, types: Collection[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(id, type, the entry) of each entry of a component's state that has an id and one of
    `types`, oldest first; anything else is skipped (the browser is not trusted to send
    well-formed data). The id is cut to 64 characters."""
    entries = state.get("events") if isinstance(state, dict) else None
    for raw in entries if isinstance(entries, list) else ():
        if not isinstance(raw, dict):
            continue
        event_id, kind = raw.get("id"), raw.get("type")
        if isinstance(event_id, str) and event_id and isinstance(kind, str) and kind in types:
            yield event_id[:64], kind, raw


def parse_events(state: object) -> list[Event]:
    """The highlighter's events in the component's state, oldest first; malformed entries
    are skipped."""
    events = []
    for event_id, kind, raw in raw_events(state, EVENT_TYPES):
        doc = raw.get("doc")
        label = raw.get("label")
        span = raw.get("span")
        command = raw.get("command")
        sent_at = raw.get("t")
        events.append(Event(
            id=event_id, type=kind, doc=doc if isinstance(doc, int) else None,
            selection=_selection(raw.get("selection")),
            label=label if isinstance(label, str) and label else None,
            span=str(span) if isinstance(span, int | str) and span != "" else None,
            command=command if isinstance(command, str) and _COMMAND.match(command) else None,
            sent_at=float(sent_at) if isinstance(sent_at, int | float) else None,
        ))
    return events


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
