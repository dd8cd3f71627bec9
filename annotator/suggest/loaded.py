"""Detector "lexicon": loaded language, name calling and euphemisms from a lexicon.

The words live in ``data/lexicon.yaml`` (format documented there and in
:mod:`annotator.suggest.lexicon`); the matching rules (word boundaries, inflections,
exclusions, longest match) are those of :mod:`annotator.suggest.matcher`.  Each hit
carries the label of its entry and, as ``detail``, the entry's term.
"""

from __future__ import annotations

from .lexicon import LexiconExtra, resolve_lexicon
from .matcher import match_lexicon
from .model import Suggestion

RULE = "lexicon"


def detect_lexicon(text: str, *, lexicon_extra: LexiconExtra | None = None) -> list[Suggestion]:
    """Loaded language, name calling and euphemisms of the built-in lexicon plus extras."""
    return match_lexicon(text, resolve_lexicon(lexicon_extra), RULE)
