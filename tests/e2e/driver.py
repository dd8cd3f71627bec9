"""Driving the workspace in a real browser like a user: log in, open a document, select text
with the mouse or keyboard, pick labels; and reading back what the database stored."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from annotator.services.annotation.spans import list_annotations
from annotator.services.views import AnnotationView

from ..support.appserver import log_in as support_log_in
from .conftest import PASSWORD, USER, RunningApp

Page = Any

# Where the characters of `quote` (its `occurrence`-th appearance in the drawn text) are on
# screen: the drawn text is the concatenation of the highlighter's text nodes.
_CHAR_BOXES = """([quote, occurrence]) => {
  const root = document.querySelector('.anno-hl-text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
  let at = -1;
  for (let i = 0; i <= occurrence; i++) { at = text.indexOf(quote, at + 1); if (at < 0) return null; }
  const locate = (u) => nodes.findLast(([n, s]) => s <= u && u < s + n.data.length);
  locate(at)[0].parentElement.scrollIntoView({block: 'center'});
  const box = (u, len) => {
    const [node, s] = locate(u);
    const range = document.createRange(); range.setStart(node, u - s); range.setEnd(node, u - s + len);
    return range.getClientRects()[0];
  };
  const chars = Array.from(quote);
  const first = box(at, chars[0].length);
  const last = box(at + quote.length - chars[chars.length - 1].length, chars[chars.length - 1].length);
  return {x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2};
}"""


def log_in(page: Page, app: RunningApp, username: str = USER, password: str = PASSWORD) -> None:
    support_log_in(page, app.url, username, password)


def wait_painted(page: Page, timeout: float = 30_000) -> dict[str, Any]:
    page.wait_for_function("() => window.__annotatorHighlighter && window.__annotatorHighlighter.paintedAt", timeout=timeout)
    return page.evaluate("() => window.__annotatorHighlighter")


def open_document(page: Page, app: RunningApp, document_id: int) -> None:
    page.goto(f"{app.url}/workspace?doc={document_id}")
    # A failure here is photographed by the `page` fixture, like any failed test.
    page.wait_for_selector(".anno-hl-text .anno-hl-line", timeout=30_000)
    wait_painted(page)


def settle(page: Page) -> None:
    """Wait until no script run is in progress (a rerun may still be redrawing the side
    panel after the highlight appeared, which can shift the page under the mouse)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=15_000
    )
    page.wait_for_timeout(100)


def char_boxes(page: Page, quote: str, occurrence: int = 0) -> dict[str, float]:
    settle(page)
    boxes = page.evaluate(_CHAR_BOXES, [quote, occurrence])
    assert boxes is not None, f"{quote!r} is not in the drawn text"
    page.wait_for_timeout(150)  # let the scroll settle, then measure again
    again = page.evaluate(_CHAR_BOXES, [quote, occurrence])
    assert again == boxes, f"{quote!r} moved on screen while being measured"
    return again


def drag_select(page: Page, quote: str, occurrence: int = 0) -> None:
    """Press the mouse on the first character of `quote`, drag to its last, release."""
    box = char_boxes(page, quote, occurrence)
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    steps = 8
    for i in range(1, steps + 1):
        page.mouse.move(box["x1"] + (box["x2"] - box["x1"]) * i / steps, box["y1"] + (box["y2"] - box["y1"]) * i / steps)
    page.mouse.up()


def double_click_word(page: Page, word: str, occurrence: int = 0) -> None:
    box = char_boxes(page, word, occurrence)
    page.mouse.dblclick((box["x1"] + box["x2"]) / 2, box["y1"])


def shift_click_after(page: Page, quote: str, occurrence: int = 0) -> None:
    box = char_boxes(page, quote, occurrence)
    page.keyboard.down("Shift")
    page.mouse.click(box["x2"], box["y2"])
    page.keyboard.up("Shift")


def wait_selection_reported(page: Page, start: int, end: int) -> None:
    """The side panel shows the selection: it reached Python with these code-point offsets."""
    page.get_by_text(f"Selection · characters {start}–{end}", exact=True).wait_for(timeout=30_000)


def click_label(page: Page, key: str) -> None:
    page.locator(f".anno-hl-chip[data-label='{key}']").click()


def poll(fn: Callable[[], Any], what: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stored(app: RunningApp, document_id: int, **kwargs: Any) -> list[AnnotationView]:
    return list_annotations(app.db, app.actor, document_id, **kwargs)


def wait_stored(app: RunningApp, document_id: int, quote: str) -> AnnotationView:
    return poll(lambda: next((s for s in stored(app, document_id) if s.quote == quote), None), f"a span {quote!r} in the database")


def wait_drawn(page: Page, span_id: int, present: bool = True) -> None:
    selector = f".anno-hl-seg[data-ids~='{span_id}']"
    if present:
        page.wait_for_selector(selector, timeout=15_000)
    else:
        page.wait_for_selector(selector, state="detached", timeout=15_000)


def drawn_ids(page: Page) -> set[str]:
    return set(page.evaluate(
        "() => Array.from(document.querySelectorAll('.anno-hl-seg[data-ids]')).flatMap(e => e.dataset.ids.split(' '))"
    ))


def go_to_page(page: Page, title: str, heading: str | None = None) -> None:
    """Follow the sidebar link `title` and wait for the page's heading (default: the title)."""
    page.get_by_role("link", name=title).click()
    page.get_by_role("heading", name=heading or title).first.wait_for(timeout=60_000)
    settle(page)


# The workspace's one-screen layout (annotator/ui/workspace/layout.css): where the toolbar, the
# label palette, the article's scroll box and the side panel are, the window's size, and every
# element of the main area that can scroll (its content is taller than its box and its
# overflow allows scrolling).
_SCREEN = """() => {
  const box = (s) => { const e = document.querySelector(s); if (!e) return null;
    const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
      width: r.width, height: r.height}; };
  const main = document.querySelector('[data-testid="stMain"]');
  const scrollers = [];
  for (const e of main.querySelectorAll('*')) {
    const style = getComputedStyle(e);
    if (!['auto', 'scroll'].includes(style.overflowY) || e.scrollHeight <= e.clientHeight + 1) continue;
    if (!e.getClientRects().length) continue;
    scrollers.push(e.classList.contains('anno-hl-scroll') ? 'article'
      : e.classList.contains('st-key-ws-panel') ? 'panel' : (e.className.toString() || e.tagName));
  }
  return {
    width: innerWidth, height: innerHeight, toolbar: box('.st-key-ws-toolbar'), palette: box('.anno-hl-bar'),
    article: box('.anno-hl-scroll'), panel: box('.st-key-ws-panel'),
    pageScroll: document.scrollingElement.scrollTop, pageOverflow: document.scrollingElement.scrollHeight - innerHeight,
    mainScroll: main.scrollTop, mainOverflow: main.scrollHeight - main.clientHeight, scrollers,
  };
}"""

#: How far above the window's bottom the article's box may end, in pixels: the main column's
#: bottom padding (0.75rem, 12 px; measured 928 of 940 at 1480x940) and some rounding.
ARTICLE_BOTTOM_SLACK = 20


def check_one_screen(page: Page, when: str) -> dict[str, Any]:
    """The workspace is one screen: the toolbar and the palette inside the window, the page
    and the main area not scrolling, only the article and the side panel scrolling, and
    the article (wider than the panel) filling the window's height below the palette."""
    screen: dict[str, Any] = page.evaluate(_SCREEN)
    for part in ("toolbar", "palette"):
        r = screen[part]
        assert r is not None, f"{when}: no {part}"
        assert r["top"] >= 0 and r["bottom"] <= screen["height"], f"{when}: the {part} left the window: {r}"
        assert r["left"] >= 0 and r["right"] <= screen["width"], f"{when}: the {part} left the window: {r}"
    assert screen["pageScroll"] == 0 and screen["pageOverflow"] <= 0, f"{when}: the page scrolls: {screen}"
    assert screen["mainScroll"] == 0 and screen["mainOverflow"] <= 1, f"{when}: the main area scrolls: {screen}"
    assert set(screen["scrollers"]) <= {"article", "panel"}, f"{when}: other scrolling boxes: {screen['scrollers']}"
    article, panel = screen["article"], screen["panel"]
    assert article is not None and panel is not None, f"{when}: no article or no side panel: {screen}"
    assert article["width"] > panel["width"], f"{when}: the article is not wider than the panel: {screen}"
    # The article's box ends at the window's bottom padding (0.75rem in layout.css), below
    # the palette; a collapsed layout leaves it a few lines high.
    assert article["top"] >= screen["palette"]["bottom"] - 1, f"{when}: the article is not below the palette: {screen}"
    assert article["bottom"] >= screen["height"] - ARTICLE_BOTTOM_SLACK, f"{when}: the article does not fill the window: {screen}"
    return screen
