"""Claims, source attribution and unattributed assertions; the sentence splitter."""

from __future__ import annotations

from annotator.suggest import detect_attributions, detect_claims
from annotator.suggest.sentences import split_sentences


def by_label(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in detect_claims(text) + detect_attributions(text):
        assert text[s.start:s.end] == s.quote
        out.setdefault(s.label, []).append(s.quote)
    return out


def test_sentence_splitter() -> None:
    text = ("Mr. Smith went to Washington D.C. on Jan. 5. He said: \"No.\" "
            "Then John F. Kennedy left! What?\n  New line here  ")
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == [
        "Mr. Smith went to Washington D.C. on Jan. 5.",
        'He said: "No."',
        "Then John F. Kennedy left!",
        "What?",
        "New line here",
    ]


def test_claim_verb_sentence_with_attribution() -> None:
    text = "Russia denied the accusations. The weather was fine."
    got = by_label(text)
    assert got["claim"] == ["Russia denied the accusations."]
    assert got["source_attribution"] == ["Russia denied"]
    assert "unattributed_assertion" not in got


def test_numbers_make_claims_and_unsourced_ones_are_flagged() -> None:
    text = ("Unemployment fell to 3.5 percent in the third quarter. "
            "According to the Associated Press, 15 people died in the blast. "
            "“We have 300 fighters,” said Karen Freeman-Wilson, mayor of Gary.")
    got = by_label(text)
    assert got["claim"] == [
        "Unemployment fell to 3.5 percent in the third quarter.",
        "According to the Associated Press, 15 people died in the blast.",
        "“We have 300 fighters,” said Karen Freeman-Wilson, mayor of Gary.",
    ]
    assert got["source_attribution"] == ["According to the Associated Press",
                                         "said Karen Freeman-Wilson"]
    assert got["unattributed_assertion"] == [
        "Unemployment fell to 3.5 percent in the third quarter."]


def test_impersonal_claim_is_unattributed() -> None:
    text = "It is claimed that the vote was rigged last year."
    got = by_label(text)
    assert got["claim"] == [text]
    assert got["unattributed_assertion"] == [text]
    assert "source_attribution" not in got


def test_attribution_patterns() -> None:
    text = ("A spokesman for the ministry told reporters that 12 soldiers were killed. "
            "The figure of 40 dead was reported by The New York Times on Monday. "
            "However, Trump’s lawyer has claimed that the payment was legal.")
    assert by_label(text)["source_attribution"] == [
        "A spokesman for the ministry told",
        "reported by The New York Times",
        "Trump’s lawyer has claimed",
    ]


def test_not_claims() -> None:
    text = ("In 2017 the war went on and on. Is it 5 or 6? 2,500 $ "
            "\nThe 60-year-old man read Micah 3:5 at 10:30 a.m. on Sept. 28 and the 2nd day. "
            "According to plan the talks began on January 23.\n"
            "Robert Fastiggi • 9 hours ago\n"
            "This is what Pope Francis is saying in AL 303.\n"
            "They hide under a false grace (Isaiah 30) and give up.\n"
            "Ryan Grant, Book II, Chapter 29, is worth reading.\n"
            "[1] Dreher and others are asking very important questions.\n"
            "2 – When she served as president of the foundation, she met him.\n")
    assert by_label(text) == {}


def test_weekdays_and_possessives_are_not_sources() -> None:
    text = ("The Kremlin on Thursday denied 5 reports. The claim was made, said Sunday papers "
            "with 5 pages. Giuliani’s claims about 3 meetings were false.")
    got = by_label(text)
    assert len(got["claim"]) == 3
    assert "source_attribution" not in got  # not "Thursday denied", "said Sunday", ...


def test_offsets_after_emoji() -> None:
    text = "Wow 🔥🔥! Prices rose by 12% over the last two years in Berlin."
    claims = detect_claims(text)
    start = text.index("Prices")
    assert start == 8  # the two emoji are one code point each
    assert [(s.start, s.end, s.label) for s in claims] == [
        (start, len(text), "claim"), (start, len(text), "unattributed_assertion")]
    assert claims[0].detail == "quantity: 12%"
