// Text positions and small DOM helpers for the highlighter (joined before article.js and
// highlighter.js into one module; see __init__.py).

const COLOUR = /^#[0-9a-fA-F]{6}$/;
const KINDS = new Set(["annotation", "suggestion", "gold", "other"]);

// Control characters the article draws inert, each beside its marker: the same class as
// CONTROL_CLASS in annotator/visible_text.py (tests/ui/test_highlighter_js.py checks that they
// agree), so the article shows what the titles and tables show.
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]/g;

// How a control character is shown: ⟨U+202E⟩ (annotator.ui.text.marker).
function controlMarker(char) {
  return `⟨U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`;
}

// UTF-16 <-> code point tables of one text (null when every character is in the BMP).
class Offsets {
  constructor(text) {
    this.length16 = text.length;
    let astral = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { astral++; i++; }
      }
    }
    this.lengthCp = text.length - astral;
    this.cpTo16 = null;
    this.u16ToCp = null;
    if (astral === 0) return;
    this.cpTo16 = new Int32Array(this.lengthCp + 1);
    this.u16ToCp = new Int32Array(text.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; i++) {
      this.cpTo16[cp] = i;
      this.u16ToCp[i] = cp;
      const c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { this.u16ToCp[i + 1] = cp; i++; }
      }
      cp++;
    }
    this.cpTo16[cp] = text.length;
    this.u16ToCp[text.length] = cp;
  }
  to16(cp) {
    const c = Math.max(0, Math.min(cp, this.lengthCp));
    return this.cpTo16 ? this.cpTo16[c] : c;
  }
  toCp(u16) {
    const u = Math.max(0, Math.min(u16, this.length16));
    return this.u16ToCp ? this.u16ToCp[u] : u;
  }
}

let SEGMENTER = null;
function graphemeStarts(text, from, to) {
  if (!SEGMENTER && typeof Intl !== "undefined" && Intl.Segmenter) {
    SEGMENTER = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  }
  if (!SEGMENTER) return null;
  const starts = [];
  for (const piece of SEGMENTER.segment(text.slice(from, to))) starts.push(from + piece.index);
  starts.push(to);
  return starts;
}

// Widen [s, e) (UTF-16) to whole user-perceived characters: a flag, an emoji with its
// modifiers or a letter with combining marks is never cut in two.
function snapToGraphemes(text, s, e) {
  const windowStart = (x) => Math.max(0, x - 64);
  const windowEnd = (x) => Math.min(text.length, x + 64);
  const before = graphemeStarts(text, windowStart(s), windowEnd(s));
  if (before) {
    let best = windowStart(s);
    for (const b of before) if (b <= s) best = b;
    s = s === 0 ? 0 : best;
  }
  const after = graphemeStarts(text, windowStart(e), windowEnd(e));
  if (after && e < text.length) {
    let best = windowEnd(e);
    for (let i = after.length - 1; i >= 0; i--) if (after[i] >= e) best = after[i];
    e = best;
  }
  return [s, e];
}

function newUid() {
  // crypto.randomUUID exists only in secure contexts (https, localhost); a LAN address over
  // plain http is not one, so build a version-4 UUID from getRandomValues.
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function tint(colour, alpha) {
  return colour + alpha;
}
