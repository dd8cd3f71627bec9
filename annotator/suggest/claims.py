"""Detectors "claims" and "attribution": claim sentences, their sources, unattributed ones.

Rules:

* **claim** — a sentence (see :mod:`annotator.suggest.sentences`; span trimmed) that
  uses a claim verb (claim, insist, assert, deny, accuse, allege, contend, dispute,
  refute, blame, argue, admit, concede; any inflection) or states a quantity: a
  percentage, an amount of money, a number with a magnitude word (million, billion), or
  any other number that is not a year, a date, a time, an ordinal, an age compound
  ("60-year-old"), a reference ("Micah 3:5", "(Isaiah 30)", "AL 303"), a list or
  footnote marker, or a comment time stamp ("9 hours ago").  Questions and fragments of fewer
  than four words ("2,500 $") are not claims.
* **source_attribution** (rule "attribution") — inside a claim sentence, the
  attribution phrases of :mod:`annotator.suggest.attribution` ("according to X",
  "X said", "said X", "reported by X").
* **unattributed_assertion** — a claim sentence that has no attribution phrase, no
  quotation marks (a quotation has a speaker, even if he is named elsewhere) and at
  least six words, and that is a claim because of a quantity or because of a claim verb
  in the impersonal passive ("it is claimed", "were alleged to").  The point is to flag
  statements of fact, typically numbers, that the text offers without any source; an
  active claim verb has a claimant as its subject ("Russia denied ...") which is itself
  the attribution, so such sentences are not flagged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .attribution import find_attributions
from .model import Suggestion, make_suggestion
from .sentences import split_sentences
from .speech import CLAIM_VERB_FORMS, CLAIM_VERB_PREFIXES

RULE = "claims"
ATTRIBUTION_RULE = "attribution"
# Found by the verbs' common prefixes (few alternatives scan fast), then checked against the
# exact forms: a word that only shares the prefix ("dense") is skipped.
_CLAIM_STEM = re.compile(
    rf"(?i)(?<![\w\-])(?:{'|'.join(map(re.escape, CLAIM_VERB_PREFIXES))})[a-z]*(?![\w\-])"
)

_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
# A number token; what follows it decides whether it is a quantity.
_NUMBER = re.compile(
    r"(?<![\w.,:/#@\-])(?P<cur>[$€£¥]\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<after>\s?(?:%|percent\b|per\s?cent\b|million\b|billion\b|trillion\b|thousand\b|"
    r"hundred\b|[mbk]n?\b))?"
)
# Before the number: a month (a date), "No."/"#" (a label), an all-caps code ("AL 303",
# "F 35"), an opening bracket with a name ("(Isaiah 30)": a reference), or a word that
# makes it a label ("Chapter 29", "p. 12", "Route 66").
_NOT_QUANTITY_BEFORE = re.compile(
    rf"(?:{_MONTHS})\.?\s+$|(?:No|no|Nr|#)\.?\s*$|(?<![\w.])[A-Z]{{2,6}}\s?$"
    r"|\(\s*[1-3]?\s?[A-Z][a-z]+\.?\s+$"
    r"|(?i:(?<!\w)(?:chapter|chap|article|art|section|sec|book|part|vol|volume|p|pp|page|"
    r"pages|paragraph|para|canon|verse|psalm|amendment|room|route|highway|flight)\.?\s+$)"
)
# After it: a month, an ordinal suffix, a time or verse (":"), an age ("60-year-old"),
# a clock time, "... ago" (comment timestamps), or letters glued to it ("4th", "5G").
_NOT_QUANTITY_AFTER = re.compile(
    rf"\s*(?:{_MONTHS})\b|(?:st|nd|rd|th)\b|[:/]\d|\.\d+\.\d"
    r"|[\-\u2010\u2011]?\s?(?:year|month|week|day)s?[\-\u2010\u2011]old"
    r"|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC)"
    r"|\s+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|\w"
)
# A list marker at the start of a line ("1 – When she ...", "2. The ...") or a footnote
# mark ("[1]") is no quantity either.
_LIST_MARKER = re.compile(r"\s*(?:[–—\-.)]\s|\])")
_PASSIVE_BEFORE = re.compile(r"(?i)(?<!\w)(?:is|are|was|were|been|be|being)\s+$")
_QUESTION_END = re.compile(r"\?[\"”’»)\]]*$")
_QUOTES = re.compile(r"[\"“”„«»]")
_MIN_CLAIM_WORDS = 4
_MIN_UNATTRIBUTED_WORDS = 6


def is_quantity(text: str, match: re.Match[str]) -> bool:
    """True when a ``_NUMBER`` match is a quantity rather than a date, year or label."""
    if match.group("cur") or match.group("after"):
        return True
    start, end = match.start(), match.end()
    if _NOT_QUANTITY_BEFORE.search(text, max(0, start - 12), start):
        return False
    if _NOT_QUANTITY_AFTER.match(text, end):
        return False
    at_line_start = start == 0 or text[start - 1] in "\n["
    if at_line_start and _LIST_MARKER.match(text, end):
        return False
    num = match.group("num")
    # Bare four-digit numbers between 1500 and 2099 are almost always years.
    return not (len(num) == 4 and num.isdigit() and 1500 <= int(num) <= 2099)


def _claim_verb(text: str, start: int, end: int) -> re.Match[str] | None:
    for match in _CLAIM_STEM.finditer(text, start, end):
        if match.group().lower() in CLAIM_VERB_FORMS:
            return match
    return None


def _quantity(text: str, start: int, end: int) -> str | None:
    for match in _NUMBER.finditer(text, start, end):
        if is_quantity(text, match):
            return match.group().strip()
    return None


@lru_cache(maxsize=8)
def _analyse(text: str) -> tuple[tuple[Suggestion, ...], tuple[Suggestion, ...]]:
    """(claims and unattributed assertions, attributions); shared by both detectors so
    that running both costs one pass."""
    claims: list[Suggestion] = []
    attributed: list[Suggestion] = []
    for start, end in split_sentences(text):
        if _QUESTION_END.search(text, max(start, end - 4), end):
            continue
        n_words = len(text[start:end].split())
        if n_words < _MIN_CLAIM_WORDS:
            continue  # "0 $", "100 people": fragments, not statements
        verb = _claim_verb(text, start, end)
        impersonal = verb is not None and bool(
            _PASSIVE_BEFORE.search(text, max(start, verb.start() - 8), verb.start())
        )
        if verb is not None:
            detail = f"claim verb: {verb.group().lower()}"
        else:
            quantity = _quantity(text, start, end)
            if quantity is None:
                continue
            detail = f"quantity: {quantity}"
        claims.append(make_suggestion(text, RULE, "claim", start, end, detail))
        attributions = find_attributions(text, start, end)
        attributed.extend(
            make_suggestion(text, ATTRIBUTION_RULE, "source_attribution", s, e, pattern)
            for s, e, pattern in attributions
        )
        if (
            not attributions
            and (verb is None or impersonal)
            and not _QUOTES.search(text, start, end)
            and n_words >= _MIN_UNATTRIBUTED_WORDS
        ):
            claims.append(make_suggestion(text, RULE, "unattributed_assertion", start, end,
                                          detail))
    return tuple(claims), tuple(attributed)


def detect_claims(text: str) -> list[Suggestion]:
    """Claim sentences (label ``claim``) and unattributed assertions among them."""
    return list(_analyse(text)[0])


def detect_attributions(text: str) -> list[Suggestion]:
    """Source-attribution phrases inside claim sentences (label ``source_attribution``)."""
    return list(_analyse(text)[1])
