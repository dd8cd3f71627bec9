"""Showing user text on screen: literally, and with nothing hidden in it.

The rule: every piece of user or imported text (titles, names, labels, notes, quotes,
attribute values, file names in messages) passes through `visible` before it reaches a
title, header, caption, message, widget label, select option, table cell or chart label.
`visible` shows each invisible control character as a marker such as ⟨U+202E⟩, so that a
right-to-left override cannot make `photo_<U+202E>gnp.exe` read as `photo_exe.png`, and a
zero-width space cannot make two names look alike. The helpers below apply it for each
kind of place: `md_escape` for markdown (st.markdown, st.caption, messages, widget
labels), `frame` for st.dataframe, `visible` itself for st.text, st.code, `format_func`
and plotly labels, and `isolate` for user text that words of ours follow in one line (a
title before its status, a quote before a date: right-to-left text must not reorder them). Fields that edit stored text show it as stored (saving must not change
it). The article in the highlighter keeps its code points: the component draws the same
characters inert, isolated, with the same marker beside them (highlighter/text.js).

Streamlit's markdown would also turn `**bold**` bold, `:red[x]` red and `$x$` into maths,
which is why md_escape escapes as well.
"""

from __future__ import annotations

import re
import string
from typing import Any

import pandas as pd

from ..visible_text import CONTROL_CLASS, CONTROLS, isolate, marker, visible

__all__ = ["CONTROL_CLASS", "CONTROLS", "frame", "isolate", "marker", "md_escape", "one_line", "shorten", "visible"]

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")

def md_escape(text: str) -> str:
    """Markdown that shows `text` literally: control characters made visible, then every
    ASCII punctuation character backslash-escaped (CommonMark renders `\\x` as `x` for
    all of them)."""
    return _PUNCTUATION.sub(r"\\\1", visible(text))


def one_line(text: str, limit: int = 80) -> str:
    """The text on one line, cut to at most `limit` characters with "…" (markers not made
    yet: pass it to `visible` or `isolate`)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def shorten(text: str, limit: int = 80) -> str:
    """One line of at most `limit` characters (before markers), for quotes in messages."""
    return visible(one_line(text, limit))


def _cell(value: Any) -> Any:
    return visible(value) if isinstance(value, str) else value


def frame(data: Any = None, **options: Any) -> pd.DataFrame:
    """`pd.DataFrame(data, **options)` for st.dataframe: text in cells and column names
    goes through `visible` (the grid draws text on a canvas, where an override would
    reorder it); numbers, dates and flags keep their types."""
    table = pd.DataFrame(data, **options)
    for position in range(table.shape[1]):
        series = table.iloc[:, position]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            # pandas takes a Series here (its documentation says so); pandas-stubs 3.1 types the
            # value without it.
            table.isetitem(position, series.map(_cell))  # type: ignore[arg-type]
    return table.rename(columns=_cell)
