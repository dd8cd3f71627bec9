"""Which strings may be label and attribute keys, so that every exchange format carries them.

A key is written as it is into SemEval's tab-separated lines, CSV cells and column names
(`attr:<key>`), Label Studio's XML config, W3C and native JSON; brat gets a sanitised name with
the key in its manifest. SemEval breaks on tabs and line breaks, spreadsheets evaluate cells
that start with `=`, `+`, `-` or `@`, and invisible or direction-changing characters make two
different keys look alike. Hence (the README's Codebooks section documents the same rule):

- 1 to 100 characters, in Unicode NFC;
- letters, combining marks and digits of any script, spaces, and `_ . , : + - / & ' ( )`;
- starting with a letter or digit, not ending with a space.

This fits every built-in codebook, PTC's technique strings (`Bandwagon,Reductio_ad_hitlerum`)
and human-readable labels from other tools (`Loaded language`, `Café`, `Загрузка`).
"""

from __future__ import annotations

import unicodedata

import regex

MAX_LENGTH = 100
#: The punctuation a key may hold (besides spaces), as messages list it.
PUNCTUATION = "_.,:+-/&'()"
#: The rule as one pattern (`regex` syntax, for \p{...}); NFC is checked beside it.
PATTERN = r"^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N} _.,:+/&'()-]{0,98}[\p{L}\p{M}\p{N}_.,:+/&'()-])?$"
_KEY = regex.compile(PATTERN)
_ALLOWED = regex.compile(r"[\p{L}\p{M}\p{N} _.,:+/&'()-]")


def _shown(char: str) -> str:
    name = unicodedata.name(char, "") or {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN"}.get(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def key_problem(key: str) -> str | None:
    """What makes `key` unfit as a label or attribute key (said so that the user can find it),
    or None when it fits."""
    if _KEY.fullmatch(key) and unicodedata.is_normalized("NFC", key):
        return None
    if not key:
        return "is empty"
    if len(key) > MAX_LENGTH:
        return f"is {len(key)} characters long (at most {MAX_LENGTH})"
    for position, char in enumerate(key, start=1):
        if not _ALLOWED.fullmatch(char):
            return (f"has {_shown(char)} at character {position}: keys hold letters, digits, spaces "
                    f"and {' '.join(PUNCTUATION)}")
    if not regex.match(r"[\p{L}\p{N}]", key[0]):
        return "must start with a letter or digit"
    if key.endswith(" "):
        return "must not end with a space"
    return "is not in Unicode NFC form (a letter and its accent typed as two characters)"
