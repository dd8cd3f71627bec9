"""Source-attribution phrases inside a sentence (label ``source_attribution``).

Patterns, each marking the source together with its reporting words:

1. ``according to`` + source (up to eight words, stopping at punctuation or a quote);
   "according to plan / schedule / the law / tradition" is not a source and is skipped;
2. source + verb of saying: ``Smith said``, ``the ministry has claimed``,
   ``a spokeswoman told``, ``he wrote``; the source is a pronoun, a run of up to five
   capitalised words, or a short noun phrase ending in a source noun (official,
   spokesman, report, police ...);
3. verb of saying + source (inverted): ``,” said Karen Freeman-Wilson``, ``said the source``;
4. ``reported by`` / ``cited by`` / ``quoted by`` / ``published by`` + source.

Everything is matched inside the given sentence span only, so a phrase never spans
two sentences.
"""

from __future__ import annotations

import re

from .speech import word_alternation

# Verbs that attribute content to a source (a subset of speech verbs, plus claim verbs
# that also name who makes the claim).
_ATTR_VERBS_TEXT = """said says told tells stated states reported reports wrote writes added adds
    explained explains noted notes announced announces declared declares tweeted tweets
    claimed claims insisted insists argued argues warned warns alleged alleges asserted
    asserts denied denies acknowledged confirmed confirms estimated estimates testified
    testifies revealed reveals"""
_ATTR_VERBS = frozenset(_ATTR_VERBS_TEXT.split())
_INVERTED_VERBS = "said|says|added|wrote|writes|explained|noted|asked|continued|told"
_SOURCE_NOUNS = (
    r"officials?|spokes(?:man|men|woman|women|person|people)|sources?|police|report|reports|"
    r"statement|ministry|minister|government|agency|newspaper|paper|analysts?|experts?|"
    r"researchers?|scientists?|critics?|witnesses|witness|prosecutors?|lawyers?|attorneys?|"
    r"group|department|office|study|survey|data|documents?|memo|letter|website|outlet|"
    r"authorities|investigators?|observers?|diplomats?|aides?|advisers?|advisors?|"
    r"commission|committee|council|court|judge|military|army|embassy|organi[sz]ation"
)
_PRONOUN = r"(?:he|she|they|we|I|it|He|She|They|We|It)"
# A capitalised word: a name part, an initial, or "al-"/"bin" style particles in names;
# never a weekday or month ("said Sunday" is a date, not a source) and never a
# possessive ("Giuliani’s claims" is a noun phrase).
_CALENDAR = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Today|Yesterday)"
)
_CAP = (
    rf"(?:(?!{_CALENDAR}(?![\w’'-]))[A-Z][\w.]*(?:[’'][A-Za-rt-z]\w*)?(?:-[\w.]+)*"
    r"|al-\w+|bin|de|van|von)"
)
_NAME = rf"{_CAP}(?:\s+{_CAP}){{0,4}}"
_DETERMINER = rf"(?:[Tt]he|[Aa]n?|[Oo]ne|[Tt]wo|[Ss]everal|[Mm]any|[Ss]ome|{_CAP}[’']s)"
_NOUN_PHRASE = rf"{_DETERMINER}\s+(?:[\w’'\-]+\s+){{0,3}}(?:{_SOURCE_NOUNS})"
_SOURCE = rf"(?:{_NOUN_PHRASE}|{_NAME}|{_PRONOUN})"
_AUX = r"(?:(?:has|have|had|also|later|then|previously|reportedly)\s+){0,2}"  # not is/was: passives

_ACCORDING = re.compile(
    r"(?<!\w)[Aa]ccording\s+to\s+(?!(?:the\s+)?(?:plan|plans|schedule|law|laws|tradition|"
    r"rules?|protocol|script|legend)\b)"
    r"[^\s,.;:!?“”\"()\[\]]+(?:\s+[^\s,.;:!?“”\"()\[\]]+){0,7}"
)
_SOURCE_VERB = re.compile(
    rf"(?<![\w’'])(?:{_SOURCE})\s+{_AUX}(?:{word_alternation(_ATTR_VERBS)})(?!\w)"
)
_VERB_SOURCE = re.compile(
    rf"(?<!\w)(?:{_INVERTED_VERBS})\s+(?:{_NOUN_PHRASE}|{_NAME}|he|she|they)(?![\w’'])"
)
_BY_SOURCE = re.compile(
    rf"(?<!\w)(?:reported|cited|quoted|published|confirmed|revealed)\s+by\s+"
    rf"(?:{_NOUN_PHRASE}|(?:the\s+)?{_NAME})(?![\w’'])"
)
# Sentence-initial words that are capitalised only because they start the sentence.
_NOT_A_SOURCE_START_TEXT = """But And Or So Yet However Meanwhile Still Also Then Now Later Earlier Instead
    Moreover Furthermore Indeed Yes No In On At For With When While After Before As If
    Though Although Because Since This That These Those There Here What Who"""
_NOT_A_SOURCE_START = frozenset(_NOT_A_SOURCE_START_TEXT.split())


def _clean_start(text: str, start: int, end: int) -> int:
    """Skip a leading sentence connective ("However Smith said" -> "Smith said")."""
    while True:
        match = re.match(r"([A-Z][a-z]+)[,]?\s+", text[start:end])
        if not match or match.group(1) not in _NOT_A_SOURCE_START:
            return start
        start += match.end()


def find_attributions(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Attribution phrases in ``text[start:end]`` as ``(start, end, pattern)``, in order,
    without overlaps (the earliest, then longest, wins)."""
    found: list[tuple[int, int, str]] = []
    for name, pattern in (("according to", _ACCORDING), ("source verb", _SOURCE_VERB),
                          ("verb source", _VERB_SOURCE), ("by source", _BY_SOURCE)):
        for match in pattern.finditer(text, start, end):
            s, e = match.start(), match.end()
            if name == "source verb":
                s = _clean_start(text, s, e)
                # The connective alone is no source: "However said" is not attribution.
                if not re.match(r"\S+\s+\S", text[s:e]):
                    continue
            found.append((s, e, name))
    found.sort(key=lambda hit: (hit[0], -hit[1]))
    result: list[tuple[int, int, str]] = []
    for hit in found:
        if result and hit[0] < result[-1][1]:
            continue
        result.append(hit)
    return result
