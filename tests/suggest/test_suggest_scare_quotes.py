"""Scare quotes: quote styles, exact spans, and what is not a scare quote."""

from __future__ import annotations

import pytest

from annotator.suggest import detect_scare_quotes


def quotes(text: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.quote) for s in detect_scare_quotes(text)]


def at(text: str, needle: str) -> tuple[int, int, str]:
    begin = text.index(needle)
    return begin, begin + len(needle), needle


@pytest.mark.parametrize(
    "quoted",
    [
        '"opposition groups"',
        "“opposition groups”",
        "‘opposition groups’",
        "'opposition groups'",
        "«opposition groups»",
        "« opposition groups »",
        "„opposition groups“",
        "„opposition groups”",
    ],
)
def test_quote_styles(quoted: str) -> None:
    text = f"Talks between the government and the so-called {quoted} began."
    assert quotes(text) == [at(text, quoted)]


def test_one_to_three_words_only() -> None:
    text = 'the "experts" and the "so very many experts here" again'
    assert quotes(text) == [at(text, '"experts"')]


def test_offsets_after_astral_characters() -> None:
    text = "🙂🙂 The 🇷🇺 “peacekeepers” arrived."
    assert quotes(text) == [at(text, "“peacekeepers”")]
    start = quotes(text)[0][0]
    assert start == 10 and text[start] == "“"


@pytest.mark.parametrize(
    "text",
    [
        'He said "go home" to them.',
        "She told reporters “no comment” on Friday.",
        "The minister wrote that it was “categorically untrue” yesterday.",
        "Orban replied: “never again”",
        "“Impossible,” he said.",
        "Franken called the allegation “categorically not true.”",
        "“Nonsense” she said.",
        "“Nonsense”, said the mayor.",
        "He pushed the “Assad must go” mantra.",
        "They “don’t want” immigration.",
        "A play called “Rubble Rubble” opens.",
        "The “Jewish State” argument is old.",
        "The term “woke” is new.",
        "what is known as “red flag” laws",
        "rock 'n' roll and the 90's",
        "the kids’ toys and the players' union",
        "in “2017” and “x”",
    ],
)
def test_not_scare_quotes(text: str) -> None:
    assert quotes(text) == []


def test_reported_speech_elsewhere_does_not_block() -> None:
    text = "He said it twice. Then the “rebels” took the town."
    assert quotes(text) == [at(text, "“rebels”")]


def test_so_called_overrides_exclusions() -> None:
    text = "He said the so-called “Peace Process” failed."
    assert quotes(text) == [at(text, "“Peace Process”")]


def test_apostrophes_inside_single_quotes() -> None:
    text = "a ‘don’t-ask crowd’ and the 'ol' faithful'"
    got = quotes(text)
    assert got[0] == at(text, "‘don’t-ask crowd’")


@pytest.mark.parametrize(
    "text",
    [
        "the governor issued an order implementing a “red flag” law.",
        "Merkel’s ‘open-door’ policy towards asylum seekers",
        "lower than the “probable cause” standard for a warrant",
        "The laws all contain an “ex parte” provision that allows it.",
        "he belonged to the “worker-priest” movement that Pius XII condemned",
        "a leader of the “priest-worker movement” who defended it",
        "'Oumuamua—Hawaiian for “scout” or “messenger”—is tumbling.",
        "The Hebrew word translated \"detestable\" refers to something disgusting.",
        "the concept of “blowback” is well known",
        "But “family member” is defined to include “former dating partners” and others.",
    ],
)
def test_names_of_laws_and_glosses_are_not_scare_quotes(text: str) -> None:
    assert quotes(text) == []


def test_single_word_before_a_policy_noun_and_so_called_stay() -> None:
    text = "the “humanitarian” policy and the so-called “red flag” law"
    assert quotes(text) == [at(text, "“humanitarian”"), at(text, "“red flag”")]
    # Coordination carries a gloss only: after a scare quote, "or" changes nothing.
    text = "Hawaiian for “scout”, the “rebels” or “militants” came"
    assert quotes(text) == [at(text, "“rebels”"), at(text, "“militants”")]


def test_unclosed_quote_does_not_shift_pairing() -> None:
    # Typographic marks say which side they are on: an unclosed “ is simply ignored.
    text = "He began “a long quotation that never closes. The “rebels” came."
    assert quotes(text) == [at(text, "“rebels”")]
    # A straight mark closes only after a non-space and opens only before one, so the
    # unclosed mark cannot pair with the mark that opens "rebels".
    text = 'He began "a long quotation that never closes. The "rebels" came.'
    assert quotes(text) == [at(text, '"rebels"')]
    # A long pair is skipped whole; its closing mark does not open a new pair.
    text = 'He said "we will fight on and on until the end" and "rebels" came.'
    assert quotes(text) == [at(text, '"rebels"')]
    text = 'the "rebels" and the "regime"'
    assert quotes(text) == [at(text, '"rebels"'), at(text, '"regime"')]
