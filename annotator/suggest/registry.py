"""The registry of rule-based detectors, and ``detect_all`` which runs them.

The UI and the CLI list :data:`DETECTORS` (name, main label, one-line description) and
call :func:`detect_all` with a subset of names.  Every detector is a pure function of
the text; the lexicon detector also takes project lexicon extensions.
"""

from __future__ import annotations

from collections.abc import Iterable

from .claims import detect_attributions, detect_claims
from .funding import detect_funding_appeals
from .hedges import detect_hedges
from .lexicon import LexiconExtra
from .loaded import detect_lexicon
from .model import Detector, Suggestion, make_suggestion
from .scare_quotes import detect_scare_quotes

FUNDING_RULE = "funding"


def detect_funding(text: str) -> list[Suggestion]:
    """Funding appeals as suggestions (label ``funding_appeal``, detail: the channel)."""
    return [
        make_suggestion(text, FUNDING_RULE, "funding_appeal", a.start, a.end, a.channel)
        for a in detect_funding_appeals(text)
    ]


DETECTORS: dict[str, Detector] = {
    d.name: d
    for d in (
        Detector("lexicon", "loaded_language",
                 "Loaded words and labels from the lexicon (regime, thugs, so-called ...)",
                 detect_lexicon, ("loaded_language", "name_calling", "euphemism")),
        Detector("scare_quotes", "scare_quotes",
                 "One to three quoted words that are not reported speech or a title",
                 detect_scare_quotes, ("scare_quotes",)),
        Detector("hedges", "hedge",
                 "Hedges and doubt markers (allegedly, reportedly, it is claimed ...)",
                 detect_hedges, ("hedge",)),
        Detector("claims", "claim",
                 "Sentences with a claim verb or a number; unsourced ones flagged",
                 detect_claims, ("claim", "unattributed_assertion")),
        Detector("attribution", "source_attribution",
                 "Attribution phrases in claim sentences (according to X, X said ...)",
                 detect_attributions, ("source_attribution",)),
        Detector("funding", "funding_appeal",
                 "Donation appeals: PayPal, Patreon, donate pages, wallets, IBANs, blocks",
                 detect_funding, ("funding_appeal",)),
    )
}


def detect_all(
    text: str,
    *,
    rules: Iterable[str] | None = None,
    lexicon_extra: LexiconExtra | None = None,
) -> list[Suggestion]:
    """Run the chosen detectors (all by default), sorted by (start, end, rule, label)."""
    names = list(DETECTORS) if rules is None else list(dict.fromkeys(rules))
    unknown = [name for name in names if name not in DETECTORS]
    if unknown:
        raise ValueError(f"unknown rule(s) {unknown}; known: {sorted(DETECTORS)}")
    found: list[Suggestion] = []
    for name in names:
        if name == "lexicon":
            found.extend(detect_lexicon(text, lexicon_extra=lexicon_extra))
        else:
            found.extend(DETECTORS[name].func(text))
    return sorted(found, key=lambda s: (s.start, s.end, s.rule, s.label))
