// The article as drawn by the highlighter: the text in line blocks, its highlight segments,
// and the mapping between DOM positions and offsets (joined after text.js, before layers.js;
// see __init__.py).

const MAX_LANES = 4;

// The innermost (latest-starting, then shortest) of the spans that `wanted` accepts, or null.
function innermost(spans, wanted) {
  let top = null;
  for (const sp of spans) {
    if (!wanted(sp)) continue;
    if (!top || sp.s > top.s || (sp.s === top.s && sp.e < top.e)) top = sp;
  }
  return top;
}

class ArticleView {
  constructor(element, scroller) {
    this.element = element;
    this.scroller = scroller;
    this.source = "";
    this.offsets = new Offsets("");
    this.blocks = null;
    this.lineStarts = [0];
    this.marked = null;
    this.spanById = new Map();
    this.elementsById = new Map();
    // Text node -> its UTF-16 offset in the article; segment element -> the run it covers.
    this.nodeStart = new WeakMap();
    this.segInfo = new WeakMap();
    this.drawnSpans = 0;
    this.rebuiltLines = 0;
    this.buildMs = 0;
  }

  setText(source) {
    this.source = source;
    this.offsets = new Offsets(source);
    this.blocks = null;
  }

  // The spans drawn on a segment element (or none).
  spansAt(segment) {
    return (segment && this.segInfo.get(segment)?.spans) || [];
  }

  // One sweep over all span and part boundaries makes the segments: each segment is a run of
  // text covered by the same set of spans. The text is laid out one block per line, and a
  // redraw rebuilds only the lines whose segments changed (a save touches one or two lines of
  // a long article; rebuilding and laying out all of it would cost a tenth of a second).
  draw(rawSpans, rawDims) {
    const started = performance.now();
    const text = this.source;
    const off = this.offsets;
    const spans = [];
    for (const raw of rawSpans || []) {
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
    const dims = (rawDims || []).map(([start, end, kind]) => ({ s: off.to16(start), e: off.to16(end), kind }))
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

    this.unmark();
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
      this.element.replaceChildren(fragment);
    } else {
      for (let n = 0; n < blocks.length; n++) {
        if (blocks[n] !== oldBlocks[n]) oldBlocks[n].element.replaceWith(blocks[n].element);
      }
    }
    // Writing scrollTop lays the whole article out at once; the first drawing starts at the top
    // anyway, so only a redraw puts the reader back where they were.
    if (oldBlocks || keepScroll) this.scroller.scrollTop = keepScroll;
    this.blocks = blocks;
    this.lineStarts = lineStarts;
    if (keepSelection) this.restoreSelection(keepSelection);
    this.drawnSpans = spans.length;
    this.rebuiltLines = rebuilt;
    this.buildMs = performance.now() - started;
    const marked = this.marked;
    this.marked = null;
    if (marked !== null) this.mark(marked);
  }

  buildLine(runs, signature) {
    const element = el("div", "anno-hl-line");
    // Each paragraph reads in the direction of its first letter (Unicode's paragraph rule,
    // as the title's <bdi> does): an Arabic or Hebrew one right to left, an English one left
    // to right. Offsets and selections are unchanged: only the layout of the line follows.
    element.dir = "auto";
    const segs = [];
    for (const run of runs) {
      if (run.spans.length === 0 && !run.dim) {
        this.appendText(element, run.s, run.e);
        continue;
      }
      const seg = el("span", "anno-hl-seg");
      this.appendText(seg, run.s, run.e);
      if (run.dim) seg.classList.add("anno-hl-dim", `anno-hl-dim-${run.dim === "comments" ? "comments" : "furniture"}`);
      if (run.spans.length) {
        seg.dataset.ids = run.spans.map((sp) => sp.id).join(" ");
        this.paintSegment(seg, run.spans, run);
      }
      this.segInfo.set(seg, run);
      segs.push([seg, run]);
      element.append(seg);
    }
    return { element, segs, signature };
  }

  // The text [s, e) (UTF-16) as text nodes. Each control character (CONTROLS) gets a
  // wrapper of its own that isolates it, so that an override or embedding reorders nothing
  // around it, and draws its marker before it (CSS ::before, not text). The characters stay
  // in the text nodes: offsets, selections and copying are those of the stored text.
  appendText(parent, s, e) {
    let at = s;
    for (const found of this.source.slice(s, e).matchAll(CONTROLS)) {
      const u = s + found.index;
      if (u > at) parent.append(this.textNode(at, u));
      const wrapper = el("span", "anno-hl-ctl");
      wrapper.dataset.marker = controlMarker(found[0]);
      wrapper.append(this.textNode(u, u + 1));
      parent.append(wrapper);
      at = u + 1;
    }
    if (e > at) parent.append(this.textNode(at, e));
  }

  textNode(s, e) {
    const node = document.createTextNode(this.source.slice(s, e));
    this.nodeStart.set(node, s);
    return node;
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

  paintSegment(seg, covering, run) {
    // The innermost span (of the user's own and gold ones) tints the text; every span draws a
    // band in its lane under the text.
    const top = innermost(covering, (sp) => sp.kind !== "suggestion" && sp.kind !== "other");
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
    // The innermost suggestion also gets a dashed outline in its label's colour, its sides
    // drawn only where it begins and ends.
    const proposed = innermost(covering, (sp) => sp.kind === "suggestion");
    if (proposed) {
      seg.classList.add("anno-hl-suggestion");
      seg.style.setProperty("--anno-hl-sugg", proposed.colour);
      if (run && run.s === proposed.s) seg.classList.add("anno-hl-sugg-first");
      if (run && run.e === proposed.e) seg.classList.add("anno-hl-sugg-last");
    }
  }

  unmark() {
    for (const seg of this.elementsById.get(this.marked) || []) {
      seg.classList.remove("anno-hl-selected", "anno-hl-sel-first", "anno-hl-sel-last");
    }
    this.marked = null;
  }

  // One frame around the whole span: top and bottom edges on every segment, the sides only at
  // its two ends (segments are in text order).
  mark(id) {
    this.unmark();
    this.marked = id;
    const sp = id !== null ? this.spanById.get(id) : null;
    const segs = (id !== null && this.elementsById.get(id)) || [];
    segs.forEach((seg, i) => {
      seg.classList.add("anno-hl-selected");
      if (i === 0) seg.classList.add("anno-hl-sel-first");
      if (i === segs.length - 1) seg.classList.add("anno-hl-sel-last");
      seg.style.setProperty("--anno-hl-sel", sp ? sp.colour : "#333333");
    });
  }

  // The line boxes of a highlight, relative to the scroller's content box (what a layer
  // needs to draw beside it; they scroll with the text).
  rectsOf(id) {
    const origin = this.scroller.getBoundingClientRect();
    const dx = this.scroller.scrollLeft - origin.left;
    const dy = this.scroller.scrollTop - origin.top;
    const rects = [];
    for (const seg of this.elementsById.get(String(id)) || []) {
      for (const r of seg.getClientRects()) {
        rects.push({ left: r.left + dx, top: r.top + dy, width: r.width, height: r.height });
      }
    }
    return rects;
  }

  // Bring a highlight to the middle of the scroller. Only the scroller moves: scrollIntoView
  // would also scroll the page around it.
  scrollToSpan(id) {
    const first = this.elementsById.get(String(id))?.[0];
    if (!first) return;
    const box = first.getBoundingClientRect();
    const view = this.scroller.getBoundingClientRect();
    const middle = box.top - view.top + box.height / 2 - this.scroller.clientHeight / 2;
    this.scroller.scrollTop = Math.max(0, this.scroller.scrollTop + middle);
  }

  // The drawn highlights in text order (for walking through them with the keyboard).
  ordered() {
    return Array.from(this.spanById.values()).sort((a, b) => a.s - b.s || a.e - b.e || (a.id < b.id ? -1 : 1));
  }

  // The first highlight whose start is in view (or below it), for a walk that starts nowhere.
  firstInView() {
    const top = this.scroller.getBoundingClientRect().top;
    for (const sp of this.ordered()) {
      const first = this.elementsById.get(sp.id)?.[0];
      if (first && first.getBoundingClientRect().bottom >= top) return sp;
    }
    return null;
  }

  // --- reading the selection -------------------------------------------------------------

  // UTF-16 offset of a DOM boundary point, clamped to the text.
  pointOffset(node, offset) {
    const t = this.element;
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
    if (!this.element.contains(selection.anchorNode) || !this.element.contains(selection.focusNode)) return null;
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
    if (!this.element.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== this.element) {
      if (!range.intersectsNode(this.element)) return null;
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
}
