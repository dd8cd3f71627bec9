// The highlighter: draws an article with its spans and reports selections and actions.
//
// Streamlit components v2 module (vanilla JS, no build step). Lessons this code follows:
// - user text goes in with textContent only, never innerHTML;
// - highlights are DOM segments made in one sweep over all span boundaries; overlapping
//   spans are drawn as stacked bands (one lane per span, kept over the span's whole length);
// - the browser counts UTF-16 units, the server code points: offsets are converted here and
//   snapped to grapheme clusters (Intl.Segmenter), and the server checks them again;
// - Streamlit re-invokes this module whenever `data` changes but runs the returned cleanup
//   only on unmount, so each invocation tears down the previous invocation's listeners;
// - the component state persists across reruns, so actions are sent as a short list of events
//   with unique ids that the server handles once each.

const INSTANCES = new WeakMap();
const MAX_LANES = 4;
const OUTBOX_SIZE = 20;
const KEY_SELECTION_DELAY_MS = 350;
const TOOLTIP_DELAY_MS = 120;
const COLOUR = /^#[0-9a-fA-F]{6}$/;
const KINDS = new Set(["annotation", "suggestion", "gold", "other"]);

export default function highlighter(component) {
  const { data, parentElement, setStateValue } = component;
  let instance = INSTANCES.get(parentElement);
  if (!instance) {
    instance = new Highlighter(parentElement);
    INSTANCES.set(parentElement, instance);
  }
  instance.update(data || {}, setStateValue);
  return () => {
    instance.destroy();
    INSTANCES.delete(parentElement);
  };
}

// --- offsets -----------------------------------------------------------------------------

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

// --- the component -----------------------------------------------------------------------

class Highlighter {
  constructor(parent) {
    this.parent = parent;
    this.data = {};
    this.send = null;
    this.outbox = [];
    this.controller = null;
    this.textKey = null;
    this.spansKey = null;
    this.paletteKey = null;
    this.selected = null;
    this.pending = null;
    this.lastReported = null;
    this.mouseDown = false;
    this.keyTimer = null;
    this.tipTimer = null;
    this.lastClick = null;
    this.actionAt = null;
    this.blocks = null;
    // Text node -> its UTF-16 offset in the article; segment element -> what it covers.
    this.nodeStart = new WeakMap();
    this.segInfo = new WeakMap();
    this.build();
  }

  build() {
    this.root = el("div", "anno-hl");
    this.bar = el("div", "anno-hl-bar");
    this.chips = el("div", "anno-hl-chips");
    this.status = el("div", "anno-hl-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.bar.append(this.chips, this.status);
    this.scroller = el("div", "anno-hl-scroll");
    this.header = el("div", "anno-hl-header");
    this.title = el("div", "anno-hl-title");
    this.subtitle = el("div", "anno-hl-subtitle");
    this.header.append(this.title, this.subtitle);
    this.text = el("div", "anno-hl-text");
    // Editable only so that the keyboard can place a caret and extend a selection
    // (shift+arrows); every edit is refused in the beforeinput handler.
    this.text.contentEditable = "true";
    this.text.spellcheck = false;
    this.text.setAttribute("autocorrect", "off");
    this.text.setAttribute("autocapitalize", "off");
    this.text.setAttribute("role", "textbox");
    this.text.setAttribute("aria-readonly", "true");
    this.text.setAttribute("aria-multiline", "true");
    this.text.setAttribute("aria-label", "Article text");
    this.scroller.append(this.header, this.text);
    this.tip = el("div", "anno-hl-tip");
    this.tip.hidden = true;
    this.root.append(this.bar, this.scroller, this.tip);
    this.parent.append(this.root);
  }

  destroy() {
    if (this.controller) this.controller.abort();
    clearTimeout(this.keyTimer);
    clearTimeout(this.tipTimer);
    this.root.remove();
  }

  // Called on every invocation of the module: new data, a fresh setStateValue.
  update(data, setStateValue) {
    if (this.mouseDown) {
      // A redraw in the middle of a drag would replace the nodes being selected.
      this.deferred = [data, setStateValue];
      this.send = setStateValue;
      return;
    }
    this.deferred = null;
    this.updateAt = performance.now();
    this.send = setStateValue;
    this.data = data;
    this.listen();
    const textKey = `${data.doc_id}|${data.text_sha256}|${(data.text || "").length}`;
    const textChanged = textKey !== this.textKey;
    if (textChanged) {
      this.saveScroll();
      this.textKey = textKey;
      this.source = data.text || "";
      this.offsets = new Offsets(this.source);
      this.title.textContent = data.title || "";
      this.subtitle.textContent = data.subtitle || "";
      this.pending = null;
      this.lastReported = null;
      this.spansKey = null;
      this.blocks = null;
    }
    this.root.classList.toggle("anno-hl-readonly", !!data.readonly);
    if (data.height) this.scroller.style.maxHeight = String(data.height);
    const paletteKey = JSON.stringify(data.palette || []) + "|" + (data.readonly ? 1 : 0);
    if (paletteKey !== this.paletteKey) {
      this.paletteKey = paletteKey;
      this.drawPalette();
    }
    const spansKey = `${data.spans_rev}|${JSON.stringify(data.dim || [])}`;
    if (spansKey !== this.spansKey) {
      this.spansKey = spansKey;
      this.drawText();
      if (textChanged) this.restoreScroll();
    }
    this.select(data.selected ?? null, false);
    if (data.scroll_to !== undefined && data.scroll_to !== null && data.scroll_to !== this.scrolledTo) {
      this.scrolledTo = data.scroll_to;
      this.scrollToSpan(data.scroll_to);
    }
    this.setStatus(data.message || "");
    this.markPainted();
  }

  listen() {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const opts = { signal: this.controller.signal };
    const capture = { signal: this.controller.signal, capture: true };
    const t = this.text;
    t.addEventListener("beforeinput", (e) => e.preventDefault(), opts);
    for (const name of ["paste", "cut", "drop", "dragstart"]) t.addEventListener(name, (e) => e.preventDefault(), opts);
    // Anything that still changed the text (an IME composition cannot be cancelled) is undone.
    t.addEventListener("input", () => { this.spansKey = null; this.blocks = null; this.drawText(); }, opts);
    t.addEventListener("mousedown", (e) => this.onMouseDown(e), opts);
    document.addEventListener("mouseup", (e) => this.onMouseUp(e), opts);
    document.addEventListener("selectionchange", () => this.onSelectionChange(), opts);
    window.addEventListener("keydown", (e) => this.onKeyDown(e), capture);
    t.addEventListener("mouseover", (e) => this.onHover(e), opts);
    t.addEventListener("mouseleave", () => this.hideTip(), opts);
    this.scroller.addEventListener("scroll", () => { this.hideTip(); this.saveScrollSoon(); }, opts);
    this.chips.addEventListener("mousedown", (e) => e.preventDefault(), opts);
    this.chips.addEventListener("click", (e) => {
      const chip = e.target.closest(".anno-hl-chip");
      if (chip) this.createSpan(chip.dataset.label, "click");
    }, opts);
  }

  // --- drawing ---------------------------------------------------------------------------

  drawPalette() {
    this.chips.replaceChildren();
    this.hotkeys = new Map();
    this.labelNames = new Map();
    if (this.data.readonly) return;
    for (const entry of this.data.palette || []) {
      const chip = el("button", "anno-hl-chip");
      chip.type = "button";
      chip.dataset.label = entry.key;
      chip.title = entry.description ? `${entry.name}: ${entry.description}` : entry.name;
      const swatch = el("span", "anno-hl-swatch");
      if (COLOUR.test(entry.colour || "")) swatch.style.background = entry.colour;
      chip.append(swatch, el("span", "anno-hl-chip-name", entry.name));
      if (entry.hotkey) {
        chip.append(el("kbd", "anno-hl-key", entry.hotkey.toUpperCase()));
        this.hotkeys.set(entry.hotkey.toLowerCase(), entry.key);
      }
      this.labelNames.set(entry.key, entry.name);
      this.chips.append(chip);
    }
  }

  // One sweep over all span and part boundaries makes the segments: each segment is a run of
  // text covered by the same set of spans. The text is laid out one block per line, and a
  // redraw rebuilds only the lines whose segments changed (a save touches one or two lines of
  // a long article; rebuilding and laying out all of it would cost a tenth of a second).
  drawText() {
    const started = performance.now();
    const text = this.source;
    const off = this.offsets;
    const spans = [];
    for (const raw of this.data.spans || []) {
      // [id, start, end, colour, label, tooltip, kind]
      const [id, start, end, colour, label, tooltip, kind] = raw;
      const s = off.to16(start);
      const e = off.to16(end);
      if (!(e > s)) continue;
      spans.push({
        id: String(id), s, e, colour: COLOUR.test(colour || "") ? colour : "#888888",
        label: label || "", tooltip: tooltip || "", kind: KINDS.has(kind) ? kind : "annotation",
        lane: 0,
      });
    }
    this.assignLanes(spans);
    const dims = (this.data.dim || []).map(([start, end, kind]) => ({ s: off.to16(start), e: off.to16(end), kind }))
      .filter((d) => d.e > d.s);

    const points = new Set([0, text.length]);
    const lineStarts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      if (i + 1 < text.length) { points.add(i + 1); lineStarts.push(i + 1); }
    }
    for (const sp of spans) { points.add(sp.s); points.add(sp.e); }
    for (const d of dims) { points.add(d.s); points.add(d.e); }
    const bounds = Array.from(points).sort((a, b) => a - b);
    const startsAt = new Map();
    const endsAt = new Map();
    for (const sp of spans) {
      (startsAt.get(sp.s) || startsAt.set(sp.s, []).get(sp.s)).push(sp);
      (endsAt.get(sp.e) || endsAt.set(sp.e, []).get(sp.e)).push(sp);
    }
    const dimStarts = new Map(dims.map((d) => [d.s, d]));
    const dimEnds = new Set(dims.map((d) => d.e));

    // The sweep: runs of [s, e) with the spans and part covering them, grouped by line.
    const lines = lineStarts.map(() => []);
    const active = new Set();
    let dim = null;
    let line = 0;
    for (let i = 0; i < bounds.length - 1; i++) {
      const at = bounds[i];
      for (const sp of endsAt.get(at) || []) active.delete(sp);
      if (dimEnds.has(at)) dim = null;
      if (dimStarts.has(at)) dim = dimStarts.get(at);
      for (const sp of startsAt.get(at) || []) active.add(sp);
      const next = bounds[i + 1];
      if (next <= at) continue;
      while (line + 1 < lineStarts.length && lineStarts[line + 1] <= at) line++;
      lines[line].push({ s: at, e: next, spans: Array.from(active), dim: dim ? dim.kind : null });
    }

    if (this.selected !== null) this.unmarkSelected();
    const oldBlocks = this.blocks && this.blocks.length === lines.length ? this.blocks : null;
    const blocks = [];
    this.elementsById = new Map();
    this.spanById = new Map(spans.map((sp) => [sp.id, sp]));
    let rebuilt = 0;
    for (let n = 0; n < lines.length; n++) {
      const runs = lines[n];
      const signature = runs.map((r) => `${r.s}-${r.e}${r.dim || ""}:${r.spans.map((sp) => `${sp.id}/${sp.lane}/${sp.colour}/${sp.kind}`).join(",")}`).join("|");
      let block = oldBlocks && oldBlocks[n].signature === signature ? oldBlocks[n] : null;
      if (block) {
        // Same drawing: keep the elements, point them at this draw's span objects (tooltips).
        for (const [seg, run] of block.segs) run.spans = run.spans.map((sp) => this.spanById.get(sp.id) || sp);
      } else {
        block = this.buildLine(runs, signature);
        rebuilt++;
      }
      for (const [seg, run] of block.segs) {
        for (const sp of run.spans) {
          const list = this.elementsById.get(sp.id);
          if (list) list.push(seg); else this.elementsById.set(sp.id, [seg]);
        }
      }
      blocks.push(block);
    }
    const keepScroll = this.scroller.scrollTop;
    const keepSelection = oldBlocks ? this.selectionOffsets() : null;
    if (!oldBlocks) {
      const fragment = document.createDocumentFragment();
      for (const block of blocks) fragment.append(block.element);
      this.text.replaceChildren(fragment);
    } else {
      for (let n = 0; n < blocks.length; n++) {
        if (blocks[n] !== oldBlocks[n]) oldBlocks[n].element.replaceWith(blocks[n].element);
      }
    }
    this.scroller.scrollTop = keepScroll;
    this.blocks = blocks;
    this.lineStarts = lineStarts;
    if (keepSelection) this.restoreSelection(keepSelection);
    this.drawnSpans = spans.length;
    this.rebuiltLines = rebuilt;
    this.buildMs = performance.now() - started;
    this.selectedApplied = null;
  }

  buildLine(runs, signature) {
    const element = el("div", "anno-hl-line");
    const segs = [];
    for (const run of runs) {
      const node = document.createTextNode(this.source.slice(run.s, run.e));
      this.nodeStart.set(node, run.s);
      if (run.spans.length === 0 && !run.dim) {
        element.append(node);
        continue;
      }
      const seg = el("span", "anno-hl-seg");
      seg.append(node);
      if (run.dim) seg.classList.add("anno-hl-dim", `anno-hl-dim-${run.dim === "comments" ? "comments" : "furniture"}`);
      if (run.spans.length) {
        seg.dataset.ids = run.spans.map((sp) => sp.id).join(" ");
        this.paintSegment(seg, run.spans);
      }
      this.segInfo.set(seg, run);
      segs.push([seg, run]);
      element.append(seg);
    }
    return { element, segs, signature };
  }

  // Interval-graph colouring: each span keeps the lowest lane free at its start, so a span's
  // band stays at the same height along its whole length.
  assignLanes(spans) {
    const order = spans.slice().sort((a, b) => a.s - b.s || b.e - a.e);
    const laneEnds = [];
    for (const sp of order) {
      let lane = laneEnds.findIndex((end) => end <= sp.s);
      if (lane === -1) { lane = laneEnds.length; laneEnds.push(sp.e); } else laneEnds[lane] = sp.e;
      sp.lane = lane;
    }
  }

  paintSegment(seg, covering) {
    // The innermost (latest-starting, then shortest) span tints the text; every span draws a
    // band in its lane under the text.
    let top = null;
    for (const sp of covering) {
      if (sp.kind === "suggestion" || sp.kind === "other") continue;
      if (!top || sp.s > top.s || (sp.s === top.s && sp.e < top.e)) top = sp;
    }
    const layers = [];
    const sizes = [];
    const positions = [];
    const clips = [];
    let lanes = 0;
    for (const sp of covering) {
      const lane = Math.min(sp.lane, MAX_LANES - 1);
      lanes = Math.max(lanes, lane + 1);
      const y = `calc(100% - ${lane * 4}px)`;
      if (sp.kind === "suggestion") {
        layers.push(`repeating-linear-gradient(90deg, ${sp.colour} 0 5px, transparent 5px 9px)`);
      } else if (sp.kind === "other") {
        layers.push(`linear-gradient(${tint(sp.colour, "99")}, ${tint(sp.colour, "99")})`);
      } else {
        layers.push(`linear-gradient(${sp.colour}, ${sp.colour})`);
      }
      sizes.push(sp.kind === "gold" ? "100% 4px" : "100% 3px");
      positions.push(`0 ${y}`);
      clips.push("border-box");
    }
    if (top) {
      const alpha = top.kind === "gold" ? "55" : "33";
      layers.push(`linear-gradient(${tint(top.colour, alpha)}, ${tint(top.colour, alpha)})`);
      sizes.push("100% 100%");
      positions.push("0 0");
      clips.push("content-box");
    }
    seg.style.paddingBottom = `${lanes * 4}px`;
    seg.style.backgroundImage = layers.join(", ");
    seg.style.backgroundSize = sizes.join(", ");
    seg.style.backgroundPosition = positions.join(", ");
    seg.style.backgroundClip = clips.join(", ");
    seg.style.backgroundRepeat = "no-repeat";
    if (covering.some((sp) => sp.kind === "suggestion") && !top) seg.classList.add("anno-hl-suggestion");
  }

  select(id, notify) {
    const key = id === null || id === undefined ? null : String(id);
    if (key === this.selected && this.selectedApplied === key) {
      if (notify) this.emit({ type: key === null ? "deselect" : "select", span: key });
      return;
    }
    this.unmarkSelected();
    this.selected = key;
    this.selectedApplied = key;
    const sp = key !== null ? this.spanById?.get(key) : null;
    const segs = (key !== null && this.elementsById?.get(key)) || [];
    // One frame around the whole span: top and bottom edges on every segment, the sides only
    // at its two ends (segments are in text order).
    segs.forEach((seg, i) => {
      seg.classList.add("anno-hl-selected");
      if (i === 0) seg.classList.add("anno-hl-sel-first");
      if (i === segs.length - 1) seg.classList.add("anno-hl-sel-last");
      seg.style.setProperty("--anno-hl-sel", sp ? sp.colour : "#333333");
    });
    if (notify) this.emit({ type: key === null ? "deselect" : "select", span: key });
  }

  unmarkSelected() {
    for (const seg of this.elementsById?.get(this.selected) || []) {
      seg.classList.remove("anno-hl-selected", "anno-hl-sel-first", "anno-hl-sel-last");
    }
  }

  scrollToSpan(id) {
    const first = this.elementsById?.get(String(id))?.[0];
    if (first) first.scrollIntoView({ block: "center" });
  }

  setStatus(message) {
    this.status.textContent = message;
  }

  markPainted() {
    const rev = this.data.spans_rev;
    const count = this.drawnSpans || 0;
    const info = {
      rev, count, buildMs: this.buildMs, rebuiltLines: this.rebuiltLines, actionAt: this.actionAt,
      updateAt: this.updateAt,
    };
    requestAnimationFrame(() => requestAnimationFrame(() => {
      info.paintedAt = performance.now();
      this.root.dataset.paintedRev = String(rev);
      this.root.dataset.spanCount = String(count);
      window.__annotatorHighlighter = info;
      window.dispatchEvent(new CustomEvent("annotator-highlighter-painted", { detail: info }));
    }));
  }

  // --- reading the selection ---------------------------------------------------------------

  // UTF-16 offset of a DOM boundary point, clamped to the text.
  pointOffset(node, offset) {
    const t = this.text;
    if (node === t || t.contains(node)) {
      if (node.nodeType === Node.TEXT_NODE) {
        const start = this.nodeStart.get(node);
        return start === undefined ? null : start + offset;
      }
      const children = node.childNodes;
      if (offset < children.length) return this.firstOffset(children[offset]);
      return children.length ? this.lastOffset(children[children.length - 1]) : this.firstOffset(node);
    }
    const position = t.compareDocumentPosition(node);
    return position & Node.DOCUMENT_POSITION_PRECEDING ? 0 : this.source.length;
  }

  firstOffset(node) {
    if (node.nodeType === Node.TEXT_NODE) return this.nodeStart.get(node) ?? 0;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    const first = walker.nextNode();
    return first ? this.nodeStart.get(first) ?? 0 : 0;
  }

  lastOffset(node) {
    if (node.nodeType === Node.TEXT_NODE) return (this.nodeStart.get(node) ?? 0) + node.data.length;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) last = n;
    return last ? (this.nodeStart.get(last) ?? 0) + last.data.length : this.source.length;
  }

  // The browser's selection inside the text as UTF-16 offsets (to carry it over a redraw).
  selectionOffsets() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    if (!this.text.contains(selection.anchorNode) || !this.text.contains(selection.focusNode)) return null;
    const anchor = this.pointOffset(selection.anchorNode, selection.anchorOffset);
    const focus = this.pointOffset(selection.focusNode, selection.focusOffset);
    return anchor === null || focus === null ? null : [anchor, focus];
  }

  // The text node and offset in it at a UTF-16 offset of the article.
  pointAt(u16) {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= u16) lo = mid; else hi = mid - 1;
    }
    const walker = document.createTreeWalker(this.blocks[lo].element, NodeFilter.SHOW_TEXT);
    let last = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const start = this.nodeStart.get(node);
      if (u16 <= start + node.data.length) return [node, Math.max(0, u16 - start)];
      last = node;
    }
    return last ? [last, last.data.length] : null;
  }

  restoreSelection([anchor, focus]) {
    const a = this.pointAt(anchor);
    const f = this.pointAt(focus);
    if (a && f) window.getSelection()?.setBaseAndExtent(a[0], a[1], f[0], f[1]);
  }

  // The current selection inside the text as {start, end, quote} in code points, trimmed of
  // surrounding white space and widened to whole characters; null if there is none.
  readSelection() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    if (!this.text.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== this.text) {
      if (!range.intersectsNode(this.text)) return null;
    }
    let s = this.pointOffset(range.startContainer, range.startOffset);
    let e = this.pointOffset(range.endContainer, range.endOffset);
    if (s === null || e === null) return null;
    if (s > e) [s, e] = [e, s];
    const text = this.source;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e <= s) return null;
    [s, e] = snapToGraphemes(text, s, e);
    const start = this.offsets.toCp(s);
    const end = this.offsets.toCp(e);
    if (end <= start) return null;
    return { start, end, quote: text.slice(s, e) };
  }

  reportSelection(via) {
    const found = this.readSelection();
    if (!found) return;
    const last = this.lastReported;
    if (last && last.start === found.start && last.end === found.end) return;
    const selection = { ...found, uid: newUid(), via };
    this.lastReported = selection;
    this.pending = selection;
    if (this.selected !== null) this.select(null, false);
    this.emit({ type: "selection", selection });
  }

  // --- events ----------------------------------------------------------------------------

  emit(event) {
    if (!this.send) return;
    const full = { ...event, id: newUid(), doc: this.data.doc_id ?? null, t: Date.now() };
    this.outbox.push(full);
    if (this.outbox.length > OUTBOX_SIZE) this.outbox.splice(0, this.outbox.length - OUTBOX_SIZE);
    this.send("events", this.outbox.slice());
  }

  createSpan(label, via) {
    if (this.data.readonly) return;
    const current = this.readSelection();
    let selection = this.pending;
    if (current && !(selection && selection.start === current.start && selection.end === current.end)) {
      selection = { ...current, uid: newUid(), via: "keyboard" };
    }
    if (!selection) {
      this.setStatus("Select some text first, then pick a label.");
      return;
    }
    this.actionAt = performance.now();
    this.emit({ type: "create", label: label || null, selection, via });
    if (!label) {
      // Nothing is saved without a label (the server says so); the selection stays for one.
      this.pending = selection;
      this.lastReported = selection;
      return;
    }
    this.pending = null;
    this.lastReported = null;
    const name = label ? this.labelNames.get(label) || label : null;
    this.setStatus(name ? `Saving ${name}…` : "");
    window.getSelection()?.removeAllRanges();
  }

  onMouseDown(event) {
    if (event.button !== 0) return;
    this.mouseDown = true;
    this.hideTip();
    this.downAt = { x: event.clientX, y: event.clientY };
  }

  onMouseUp(event) {
    if (!this.mouseDown) return;
    this.mouseDown = false;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) {
      this.reportSelection("mouse");
    } else {
      const moved = this.downAt && Math.hypot(event.clientX - this.downAt.x, event.clientY - this.downAt.y) > 4;
      if (!moved) this.clickAt(event.target);
    }
    if (this.deferred) this.update(...this.deferred);
  }

  // A click on a highlight selects its innermost span; clicking the same place again walks
  // through the other spans stacked there.
  clickAt(target) {
    const seg = target && target.closest ? target.closest(".anno-hl-seg") : null;
    const covering = seg ? this.segInfo.get(seg)?.spans || [] : [];
    this.pending = null;
    this.lastReported = null;
    if (!covering.length) {
      if (this.selected !== null) this.select(null, true);
      return;
    }
    const ordered = covering.slice().sort((a, b) => (a.e - a.s) - (b.e - b.s) || b.s - a.s);
    const at = ordered.findIndex((sp) => sp.id === this.selected);
    const next = ordered[(at + 1) % ordered.length];
    this.select(next.id, true);
  }

  onSelectionChange() {
    if (this.mouseDown) return;
    clearTimeout(this.keyTimer);
    this.keyTimer = setTimeout(() => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || !this.text.contains(selection.anchorNode)) return;
      this.reportSelection("keyboard");
    }, KEY_SELECTION_DELAY_MS);
  }

  onKeyDown(event) {
    const target = event.target;
    const inOurText = target === this.text || this.text.contains(target);
    if (!inOurText && target && target.closest) {
      if (target.closest("input, textarea, select, [contenteditable='true'], [role='combobox'], [role='listbox']")) return;
    }
    if (event.isComposing) return;
    const key = event.key;
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    const handled = () => { event.preventDefault(); event.stopImmediatePropagation(); };
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && key.toLowerCase() === "z") {
      handled();
      this.emit({ type: "undo" });
      return;
    }
    if (!plain) return;
    if (key === "Escape") {
      window.getSelection()?.removeAllRanges();
      this.pending = null;
      this.lastReported = null;
      if (this.selected !== null) this.select(null, true);
      this.hideTip();
      return;
    }
    if ((key === "Delete" || key === "Backspace") && !this.data.readonly) {
      if (inOurText || this.selected !== null) handled();
      if (this.selected !== null && this.spanById?.get(this.selected)?.kind === "annotation") {
        this.emit({ type: "delete", span: this.selected });
      }
      return;
    }
    if (key === "]" || key === "[") {
      handled();
      this.emit({ type: "nav", direction: key === "]" ? "next" : "previous" });
      return;
    }
    if (key === "Enter" && !this.data.readonly) {
      if (this.readSelection() || (inOurText && this.pending)) {
        handled();
        this.createSpan(this.data.last_label || null, "enter");
      }
      return;
    }
    if (event.shiftKey || key.length !== 1 || !this.hotkeys) return;
    const label = this.hotkeys.get(key.toLowerCase());
    if (label && !this.data.readonly) {
      handled();
      this.createSpan(label, "hotkey");
    } else if (inOurText) {
      // Typing into the article is never an edit.
      event.preventDefault();
    }
  }

  // --- tooltip ---------------------------------------------------------------------------

  onHover(event) {
    const seg = event.target.closest ? event.target.closest(".anno-hl-seg") : null;
    clearTimeout(this.tipTimer);
    if (!seg || this.mouseDown) { this.hideTip(); return; }
    const covering = this.segInfo.get(seg)?.spans || [];
    if (!covering.length) { this.hideTip(); return; }
    const x = event.clientX;
    const y = event.clientY;
    this.tipTimer = setTimeout(() => this.showTip(covering, x, y), TOOLTIP_DELAY_MS);
  }

  showTip(covering, x, y) {
    this.tip.replaceChildren();
    const ordered = covering.slice().sort((a, b) => a.lane - b.lane);
    for (const sp of ordered) {
      const row = el("div", "anno-hl-tip-row");
      const swatch = el("span", "anno-hl-swatch");
      swatch.style.background = sp.colour;
      const body = el("div", "anno-hl-tip-body", sp.tooltip || sp.label);
      row.append(swatch, body);
      this.tip.append(row);
    }
    this.tip.hidden = false;
    const width = this.tip.offsetWidth;
    const left = Math.min(x + 12, window.innerWidth - width - 8);
    this.tip.style.left = `${Math.max(8, left)}px`;
    const height = this.tip.offsetHeight;
    const top = y + 18 + height > window.innerHeight ? y - height - 12 : y + 18;
    this.tip.style.top = `${Math.max(8, top)}px`;
  }

  hideTip() {
    clearTimeout(this.tipTimer);
    if (this.tip) this.tip.hidden = true;
  }

  // --- scroll position across reruns and reloads --------------------------------------------

  scrollStorageKey() {
    return this.textKey ? `anno-hl-scroll:${this.data.doc_id}` : null;
  }

  saveScroll() {
    const key = this.scrollStorageKey();
    if (!key) return;
    try { sessionStorage.setItem(key, String(this.scroller.scrollTop)); } catch (_) { /* private mode */ }
  }

  saveScrollSoon() {
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => this.saveScroll(), 200);
  }

  restoreScroll() {
    let top = 0;
    try { top = Number(sessionStorage.getItem(this.scrollStorageKey()) || 0); } catch (_) { top = 0; }
    this.scroller.scrollTop = top;
  }
}
