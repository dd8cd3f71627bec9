"""Plain data the claim services return: groups, their occurrences and spread, suggestions for
one span, fact-checks and proposals, and what a run or an import did."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ClaimGroupView:
    """A group as the caller may see it: counts and outlets come from the member spans they
    may see (their own only, for an annotator of a blind project)."""

    id: int
    uid: str
    canonical: str
    verdict: str | None
    notes: str | None
    status: str
    closed: bool
    version: int
    #: Visible live Claim spans in the group, the documents and outlets they are in: the
    #: outlets by name, told apart where two share one (`outlet_labels`), and the registry
    #: outlets' ids (the outlet filter's).
    occurrences: int
    documents: int
    outlets: tuple[str, ...]
    first_seen: date | None
    last_seen: date | None
    fact_checks: int
    #: Fact-check proposals waiting for a lead.
    open_proposals: int
    created_at: datetime
    updated_at: datetime
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    outlet_ids: tuple[int, ...] = ()


#: An outlet as the claim services tell outlets apart: a registry entity by its id, a name that
#: came only with an article's import by the name.
OutletKey = tuple[int | None, str]


def outlet_key(outlet_id: int | None, name: str) -> OutletKey:
    return (outlet_id, "") if outlet_id is not None else (None, name)


def outlet_labels(outlets: Iterable[tuple[int | None, str]]) -> dict[OutletKey, str]:
    """How each outlet is shown: its name, and where two of them share it its registry id
    (`Gazette (#12)`) or that the name came with the article."""
    keys = {outlet_key(outlet_id, name): name for outlet_id, name in outlets}
    names = Counter(keys.values())
    return {key: name if names[name] == 1 else
            f"{name} (#{key[0]})" if key[0] is not None else f"{name} (name from the article)"
            for key, name in keys.items()}


@dataclass(frozen=True)
class GroupFilter:
    """What the Claims page narrows the list by; empty means everything."""

    search: str = ""
    #: Verdicts to keep; "" stands for "no verdict yet".
    verdicts: tuple[str, ...] = ()
    #: Registry outlets to keep, by id (a group is kept when one of its occurrences is in one).
    outlets: tuple[int, ...] = ()
    #: A group is kept when one of its occurrences is dated within [since, until].
    since: date | None = None
    until: date | None = None
    statuses: tuple[str, ...] = ()
    #: Groups with fewer visible occurrences are left out (2 hides single claims).
    min_occurrences: int = 1


@dataclass(frozen=True)
class FundingLine:
    """One accepted funding link of an outlet, in words."""

    funder: str
    kind: str
    says_who: str


@dataclass(frozen=True)
class OccurrenceView:
    """One Claim span of a group, where it appeared."""

    annotation_id: int
    document_id: int
    document_title: str
    #: The document's external id, else its uid (as the command line writes it).
    document_ref: str
    document_url: str | None
    outlet_id: int | None
    outlet: str | None
    published: date | None
    start: int
    end: int
    quote: str
    annotator: str
    origin: str
    #: The sentence(s) the span is in, and where they start in the document (code points).
    sentence: str
    sentence_start: int
    #: Names of the other labels annotated in the same sentence (framing devices and the like).
    framing: tuple[str, ...]
    first: bool = False


@dataclass(frozen=True)
class FactCheckView:
    id: int
    uid: str
    group_id: int | None
    claim_reviewed: str
    url: str | None
    publisher: str | None
    date_published: date | None
    rating: str  # the publisher's words, else its numbers ("1 of 5"), else ""
    claim_author: str | None
    source: str | None


@dataclass(frozen=True)
class FactCheckProposalView:
    id: int
    fact_check: FactCheckView
    group_id: int
    group_canonical: str
    score: float


@dataclass(frozen=True)
class SpreadOutlet:
    """One outlet that carried a group's claim: a registry entity (`outlet_id`), or a name that
    came only with an article's import (`outlet_id` None); `document_id` is its first document
    in the spread, through which its registry context is read."""

    outlet_id: int | None
    name: str
    occurrences: int
    document_id: int


@dataclass(frozen=True)
class GroupSpread:
    """Where one group appeared: occurrences by date (the first appearance marked), each
    outlet's funding from the registry, the fact-checks and the open proposals."""

    group: ClaimGroupView
    occurrences: tuple[OccurrenceView, ...]
    #: Registry outlet id -> its accepted funding (outlets named only by an article have none).
    funding: dict[int, tuple[FundingLine, ...]]
    fact_checks: tuple[FactCheckView, ...]
    proposals: tuple[FactCheckProposalView, ...]

    @property
    def first(self) -> OccurrenceView | None:
        return next((o for o in self.occurrences if o.first), None)

    @property
    def outlets(self) -> tuple[SpreadOutlet, ...]:
        """Each outlet in the order it first appears, told apart by what it is, not by its name:
        two registry outlets of one name are two, and a name from an article's import is not the
        registry's outlet of that name."""
        found: dict[OutletKey, list[OccurrenceView]] = {}
        for occurrence in self.occurrences:
            if occurrence.outlet:
                found.setdefault(outlet_key(occurrence.outlet_id, occurrence.outlet), []).append(occurrence)
        return tuple(SpreadOutlet(seen[0].outlet_id, seen[0].outlet or "", len(seen), seen[0].document_id)
                     for seen in found.values())


@dataclass(frozen=True)
class GroupSuggestion:
    """An existing group similar to one span (the side panel's list)."""

    group_id: int
    canonical: str
    verdict: str | None
    status: str
    score: float
    occurrences: int
    #: Why it may still be another claim ("number: 40 percent / 14 percent"); empty when none.
    contradictions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SpanClaims:
    """The side panel's claim section for one span: its group and the nearest others."""

    annotation_id: int
    group: ClaimGroupView | None
    suggestions: tuple[GroupSuggestion, ...]
    embeddings: str
    #: May the caller link this span (their own span, or they lead the project)?
    can_link: bool = True


@dataclass(frozen=True)
class ProposalRun:
    """What an automatic run did: spans it placed into new groups and into existing ones."""

    claims: int
    placed: int
    new_groups: int
    extended_groups: int
    embeddings: str
    threshold: float
    pairs_scored: int = 0
    contradictions: int = 0


@dataclass(frozen=True)
class Membership:
    """One Claim span and its group (the command line's `claims group` lines)."""

    group_id: int | None
    annotation_id: int
    document_ref: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class FactCheckImport:
    added: int
    skipped: int
    proposals: int
    fact_check_ids: tuple[int, ...] = field(default_factory=tuple)
