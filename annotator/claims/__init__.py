"""Claim matching: one claim in many wordings, across outlets. Pure functions over plain data
(no database, no Streamlit); a service builds the inputs from its rows and stores the outputs.

Grouping a collection (grouping.py)::

    grouping = propose_groups([Claim(id=17, text="The talks exclude the real opposition."), ...],
                              decisions=Decisions(groups=(FixedGroup("g1", (17, 23)),)))
    grouping.groups       # ProposedGroup(members, canonical, group, added, cohesion), largest first
    grouping.embeddings   # "on" / "off"

Suggestions for one claim (nearest.py)::

    index = GroupIndex([IndexedGroup("g1", members=(Claim(17, "..."),), canonical="...")])
    index.nearest("The Geneva talks leave out the opposition", k=5)   # [GroupMatch, ...]

Fact-checks (claimreview.py, factchecks.py)::

    read = read_claimreview(data, source="checks.json")   # .fact_checks, .issues (located)
    write_claimreview(read.fact_checks, out)
    match_fact_checks(read.fact_checks, index)             # [FactCheckProposal, ...]

How two claims are compared: lexical similarity (vectors.py) and, when the packaged model is
installed, sentence embeddings (embeddings.py), combined in scoring.py; claims that differ in a
number, a name, a negation or a direction of change are kept apart whatever their similarity
(facts.py). `pairwise_scores` (evaluation.py) measures a grouping against a gold one.
"""

from .claimreview import (
    FactCheck,
    FactChecksRead,
    Rating,
    read_claimreview,
    to_jsonld,
    write_claimreview,
)
from .embeddings import Embedder, EmbeddingsUnavailable, load_embedder
from .evaluation import PairwiseScores, pairwise_scores
from .factchecks import FactCheckProposal, match_fact_checks
from .facts import Comparison
from .grouping import THRESHOLD, propose_groups
from .model import Claim, ClaimId, Decisions, FixedGroup, Grouping, GroupMatch, ProposedGroup
from .nearest import GroupIndex, IndexedGroup
from .scoring import compare_claims

__all__ = [
    "THRESHOLD",
    "Claim",
    "ClaimId",
    "Comparison",
    "Decisions",
    "Embedder",
    "EmbeddingsUnavailable",
    "FactCheck",
    "FactCheckProposal",
    "FactChecksRead",
    "FixedGroup",
    "GroupIndex",
    "GroupMatch",
    "Grouping",
    "IndexedGroup",
    "PairwiseScores",
    "ProposedGroup",
    "Rating",
    "compare_claims",
    "load_embedder",
    "match_fact_checks",
    "pairwise_scores",
    "propose_groups",
    "read_claimreview",
    "to_jsonld",
    "write_claimreview",
]
