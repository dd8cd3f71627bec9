"""Tokens, quantities, the claim core and the fact checks that keep look-alike claims apart."""

from __future__ import annotations

import pytest

from annotator.claims import compare_claims
from annotator.claims.attribution import claim_core
from annotator.claims.quantities import quantities
from annotator.claims.tokens import Kind, tokenise


def _quantities(text: str) -> list[str]:
    return [str(q) for q in quantities(tokenise(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("Unemployment rose to 7.5% in May", ["7.5 percent"]),
    ("unemployment rose to 7.5 per cent", ["7.5 percent"]),
    ("a budget of 3.5 million and 2bn in loans", ["3.5e+06", "2e+09"]),
    ("twenty-five people and forty two cars", ["25", "42"]),
    ("three hundred thousand voters", ["300000"]),
    ("prices fell by a third, then by two thirds", ["0.333333", "0.666667"]),
    ("she won a third term", []),  # an ordinal, not a fraction
    ("tens of thousands marched", ["20000-100000"]),
    ("for six weeks", ["6 week"]),
    ("12,000 people, 1,200 people, 3,5 litres", ["12000", "1200", "3.5"]),
    ("one of the largest, no one knows", []),
    # a scale word or suffix in any case, a leading decimal point, both separators
    ("12K jobs, 12k jobs, $5M, 2BN", ["12000", "12000", "5e+06", "2e+09"]),
    ("a thousand people, a million people, an hundred men", ["1000", "1e+06", "100"]),
    ("a hundred thousand voters", ["100000"]),
    ("up 5 percentage points, 2 pp and 3 percentage point", ["5 percentage point", "2 percentage point", "3 percentage point"]),
    ("rose .5% in May", ["0.5 percent"]),
    ("$1,234.5 million, 1,234.56 euros", ["1.2345e+09", "1234.56"]),
])
def test_quantities(text: str, expected: list[str]) -> None:
    assert _quantities(text) == expected


def test_tokens_split_contractions_possessives_and_hyphens() -> None:
    words = [t.lower for t in tokenise("The mayor's aides didn't sign the state-funded deal.") if t.kind is Kind.WORD]
    assert words == ["the", "mayor", "aides", "did", "not", "sign", "the", "state", "funded", "deal"]
    assert tokenise("5G masts")[0].kind is Kind.WORD


@pytest.mark.parametrize(("text", "core"), [
    ("The bridge will close in June, the city council said on Monday.", "The bridge will close in June"),
    ("According to the transport union, the bridge will close in June.", "the bridge will close in June"),
    ("Local engineers say that the bridge will close in June.", "the bridge will close in June"),
    ("The bridge will close in June.", "The bridge will close in June"),
    ("The minister said.", "The minister said"),
])
def test_the_claim_core_leaves_the_attribution_out(text: str, core: str) -> None:
    tokens = tokenise(text)
    kept = [tokens[i].text for i in claim_core(tokens) if tokens[i].kind is not Kind.BOUNDARY]
    assert " ".join(kept) == core


@pytest.mark.parametrize(("first", "second", "reason"), [
    ("Unemployment rose to 7.5 percent in May.", "Unemployment rose to 9.5 percent in May.", "number"),
    ("The strike lasted six weeks.", "The strike lasted six days.", "number"),
    ("Senator Holm voted against the bill.", "Senator Varga voted against the bill.", "name"),
    ("Rents rose sharply in the capital last year.", "Rents fell sharply in the capital last year.", "direction"),
    ("The factory closed because of the new tariffs.", "The factory did not close because of the new tariffs.", "negation"),
    ("The new bridge is safe.", "There is no evidence that the new bridge is safe.", "negation"),
    ("The army used cluster bombs.", "The ministry denied that the army used cluster bombs.", "negation"),
    ("The protest drew a million people.", "The protest drew a thousand people.", "number"),
    ("The fund lost $5M last year.", "The fund lost $9M last year.", "number"),
    ("The company cut 12K jobs.", "The company cut 15K jobs.", "number"),
    ("Unemployment rose by 5 percentage points.", "Unemployment rose by 5 percent.", "number"),
    # "just asking questions": a question is not the statement it asks about
    ("Is the new vaccine safe for children?", "The new vaccine is safe for children.", "question"),
    ("The new vaccine is safe for children, the minister said.",
     "Is the new vaccine really safe for children? the minister asked.", "question"),
    ("هل اللقاح الجديد آمن للأطفال؟", "اللقاح الجديد آمن للأطفال.", "question"),
])
def test_lookalikes_contradict(first: str, second: str, reason: str) -> None:
    score, found = compare_claims(first, second)
    assert score > 0.5  # similar enough that only the fact check keeps them apart
    assert [r.split(":")[0] for r in found.contradictions] == [reason]


@pytest.mark.parametrize(("first", "second"), [
    # A claim and its denial in the languages of the outlets researchers follow. Only English
    # negators were known: these were grouped as one claim.
    ("Le vaccin modifie l'ADN humain.", "Le vaccin ne modifie pas l'ADN humain."),
    ("Le vaccin modifie l'ADN humain.", "Le vaccin n'a jamais modifié l'ADN humain."),
    ("Der Impfstoff verändert die menschliche DNA.", "Der Impfstoff verändert die menschliche DNA nicht."),
    ("Der Impfstoff verändert die menschliche DNA.", "Es gibt keine Beweise, dass der Impfstoff die menschliche DNA verändert."),
    ("Il vaccino altera il DNA umano.", "Il vaccino non altera il DNA umano."),
    ("A vacina altera o DNA humano.", "A vacina não altera o DNA humano."),
    ("La vacuna altera el ADN humano.", "La vacuna nunca altera el ADN humano."),
    ("Het vaccin verandert het menselijk DNA.", "Het vaccin verandert het menselijk DNA niet."),
    ("Вакцина изменяет ДНК человека.", "Вакцина не изменяет ДНК человека."),
    ("Вакцина змінює ДНК людини.", "Вакцина ніколи не змінює ДНК людини."),
    ("Szczepionka zmienia ludzkie DNA.", "Szczepionka nie zmienia ludzkiego DNA."),
    ("Le ministère a confirmé que l'armée a utilisé des bombes à sous-munitions.",
     "Le ministère dément que l'armée a utilisé des bombes à sous-munitions."),
])
def test_a_denial_in_another_language_contradicts(first: str, second: str) -> None:
    score, found = compare_claims(first, second)
    assert score > 0.5
    assert [r.split(":")[0] for r in found.contradictions] == ["negation"]


@pytest.mark.parametrize(("first", "second"), [
    # A rise and a fall in the languages of the outlets researchers follow. Only English words
    # of rising and falling were known: these were grouped as one claim.
    ("Le prix du pain a augmenté de 40 % en mai.", "Le prix du pain a baissé de 40 % en mai."),
    ("Die Mieten sind im letzten Jahr in Berlin stark gestiegen.", "Die Mieten sind im letzten Jahr in Berlin stark gesunken."),
    ("El precio del pan subió un 40 % en mayo.", "El precio del pan bajó un 40 % en mayo."),
    ("Il prezzo del pane è aumentato del 40% a maggio.", "Il prezzo del pane è diminuito del 40% a maggio."),
    ("O preço do pão aumentou 40% em maio.", "O preço do pão caiu 40% em maio."),
    ("De huurprijzen in Amsterdam zijn vorig jaar sterk gestegen.", "De huurprijzen in Amsterdam zijn vorig jaar sterk gedaald."),
    ("Hyrorna i Stockholm steg kraftigt förra året.", "Hyrorna i Stockholm sjönk kraftigt förra året."),
    ("Ceny chleba w Warszawie wzrosły o 40 procent w maju.", "Ceny chleba w Warszawie spadły o 40 procent w maju."),
    ("Цены на хлеб в Москве выросли на 40% в мае.", "Цены на хлеб в Москве упали на 40% в мае."),
    ("Ціни на хліб у Києві зросли на 40% у травні.", "Ціни на хліб у Києві знизилися на 40% у травні."),
])
def test_a_rise_and_a_fall_in_another_language_contradict(first: str, second: str) -> None:
    score, found = compare_claims(first, second)
    assert score > 0.5
    assert [r.split(":")[0] for r in found.contradictions] == ["direction"]


@pytest.mark.parametrize(("first", "second"), [
    ("Die Mieten sind im letzten Jahr stark gestiegen.", "Im letzten Jahr sind die Mieten stark angestiegen, so das Amt."),
    ("Цены на хлеб выросли на 40% в мае.", "В мае цены на хлеб выросли на 40%, сообщает ведомство."),
    ("El precio del pan subió un 40 % en mayo.", "En mayo, el precio del pan aumentó un 40 %."),
])
def test_the_same_rise_in_another_language_does_not_contradict(first: str, second: str) -> None:
    _, found = compare_claims(first, second)
    assert found.contradictions == ()


@pytest.mark.parametrize(("first", "second"), [
    ("Le vaccin ne modifie pas l'ADN humain.", "Selon le ministère, le vaccin ne modifie pas l'ADN humain."),
    ("Der Impfstoff verändert die DNA nicht.", "Der Impfstoff verändert die menschliche DNA nicht, sagt das Ministerium."),
    ("Вакцина не изменяет ДНК человека.", "Вакцина не изменяет ДНК человека, заявили в министерстве."),
    ("Le prix du pain a augmenté en mai.", "En mai, le prix du pain a augmenté."),
    # "ne ... que" is "only", and Italian "ne" is "of it": neither negates
    ("Le vaccin ne modifie que l'ARN messager.", "Selon le fabricant, le vaccin ne modifie que l'ARN messager."),
    ("Il ministro ne ha parlato ieri con i giornalisti.", "Il ministro ha parlato ieri con i giornalisti."),
])
def test_the_same_claim_in_another_language_does_not_contradict(first: str, second: str) -> None:
    _, found = compare_claims(first, second)
    assert found.contradictions == ()


@pytest.mark.parametrize(("first", "second"), [
    # the same fact written two ways
    ("Unemployment rose to 7.5 percent in May.", "In May, unemployment climbed to 7.5%, the statistics office said."),
    ("Hundreds of thousands of people fled the region.", "Some 300,000 people fled the region."),
    ("The company cut 12K jobs.", "The company cut 12,000 jobs."),
    ("Inflation rose .5% in May.", "Inflation rose 0.5% in May."),
    ("A million people marched.", "One million people marched."),
    # a date or an outlet around the claim is not a fact of the claim
    ("The bridge will close in June.", "The bridge will close in June, Reuters reported on 12 March."),
    ("Senator Holm voted against the bill.", "Holm voted against the bill, his office confirmed."),
    # a negation after the claim does not negate it
    ("Wolves attack sheep.", "Wolves attack sheep, not people, the farmers say."),
    # the same negation on other verbs
    ("The report was never published.", "The ministry has still not released the report."),
    # two questions, and a question elsewhere in the text, are no contradiction
    ("Is the new vaccine safe for children?", "Is the new vaccine really safe for children?"),
    ("Who pays for it? The new bridge will cost 40 million.", "The new bridge will cost 40 million."),
])
def test_paraphrases_do_not_contradict(first: str, second: str) -> None:
    _, found = compare_claims(first, second)
    assert found.contradictions == ()


def test_a_capitalised_word_is_a_name_only_where_the_collection_says_so() -> None:
    # "Police" starts the sentence; written in lower case elsewhere, it is a common word
    _, found = compare_claims("Police fired on the crowd in Lemberg.", "In Lemberg, police fired on the crowd.")
    assert found.contradictions == ()
    _, found = compare_claims("Troops fired on the crowd in Lemberg.", "Troops fired on the crowd in Tarvis.")
    assert found.contradictions == ("name: lemberg / tarvis",)
