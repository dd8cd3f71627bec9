"""Code-point offsets on real text with emoji (PTC articles 696246189 and 755170235)."""

from __future__ import annotations

import pytest

from annotator.suggest import detect_all, detect_lexicon, detect_scare_quotes


@pytest.mark.parametrize("doc", ["696246189", "755170235"])
def test_hits_after_astral_characters_quote_the_text(ptc_articles, doc: str) -> None:
    text = ptc_articles[doc]
    first_astral = next(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF)
    later = [s for s in detect_all(text) if s.start > first_astral]
    assert later, "the test needs hits after the emoji"
    for s in later:
        assert text[s.start:s.end] == s.quote


def test_known_hits_after_emoji(ptc_articles) -> None:
    text = ptc_articles["696246189"]
    first_astral = next(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF)
    needle = "‘mystery woman’"
    expected = text.index(needle)
    assert expected > first_astral
    assert (expected, expected + len(needle)) in {
        (s.start, s.end) for s in detect_scare_quotes(text)}

    text = ptc_articles["755170235"]
    first_astral = next(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF)
    needle = "tyrannical"
    expected = text.index(needle, first_astral)
    assert (expected, expected + len(needle), "loaded_language") in {
        (s.start, s.end, s.label) for s in detect_lexicon(text)}
