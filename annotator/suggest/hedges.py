"""Detector "hedges": hedges and doubt markers (label ``hedge``).

The markers live in ``data/hedges.yaml`` (same format as the loaded-language lexicon,
every label ``hedge``): adverbs of distance ("allegedly", "reportedly", "supposedly"),
qualifiers ("alleged", "purported", "so-called"), impersonal passives ("it is claimed",
"is said to") and the speculative perfect ("may have", "might have").  Matching follows
:mod:`annotator.suggest.matcher` (word boundaries, longest match).  A project can add
markers with ``hedge_extra`` in the same way as for the lexicon.
"""

from __future__ import annotations

from .lexicon import LexiconExtra, extend_lexicon, packaged_lexicon
from .matcher import match_lexicon
from .model import Suggestion

RULE = "hedges"
HEDGE_LABELS = frozenset({"hedge"})


def detect_hedges(text: str, *, hedge_extra: LexiconExtra | None = None) -> list[Suggestion]:
    """Hedges and doubt markers from the built-in list plus ``hedge_extra``."""
    lexicon = extend_lexicon(packaged_lexicon("hedges.yaml", HEDGE_LABELS), hedge_extra,
                             HEDGE_LABELS)
    return match_lexicon(text, lexicon, RULE)
