"""count_words counts what the WORD pattern matches, found a faster way (words.py)."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from annotator.words import EDGES, WORD, count_words

#: Letters, digits, `_`, the joiners, spaces of several kinds, punctuation, emoji, marks.
PIECES = st.sampled_from(["a", "Z", "é", "ß", "Ж", "字", "٣", "²", "½", "_", "-", "'", "’", " ", "\n", "\t",
                          "\u2028", "\u00a0", "\u3000", ".", ",", "“", "”", "😀", "🇰🇿", "\u0301", "\u200d", "--",
                          "!", "(", "«", "…", "—"])


def matched(text: str) -> int:
    return len(WORD.findall(text))


@given(st.lists(PIECES, max_size=40).map("".join))
def test_counts_what_the_pattern_matches(text: str) -> None:
    assert count_words(text) == matched(text)


@given(st.text(max_size=200))
def test_counts_what_the_pattern_matches_on_any_text(text: str) -> None:
    assert count_words(text) == matched(text)


def test_examples() -> None:
    assert count_words("") == 0
    assert count_words("don't stop-the-press __init__ 3.14 so--called ’tis x-") == 9
    assert count_words("Breaking 🚨: the “so-called” ceasefire\r\nin Astana 🇰🇿 has collapsed.") == 8


def test_letters_and_digits_are_word_characters_exactly() -> None:
    """The shortcut's premise: `isalnum` is `\\w` but for `_`, and no white space is either."""
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(word.match(char)) == (char.isalnum() or char == "_"), hex(code)
        assert not (char.isspace() and (char.isalnum() or char in "_-'’")), hex(code)


def test_the_stripped_edges_are_no_word_characters() -> None:
    """A piece stays one word once EDGES are stripped from its ends only if none is `\\w`."""
    assert not re.search(r"[\w\s]", EDGES)
    assert count_words("“about,” ‘no!’ (yes)… «so-called» -x- _y_ ...") == 6
