"""Rule-based suggesters for framing annotations: pure functions of the article text.

No database and no UI here: every detector takes a ``str`` and returns frozen
dataclasses whose offsets are code-point indices into that string.  Start with
:func:`detect_all` and :data:`DETECTORS`; funding appeals (:func:`detect_funding_appeals`)
and page parts (:func:`detect_parts`) have their own types because other features use
them directly.
"""

from .claims import detect_attributions, detect_claims
from .funding import CHANNELS, FundingAppeal, detect_funding_appeals
from .furniture import Part, detect_parts
from .hedges import detect_hedges
from .lexicon import (
    Lexicon,
    LexiconEntry,
    LexiconError,
    builtin_lexicon,
    extend_lexicon,
    load_lexicon_file,
    resolve_lexicon,
)
from .loaded import detect_lexicon
from .model import FRAMING_LABELS, Detector, Suggestion
from .registry import DETECTORS, detect_all, detect_funding
from .scare_quotes import detect_scare_quotes

__all__ = [
    "CHANNELS",
    "DETECTORS",
    "FRAMING_LABELS",
    "Detector",
    "FundingAppeal",
    "Lexicon",
    "LexiconEntry",
    "LexiconError",
    "Part",
    "Suggestion",
    "builtin_lexicon",
    "detect_all",
    "detect_attributions",
    "detect_claims",
    "detect_funding",
    "detect_funding_appeals",
    "detect_hedges",
    "detect_lexicon",
    "detect_parts",
    "detect_scare_quotes",
    "extend_lexicon",
    "load_lexicon_file",
    "resolve_lexicon",
]
