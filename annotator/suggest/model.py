"""Boundary types of the rule-based suggesters: what a detector returns.

Everything the detectors hand out is a frozen dataclass so that callers (the
annotation UI, the CLI, the benchmark) can hash, compare and sort suggestions
without worrying that someone mutates them on the way.  Offsets are Unicode
code points into the Python ``str`` that was analysed (plain string indices,
start inclusive, end exclusive), never byte or UTF-16 offsets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Label keys of the built-in ``framing`` codebook.  Detectors may only
# propose these; the mapping to display names lives with the codebook, the
# names here are kept for the registry listing and for validation.
FRAMING_LABELS: dict[str, str] = {
    "claim": "Claim",
    "loaded_language": "Loaded language",
    "scare_quotes": 'Scare quotes / "so-called"',
    "name_calling": "Name calling / labeling",
    "euphemism": "Euphemism",
    "unattributed_assertion": "Unattributed assertion",
    "hedge": "Hedge / doubt",
    "funding_appeal": "Funding appeal",
    "source_attribution": "Source attribution",
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One proposed annotation: ``text[start:end] == quote`` always holds."""

    rule: str
    label: str
    start: int
    end: int
    quote: str
    detail: str | None = None

    def __post_init__(self) -> None:
        # Cheap guards: a detector bug should fail loudly here rather than
        # surface as a misplaced highlight in the UI.
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}:{self.end} from rule {self.rule!r}")
        if len(self.quote) != self.end - self.start:
            raise ValueError(f"quote length does not match span {self.start}:{self.end}")
        if self.label not in FRAMING_LABELS:
            raise ValueError(f"unknown framing label {self.label!r}")


def make_suggestion(
    text: str, rule: str, label: str, start: int, end: int, detail: str | None = None
) -> Suggestion:
    """Build a :class:`Suggestion` whose quote is cut from ``text`` itself."""
    return Suggestion(rule, label, start, end, text[start:end], detail)


@dataclass(frozen=True, slots=True)
class Detector:
    """A registry entry: how the UI and CLI list and call one rule set."""

    name: str
    label: str  # the main framing label it proposes
    description: str
    func: Callable[..., list[Suggestion]]
    labels: tuple[str, ...] = ()  # every label it can propose (main one first)
