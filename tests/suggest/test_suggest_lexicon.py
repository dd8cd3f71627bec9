"""The lexicon detector and the lexicon format: matching rules, validation, extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.suggest import (
    LexiconEntry,
    LexiconError,
    builtin_lexicon,
    detect_all,
    detect_lexicon,
    extend_lexicon,
    load_lexicon_file,
)
from annotator.suggest.lexicon import LEXICON_LABELS, parse_lexicon


def hits(text: str, **kwargs) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.quote, s.label) for s in detect_lexicon(text, **kwargs)]


def at(text: str, needle: str, label: str, start: int = 0) -> tuple[int, int, str, str]:
    begin = text.index(needle, start)
    return begin, begin + len(needle), needle, label


def test_builtin_lexicon_is_valid_and_sizeable() -> None:
    lexicon = builtin_lexicon()
    assert len(lexicon) >= 40
    assert {e.label for e in lexicon.entries} <= LEXICON_LABELS
    terms = {e.term for e in lexicon.entries}
    assert {"so-called", "regime", "militants", "terrorist", "puppet", "thug"} <= terms


def test_inflections_plural_and_possessive() -> None:
    text = "The regime's thugs and terrorists met a puppet; cronies and the regimes."
    assert hits(text) == [
        at(text, "regime's", "loaded_language"),
        at(text, "thugs", "name_calling"),
        at(text, "terrorists", "name_calling"),
        at(text, "puppet", "name_calling"),
        at(text, "cronies", "name_calling"),
        at(text, "regimes", "loaded_language"),
    ]


def test_typographic_apostrophe_possessive() -> None:
    text = "the regime’s army"
    assert hits(text) == [at(text, "regime’s", "loaded_language")]


def test_word_boundaries() -> None:
    assert hits("a regimental band, regimen, thuggery, unshamed, Ahrar al-Sham") == []
    text = "REGIME and Regime"
    assert hits(text) == [at(text, "REGIME", "loaded_language"),
                          at(text, "Regime", "loaded_language")]


def test_so_called_spellings() -> None:
    text = "the so-called rebels, the so called rebels, the so‑called rebels"
    got = [q for _, _, q, _ in hits(text)]
    assert got == ["so-called", "so called", "so‑called"]


def test_exclusions_before_and_after() -> None:
    assert hits("the sanctions regime and regime change") == []
    # a type of government (political science), and "change the regime" (regime change)
    assert hits("an authoritarian regime, the ruling regime, the theocratic regime’s organs, "
                "the former regime; to change the regime itself") == []
    text = "the Kiev regime, the regime's army, the Iranian regime"
    assert [q for _, _, q, _ in hits(text)] == ["regime", "regime's", "regime"]
    assert hits("a terrorist attack") == []
    text = "the puppet regime of a puppet show"
    assert hits(text) == [at(text, "puppet regime", "name_calling")]


def test_case_sensitive_entry() -> None:
    text = "Rino said RINO"
    assert hits(text) == [at(text, "RINO", "name_calling")]


def test_multi_word_entry_across_whitespace_and_hyphen() -> None:
    text = "a witch hunt, a witch-hunt and a witch\nhunt"
    assert [q for _, _, q, _ in hits(text)] == ["witch hunt", "witch-hunt", "witch\nhunt"]


def test_offsets_are_code_points_after_astral_characters() -> None:
    text = "😀🇺🇸 𝕏 the thugs"
    (start, end, quote, _), = hits(text)
    assert (start, end) == (text.index("thugs"), text.index("thugs") + 5)
    assert text[start:end] == quote == "thugs"
    assert start == 10  # 😀, 🇺, 🇸 and 𝕏 are one code point each ...
    assert len(text[:start].encode("utf-16-le")) // 2 == 14  # ... but two UTF-16 units


def test_extension_with_entries_replaces_and_adds() -> None:
    extra = [
        {"term": "regime", "label": "name_calling"},
        {"term": "globohomo", "label": "name_calling"},
        LexiconEntry("kinetic action", "euphemism", inflect=False),
    ]
    text = "The regime planned kinetic action against globohomos."
    assert hits(text, lexicon_extra=extra) == [
        at(text, "regime", "name_calling"),
        at(text, "kinetic action", "euphemism"),
        at(text, "globohomos", "name_calling"),
    ]
    # the built-in lexicon itself is unchanged
    assert hits(text) == [at(text, "regime", "loaded_language")]


def test_extension_from_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text(
        "version: 1\nentries:\n"
        "  - term: blob\n    label: loaded_language\n    note: project word\n",
        encoding="utf-8",
    )
    text = "the blobs and the regime"
    assert hits(text, lexicon_extra=path) == [
        at(text, "blobs", "loaded_language"),
        at(text, "regime", "loaded_language"),
    ]
    assert hits(text, lexicon_extra=str(path)) == hits(text, lexicon_extra=path)
    assert [s.quote for s in detect_all(text, rules=["lexicon"], lexicon_extra=path)] == [
        "blobs", "regime"]
    # an edited file is read again
    path.write_text("entries:\n  - {term: the blobs, label: name_calling}\n", encoding="utf-8")
    assert hits(text, lexicon_extra=path) == [
        at(text, "the blobs", "name_calling"),
        at(text, "regime", "loaded_language"),
    ]


def test_extend_lexicon_merges_by_term() -> None:
    base = builtin_lexicon()
    merged = extend_lexicon(base, [{"term": "Regime", "label": "name_calling"}])
    assert len(merged) == len(base)
    assert next(e for e in merged.entries if e.key == "regime").label == "name_calling"
    assert extend_lexicon(base, None) is base


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([{"term": "x1", "label": "claim"}], "'label' must be one of"),
        ([{"term": "", "label": "loaded_language"}], "'term' must be"),
        ([{"term": "foo", "label": "loaded_language", "colour": "red"}], "unknown key"),
        ([{"term": "foo", "label": "loaded_language", "inflect": "yes"}], "'inflect'"),
        ([{"term": "foo", "label": "loaded_language", "variants": [1]}], "'variants'"),
        ([{"term": "foo", "label": "loaded_language"},
          {"term": "FOO", "label": "name_calling"}], "duplicate term"),
        ({"version": 2, "entries": []}, "unsupported lexicon version"),
        ({"entries": "foo"}, "expected a list"),
        (["foo"], "must be a mapping"),
    ],
)
def test_validation_errors(data, message: str) -> None:
    with pytest.raises(LexiconError, match=message):
        parse_lexicon(data)


def test_invalid_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not valid YAML"):
        load_lexicon_file(path)
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon_file(tmp_path / "missing.yaml")
