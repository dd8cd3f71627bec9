"""An HTML page keeps the invisible characters its words and emoji are made of. trafilatura
drops every character Python calls unprintable, so a saved page turned the family emoji
👨‍👩‍👧 into three people (its zero-width joiners gone), wrote Persian می‌خواهم without its
zero-width non-joiner, lost a word's soft hyphens and made the Scottish flag a black flag (its
tag characters gone); README, Security notes: these are "left alone: emoji, flags and scripts
such as Persian need them"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.ingest.format_chars import KEPT, protect, restore
from annotator.ingest.html import read_html

FAMILY = "👨\u200d👩\u200d👧"
PERSIAN = "می\u200cخواهم"
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
SHY = "Donau\u00addampf\u00adschiff"
FILLER = "More words follow here so that the extractor sees a paragraph of body text worth keeping. "


def _page(body: str, title: str = "A page") -> str:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{body} {FILLER * 3}</p><p>{FILLER * 3}</p></article></body></html>")


def test_joiners_tags_and_soft_hyphens_survive_as_characters() -> None:
    body = f"A family {FAMILY}, a wish {PERSIAN}, a flag {SCOTLAND} and a {SHY}."
    for data in (_page(body), _page(body).encode("utf-8")):
        text = read_html(data, source="page.html").text
        for piece in (FAMILY, PERSIAN, SCOTLAND, SHY):
            assert piece in text, (piece, text[:200])


def test_joiners_written_as_character_references_survive() -> None:
    body = "A family 👨&zwj;👩&#x200D;👧, a wish می&zwnj;خواهم, a flag 🏴&#917607;&#xE0062;&#xe0073;&#917603;&#917620;&#917631; and a Donau&shy;dampf&#173;schiff."
    text = read_html(_page(body), source="page.html").text
    for piece in (FAMILY, PERSIAN, SCOTLAND, SHY):
        assert piece in text, (piece, text[:200])


def test_the_title_keeps_them_too() -> None:
    record = read_html(_page("Body.", title=f"Family {FAMILY} &zwj;"), source="page.html")
    assert record.title.startswith(f"Family {FAMILY}")


def test_what_the_page_does_not_hold_is_not_added() -> None:
    text = read_html(_page("Plain words, nothing hidden."), source="page.html").text
    assert not any(char in text for char in KEPT)


@given(st.text(alphabet=st.sampled_from(["a", " ", "&", ";", "#", "x", "<", "\ua000", "\ua001", *sorted(KEPT)[:6]]), max_size=40))
def test_protect_then_restore_is_the_identity_on_text_without_references(text: str) -> None:
    guarded, table = protect(text)
    assert not any(char in guarded for char in KEPT)
    if "&" not in text:
        assert restore(guarded, table) == text
