"""The workspace as one screen: the toolbar and the label palette stay in view, the article
scrolls in the height left, the side panel scrolls on its own, and the page does not scroll.

Streamlit lays a page out as a column that grows with its content, so the page draws its parts
in containers with these keys and `frame()` adds layout.css, whose rules apply only while a
container keyed ROOT is on the page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

#: Container keys (Streamlit gives each container the class "st-key-<key>").
ROOT = "ws-root"
TOOLBAR = "ws-toolbar"
BODY = "ws-body"
ARTICLE = "ws-article"
PANEL = "ws-panel"
#: The hidden container that holds the style sheet.
STYLE = "ws-style"
#: The container of a quote in the side panel (see `quote`).
QUOTE = "ws-quote"

_CSS = Path(__file__).resolve().parent / "layout.css"


@cache
def _css() -> str:
    return _CSS.read_text(encoding="utf-8")


def frame() -> None:
    """The layout's style sheet, in a hidden container of the page, outside the workspace's
    fragment (a fragment run leaves it as it is).

    Not a style-only st.html: Streamlit puts that into its event container, where the
    elements are counted from zero again in each fragment run, so the first toast of a
    fragment run (e.g. "Relation deleted") took the style sheet's place and the layout
    fell apart until the next full run. The empty element makes it ordinary HTML, drawn in
    the page like any element."""
    with st.container(key=STYLE):
        st.html(f"<span hidden></span><style>{_css()}</style>")


def quote(text: str, *, key: str) -> None:
    """A quote in the side panel (`text` already shortened and made visible), in a container
    keyed `ws-quote-<key>` whose text layout.css sets in the direction of its own script, as
    the article's lines are: an Arabic or Hebrew quote from the panel's right edge. The
    direction comes from CSS, not from isolating characters added to the text, so a copied
    quote is the stored text; the container's class lets the rule name the quote without a
    `:has()` selector (measured: one on every element of the panel slowed the page load)."""
    with st.container(key=f"{QUOTE}-{key}"):
        st.text(text)
