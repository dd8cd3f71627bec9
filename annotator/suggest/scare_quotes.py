"""Detector "scare_quotes": quotation marks that distance the writer from a word.

A scare quote puts one to three words in quotation marks without quoting anyone:
``the so-called “opposition groups”``.  The span covers the marks and the words.

Quote pairs recognised: “…”, „…“, „…”, «…» (spaces inside allowed), ‘…’ and the
straight "…" and '…'.  Pairs are taken left to right, so an unclosed mark cannot
shift the pairing of later ones; a pair longer than three words is skipped whole.
An apostrophe (’ or ' followed by a letter, as in "don’t") is not a closing mark.

A pair is *not* a scare quote when:

1. the quoted part ends with punctuation (. , ; : ! ? …): it is a quoted sentence or
   clause, e.g. ``called the allegation “categorically not true.”``;
2. it is a clause: it contains a finite auxiliary or copula (“Assad must go”,
   “don’t want”, “are only impurity”) — scare quotes enclose names and labels, a
   quoted clause is a partial quotation of someone;
3. it is a phrase of two or three words with a function word in it (“at least
   twice”, “not reporting race”, “the generous response”): a partial quotation, too;
4. every word is capitalised: a title or a name (“Rubble Rubble”, “Jewish State”);
5. it is reported speech: a colon right before the opening mark, or a verb of saying
   (said, told, wrote, called, described …) among the six words before it in the same
   sentence, or right after the closing mark (``” he said``);
6. it is a mention, not a use: introduced by "term", "word", "phrase", "titled",
   "named", "known as", "hashtag", "the concept of" …;
7. it has fewer than two letters (“n”) or is not made of words (“2017”);
8. it is the name of a law, standard or policy: a quoted term of two or more words, or a
   hyphenated one, right before "law", "policy", "standard", "provision", "clause",
   "doctrine", "exception", "statute", "bill", "movement", "program" (or ending in one of
   them): ``a “red flag” law``, ``the ‘open-door’ policy``, ``the “probable cause”
   standard``.  A single quoted word before such a noun can still be a scare quote (``the
   “humanitarian” policy``) and is kept;
9. it is a gloss or a definition: after "translated", "meaning", "means", "stands for",
   "defined as / to include", or a language name with "for" (``Hawaiian for “scout”``),
   or followed by "is defined" / "means"; a pair joined by "or" / "and" / a comma to such
   a pair is one too (``“scout” or “messenger”``).

Rules 1-6, 8 and 9 are overridden by a "so-called" right before the opening mark, which
marks the quotes as distancing whatever their content.
"""

from __future__ import annotations

import re

from .model import Suggestion, make_suggestion
from .speech import SPEECH_VERB_FORMS, word_alternation

RULE = "scare_quotes"
LABEL = "scare_quotes"

_MAX_PAIR = 200  # longer "pairs" are mismatched marks or long quotations: skip them
# One alternative per quoting style; finditer consumes pairs left to right.
_PAIR = re.compile(
    rf"“(?P<dq>[^“”„\"\n]{{1,{_MAX_PAIR}}}?)”"
    rf"|„(?P<lq>[^“”„\"\n]{{1,{_MAX_PAIR}}}?)[“”]"
    rf"|«[ \u00a0\u202f]?(?P<gq>[^«»\n]{{1,{_MAX_PAIR}}}?)[ \u00a0\u202f]?»"
    rf"|(?<![^\W_])‘(?P<sq>(?:[^‘’\n]|’(?=[^\W\d_])){{1,{_MAX_PAIR}}}?)’(?![^\W_])"
    rf"|(?<![\w\"])\"(?=\S)(?P<sd>[^\"“”\n]{{1,{_MAX_PAIR}}}?)(?<=\S)\"(?!\w)"
    rf"|(?<![\w'])'(?=[^\W\d_])(?P<ss>(?:[^'\n]|'(?=[^\W\d_])){{1,{_MAX_PAIR}}}?)(?<=\S)'(?!\w)"
)
_STYLE = {"dq": "typographic", "lq": "low-high", "gq": "guillemets", "sq": "typographic single",
          "sd": "straight", "ss": "straight single"}

_SPEECH = word_alternation(SPEECH_VERB_FORMS)
_MENTION = (
    r"term|terms|word|words|phrase|phrases|expression|expressions|label|labels|slogan|"
    r"slogans|motto|hashtag|headline|headlined|titled|entitled|named|nicknamed|dubbed|"
    r"known\s+as|referred\s+to\s+as|the\s+name|a\s+name|its\s+name|tag|"
    r"(?:concept|notion)\s+of"
)
# Context before the opening mark, matched against the text of the same sentence.
_SPEECH_BEFORE = re.compile(rf"(?i)(?<!\w)(?:{_SPEECH})(?!\w)(?:\W+\w+){{0,5}}\W*$")
_MENTION_BEFORE = re.compile(rf"(?i)(?<!\w)(?:{_MENTION})\W*$")
_COLON_BEFORE = re.compile(r"[:]\s*$")
_SO_CALLED_BEFORE = re.compile(r"(?i)(?<!\w)so[-\u2010\u2011 ]called\s*$")
_SPEECH_AFTER = re.compile(
    rf"(?i)\s*[,—–-]?\s*(?:(?:he|she|they|it|we|i)\s+|[A-Z]\w+\s+(?:\w+\s+)?)?(?:{_SPEECH})(?!\w)"
)
# Rule 8: nouns whose quoted modifier is the name of the thing (a law, a standard ...).
_NAMED_KINDS = """law laws bill bills policy policies provision provisions standard standards
    clause clauses doctrine doctrines exception exceptions statute statutes movement movements
    program programs programme programmes"""
_NAMED_KIND = word_alternation(frozenset(_NAMED_KINDS.split()))
_KIND_AFTER = re.compile(rf"(?i)\s*(?:{_NAMED_KIND})(?!\w)")
_KIND_LAST = re.compile(rf"(?i)(?<!\w)(?:{_NAMED_KIND})$")
# Rule 9: glosses and definitions.  Language names are a closed class, listed here for
# "X for “word”" (a translation), e.g. "Hawaiian for “scout”".
_LANGUAGES = """English French German Spanish Italian Portuguese Russian Ukrainian Polish Dutch
    Latin Greek Hebrew Arabic Persian Farsi Turkish Chinese Mandarin Cantonese Japanese Korean
    Hindi Urdu Bengali Hawaiian Swahili Yiddish Sanskrit Aramaic Kurdish Pashto Dari Norwegian
    Swedish Danish Finnish Hungarian Czech Slovak Romanian Serbian Croatian Bulgarian Albanian
    Armenian Georgian Vietnamese Thai Indonesian Malay Tagalog Irish Welsh Gaelic Maori Inuit"""
_GLOSS_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:translated(?:\s+as)?|translates(?:\s+as)?|translation|meaning|means|"
    r"stands\s+for|literally|defined\s+(?:as|to\s+include)|define[sd]?)\W*$"
    rf"|(?<!\w)(?:{word_alternation(frozenset(_LANGUAGES.split()))})\s+(?:word\s+)?for\W*$"
)
_GLOSS_AFTER = re.compile(r"(?i)\s*(?:(?:is|are|was|were)\s+defined|means)(?!\w)")
_JOINED = re.compile(r"(?i)\s*(?:,|or|and|,\s*or|,\s*and)\s*$")
_SENTENCE_START = re.compile(r"[.!?…]\s|\n|[“”\"]")
_FINITE_TEXT = """is are was were be been am must will would can could should shall may might do
    does did don't doesn't didn't won't can't cannot isn't aren't wasn't weren't have has
    had i'm it's we're they're you're"""
_FINITE = frozenset(_FINITE_TEXT.split())
# Function words: a two- or three-word quote containing one ("at least twice", "not
# reporting race", "without exception") is a partial quotation of someone's phrasing,
# whereas scare quotes enclose a name or a label ("rebels", "good bishops").
_FUNCTION_TEXT = """a an the of to in on at by for with without from over under into onto
not no never least most more very as than that this these those and or but if so such
it he she they we you i me him her them us his their our my your its there here all any
some only just even when where who whom whose which what how why"""
_FUNCTION = frozenset(_FUNCTION_TEXT.split())
_WORD = re.compile(r"[\w’'\-\u2010\u2011]+")
_CLOSING_PUNCT = frozenset(".,;:!?…")


def _sentence_prefix(text: str, start: int) -> str:
    """The text of the current sentence before ``start`` (at most 120 characters)."""
    window_start = max(0, start - 120)
    window = text[window_start:start]
    cut = 0
    for match in _SENTENCE_START.finditer(window):
        cut = match.end()
    return window[cut:]


def _is_title_or_phrase(inner: str) -> bool:
    words = _WORD.findall(inner)
    if not words:
        return False
    lowered = [w.lower().replace("’", "'") for w in words]
    if any(w in _FINITE for w in lowered):
        return True  # a clause ("don’t want", "are only impurity"): a partial quotation
    if len(words) > 1 and any(w in _FUNCTION for w in lowered):
        return True  # a phrase ("at least twice"): a partial quotation
    # a title or a name: every word capitalised
    return words[0][0].isupper() and all(w[0].isupper() or not w[0].isalpha() for w in words)


def _reject_reason(text: str, start: int, end: int, inner: str) -> str | None:
    """Why the pair at ``start:end`` is not a scare quote, or None if it is one."""
    words = inner.split()
    if not 1 <= len(words) <= 3:
        return "length"
    if sum(ch.isalpha() for ch in inner) < 2:
        return "not words"
    if _SO_CALLED_BEFORE.search(text, max(0, start - 12), start):
        return None
    if inner[-1] in _CLOSING_PUNCT:
        return "ends like a sentence"
    if _is_title_or_phrase(inner):
        return "title, clause or phrase"
    before = _sentence_prefix(text, start)
    if _COLON_BEFORE.search(before):
        return "colon before"
    if _MENTION_BEFORE.search(before):
        return "mention"
    if _GLOSS_BEFORE.search(before) or _GLOSS_AFTER.match(text, end, min(len(text), end + 20)):
        return "gloss"
    if (len(words) > 1 or any(h in inner for h in "-\u2010\u2011")) and (
        _KIND_AFTER.match(text, end, min(len(text), end + 16)) or _KIND_LAST.search(inner)
    ):
        return "name of a law or policy"
    if _SPEECH_BEFORE.search(before):
        return "speech verb before"
    if _SPEECH_AFTER.match(text, end, min(len(text), end + 40)):
        return "speech verb after"
    return None


def detect_scare_quotes(text: str) -> list[Suggestion]:
    """Quoted one-to-three-word expressions that are not reported speech or titles."""
    hits: list[Suggestion] = []
    previous: tuple[int, str | None] = (-1, None)  # end and reject reason of the last pair
    for match in _PAIR.finditer(text):
        style = match.lastgroup
        assert style is not None
        inner = match.group(style)
        reason = _reject_reason(text, match.start(), match.end(), inner)
        end, last_reason = previous
        if (reason is None and last_reason in ("mention", "gloss") and end >= 0
                and _JOINED.fullmatch(text, end, match.start())
                and not _SO_CALLED_BEFORE.search(text, max(0, match.start() - 12), match.start())):
            reason = last_reason  # "“scout” or “messenger”": coordinated with a gloss
        previous = (match.end(), reason)
        if reason is None:
            hits.append(make_suggestion(text, RULE, LABEL, match.start(), match.end(),
                                        _STYLE[style]))
    return hits
