"""Phrase matching shared by the lexicon-driven detectors ("lexicon", "hedges").

Rules, applied to every entry of a :class:`~annotator.suggest.lexicon.Lexicon`:

* a term matches case-insensitively (unless the entry says otherwise) and only on word
  boundaries, so "regime" does not hit "regimental" and "sham" does not hit the second
  half of a hyphenated name such as "al-Sham";
* inflectable entries also match the plural and the possessive of their last word
  ("terrorists", "regime's", "cronies"); the span covers the inflected word;
* a hit right after a ``not_preceded_by`` word or right before a ``not_followed_by`` word
  is dropped ("sanctions regime", "regime change");
* where entries overlap, the longest match at the earliest position wins ("puppet
  regime" rather than "puppet" and "regime").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon, LexiconEntry
from .model import Suggestion, make_suggestion

_HYPHENS = "-\u2010\u2011"
_HYPHEN_CLASS = r"\-\u2010\u2011"  # the same, escaped for use inside [...]
# Tokens used to find where a match can start: runs of letters, or of digits.
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# A hit may not start inside a word or right after a hyphen (second half of a compound).
_BEFORE = rf"(?<![\w{_HYPHEN_CLASS}])"
_AFTER = r"(?!\w)"
_JOIN = rf"(?:\s+|[{_HYPHEN_CLASS}])"


def _word_pattern(word: str) -> str:
    out = []
    for ch in word:
        if ch in _HYPHENS:
            out.append(rf"(?:[{_HYPHEN_CLASS}]|\s)?")
        elif ch in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _inflection(word: str) -> str:
    """Pattern for ``word`` plus its plural and possessive endings."""
    low = word.lower()
    if len(low) > 2 and low.endswith("y") and low[-2] not in "aeiou":
        stem = _word_pattern(word[:-1])
        return rf"{stem}(?:y|ies)(?:['’]s)?"
    base = _word_pattern(word)
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return rf"{base}(?:es)?(?:['’]s)?"
    return rf"{base}s?(?:['’]s)?"


def form_pattern(form: str, inflect: bool) -> str:
    """Regex source for one surface form of an entry (exposed for tests)."""
    words = form.split()
    parts = [_word_pattern(w) for w in words[:-1]]
    parts.append(_inflection(words[-1]) if inflect else _word_pattern(words[-1]))
    return _BEFORE + _JOIN.join(parts) + _AFTER


def _first_token(form: str) -> str:
    match = _TOKEN.search(form)
    assert match is not None  # validated: every form contains a letter or digit
    return match.group().lower()


def _word_list(words: tuple[str, ...]) -> str:
    return "|".join(_JOIN.join(_word_pattern(w) for w in phrase.split()) for phrase in words)


@dataclass(frozen=True, slots=True)
class _Candidate:
    pattern: re.Pattern[str]
    entry: LexiconEntry
    preceded: re.Pattern[str] | None
    followed: re.Pattern[str] | None


def _surface_keys(form: str, inflect: bool) -> set[str]:
    """Lower-case first tokens under which a form can start: with its plurals when the
    form is a single inflectable word ("terrorist" -> terrorist, terrorists ...)."""
    first = _first_token(form)
    keys = {first}
    if inflect and len(_TOKEN.findall(form)) == 1:
        keys |= {first + "s", first + "es"}
        if first.endswith("y"):
            keys.add(first[:-1] + "ies")
    return keys


@lru_cache(maxsize=16)
def _compile(lexicon: Lexicon) -> dict[str, tuple[_Candidate, ...]]:
    # Index every form by the tokens it can start with, so that scanning a text costs
    # one dict lookup per word instead of trying ~150 alternatives at every position
    # (a regex alternation of all terms measured 5-10 times slower).
    index: dict[str, list[_Candidate]] = {}
    for entry in lexicon.entries:
        flags = 0 if entry.case_sensitive else re.IGNORECASE
        preceded = followed = None
        if entry.not_preceded_by:
            preceded = re.compile(
                rf"(?<!\w)(?:{_word_list(entry.not_preceded_by)})\s+$", re.IGNORECASE
            )
        if entry.not_followed_by:
            followed = re.compile(
                rf"{_JOIN}(?:{_word_list(entry.not_followed_by)})(?!\w)", re.IGNORECASE
            )
        for form in entry.forms:
            cand = _Candidate(re.compile(form_pattern(form, entry.inflect), flags), entry,
                              preceded, followed)
            for key in _surface_keys(form, entry.inflect):
                index.setdefault(key, []).append(cand)
    return {key: tuple(cands) for key, cands in index.items()}


def match_lexicon(text: str, lexicon: Lexicon, rule: str) -> list[Suggestion]:
    """All non-overlapping hits of ``lexicon`` in ``text``, in order, as suggestions."""
    index = _compile(lexicon)
    hits: list[Suggestion] = []
    covered_until = 0
    for token in _TOKEN.finditer(text):
        pos = token.start()
        if pos < covered_until:
            continue
        cands = index.get(token.group().lower())
        if cands is None:
            continue
        best: tuple[int, _Candidate] | None = None
        for cand in cands:
            match = cand.pattern.match(text, pos)
            if match is None or (best is not None and match.end() <= best[0]):
                continue
            if cand.preceded is not None and cand.preceded.search(text, max(0, pos - 60), pos):
                continue
            if cand.followed is not None and cand.followed.match(text, match.end()):
                continue
            best = (match.end(), cand)
        if best is not None:
            end, cand = best
            hits.append(make_suggestion(text, rule, cand.entry.label, pos, end, cand.entry.term))
            covered_until = end
    return hits
