"""The facts a look-alike claim changes, and the check that two claims do not contradict.

Similarity cannot tell "fuel rose 40%" from "fuel rose 14%", or "the vaccine alters DNA" from
"the vaccine does not alter DNA": they share almost every word. So on top of similarity, two
claims are kept apart when, inside the part of each sentence they share, they state

* a **number** each that the other does not have (quantities.py: "40%" vs "14 percent"),
* a **name** each that the other does not have ("Mayor Petrović" vs "Mayor Kovač"),
* opposite **directions** of change ("rose" vs "fell", "doubled" vs "halved"; in the other
  languages whose negators are known too: "gestiegen" vs "gesunken", "выросли" vs "упали"), or
* one a **negation** the other lacks ("no", "not", "never", "without", "n't"), or
* one a **question** the other states ("Is the vaccine safe?" / "The vaccine is safe"): the
  clause holding the shared words ends in a question mark on one side only.

"Inside the part they share" is what lets a quotation sit in a longer sentence: the region of a
sentence is the clause around its first and last word shared with the other claim, so "...,
Reuters reported on 12 May" or "Two years on, ..." adds no contradicting fact. A negation
counts from the start of that clause up to the last shared word (a negation after the claim,
"..., not people", does not clearly negate it) and reaches through "that" ("there is no evidence
that the vaccine alters DNA"); a negation later in the clause is unclear ("the audit has not been
published" negates, "the talks have no legitimacy" does not), so it neither makes nor breaks a
contradiction. Extra facts on one side only are detail, not contradiction.

Names are capitalised words. Whether a capital means a name is judged against the whole set
of claims (`Vocabulary`): a word written in lower case elsewhere ("Police" / "police") is a
common word, and a sentence's first word counts only if it is capitalised inside a sentence
elsewhere. Title-case headlines carry no case information of their own.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .attribution import claim_core
from .quantities import Quantity, quantities
from .tokens import CLAUSE_CUES, COMPLEMENTISERS, NEGATORS, STOP_WORDS, Kind, Token, is_content

_UP = frozenset((
    "rise", "rose", "risen", "rising", "increas", "grow", "grew", "grown", "jump", "climb",
    "soar", "surg", "doubl", "tripl", "quadrupl", "gain", "higher", "more", "greater", "boost",
    "spike", "hike", "expand", "widen", "up",
))
_DOWN = frozenset((
    "fall", "fell", "fallen", "drop", "declin", "decreas", "shrink", "shrank", "shrunk",
    "plung", "slump", "halv", "lower", "reduc", "less", "fewer", "cut", "dip", "sink", "sank",
    "sunk", "tumbl", "collaps", "slash", "down",
))
#: Words of rising and falling in the other languages the outlets write in (those whose
#: negators tokens.OTHER_NEGATORS knows), as written: the English stemmer does not reduce
#: them, so the common forms are listed (present, past, participle, the noun). Left out are
#: words that say more than a direction elsewhere: French "plus" and German "mehr" (also in
#: "ne ... plus" / "nicht mehr"), Spanish "sale" (goes out), German "nimmt" (takes).
_OTHER_UP = frozenset((
    # French
    "augmente", "augmentent", "augmenté", "augmentée", "augmentés", "augmentées", "augmentait",
    "augmentaient", "augmentera", "augmentation", "hausse", "hausses", "grimpe", "grimpent", "grimpé",
    "progresse", "progressent", "progressé", "bondi", "bondit", "flambé", "doublé", "triplé", "accru",
    "accrue", "monte", "montent", "monté", "montée",
    # German
    "steigt", "steigen", "stieg", "stiegen", "gestiegen", "angestiegen", "ansteigen", "anstieg", "erhöht",
    "erhöhte", "erhöhten", "erhöhung", "wächst", "wuchs", "gewachsen", "zugenommen", "zunahme",
    "verdoppelt", "verdoppelte", "verdreifacht", "höher", "kletterte", "geklettert",
    # Spanish
    "sube", "suben", "subió", "subieron", "subido", "subida", "aumenta", "aumentan", "aumentó",
    "aumentaron", "aumentado", "aumento", "crece", "crecen", "creció", "crecieron", "crecido", "duplicó",
    "triplicó", "disparó", "alza", "incrementó", "incrementa", "incremento",
    # Italian
    "aumentano", "aumentato", "aumentata", "aumentati", "aumentate", "aumentò", "cresce", "crescono",
    "cresciuto", "cresciuta", "crescita", "salito", "salita", "saliti", "salgono", "raddoppiato",
    "triplicato", "rialzo", "impennata",
    # Portuguese
    "aumentam", "aumentou", "aumentaram", "sobe", "sobem", "subiu", "subiram", "crescem", "cresceu",
    "cresceram", "crescimento", "dobrou", "triplicou", "disparou", "alta",
    # Dutch
    "stijgt", "stijgen", "steeg", "stegen", "gestegen", "toegenomen", "groeit", "groeide", "gegroeid",
    "verdubbeld", "verhoogd", "verhoogt", "stijging", "toename", "hoger",
    # Swedish, Danish, Norwegian
    "steg", "stiger", "steget", "ökade", "ökar", "ökat", "ökning", "växte", "växer", "höjdes", "högre",
    "økte", "øker", "økt", "økning", "øgede", "øger", "øget", "stigning", "vokste", "voksede", "højere",
    "høyere", "fördubblades", "fordoblet",
    # Polish
    "wzrosła", "wzrósł", "wzrosło", "wzrosły", "wzrośnie", "wzrost", "rośnie", "rosną", "rosła", "rósł",
    "zwiększył", "zwiększyła", "zwiększyło", "zwiększyły", "podwoił", "podwoiła", "podwoiły", "wyższy",
    "wyższe", "podrożał", "podrożała", "podrożały",
    # Russian
    "вырос", "выросла", "выросло", "выросли", "растёт", "растет", "растут", "рост", "увеличился",
    "увеличилась", "увеличилось", "увеличились", "увеличил", "увеличила", "увеличили", "повысился",
    "повысилась", "повысились", "повысил", "повысили", "подорожал", "подорожала", "подорожали",
    "удвоился", "удвоилась", "удвоились", "поднялся", "поднялась", "поднялись", "взлетел", "взлетели",
    "выше",
    # Ukrainian
    "зріс", "зросла", "зросло", "зросли", "зростає", "зростають", "зростання", "збільшився",
    "збільшилася", "збільшились", "збільшилися", "збільшив", "збільшили", "підвищився", "підвищилася",
    "підвищилися", "подорожчав", "подорожчала", "подорожчали", "подвоївся", "вищий", "вище",
))
_OTHER_DOWN = frozenset((
    # French
    "baisse", "baissent", "baissé", "baissée", "baisses", "diminue", "diminuent", "diminué", "diminuée",
    "diminution", "chute", "chutent", "chuté", "recule", "reculent", "reculé", "recul", "tombé", "tombée",
    "tombent", "réduit", "réduite", "réduits", "réduction", "plongé", "effondré", "effondrée",
    # German
    "sinkt", "sinken", "sank", "sanken", "gesunken", "fällt", "fiel", "fielen", "gefallen", "gesenkt",
    "senkt", "senkte", "verringert", "verringerte", "reduziert", "reduzierte", "halbiert", "gekürzt",
    "kürzt", "kürzte", "rückgang", "zurückgegangen", "abgenommen", "eingebrochen", "niedriger",
    # Spanish
    "baja", "bajan", "bajó", "bajaron", "bajado", "bajada", "cae", "caen", "cayó", "cayeron", "caído",
    "caída", "disminuye", "disminuyen", "disminuyó", "disminuyeron", "disminuido", "descendió",
    "desciende", "descenso", "redujo", "reducido", "reducción", "desplomó", "recortó", "recorte",
    # Italian
    "diminuisce", "diminuiscono", "diminuito", "diminuita", "diminuiti", "calo", "cala", "calano",
    "calato", "calata", "sceso", "scesa", "scesi", "scende", "scendono", "ridotto", "ridotta",
    "riduzione", "crollato", "crollata", "crollo", "dimezzato", "ribasso", "flessione",
    # Portuguese
    "cai", "caem", "caiu", "caíram", "queda", "diminui", "diminuem", "diminuiu", "diminuíram", "baixa",
    "baixou", "baixaram", "reduziu", "reduziram", "redução", "recuou", "recuo", "despencou", "encolheu",
    # Dutch
    "daalt", "dalen", "daalde", "daalden", "gedaald", "gezakt", "zakt", "zakte", "afgenomen",
    "gekrompen", "krimpt", "kromp", "verlaagd", "verlaagt", "gehalveerd", "daling", "afname", "lager",
    # Swedish, Danish, Norwegian
    "sjönk", "sjunker", "sjunkit", "minskade", "minskar", "minskat", "minskning", "föll", "faller",
    "fallit", "halverades", "sänktes", "lägre", "faldt", "falder", "faldet", "falt", "synker", "sunket",
    "sænket", "senket", "reduceret", "redusert", "mindsket", "lavere", "nedgang",
    # Polish
    "spadła", "spadł", "spadło", "spadły", "spadnie", "spadek", "spada", "spadają", "zmalała", "zmalał",
    "zmalały", "zmniejszył", "zmniejszyła", "zmniejszyło", "zmniejszyły", "obniżył", "obniżyła",
    "obniżyły", "obniżka", "niższy", "niższe", "potaniał", "potaniała", "potaniały",
    # Russian
    "упал", "упала", "упало", "упали", "падает", "падают", "снизился", "снизилась", "снизилось",
    "снизились", "снизил", "снизили", "сократился", "сократилась", "сократились", "сократил",
    "сократили", "уменьшился", "уменьшилась", "уменьшились", "подешевел", "подешевела", "подешевели",
    "обвалился", "рухнул", "рухнули", "снижение", "сокращение", "падение", "ниже",
    # Ukrainian
    "впав", "впала", "впало", "впали", "падає", "падають", "знизився", "знизилася", "знизилось",
    "знизилися", "знизились", "знизив", "знизили", "скоротився", "скоротилася", "скоротилися",
    "скоротили", "зменшився", "зменшилася", "зменшилися", "зменшились", "подешевшав", "подешевшала",
    "подешевшали", "зниження", "скорочення", "падіння", "нижче",
))
#: What ends a question (the full-width form is normalised to "?" by tokens.normalise).
QUESTION_MARKS = frozenset(("?", "؟", "⸮"))
_NUMBER_WORDS = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
    "half", "third", "dozen", "dozens",
))


@dataclass(frozen=True)
class Vocabulary:
    """What a set of claims says about capitalised words (see the module docstring)."""

    lowercase: frozenset[str]  # written in lower case somewhere
    capital_inside: frozenset[str]  # capitalised somewhere away from a sentence start

    @classmethod
    def of(cls, token_lists: Iterable[Sequence[Token]]) -> Vocabulary:
        lowercase: set[str] = set()
        capital_inside: set[str] = set()
        for tokens in token_lists:
            title = _title_case(tokens)
            for token in tokens:
                if token.kind is not Kind.WORD:
                    continue
                if token.text == token.lower:
                    lowercase.add(token.lower)
                elif not token.initial and not title:
                    capital_inside.add(token.lower)
        return cls(frozenset(lowercase), frozenset(capital_inside))


EMPTY_VOCABULARY = Vocabulary(frozenset(), frozenset())


def _title_case(tokens: Sequence[Token]) -> bool:
    words = [t for t in tokens if t.kind is Kind.WORD and t.lower not in STOP_WORDS]
    return len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.7 * len(words)


def _acronym(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2


def _fold(name: str) -> str:
    """Case and accents off: "Petrović" and "Petrovic" are one name."""
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _names(tokens: Sequence[Token], vocabulary: Vocabulary) -> list[tuple[int, str]]:
    title = _title_case(tokens)
    found = []
    for position, token in enumerate(tokens):
        # a name starts with a capital: "mRNA" or "iPhone" name a kind of thing
        if token.kind is not Kind.WORD or not token.text[:1].isupper():
            continue
        lower = token.lower
        if lower in STOP_WORDS or lower in NEGATORS or lower in _NUMBER_WORDS:
            continue
        known = lower in vocabulary.capital_inside and lower not in vocabulary.lowercase
        if _acronym(token.text):
            name = lower not in vocabulary.lowercase
        elif token.initial or title:
            name = known
        else:
            name = lower not in vocabulary.lowercase
        if name:
            found.append((position, _fold(token.text)))
    return found


def _same_name(a: str, b: str) -> bool:
    """One name in two forms? Equal, or sharing a long prefix ("Russia"/"Russian",
    "China"/"Chinese", "IQ"/"IQs"), which "Iran"/"Iraq" do not."""
    if a == b:
        return True
    shortest = min(len(a), len(b))
    common = 0
    while common < shortest and a[common] == b[common]:
        common += 1
    return common >= 2 and common == shortest or common >= max(4, min(5, shortest - 1))


def _direction(token: Token) -> str | None:
    if token.kind is not Kind.WORD:
        return None
    if token.stem in _UP or token.lower in _UP or token.lower in _OTHER_UP:
        return "up"
    if token.stem in _DOWN or token.lower in _DOWN or token.lower in _OTHER_DOWN:
        return "down"
    return None


@dataclass(frozen=True)
class Facts:
    """One claim's tokens and the facts found in them, computed once per claim."""

    tokens: tuple[Token, ...]
    core: range  # the claim without its attribution (attribution.py)
    stems: tuple[str | None, ...]  # the content stem at each position of the core, None elsewhere
    content: frozenset[str]  # the core's content stems, verbs of saying left out
    quantities: tuple[Quantity, ...]
    names: tuple[tuple[int, str], ...]
    negations: tuple[int, ...]
    directions: tuple[tuple[int, str], ...]
    clause_ends: tuple[bool, ...]  # punctuation or an attribution cue at this position
    punctuation: tuple[bool, ...]  # punctuation at this position

    @classmethod
    def of(cls, tokens: Sequence[Token], vocabulary: Vocabulary = EMPTY_VOCABULARY) -> Facts:
        core = claim_core(tokens)
        found = quantities(tokens)
        # number words belong to their quantity: "a third" must not match "third term"
        counted = {i for q in found for i in range(q.position, q.end)}
        stems = tuple(t.stem if i in core and i not in counted and is_content(t) and t.lower not in CLAUSE_CUES
                      else None for i, t in enumerate(tokens))
        directions = tuple((i, d) for i, t in enumerate(tokens) if (d := _direction(t)) is not None)
        return cls(
            tokens=tuple(tokens),
            core=core,
            stems=stems,
            content=frozenset(s for s in stems if s is not None),
            quantities=tuple(found),
            names=tuple(_names(tokens, vocabulary)),
            negations=tuple(i for i, t in enumerate(tokens) if t.kind is Kind.WORD and t.lower in NEGATORS),
            directions=directions,
            clause_ends=tuple(t.kind is Kind.BOUNDARY or t.lower in CLAUSE_CUES for t in tokens),
            punctuation=tuple(t.kind is Kind.BOUNDARY for t in tokens),
        )

    def core_text(self) -> str:
        """The core's words and numbers, space-separated (what the character n-grams read)."""
        return " ".join(self.tokens[i].text for i in self.core if self.tokens[i].kind is not Kind.BOUNDARY)

    def asks(self, region: range) -> bool:
        """Whether the clause of `region` ends in a question mark: "Is the vaccine safe?" asks
        what "The vaccine is safe" states ("just asking questions" is a device of its own)."""
        return region.stop < len(self.tokens) and self.tokens[region.stop].text in QUESTION_MARKS

    def regions(self, shared: frozenset[str]) -> tuple[range, range]:
        """(fact region, negation region) of this claim against one sharing `shared` stems."""
        positions = [i for i, s in enumerate(self.stems) if s is not None and s in shared]
        if not positions:
            whole = range(len(self.tokens))
            return whole, whole
        first, last = positions[0], positions[-1]
        start = first
        while start > 0 and not self.clause_ends[start - 1]:
            start -= 1
        end = last
        while end + 1 < len(self.tokens) and not self.clause_ends[end + 1]:
            end += 1
        negation_start = first
        while negation_start > 0 and (not self.punctuation[negation_start - 1] or self._before_complementiser(negation_start - 1)):
            negation_start -= 1
        return range(start, end + 1), range(negation_start, last + 1)

    def _before_complementiser(self, position: int) -> bool:
        """A comma right before "that" ("Es gibt keine Beweise, dass ..."): the negation
        before it reaches into the clause after it, as it does without the comma in English."""
        return (self.tokens[position].text == "," and position + 1 < len(self.tokens)
                and self.tokens[position + 1].lower in COMPLEMENTISERS)

    def ends_negated(self, region: range) -> bool:
        """Whether the clause of `region` ends in a negator: German and Dutch put "nicht",
        "niet" at the end of the clause it negates ("Der Impfstoff verändert die DNA nicht")."""
        last = region.stop - 1
        return 0 <= last < len(self.tokens) and last in self.negations


@dataclass(frozen=True)
class Comparison:
    """What the fact checks found between two claims: contradictions keep them apart; doubts
    (a negation that may or may not bear on the shared claim) only lower their similarity."""

    contradictions: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()


#: Similarity is multiplied by this for each doubt.
DOUBT_FACTOR = 0.8


def compare(a: Facts, b: Facts) -> Comparison:
    """Check two claims' facts, e.g. ``Comparison(("number: 40 percent / 14 percent",))``."""
    shared = a.content & b.content
    region_a, negation_a = a.regions(shared)
    region_b, negation_b = b.regions(shared)
    reasons = []

    only_a = [q for q in a.quantities if q.position in region_a and not any(q.fits(o) for o in b.quantities)]
    only_b = [q for q in b.quantities if q.position in region_b and not any(q.fits(o) for o in a.quantities)]
    if only_a and only_b:
        reasons.append(f"number: {', '.join(map(str, only_a))} / {', '.join(map(str, only_b))}")

    names_a = [n for p, n in a.names if p in region_a and not any(_same_name(n, o) for _, o in b.names)]
    names_b = [n for p, n in b.names if p in region_b and not any(_same_name(n, o) for _, o in a.names)]
    if names_a and names_b:
        reasons.append(f"name: {', '.join(names_a)} / {', '.join(names_b)}")

    if a.asks(region_a) != b.asks(region_b):
        reasons.append("question: " + ("first" if a.asks(region_a) else "second") + " claim asks it")

    directions_a = {d for p, d in a.directions if p in region_a}
    directions_b = {d for p, d in b.directions if p in region_b}
    if len(directions_a) == 1 and len(directions_b) == 1 and directions_a != directions_b:
        reasons.append(f"direction: {directions_a.pop()} / {directions_b.pop()}")

    # A negation later in the clause ("the audit has not been published", "the talks have no
    # legitimacy") may or may not bear on the shared claim. Against a clear negation it is all
    # that saves the pair from a contradiction, and that is uncertain: a doubt. Where neither
    # side is clearly negated it is most likely about something else: nothing.
    negated_a = any(p in negation_a for p in a.negations) or a.ends_negated(region_a)
    negated_b = any(p in negation_b for p in b.negations) or b.ends_negated(region_b)
    maybe_a = negated_a or any(p in region_a for p in a.negations)
    maybe_b = negated_b or any(p in region_b for p in b.negations)
    doubts = []
    if (negated_a and not maybe_b) or (negated_b and not maybe_a):
        reasons.append("negation: " + ("first" if negated_a else "second") + " claim is negated")
    elif negated_a != negated_b:
        doubts.append("negation: only one claim may be negated")
    return Comparison(tuple(reasons), tuple(doubts))
