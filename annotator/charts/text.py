"""User text in a plotly figure: plotly reads a few HTML tags in text (`<b>`, `<br>`,
`<a href>`), so every user string is HTML-escaped to show literally, its control characters
made visible (the screen's one rule, annotator.visible_text)."""

from __future__ import annotations

import html

from ..visible_text import visible


def plotly_text(text: str | None) -> str:
    return html.escape(visible(text or ""), quote=False)
