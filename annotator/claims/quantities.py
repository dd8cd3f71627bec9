"""Numbers in a claim, as intervals with a unit: the facts that look-alike claims differ in.

"40 percent", "40%" and "40 per cent" are one quantity; "12,000", "twelve thousand" and
"12k" too. Vague amounts are ranges ("hundreds of thousands" = 200,000 to 1,000,000), so
"300,000 birds" still fits them while "hundreds of birds" does not. A unit is kept only where
it changes the fact: percent, percentage points ("5 percentage points" is not "5 percent") and
time spans ("three weeks" is not "three days"); other nouns after a number are left out, since
"12,000 people" and "12,000 residents" are one fact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .tokens import STOP_WORDS, Kind, Token

_SMALL = {word: value for value, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
))}
_TENS = {word: 10 * (index + 2) for index, word in enumerate((
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
))}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
#: Plural scale words used as vague amounts: (low, high) of "hundreds" etc.
_VAGUE = {"dozens": (24.0, 100.0), "tens": (20.0, 100.0), "hundreds": (200.0, 1e3),
          "thousands": (2e3, 1e4), "millions": (2e6, 1e9), "billions": (2e9, 1e12)}
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
              "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10}
_TIME_UNITS = {f"{unit}{plural}": unit for unit in
               ("second", "minute", "hour", "day", "week", "month", "year", "decade", "century")
               for plural in ("", "s")} | {"centuries": "century"}


@dataclass(frozen=True, slots=True)
class Quantity:
    low: float
    high: float  # == low for an exact number
    unit: str | None  # "percent", "percentage point", a time unit ("week") or None
    position: int  # index of its first token
    end: int  # index after its last token (its unit included)

    def fits(self, other: Quantity) -> bool:
        """Could both be the same fact? Ranges overlap and the units do not contradict."""
        if self.unit and other.unit and self.unit != other.unit:
            return False
        return max(self.low, other.low) <= min(self.high, other.high) * (1 + 1e-9)

    def __str__(self) -> str:
        value = f"{self.low:g}" if self.low == self.high else f"{self.low:g}-{self.high:g}"
        return f"{value} {self.unit}" if self.unit else value


def _digits(text: str) -> float | None:
    text = text.lower()
    scale = 1.0
    for suffix, factor in _SUFFIX_SCALES.items():
        if text.endswith(suffix):
            text, scale = text[: -len(suffix)], factor
            break
    if "," in text and "." in text:
        # "1,234.56" and "1.234,56": the last separator is the decimal one.
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        whole, _, fraction = text.rpartition(decimal)
        text = whole.replace("," if decimal == "." else ".", "") + "." + fraction
        if not text.replace(".", "", 1).isdigit():
            return None
        return float(text) * scale
    # "12,000" and "1,200,000": commas before groups of three are thousands separators;
    # any other comma is a decimal comma ("3,5").
    groups = text.split(",")
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        text = "".join(groups)
    else:
        text = text.replace(",", ".")
    try:
        return float(text) * scale
    except ValueError:
        return None


def _word_number(words: Sequence[str], start: int) -> tuple[float, int] | None:
    """A spelled-out number at `start` ("forty two", "three hundred thousand"): value and the
    index after it."""
    total, current, index, seen = 0.0, 0.0, start, False
    while index < len(words):
        word = words[index]
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES and seen:
            if _SCALES[word] == 100:
                current *= 100
            else:
                total += current * _SCALES[word]
                current = 0.0
        elif word == "and" and seen and index + 1 < len(words) and (words[index + 1] in _SMALL or words[index + 1] in _TENS):
            pass
        else:
            break
        seen = True
        index += 1
    return (total + current, index) if seen else None


def _ordinal(tokens: Sequence[Token], after: int) -> bool:
    """Is the word after "a third" / "one fifth" a noun it counts ("a third term")? A fraction
    is followed by "of", a function word or the end of the clause ("fell by a third this year")."""
    if after >= len(tokens) or tokens[after].kind is not Kind.WORD:
        return False
    return tokens[after].lower not in STOP_WORDS


def quantities(tokens: Sequence[Token]) -> list[Quantity]:
    """Every quantity in the tokens, in order."""
    words = [t.lower if t.kind is not Kind.BOUNDARY else "" for t in tokens]
    found: list[Quantity] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        start = index
        low = high = None
        if token.kind is Kind.NUMBER:
            low = _digits(token.lower)
            index += 1
            if low is not None and index < len(words) and words[index] in _SCALES:
                low *= _SCALES[words[index]]
                index += 1
        elif words[index] in ("a", "an") and index + 1 < len(words) and words[index + 1] in _SCALES:
            # "a thousand", "a hundred thousand": read as "one thousand" ...
            parsed = _word_number(["one", *words[index + 1:]], 0)
            assert parsed is not None
            low, index = parsed[0], index + parsed[1]
        elif words[index] in ("a", "one", "an") and index + 1 < len(words) and words[index + 1] in _FRACTIONS:
            if _ordinal(tokens, index + 2):
                index += 2  # "a third term" is the third of several, not a fraction
                continue
            low = 1 / _FRACTIONS[words[index + 1]]
            index += 2
        elif words[index] == "half":
            low = 0.5
            index += 1
        elif words[index] in _VAGUE:
            low, high = _VAGUE[words[index]]
            index += 1
            # "hundreds of thousands", "tens of millions"
            if index + 1 < len(words) and words[index] == "of" and words[index + 1] in _VAGUE:
                factor = _VAGUE[words[index + 1]][0] / 2
                low, high = low * factor, high * factor
                index += 2
        elif words[index] in _SMALL or words[index] in _TENS:
            parsed = _word_number(words, index)
            assert parsed is not None
            low, index = parsed
            if index < len(words) and words[index] in _FRACTIONS and low >= 1:
                low /= _FRACTIONS[words[index]]
                index += 1
            elif low == 1 and index == start + 1:
                low = None  # a bare "one" is rarely a fact ("one of the", "no one")
        elif words[index] == "dozen":
            low = 12.0
            index += 1
        else:
            index += 1
            continue
        if low is None:
            continue
        unit = None
        if index + 1 < len(words) and words[index] == "percentage" and words[index + 1] in ("point", "points"):
            # "rose 5 percentage points" is not "rose 5 percent"
            unit, index = "percentage point", index + 2
        elif index < len(words) and words[index] in ("pp", "ppt"):
            unit, index = "percentage point", index + 1
        elif index < len(tokens) and (tokens[index].kind is Kind.PERCENT or words[index] in ("percent", "pc")):
            unit, index = "percent", index + 1
        elif index + 1 < len(words) and words[index] == "per" and words[index + 1] == "cent":
            unit, index = "percent", index + 2
        elif index < len(words) and words[index] in _TIME_UNITS:
            unit, index = _TIME_UNITS[words[index]], index + 1
        found.append(Quantity(low, low if high is None else high, unit, start, index))
    return found
