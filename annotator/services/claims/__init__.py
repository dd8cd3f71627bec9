"""Claim groups: one claim in many wordings across documents and outlets. Proposing groups for
a project's Claim spans (through the pure matcher in annotator/claims), a lead's decisions
(confirm, split, merge, rename, verdict), linking one span, the nearest groups of a span, the
spread of a group, fact-checks (ClaimReview in and out, matched to groups as proposals), and the
groups' records in the native exchange format."""
