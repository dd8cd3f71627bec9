"""The highlighter's text code (text.js) against the Python side, run under Node: UTF-16 <->
code points and grapheme snapping must agree with what the server checks (annotator.spans),
and the control characters drawn with a marker with those ui/text.py shows so."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys

import pytest

from annotator.spans import OffsetMap, snap_to_graphemes
from annotator.ui.highlighter.events import HERE
from annotator.ui.text import CONTROLS, marker

NODE = shutil.which("node") or shutil.which("nodejs")
PIECES = ["a", "word ", "é", "e\u0301", "🇰🇿", "🇺🇦", "👩\u200d🔬", "👍🏽", "😀", "☕", "\n", "\r\n", "“q”", " ", "ß", "中文"]

HARNESS = """
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = cases.map(([text, s16, e16]) => {
  const offsets = new Offsets(text);
  const [a, b] = snapToGraphemes(text, s16, e16);
  return [offsets.toCp(s16), offsets.toCp(e16), offsets.toCp(a), offsets.toCp(b), offsets.to16(offsets.toCp(s16))];
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed (apt-get install nodejs)")
def test_text_js_agrees_with_spans_py() -> None:
    rng = random.Random(20240601)
    cases, expected = [], []
    for _ in range(600):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 120)))
        start = rng.randint(0, len(text) - 1)
        end = rng.randint(start + 1, len(text))
        offsets = OffsetMap(text)
        cases.append([text, offsets.to_utf16(start), offsets.to_utf16(end)])
        expected.append([start, end, *snap_to_graphemes(text, start, end), offsets.to_utf16(start)])
    script = (HERE / "text.js").read_text(encoding="utf-8") + HARNESS
    result = subprocess.run(
        [NODE, "-e", script], input=json.dumps(cases), capture_output=True, text=True, timeout=60, check=True,
    )
    got = json.loads(result.stdout)
    mismatches = [(c[0], e, g) for c, e, g in zip(cases, expected, got, strict=True) if e != g]
    assert mismatches[:3] == []


CONTROLS_HARNESS = """
const shown = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  const char = String.fromCodePoint(cp);
  CONTROLS.lastIndex = 0;
  if (CONTROLS.test(char)) shown.push([cp, controlMarker(char)]);
}
process.stdout.write(JSON.stringify(shown));
"""


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed (apt-get install nodejs)")
def test_text_js_shows_the_same_control_characters_as_ui_text() -> None:
    """The article (text.js) marks the characters the titles and tables mark (ui/text.py)."""
    script = (HERE / "text.js").read_text(encoding="utf-8") + CONTROLS_HARNESS
    result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=120, check=True)
    expected = [[cp, marker(chr(cp))] for cp in range(sys.maxunicode + 1) if CONTROLS.fullmatch(chr(cp))]
    assert json.loads(result.stdout) == expected
