"""Control characters made visible: the one rule for showing user text anywhere.

A right-to-left override must not make `photo_<U+202E>gnp.exe` read as `photo_exe.png`, and a
zero-width space must not make two names look alike, whether the text reaches a page, a chart
or a terminal. The pages apply it through `annotator.ui.text`; charts and the command line
call it directly. No Streamlit here, so every layer may use it.
"""

from __future__ import annotations

import re

#: Characters shown as a marker instead of being obeyed or hidden:
#: - C0 and C1 controls and DEL, except tab, line feed and carriage return (layout);
#: - bidirectional controls: ARABIC LETTER MARK, LEFT-TO-RIGHT / RIGHT-TO-LEFT MARK,
#:   the embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069;
#: - invisible format characters that no script needs for shaping: MONGOLIAN VOWEL
#:   SEPARATOR, ZERO WIDTH SPACE, WORD JOINER and the invisible operators U+2060-U+2064,
#:   the deprecated format characters U+206A-U+206F, ZERO WIDTH NO-BREAK SPACE (BOM) and
#:   the interlinear annotation characters U+FFF9-U+FFFB.
#: Left alone: zero width (non-)joiners, soft hyphens, variation selectors and tag
#: characters, which emoji, flags and several scripts need to look right.
#: highlighter/text.js holds the same class (a test checks they agree).
CONTROL_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb"
)
CONTROLS = re.compile(f"[{CONTROL_CLASS}]")


def marker(char: str) -> str:
    """How one control character is shown: ⟨U+202E⟩."""
    return f"⟨U+{ord(char):04X}⟩"


def visible(text: str) -> str:
    """The text with each control character (CONTROLS) replaced by its marker; everything
    else, line breaks included, unchanged."""
    return CONTROLS.sub(lambda found: marker(found.group()), text)


#: FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: what `isolate` puts around user text.
FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """User text set inside a line of ours (a title before "· 2 open disagreements", a quote
    before a date), control characters shown (`visible`) and the whole isolated, so that it
    reads in its own direction and cannot reorder the words around it: without it, an Arabic
    title followed by "(#1)" shows as "(1#)" and the digits of a date after a Hebrew quote
    join the quote. The isolates are ours, added after `visible`: do not pass the result
    through `visible` again (it would show them as markers)."""
    return f"{FSI}{visible(text)}{PDI}"
