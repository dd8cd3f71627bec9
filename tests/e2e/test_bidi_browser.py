"""Browser test: a right-to-left override (U+202E) in a title, a label name and the article
reorders nothing. `photo_<U+202E>gnp.exe` would read `photo_exe.png`, and the override would
run on to the end of its line. Here the title and the label show the marker ⟨U+202E⟩ in an
isolating <bdi>; in the article the character stays (offsets are those of the stored text)
but is drawn inert in an isolating wrapper with the marker before it, so the letters after
it keep their order on screen; and a mouse selection across it saves the right code-point
offsets (a flag emoji before it makes code points and UTF-16 units differ)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from annotator.services.annotation.documents import add_document
from annotator.services.team.projects import create_project

from .conftest import RunningApp
from .driver import (
    click_label,
    drag_select,
    log_in,
    open_document,
    settle,
    wait_selection_reported,
    wait_stored,
)

pytestmark = pytest.mark.browser

RLO, RLI = "\u202e", "\u2067"
EVIL = f"photo_{RLO}gnp.exe"
SHOWN = "photo_⟨U+202E⟩gnp.exe"
TEXT = (f"Flags 🇰🇿 first. The file {EVIL} is attached.\n"
        "The next line stays in order.\n"
        f"An isolate {RLI}opens here and never closes, then more words.")

# Each character (code point) of the article's text nodes with its box on screen, in text
# order, so that the list lines up with Python's indexes into the stored text.
_CHARS = """() => {
  const root = document.querySelector('.anno-hl-text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const out = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    let i = 0;
    for (const char of n.data) {
      const range = document.createRange(); range.setStart(n, i); range.setEnd(n, i + char.length);
      const box = range.getBoundingClientRect();
      out.push([char, box.left, box.top, box.width]);
      i += char.length;
    }
  }
  return out;
}"""

_CONTROL_WRAPPERS = """() => Array.from(document.querySelectorAll('.anno-hl-text .anno-hl-ctl')).map((e) => ({
  text: e.textContent, bidi: getComputedStyle(e).unicodeBidi,
  marker: getComputedStyle(e, '::before').content,
}))"""

_ISOLATED_USER_TEXT = """() => Array.from(document.querySelectorAll('.anno-hl-title bdi, .anno-hl-subtitle bdi, .anno-hl-chip bdi'))
  .map((e) => [e.closest('.anno-hl-title, .anno-hl-subtitle, .anno-hl-chip').className, e.textContent,
               getComputedStyle(e).unicodeBidi])"""


def _codebook(tmp_path: Path) -> Path:
    path = tmp_path / "bidi.yaml"
    path.write_text(
        "key: bidi\nname: Bidi codebook\ncategories:\n  - {key: c, name: C, layer: span}\nlabels:\n"
        f"  - {{key: claim, name: \"Claim {EVIL}\", category: c, colour: '#aa0000', hotkey: c, description: x}}\n",
        encoding="utf-8")
    return path


def _in_reading_order(chars: list[list[Any]], text: str, phrase: str) -> list[str]:
    """The characters of `phrase` (in `text`) that stand left of the one before them on the
    same line: none, unless something reordered them."""
    start = text.index(phrase)
    wrong = []
    for i in range(start + 1, start + len(phrase)):
        (a, ax, ay, _), (b, bx, by, bw) = chars[i - 1], chars[i]
        if bw > 0 and abs(by - ay) < 2 and bx < ax:
            wrong.append(f"{a!r}{b!r} at {i}")
    return wrong


def test_an_override_reorders_nothing_and_a_selection_across_it_saves_code_points(
        page: Any, app: RunningApp, tmp_path: Path, screenshot: Any) -> None:
    project = create_project(app.db, app.actor, f"Bidi {EVIL} {uuid.uuid4().hex[:6]}", codebook=str(_codebook(tmp_path)))
    document_id, _ = add_document(app.db, app.actor, project.id, TEXT, title=f"Invoice {EVIL}",
                                  author=f"Author {EVIL}")
    log_in(page, app)
    open_document(page, app, document_id)
    settle(page)
    screenshot(page, "bidi-workspace")

    # Title, author and label name: the marker, in isolating <bdi> elements, no raw override.
    isolated = page.evaluate(_ISOLATED_USER_TEXT)
    assert ["anno-hl-title", f"Invoice {SHOWN}", "isolate"] in isolated
    assert ["anno-hl-subtitle", f"Author {SHOWN}", "isolate"] in isolated
    assert ["anno-hl-chip", f"Claim {SHOWN}", "isolate"] in isolated
    header_text = page.locator(".anno-hl-header, .anno-hl-chips").all_inner_texts()
    assert not any(RLO in t for t in header_text), header_text
    page.get_by_text(f"Bidi {SHOWN}", exact=False).first.wait_for(timeout=10_000)  # the page's caption

    # The article: the stored text, each control character isolated with its marker drawn.
    chars = page.evaluate(_CHARS)
    assert "".join(c[0] for c in chars) == TEXT
    assert page.evaluate(_CONTROL_WRAPPERS) == [
        {"text": RLO, "bidi": "isolate", "marker": '"⟨U+202E⟩"'},
        {"text": RLI, "bidi": "isolate", "marker": '"⟨U+2067⟩"'},
    ]
    # ... so the letters after each control keep their order on screen.
    for phrase in (f"{EVIL} is attached.", "The next line stays in order.", f"{RLI}opens here and never closes, then more words."):
        assert _in_reading_order(chars, TEXT, phrase) == [], phrase
    flag, override = TEXT.index("🇰🇿"), TEXT.index(RLO)
    assert chars[flag][1] < chars[TEXT.index("photo_")][1] < chars[TEXT.index("gnp")][1] < chars[TEXT.index(" is attached")][1]
    assert chars[override - 1][1] < chars[override + 1][1]

    # A mouse selection from `photo_` across the override to the end of `gnp.exe`.
    drag_select(page, EVIL)
    start = len("Flags 🇰🇿 first. The file ")  # code points: the flag is two, four UTF-16 units
    assert TEXT[start:start + len(EVIL)] == EVIL
    wait_selection_reported(page, start, start + len(EVIL))
    click_label(page, "claim")
    span = wait_stored(app, document_id, EVIL)
    assert (span.start, span.end, span.label) == (start, start + len(EVIL), "claim")
    page.wait_for_selector(f".anno-hl-seg[data-ids~='{span.id}'] .anno-hl-ctl", timeout=15_000)
    settle(page)
    chars = page.evaluate(_CHARS)
    assert "".join(c[0] for c in chars) == TEXT
    assert _in_reading_order(chars, TEXT, f"{EVIL} is attached.") == []
    screenshot(page, "bidi-workspace-span")


MIXED = ("قال المتحدث إن 75% من السكان تلقوا اللقاح (WHO, 2021).\n"
         "אמר הדובר כי 1,250 אנשים נפגעו ב-2023.\n"
         "The spokesman of Reuters said: \"this is false\".\n")

_LINES = """() => Array.from(document.querySelectorAll('.anno-hl-text .anno-hl-line')).map((line) => {
  const node = line.firstChild;
  const box = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
  return {direction: getComputedStyle(line).direction, first: box(0).left, last: box(node.data.trimEnd().length - 1).left};
})"""


_WORD_BOX = """(word) => {
  const node = document.querySelector('.anno-hl-text .anno-hl-line').firstChild;
  const r = document.createRange(); const at = node.data.indexOf(word); r.setStart(node, at); r.setEnd(node, at + word.length);
  const b = r.getBoundingClientRect(); return {left: b.left, right: b.right, y: b.top + b.height / 2};
}"""


def test_each_paragraph_reads_in_the_direction_of_its_own_script(page: Any, app: RunningApp, screenshot: Any) -> None:
    """An Arabic or Hebrew paragraph is laid out right to left (its first letter at the right,
    its full stop at the left), an English one left to right, as the title above them is: the
    paragraph's direction is that of its first letter (Unicode's rule), not the page's."""
    project = create_project(app.db, app.actor, f"Mixed scripts {uuid.uuid4().hex[:6]}")
    document_id, _ = add_document(app.db, app.actor, project.id, MIXED, title="Mixed scripts")
    log_in(page, app)
    open_document(page, app, document_id)
    settle(page)
    lines = page.evaluate(_LINES)
    screenshot(page, "bidi-mixed-scripts")
    assert [line["direction"] for line in lines] == ["rtl", "rtl", "ltr"], lines
    arabic, hebrew, english = lines
    assert arabic["first"] > arabic["last"] and hebrew["first"] > hebrew["last"], lines
    assert english["first"] < english["last"], lines
    # A drag over a word of the right-to-left paragraph, from its first letter (at the right)
    # to its last, still reports the stored text's code points.
    word = "المتحدث"
    box = page.evaluate(_WORD_BOX, word)
    page.mouse.move(box["right"] - 1, box["y"])
    page.mouse.down()
    page.mouse.move(box["left"] + (box["right"] - box["left"]) / 2, box["y"], steps=4)
    page.mouse.move(box["left"] + 1, box["y"], steps=4)
    page.mouse.up()
    start = MIXED.index(word)
    wait_selection_reported(page, start, start + len(word))

    # The side panel quotes the selection in the direction of its own script as well: the
    # first letter at the right, the quote against the panel's right edge, and the text the
    # stored one (the direction comes from CSS, not from isolating characters added to it).
    quote = page.evaluate(_PANEL_QUOTE, word)
    screenshot(page, "bidi-panel-quote")
    assert quote is not None, "the side panel does not quote the selection"
    assert quote["text"] == word, quote
    assert quote["first"] > quote["last"], quote
    assert quote["right"] - quote["first"] < 2 < quote["last"] - quote["left"], quote


_PANEL_QUOTE = """(word) => {
  const quote = Array.from(document.querySelectorAll('.st-key-ws-quote-selection [data-testid="stText"]'))
    .find((e) => e.textContent.includes(word));
  if (!quote) return null;
  const walker = document.createTreeWalker(quote, NodeFilter.SHOW_TEXT);
  const node = walker.nextNode();
  const box = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
  const outer = quote.getBoundingClientRect();
  return {text: quote.textContent, first: box(0).right, last: box(node.data.length - 1).left,
          left: outer.left, right: outer.right};
}"""
