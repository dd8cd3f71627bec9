"""What the highlighter and the curation view share on the Python side: their source files
joined into one module, and the events of the component's state taken once each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

import streamlit as st

HERE = Path(__file__).resolve().parent
#: How many handled event ids a session remembers (the browser resends its last 20).
REMEMBERED_EVENTS = 200


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


EventT = TypeVar("EventT", bound=_HasId)


def joined(names: Sequence[str]) -> str:
    """The files beside this one, in this order, as one text (one ES module: only the last
    exports; or one style sheet)."""
    return "\n".join((HERE / name).read_text(encoding="utf-8") for name in names)


def take_events(key: str, handled: list[str],
                parse: Callable[[object], list[EventT]]) -> list[EventT]:
    """Events in the component's state (under `key`) not yet acted on, oldest first. Their ids
    are added to `handled` (a list kept in session state) at once, so a rerun never acts on
    one twice; the newest REMEMBERED_EVENTS ids are kept."""
    state = st.session_state.get(key)
    seen = set(handled)
    events = [e for e in parse(dict(state) if state else None) if e.id not in seen]
    handled.extend(e.id for e in events)
    del handled[: max(0, len(handled) - REMEMBERED_EVENTS)]
    return events
