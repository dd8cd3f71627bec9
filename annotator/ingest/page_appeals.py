"""The funding appeals a page makes outside its article: the "Donate" link in the header, the
PayPal address and the wallet in the footer, the Patreon link in the side bar.

trafilatura keeps the article and rightly drops these from the text to annotate, and it keeps
no link targets at all; yet an outlet's self-declared donation channels are mostly there. So
the page's tree is read once more here: its visible text line by line, each link's target
written after the link's words, and the lines in which the funding detector finds an appeal are
kept in the document's metadata under `funding_on_page`. The funding proposals
(`services/registry/funding_proposals.py`) read those lines as they read the article, as
evidence without offsets.

Written here rather than with trafilatura's `html2txt`: that drops headers and footers (where
the appeals are), joins the page into one line (the detector's "Support us" blocks are lines)
and keeps no link targets.
"""

from __future__ import annotations

from copy import deepcopy
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from ..suggest import FundingAppeal

#: The document metadata key of the page's lines with a funding appeal.
META_KEY = "funding_on_page"

#: Elements whose words a reader does not see on the page.
_UNSEEN = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
#: Elements that start a line of their own.
_BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
)
#: A kept line longer than this is cut to a window around its appeal.
MAX_EXCERPT = 1000
_WINDOW = 150
#: At most this many lines are kept (a page listing every wallet of a hundred projects is not
#: one outlet's appeal).
MAX_EXCERPTS = 50


def page_lines(tree: Any, base: str | None) -> str:
    """The visible text of the page's body (a parsed lxml tree, not changed), a line per block,
    with each link's http(s) target after its words (relative targets resolved against `base`,
    dropped without one)."""
    body = tree.find(".//body") if tree.tag != "body" else tree
    page = deepcopy(body if body is not None else tree)
    for element in list(page.iter(*_UNSEEN)):
        element.drop_tree()
    for anchor in page.iter("a"):
        href = (anchor.get("href") or "").strip()
        target = urljoin(base, href) if base else href
        if urlsplit(target).scheme.lower() in ("http", "https") and target not in anchor.text_content():
            anchor.tail = f" {target} {anchor.tail or ''}"
    for element in page.iter(*_BLOCKS):
        element.text = f"\n{element.text or ''}"
        element.tail = f"\n{element.tail or ''}"
    lines = (" ".join(line.split()) for line in page.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def lines_of(text: str, appeal: FundingAppeal) -> tuple[int, int]:
    """Where the lines an appeal lies on start and end in `text`."""
    end = text.find("\n", appeal.end)
    return text.rfind("\n", 0, appeal.start) + 1, len(text) if end < 0 else end


def _excerpt(text: str, appeal: FundingAppeal) -> str:
    """The lines an appeal lies on, or a window around it when they are long."""
    start, end = lines_of(text, appeal)
    if end - start > MAX_EXCERPT:
        start, end = max(start, appeal.start - _WINDOW), min(end, appeal.end + _WINDOW)
    return text[start:end]


def appeals_on_page(tree: Any, *, base: str | None, article: str) -> list[str]:
    """The page's lines with a funding appeal, in page order, without those whose appeal the
    article's own text holds (the article's appeals are found there, with offsets)."""
    from ..suggest import detect_funding_appeals  # the detector's patterns: only for a page

    # The article's own lines are left out before the detector reads the page: they are read
    # as the article (with offsets), and on a long article they are most of the page's text.
    article_lines = {" ".join(line.split()) for line in article.splitlines()}
    text = "\n".join(line for line in page_lines(tree, base).split("\n") if line not in article_lines)
    kept: list[str] = []
    for appeal in detect_funding_appeals(text):
        if appeal.identifier in article or appeal.quote in article:
            continue
        excerpt = _excerpt(text, appeal)
        if excerpt not in kept:
            kept.append(excerpt)
        if len(kept) == MAX_EXCERPTS:
            break
    return kept
