"""Showing user text in Streamlit without it being read as markdown or HTML.

Streamlit's markdown (st.markdown, st.caption, st.success, widget labels, ...) would turn
`**bold**` bold, `:red[x]` red and `$x$` into maths. Text from users and imports goes
through `md_escape` before it reaches any of them; elsewhere it goes to st.text, st.code or
st.dataframe, which show it as is.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")


def md_escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation character (CommonMark renders `\\x` as `x`
    for all of them), so the text shows literally."""
    return _PUNCTUATION.sub(r"\\\1", text)


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters, for quotes in messages."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
