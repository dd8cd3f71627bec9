"""Invisible characters that words and emoji are made of, carried through trafilatura.

trafilatura removes every character for which `str.isprintable()` is false from the text and
the metadata it extracts (trafilatura.utils.remove_control_characters, with no option to keep
any). Among them are the zero-width joiner (emoji sequences such as 👨‍👩‍👧), the zero-width
non-joiner (Persian, Urdu, Hindi spelling), the soft hyphen and the tag characters of
subdivision flags (🏴 + tags = the Scottish flag): dropping them changes what the article says
or shows. So, before extraction, each of them (as a character or a character reference) is
replaced by a letter the page does not contain, and after extraction the letters are turned
back. Letters, because trafilatura keeps them and its heuristics treat them as word
characters, as they treat the joined emoji and words.
"""

from __future__ import annotations

import re

#: What is carried through: ZWNJ, ZWJ, soft hyphen, LANGUAGE TAG and the tag characters.
#: (Bidirectional controls and other invisible format characters are not: the app shows them
#: as markers, and trafilatura's dropping them changes no word.)
KEPT = frozenset({"\u200c", "\u200d", "\u00ad", "\U000e0001", *map(chr, range(0xE0020, 0xE0080))})

#: Where the stand-in letters come from: Yi syllables (category Lo), which a news page almost
#: never holds; one the page does hold is skipped.
_STAND_INS = range(0xA000, 0xA48D)

_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(zwj|zwnj|shy));")
_NAMED = {"zwj": "\u200d", "zwnj": "\u200c", "shy": "\u00ad"}


def _referenced(match: re.Match[str]) -> str | None:
    hexadecimal, decimal, name = match.groups()
    if name:
        return _NAMED[name]
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(code) if code <= 0x10FFFF and chr(code) in KEPT else None


def protect(page: str) -> tuple[str, dict[str, str]]:
    """The page with each kept character (or reference to one) replaced by its stand-in, and
    the table stand-in -> character that `restore` needs."""
    wanted = {char for char in KEPT if char in page}
    wanted.update(char for match in _REFERENCE.finditer(page) if (char := _referenced(match)))
    if not wanted:
        return page, {}
    free = [chr(code) for code in _STAND_INS if chr(code) not in page]
    if len(free) < len(wanted):
        return page, {}  # a page in Yi: left as trafilatura takes it
    stand_in = dict(zip(sorted(wanted), free, strict=False))
    guarded = _REFERENCE.sub(lambda m: stand_in[c] if (c := _referenced(m)) else m.group(0), page)
    guarded = guarded.translate({ord(char): letter for char, letter in stand_in.items()})
    return guarded, {letter: char for char, letter in stand_in.items()}


def restore(text: str, table: dict[str, str]) -> str:
    """`text` (extracted from a protected page) with the stand-ins turned back."""
    return text.translate({ord(letter): char for letter, char in table.items()}) if table else text

