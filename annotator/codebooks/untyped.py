"""The relation types of relations that came without a type.

Label Studio writes a relation without `labels` when its config has no `<Relations>` labels
(its default), or with `labels: []` when none was chosen: two linked regions, an arrow one way
(`right`, `left`) or both (`bi`), nothing more. Our relations need a codebook type, so such a
relation gets one of these two, which allow any span label at either end and define no
attributes; an import adds the one it needs to a codebook that lacks it, and formats that can
say "no type" (Label Studio) write them without one, so that the round trip keeps them as they
came. A codebook may also declare them itself (the keys are what makes them untyped).
"""

from __future__ import annotations

from typing import Any, Final

from .colours import PALETTE

#: A directed relation without a type (Label Studio's `right`/`left`).
UNTYPED: Final = "untyped"
#: An undirected one (Label Studio's `bi`).
UNTYPED_UNDIRECTED: Final = "untyped_undirected"
KEYS: Final = (UNTYPED, UNTYPED_UNDIRECTED)


def untyped_key(directed: bool) -> str:
    return UNTYPED if directed else UNTYPED_UNDIRECTED


def relation_definition(key: str, position: int) -> dict[str, Any]:
    """The codebook entry of one of KEYS (its colour taken by `position`, as added labels')."""
    directed = key == UNTYPED
    return {"key": key, "name": "No type" if directed else "No type, undirected",
            "description": "A relation that came without a type (e.g. a Label Studio relation with no label)"
                           + ("." if directed else ", read the same both ways."),
            "colour": PALETTE[position % len(PALETTE)], "directed": directed}
