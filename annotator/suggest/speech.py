"""Word lists for reported speech, shared by the scare-quote and claim detectors.

Kept as code rather than YAML because they are part of the rules' grammar (which
verb forms introduce speech), not vocabulary a project is expected to tune.
"""

from __future__ import annotations

import re
from os.path import commonprefix

# Verbs of saying, every inflection spelled out so matching is a plain alternation.
_SPEECH_STEMS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "write": "write writes wrote written writing",
    "ask": "ask asks asked asking",
    "reply": "reply replies replied replying",
    "add": "add adds added adding",
    "state": "state states stated stating",
    "declare": "declare declares declared declaring",
    "announce": "announce announces announced announcing",
    "explain": "explain explains explained explaining",
    "note": "note notes noted noting",
    "tweet": "tweet tweets tweeted tweeting",
    "post": "posted",
    "quote": "quote quotes quoted quoting",
    "comment": "comment comments commented commenting",
    "respond": "respond responds responded responding",
    "answer": "answer answers answered answering",
    "shout": "shout shouts shouted shouting",
    "exclaim": "exclaim exclaims exclaimed exclaiming",
    "continue": "continued",
    "conclude": "conclude concludes concluded concluding",
    "report": "report reports reported reporting",
    "describe": "describe describes described describing",
    "call": "call calls called calling",
    "urge": "urge urges urged urging",
    "insist": "insist insists insisted insisting",
    "claim": "claim claims claimed claiming",
    "argue": "argue argues argued arguing",
    "assert": "assert asserts asserted asserting",
    "admit": "admit admits admitted admitting",
    "suggest": "suggest suggests suggested suggesting",
    "promise": "promise promises promised promising",
    "begin": "begins began",
    "read": "reads",  # "the sign reads"
}
SPEECH_VERB_FORMS: frozenset[str] = frozenset(
    form for forms in _SPEECH_STEMS.values() for form in forms.split()
)

# Claim verbs: a sentence using one is making or reporting a contested claim.
_CLAIM_STEMS = {
    "claim": "claim claims claimed claiming",
    "insist": "insist insists insisted insisting",
    "assert": "assert asserts asserted asserting",
    "deny": "deny denies denied denying",
    "accuse": "accuse accuses accused accusing",
    "allege": "allege alleges alleged alleging",
    "contend": "contend contends contended contending",
    "dispute": "dispute disputes disputed disputing",
    "refute": "refute refutes refuted refuting",
    "blame": "blame blames blamed blaming",
    "argue": "argue argues argued arguing",
    "admit": "admit admits admitted admitting",
    "concede": "concede concedes conceded conceding",
}
CLAIM_VERB_FORMS: frozenset[str] = frozenset(
    form for forms in _CLAIM_STEMS.values() for form in forms.split()
)
#: What all forms of each claim verb begin with ("den" for deny, denies, denied, denying).
CLAIM_VERB_PREFIXES: tuple[str, ...] = tuple(commonprefix(forms.split()) for forms in _CLAIM_STEMS.values())


def word_alternation(words: frozenset[str]) -> str:
    """A regex alternation of ``words``, longest first, for use inside ``(?:...)``."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
