"""What counts as a word when the app reports rates per 1,000 words (the Funding network page's
devices per outlet). Documents store their count (`Document.word_count`, set on insert), so a
page over a large project never reads the texts again."""

from __future__ import annotations

import re

#: A word: letters or digits (any script), with inner hyphens and apostrophes ("so-called",
#: "don't" are one word each); punctuation and emoji are not words.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    """How many words `text` has.

    >>> count_words("The so-called “opposition groups” met in Astana 🇰🇿 on 23 January.")
    10
    """
    # findall builds no match objects: about twice as fast as counting finditer's matches.
    return len(WORD.findall(text))
