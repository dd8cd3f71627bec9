"""Hedges and doubt markers."""

from __future__ import annotations

from annotator.suggest import detect_hedges


def hedges(text: str) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.quote) for s in detect_hedges(text)]


def at(text: str, needle: str, start: int = 0) -> tuple[int, int, str]:
    begin = text.index(needle, start)
    return begin, begin + len(needle), needle


def test_markers_with_exact_spans() -> None:
    text = ("It is claimed that the man allegedly fled; he is said to have left, what "
            "appears to be a ruse by the purported leader, who may have lied.")
    assert hedges(text) == [
        at(text, "It is claimed"),
        at(text, "allegedly"),
        at(text, "is said to"),
        at(text, "what appears to be"),
        at(text, "purported"),
        at(text, "may have"),
    ]
    assert all(s.label == "hedge" and s.rule == "hedges" for s in detect_hedges(text))


def test_not_hedges() -> None:
    assert hedges("He is supposed to go. The claimant was unalleged. Mayhaven.") == []


def test_offsets_after_emoji() -> None:
    text = "👍🏽 Reportedly, yes."
    assert hedges(text) == [at(text, "Reportedly")]
    assert hedges(text)[0][0] == 3


def test_hedge_extra() -> None:
    text = "Sources close to the matter suggest otherwise."
    extra = [{"term": "sources close to", "label": "hedge", "inflect": False}]
    assert [q for _, _, q in
            [(s.start, s.end, s.quote) for s in detect_hedges(text, hedge_extra=extra)]
            ] == ["Sources close to"]
