"""Claim text -> tokens: normalised words with their stems, numbers, punctuation boundaries.

Everything the matcher compares is derived from these tokens, so every module agrees on what
a word is. English rules only (stop words, contractions, stemming); other languages still match
through the character n-grams of :mod:`annotator.claims.vectors`, without the fact checks'
negation and direction cues.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import snowballstemmer

from ..suggest.speech import SPEECH_VERB_FORMS


class Kind(StrEnum):
    WORD = "word"
    NUMBER = "number"  # digits, with separators, decimals and a scale: 12,000  3.5  2bn
    PERCENT = "percent"  # the % sign
    BOUNDARY = "boundary"  # punctuation that ends a clause: , ; : ( ) quotes dashes . ! ? (and Arabic ، ؛ ؟)


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written (case kept), apostrophes straightened
    lower: str
    stem: str
    kind: Kind
    initial: bool  # first word of a sentence or of a quotation: its capital says nothing


# Words joined by an apostrophe stay one token ("don't", "children's") and are split below;
# hyphens split ("foreign-funded" matches "funded from abroad", "tear-gassed" matches "tear gas").
# A number's digits are taken whole (an atomic group): backing off into them made "12K" the
# number 1; a scale suffix is read in any case ("12K", "$5M", "2BN"); ".5" is a number. A
# number may run into CJK script, which writes no space ("120万人").
_TOKEN = re.compile(
    r"(?P<number>(?>\d+(?:[.,]\d+)*|(?<![\w.,])\.\d+)(?i:bn|mn|m|k)?)"
    r"(?!\d|[.,]\d|[^\W\d_](?<![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]))"
    r"|(?P<word>[^\W_]+(?:'[^\W_]+)?)"
    r"|(?P<percent>%)"
    r"|(?P<boundary>[,;:!?()\[\]{}\"«»„“”—–،؛؟⸮]|\.(?!\d)|(?<=\s)-(?=\s))"
)
_SENTENCE_END = frozenset(".!?:\"“”«»„(؟⸮")

#: Function words: no content of their own, so they neither make two claims similar nor
#: mark where two claims overlap. Percent words belong to the quantity they follow. Negators
#: and direction words are deliberately absent: the fact checks need them (see facts.py).
STOP_WORDS = frozenset((
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "during", "each", "few", "for",
    "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
    "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself",
    "just", "me", "might", "must", "my", "myself", "of", "off", "on", "once", "only", "or",
    "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so",
    "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "s", "t", "ago",
    "also", "still", "just", "now", "yet", "percent", "per", "cent", "pc",
))

#: Negators. "n't" is expanded to "not" when tokenising. Denying a claim negates it too
#: ("the ministry denied that police used tear gas").
ENGLISH_NEGATORS = frozenset((
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
    "nowhere", "deny", "denies", "denied", "denying", "refute", "refutes", "refuted", "debunk",
    "debunks", "debunked",
))
#: The negators (and common verbs of denying) of other languages the outlets write in, so that
#: a claim and its denial there are not taken for one claim ("Le vaccin ne modifie pas l'ADN").
#: Only words that negate wherever they stand: Italian "mai" (French: May), "né" (French: born)
#: and Spanish "sin" (an English word) are left out, and so is French "ne" / "n'": the word after
#: the verb negates ("pas", "jamais", "rien"), while "ne ... que" means "only" and Italian "ne"
#: means "of it".
OTHER_NEGATORS = frozenset((
    # French
    "pas", "jamais", "aucun", "aucune", "rien", "sans", "ni", "nullement", "dément",
    "démentent", "démenti", "nie", "nient",
    # German
    "nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts",
    "niemand", "ohne", "weder", "bestreitet", "bestreiten", "bestritten", "dementiert", "dementierte",
    # Spanish
    "nunca", "jamás", "ningún", "ninguna", "ninguno", "nadie", "nada", "tampoco", "niega", "niegan",
    "negó", "desmiente", "desmintió",
    # Italian
    "non", "nessun", "nessuno", "nessuna", "niente", "nulla", "senza", "nega", "negano", "smentisce",
    "smentito",
    # Portuguese
    "não", "jamais", "nenhum", "nenhuma", "ninguém", "sem", "nem", "negou", "desmente", "desmentiu",
    # Dutch
    "niet", "geen", "nooit", "zonder", "niets", "niemand", "ontkent", "ontkende",
    # Swedish, Danish, Norwegian
    "inte", "ej", "aldrig", "ingen", "inget", "inga", "utan", "ikke", "aldri", "uten", "uden",
    # Polish
    "nigdy", "żaden", "żadna", "żadne", "żadnych", "nic", "nikt", "bez", "zaprzecza", "zaprzeczył",
    "zdementował",
    # Russian
    "не", "нет", "ни", "никогда", "никакой", "никакая", "никакое", "никакие", "никаких", "ничего",
    "никто", "без", "нигде", "отрицает", "отрицают", "опроверг", "опровергает", "опровергли",
    # Ukrainian
    "ні", "ніколи", "жоден", "жодна", "жодне", "жодних", "нічого", "ніхто", "заперечує", "спростував",
))
NEGATORS = ENGLISH_NEGATORS | OTHER_NEGATORS
#: Words that open a clause of what is said or known ("no evidence that ..."): a negation
#: reaches through them, and through the comma German, Russian or Polish write before them.
COMPLEMENTISERS = frozenset(("that", "dass", "daß", "que", "qu", "che", "dat", "att", "że", "iż",
                             "что", "що"))

#: Words that end the clause a claim sits in when looking outward from it: verbs of saying
#: (the attribution around a quoted claim) and complementisers ("officials said that ...").
CLAUSE_CUES = SPEECH_VERB_FORMS | frozenset((
    "that", "according", "say", "says", "said", "told", "reported", "alleged", "alleges",
    "allege", "claims", "claim", "claimed", "show", "shows", "showed", "suggest", "suggests",
    "found", "finds", "insisted", "insist", "warned", "warn",
))

_CONTRACTIONS = {"won't": ("will", "not"), "can't": ("can", "not"), "shan't": ("shall", "not")}
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-case word, with British -is-/-ys- spellings folded into
    -iz-/-yz- (organised = organized) since the stemmer keeps them apart."""
    stemmed: str = _STEMMER.stemWord(word)
    if len(stemmed) >= 5 and stemmed[-2:] in ("is", "ys") and word[len(stemmed):len(stemmed) + 1] == "e":
        stemmed = stemmed[:-1] + "z"
    return stemmed


def normalise(text: str) -> str:
    """NFKC, straight apostrophes, one space between words: the form both the tokeniser and
    the character n-grams read, so "’" and "'" or a non-breaking space change nothing."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    return " ".join(text.split())


def _words(word: str) -> list[str]:
    lower = word.lower()
    if lower in _CONTRACTIONS:
        first, second = _CONTRACTIONS[lower]
        return [word[: len(first)] if word[: len(first)].lower() == first else first, second]
    if lower.endswith("n't") and len(lower) > 3:
        return [word[:-3], "not"]
    if "'" in word:
        head, _, tail = word.partition("'")
        # possessive or clitic ('s, 're, 've, 'll, 'd): the head carries the meaning
        return [head] if tail.lower() in {"s", "re", "ve", "ll", "d", "m"} else [head, tail]
    return [word]


def tokenise(text: str) -> list[Token]:
    """The tokens of `text` in order. Punctuation that ends a clause is kept as BOUNDARY."""
    tokens: list[Token] = []
    initial = True
    for match in _TOKEN.finditer(normalise(text)):
        kind = match.lastgroup
        value = match.group()
        if kind == "boundary":
            tokens.append(Token(value, value, value, Kind.BOUNDARY, False))
            initial = initial or value in _SENTENCE_END
            continue
        if kind == "number":
            tokens.append(Token(value, value, value, Kind.NUMBER, initial))
        elif kind == "percent":
            tokens.append(Token(value, value, value, Kind.PERCENT, False))
        else:
            for index, part in enumerate(_words(value)):
                lower = part.lower()
                tokens.append(Token(part, lower, stem(lower), Kind.WORD, initial and index == 0))
        initial = False
    return tokens


def is_content(token: Token) -> bool:
    """A word that carries meaning: not a stop word, negator or bare digit string."""
    return token.kind is Kind.WORD and token.lower not in STOP_WORDS and token.lower not in NEGATORS
