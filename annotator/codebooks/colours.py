"""Label colours: the palette new labels take, and whether a colour stays legible where the
highlighter draws it.

The highlighter (ui/highlighter/article.js) tints the text behind a span with the label's
colour at 20 % opacity (33 % for gold) on the page, and draws a 3-4 px band in the full colour
under the text. So two contrasts matter (WCAG 2.1 ratios):

- the text on the tinted background: at least 4.5:1 (criterion 1.4.3, normal text);
- the band against the page: at least 3:1 (criterion 1.4.11, graphical objects), else the
  band (the only mark of a span under an overlapping one) cannot be seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Tableau 10: distinct hues that stay apart for the common colour-vision deficiencies.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
#: Streamlit's light theme: its text colour and page colour (the highlighter uses both).
INK = "#31333f"
PAPER = "#ffffff"
#: Opacities of the tint behind a span's text (article.js: "33" and "55" of 255).
TINT = 0x33 / 255
GOLD_TINT = 0x55 / 255
TEXT_MINIMUM = 4.5
BAND_MINIMUM = 3.0
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channels(colour: str) -> tuple[float, float, float]:
    if not _HEX.match(colour):
        raise ValueError(f"colour {colour!r} is not of the form #rrggbb")
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1): linearised sRGB channels, weighted."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter: 1 (same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(colour: str, background: str, opacity: float) -> str:
    """`colour` at `opacity` over `background`, as the browser composites it (in sRGB)."""
    mixed = (round((o * opacity + u * (1 - opacity)) * 255)
             for o, u in zip(_channels(colour), _channels(background), strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


@dataclass(frozen=True)
class Legibility:
    #: The text on the span's tint (the stronger gold tint, the harder case).
    text_ratio: float
    #: The span's band against the page.
    band_ratio: float

    @property
    def text_ok(self) -> bool:
        return self.text_ratio >= TEXT_MINIMUM

    @property
    def band_ok(self) -> bool:
        return self.band_ratio >= BAND_MINIMUM

    def advice(self) -> str:
        """One sentence a lead can act on."""
        said = f"Text on this highlight {self.text_ratio:.1f}:1, its band on the page {self.band_ratio:.1f}:1"
        if not self.text_ok:
            return f"{said}: the text is hard to read on it; pick a lighter colour."
        if not self.band_ok:
            return (f"{said}: the band under the text is faint (below {BAND_MINIMUM:.0f}:1); "
                    "pick a darker or more saturated colour.")
        return f"{said}: legible."


def legibility(colour: str, *, ink: str = INK, paper: str = PAPER) -> Legibility:
    return Legibility(text_ratio=contrast_ratio(ink, blend(colour, paper, GOLD_TINT)),
                      band_ratio=contrast_ratio(colour, paper))
