"""The claim without its attribution: "..., the ministry said on Tuesday", "According to the
union, ...", "Aid workers say ...". Who reported a claim is not part of the claim, and leaving
it in the vectors makes two outlets' versions of one claim look less alike (and two claims
attributed in the same words look more alike). The fact checks see the whole sentence.

Three shapes are cut, and only these (a verb of saying inside the claim, "the claim that wind
farms kill birds", stays):

* a last clause after a comma, of at most 12 words, holding a verb of saying;
* a leading "According to ...," up to its comma;
* a leading "<at most 7 words> <verb of saying> [that]" with no punctuation before the verb.
"""

from __future__ import annotations

from collections.abc import Sequence

from .tokens import Kind, Token

#: Verbs (not nouns: "the report", "the state") that attribute what follows or precedes.
SAYING = frozenset((
    "say", "says", "said", "tell", "tells", "told", "claim", "claims", "claimed", "allege",
    "alleges", "alleged", "insist", "insists", "insisted", "argue", "argues", "argued", "warn",
    "warns", "warned", "report", "reports", "reported", "write", "writes", "wrote", "add",
    "adds", "added", "note", "notes", "noted", "announce", "announces", "announced", "state",
    "stated", "explain", "explains", "explained", "confirm", "confirms", "confirmed", "admit",
    "admits", "admitted", "repeat", "repeats", "repeated", "believe", "believes", "believed",
    "suggest", "suggests", "suggested", "show", "shows", "showed", "shown", "find", "finds",
    "found", "conclude", "concludes", "concluded", "estimate", "estimates", "estimated",
    "tweet", "tweets", "tweeted",
))
_TRAILING_WORDS = 12
_LEADING_WORDS = 7


def claim_core(tokens: Sequence[Token]) -> range:
    """The positions of `tokens` that make the claim proper."""
    start, end = 0, len(tokens)
    while end and tokens[end - 1].kind is Kind.BOUNDARY:
        end -= 1
    commas = [i for i in range(end) if tokens[i].text in (",", ";")]
    if commas:
        last = commas[-1]
        tail = [t for t in tokens[last + 1:end] if t.kind is not Kind.BOUNDARY]
        if 0 < len(tail) <= _TRAILING_WORDS and any(t.lower in SAYING for t in tail):
            end = last
    words = [i for i in range(start, end) if tokens[i].kind is not Kind.BOUNDARY]
    if len(words) >= 2 and tokens[words[0]].lower == "according" and tokens[words[1]].lower == "to":
        comma = next((i for i in range(words[0], end) if tokens[i].text == ","), None)
        if comma is not None and comma - words[0] <= _LEADING_WORDS + 3:
            start = comma + 1
    else:
        for offset, position in enumerate(words[: _LEADING_WORDS + 1]):
            token = tokens[position]
            if any(tokens[i].kind is Kind.BOUNDARY for i in range(start, position)):
                break
            if offset and token.lower in SAYING:
                start = position + 1
                if start < end and tokens[start].lower == "that":
                    start += 1
                break
    # never cut a claim down to nothing: a bare "X said" is kept whole
    if sum(tokens[i].kind is Kind.WORD for i in range(start, end)) < 2:
        return range(len(tokens))
    return range(start, end)
